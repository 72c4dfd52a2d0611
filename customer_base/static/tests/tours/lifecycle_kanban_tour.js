/** @odoo-module **/
// A salesperson drags a customer from Prospect to Opportunity in the lifecycle kanban, then opens
// the customer and sees the move in the stage history.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_base_lifecycle_kanban", {
    steps: () => patient([
        {
            content: "The customer waits in the Prospect column",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Prospect')) .o_kanban_record:contains('Kanban Tour Chocolates')",
        },
        {
            content: "Drag it to Opportunity",
            trigger: ".o_kanban_record:contains('Kanban Tour Chocolates')",
            run: "drag_and_drop (.o_kanban_group:has(.o_column_title:contains('Opportunity')))",
        },
        {
            content: "It is now in the Opportunity column",
            trigger: ".o_kanban_group:has(.o_column_title:contains('Opportunity')) .o_kanban_record:contains('Kanban Tour Chocolates')",
            run: "click",
        },
        {
            content: "The form's stage bar shows Opportunity",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('Opportunity')",
        },
        {
            content: "Open the Customer Profile tab",
            trigger: "a.nav-link[name='customer_profile']",
            run: "click",
        },
        {
            content: "The history shows the move from Prospect",
            trigger: ".o_field_widget[name='lifecycle_history_ids'] .o_data_row:has(td[name='stage_id']:contains('Opportunity')):has(td[name='previous_stage_id']:contains('Prospect'))",
        },
    ]),
});
