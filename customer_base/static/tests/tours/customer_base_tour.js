/** @odoo-module **/
// A salesperson opens the Customers app from the apps menu and sees the demo customers.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_base_salesperson_opens_customers", {
    url: "/odoo",
    steps: () => patient([
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Customers app",
            trigger: ".o_app[data-menu-xmlid='customer_base.menu_customer_root']",
            run: "click",
        },
        {
            content: "The customer list shows a demo customer",
            trigger: ".o_kanban_record:contains('Chocolatería El Cacao de Oro')",
        },
        {
            content: "Switch to the list view",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Open a customer from the list",
            trigger: ".o_data_row td[name='complete_name']:contains('Chocolatería El Cacao de Oro')",
            run: "click",
        },
        {
            content: "The customer form is open",
            trigger: ".o_form_view .o_field_widget[name='name'] input:value('Chocolatería El Cacao de Oro')",
        },
    ]),
});
