/** @odoo-module **/
// The director asks a customer for consent from the customer form; later, after the customer answered on
// the public page, the director opens the customer again and sees the granted consent in the matrix.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_consent_director_requests", {
    steps: () => patient([
        {
            content: "Ask for consent",
            trigger: "button.o_customer_consent_request",
            run: "click",
        },
        {
            content: "The request was sent",
            trigger: ".o_notification.border-success, .o_notification_manager .o_notification",
        },
    ]),
});

registry.category("web_tour.tours").add("customer_consent_director_sees_answer", {
    steps: () => patient([
        {
            content: "Open the Consent tab",
            trigger: "a.nav-link[name='customer_consent']",
            run: "click",
        },
        {
            content: "The customer's answer is in the matrix: email marketing granted",
            trigger: ".o_customer_consent_matrix .o_consent_state_granted .badge",
        },
        {
            content: "And in the history, with its confirmation",
            trigger: ".o_field_widget[name='customer_consent_ids'] .o_data_row td[name='confirmed_date']:not(:empty)",
        },
    ]),
});
