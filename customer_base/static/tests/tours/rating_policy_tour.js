/** @odoo-module **/
// A salesperson opens a Recurrent customer: the rating is read-only. Changing the type to
// Occasional hides the rating at once (customer.field.condition shipped from seed 004).
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_base_rating_policy", {
    steps: () => patient([
        {
            content: "Open the Customer Profile tab",
            trigger: "a.nav-link[name='customer_profile']",
            run: "click",
        },
        {
            content: "The rating is shown read-only",
            trigger: ".o_field_widget[name='customer_rating'].o_readonly_modifier:contains('8')",
        },
        {
            content: "Change the customer type",
            trigger: ".o_field_widget[name='customer_type_id'] input",
            run: "edit Occasional",
        },
        {
            content: "Pick Occasional",
            trigger: ".o_field_widget[name='customer_type_id'] .o-autocomplete--dropdown-menu li:contains('Occasional')",
            run: "click",
        },
        {
            content: "The rating is gone from the form",
            trigger: ".o_form_view .o_notebook:not(:has(.o_field_widget[name='customer_rating']))",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ]),
});
