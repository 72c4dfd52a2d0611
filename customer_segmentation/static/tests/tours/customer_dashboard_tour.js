/** @odoo-module **/
// The director groups the customers list by segment and opens a group; then opens a data-quality
// indicator of the Tablero de clientes and finds the customers behind it.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_segmentation_group_by_segment", {
    steps: () => patient([
        {
            content: "The customers list is loaded",
            trigger: ".o_list_view .o_data_row",
        },
        {
            content: "Open the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Group by segment",
            trigger: ".o_group_by_menu .o_menu_item:contains(Segment)",
            run: "click",
        },
        {
            content: "The segment of the tour is a group of its three customers",
            trigger: ".o_group_header:contains(Tour Villa de Leyva):contains((3))",
            run: "click",
        },
        {
            content: "Opening the group lists them",
            trigger: ".o_list_view .o_data_row:contains(Chocolates Leyva 3)",
        },
    ]),
});

registry.category("web_tour.tours").add("customer_segmentation_quality_kpi", {
    steps: () => patient([
        {
            content: "Open the invalid phones indicator",
            trigger: ".o_kanban_record:contains(Invalid Phones)",
            run: "click",
        },
        {
            content: "The customers list shows the customer with an invalid phone",
            trigger: ".o_list_view .o_data_row:contains(Tour teléfono malo)",
        },
    ]),
});
