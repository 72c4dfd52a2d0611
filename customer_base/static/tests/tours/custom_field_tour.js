/** @odoo-module **/
// An admin adds the choice field "Chocolate preferido" in Configuration > Customer Fields; a salesperson
// then fills it on a customer and filters the customer list by it.
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";
import { patient } from "@customer_base/../tests/tours/utils/patience";

function addOption(label, value) {
    return [
        {
            content: `Add the option ${label}`,
            trigger: ".o_field_widget[name='option_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: `Type the option label ${label}`,
            trigger: ".o_field_widget[name='option_ids'] .o_selected_row [name='label'] input",
            run: `edit ${label} && press Tab`,
        },
        {
            // the server's onchange derives the value; adding the next line before it answered could
            // lose the row on a busy machine, so the tour waits for that answer
            content: `The server derived the value ${value} of ${label}`,
            trigger: `.o_field_widget[name='option_ids'] .o_selected_row [name='value'] input:value('${value}')`,
        },
    ];
}

registry.category("web_tour.tours").add("customer_base_admin_adds_custom_field", {
    url: "/odoo/customer-fields",
    steps: () => patient([
        {
            content: "Create a customer field",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Type its label",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Chocolate preferido",
        },
        {
            content: "Make it a choice list",
            trigger: ".o_field_widget[name='field_type'] select",
            run: "selectByLabel Choice List",
        },
        {
            content: "The technical name follows the label, without accents",
            trigger: ".o_field_widget[name='technical_name'] input:value('x_chocolate_preferido')",
        },
        ...addOption("Negro", "negro"),
        ...addOption("Blanco", "blanco"),
        ...addOption("Con leche", "con_leche"),
        {
            content: "The option value is derived from its label",
            trigger: ".o_field_widget[name='option_ids'] .o_data_row td[name='value']:contains('blanco')",
        },
        {
            content: "Show it as a list column",
            trigger: ".o_field_widget[name='show_in_list'] input",
            run: "click",
        },
        {
            content: "Make it searchable",
            trigger: ".o_field_widget[name='show_in_search'] input",
            run: "click",
        },
        ...stepUtils.saveForm(),
        {
            content: "The saved field offers its deletion",
            trigger: ".o_form_view button[name='action_delete']",
        },
    ]),
});

registry.category("web_tour.tours").add("customer_base_salesperson_fills_custom_field", {
    url: "/odoo/customer-base",
    steps: () => patient([
        {
            content: "Switch to the list view",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open the customer",
            trigger: ".o_data_row td[name='complete_name']:contains('Dulcería La Ceiba')",
            run: "click",
        },
        {
            content: "Open the Customer Profile tab",
            trigger: ".o_notebook .nav-link[name='customer_profile']",
            run: "click",
        },
        {
            content: "Choose the favourite chocolate",
            trigger: ".o_field_widget[name='x_chocolate_preferido'] select",
            run: "selectByLabel Con leche",
        },
        ...stepUtils.saveForm(),
        {
            content: "Back to the customer list",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The list shows the new column",
            trigger: ".o_data_row td[name='x_chocolate_preferido']:contains('Con leche')",
        },
        {
            content: "Search the favourite chocolate",
            trigger: ".o_searchview_input",
            run: "edit Con leche",
        },
        {
            content: "Filter on the field Chocolate preferido",
            trigger: ".o_searchview_autocomplete .o_menu_item:contains('Chocolate preferido'):contains('Con leche')",
            run: "click",
        },
        {
            content: "The filter is applied",
            trigger: ".o_searchview_facet:contains('Con leche')",
        },
        {
            content: "Only the customer who prefers milk chocolate is listed",
            trigger:
                ".o_list_view:not(:has(.o_data_row:nth-child(2))) .o_data_row td[name='complete_name']:contains('Dulcería La Ceiba')",
        },
    ]),
});
