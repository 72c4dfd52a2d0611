/** @odoo-module **/
// A salesperson types the name of a customer that already exists (written differently) on a new customer:
// the duplicate banner appears before saving and opens the possible duplicates.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_base_duplicate_banner", {
    steps: () => patient([
        {
            content: "No banner on an empty customer",
            trigger: ".o_form_view:not(:has(.o_customer_duplicate_banner:visible))",
        },
        {
            content: "Type the name of an existing customer, written another way",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit DULCERIA TOUR UNICA",
        },
        {
            content: "Leave the name field",
            trigger: ".o_field_widget[name='email'] input",
            run: "click",
        },
        {
            content: "The banner names the existing customer, before saving",
            trigger: ".o_customer_duplicate_banner:contains('Dulcería Tour Única S.A.S.')",
        },
        {
            content: "Open the possible duplicates",
            trigger: ".o_customer_duplicate_banner button[name='action_customer_open_duplicates']",
            run: "click",
        },
        {
            content: "The list shows the existing customer",
            trigger: ".o_list_view .o_data_row:contains('Dulcería Tour Única S.A.S.')",
        },
    ]),
});
