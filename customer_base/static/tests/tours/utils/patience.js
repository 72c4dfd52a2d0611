/** @odoo-module **/
// Tours wait on the state they need (an element, a value the server answered), never on time. On a
// machine whose cores are busy, the server's answer may take longer than the tour service's default 10 s
// per step: every step of our tours waits up to STEP_TIMEOUT (the schema's maximum) for its trigger.
// A step that finds its trigger at once goes on at once; only a missing state ever uses the whole wait.
export const STEP_TIMEOUT = 60000;

export function patient(steps) {
    return steps.map((step) => ({ timeout: STEP_TIMEOUT, ...step }));
}
