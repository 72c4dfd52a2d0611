/** @odoo-module **/
// A Responsable selects two customers in the list, merges them with the wizard (the city of the
// merged one is kept), then undoes the merge from the Merge History.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_base_merge_wizard", {
    steps: () => patient([
        {
            content: "Search the two customers",
            trigger: ".o_searchview_input",
            run: "edit Chocolates Tour Merge && press Enter",
        },
        {
            content: "Only they are listed",
            // every row is one of them: the search has been applied (before it, the whole list is shown)
            trigger: ".o_list_view:has(.o_data_row:contains('Chocolates Tour Merge')):not(:has(.o_data_row:not(:contains('Chocolates Tour Merge'))))",
        },
        {
            content: "Select them all",
            trigger: "thead .o_list_record_selector input",
            run: "click",
        },
        {
            // without a selection the control panel shows the cog menu (no Merge Customers in it) under the
            // same class: wait until the list shows the selection, then open the selection's Actions menu
            content: "Both are selected",
            trigger: ".o_list_selection_box b:contains(/^2$/)",
        },
        {
            content: "Open the actions of the selection",
            trigger: ".o_cp_action_menus .dropdown-toggle:has(.fa-cog):has(.o_dropdown_title)",
            run: "click",
        },
        {
            content: "Merge Customers",
            trigger: ".o-dropdown--menu .dropdown-item:contains('Merge Customers')",
            run: "click",
        },
        {
            content: "The wizard offers the city of the merged customer",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('Caracas')",
        },
        {
            content: "Merge",
            trigger: ".modal button[name='action_merge']",
            run: "click",
        },
        {
            content: "The kept customer has the city",
            trigger: ".o_form_view .o_field_widget[name='city'] input:value(Caracas)",
        },
        {
            content: "Open the Data Quality menu",
            trigger: ".o_menu_sections [data-menu-xmlid='customer_base.menu_customer_data_quality']",
            run: "click",
        },
        {
            content: "Open the Merge History",
            trigger: ".dropdown-item[data-menu-xmlid='customer_base.menu_customer_merge_log']",
            run: "click",
        },
        {
            content: "Open the merge",
            trigger: ".o_list_view .o_data_row:contains('Chocolates Tour Merge') .o_data_cell",
            run: "click",
        },
        {
            content: "Undo it",
            trigger: ".o_form_view button[name='action_undo']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The merge is undone",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Undone')",
        },
    ]),
});
