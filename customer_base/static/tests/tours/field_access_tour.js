/** @odoo-module **/
// The Customer Database Administrator (without Settings) hides the birthday from salespeople in
// Configuration > Field Access.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_base_admin_hides_a_field", {
    url: "/odoo/customer-field-access",
    steps: () => patient([
        {
            content: "Add a field access rule",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Look for the Birthday field",
            trigger: ".o_selected_row [name='field_id'] input",
            run: "edit Birthday",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item a:contains('Birthday')",
            run: "click",
        },
        {
            content: "Look for the Salesperson role",
            trigger: ".o_selected_row [name='group_id'] input",
            run: "edit Salesperson",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item a:contains('Salesperson')",
            run: "click",
        },
        {
            content: "Hide the field from that role",
            trigger: ".o_selected_row [name='access'] select",
            run: "selectByLabel Hidden",
        },
        {
            content: "Save the rule",
            trigger: ".o_list_button_save",
            run: "click",
        },
        {
            content: "The rule is saved",
            trigger: ".o_data_row:not(.o_selected_row) td[name='field_name']:contains('customer_birthday')",
        },
    ]),
});
