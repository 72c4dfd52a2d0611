/** @odoo-module **/
// A salesperson opens a customer, logs a call from the Interactions tab and sees it in the
// customer's history and in the smart button's count.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_base_log_interaction", {
    steps: () => patient([
        {
            content: "Open the Interactions tab",
            trigger: "a.nav-link[name='customer_interactions']",
            run: "click",
        },
        {
            content: "Log an interaction",
            trigger: "button[name='action_log_customer_interaction']",
            run: "click",
        },
        {
            content: "Choose the type",
            trigger: ".modal .o_field_widget[name='type_id'] input",
            run: "edit Call",
        },
        {
            content: "Pick Call",
            trigger: ".modal .o_field_widget[name='type_id'] .o-autocomplete--dropdown-menu li:contains('Call')",
            run: "click",
        },
        {
            content: "Write the summary",
            trigger: ".modal .o_field_widget[name='summary'] input",
            run: "edit Asked for the Easter eggs",
        },
        {
            content: "Write the outcome",
            trigger: ".modal .o_field_widget[name='result'] textarea",
            run: "edit Sends the order tomorrow",
        },
        {
            content: "Save the interaction",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The interaction is in the customer's history",
            trigger: ".o_field_widget[name='customer_interaction_ids'] .o_data_row:contains('Asked for the Easter eggs')",
        },
        {
            content: "The smart button counts it",
            trigger: "button[name='action_view_customer_interactions'] .o_stat_value:contains('1')",
        },
    ]),
});
