/** @odoo-module **/
// The director builds a dynamic segment in the UI (the domain field's code editor) and sees its count.
import { registry } from "@web/core/registry";
import { patient } from "@customer_base/../tests/tours/utils/patience";

registry.category("web_tour.tours").add("customer_segmentation_build_segment", {
    steps: () => patient([
        {
            content: "Create a segment",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Recurrentes con calificación > 7 en Villa de Leyva",
        },
        {
            content: "Write its conditions",
            trigger: ".o_field_widget[name=domain] .o_domain_selector_debug_container textarea",
            run: `edit [("customer_type_id.code", "=", "recurrent"), ("customer_rating", ">", 7), ("city", "=", "Villa de Leyva")]`,
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The segment is saved",
            trigger: ".o_form_view .o_form_saved",
        },
        {
            content: "Its count: the three recurrent customers rated over 7 in Villa de Leyva",
            trigger: ".oe_stat_button[name=action_view_members] .o_stat_value:contains(3)",
        },
        {
            content: "Open its customers",
            trigger: ".oe_stat_button[name=action_view_members]",
            run: "click",
        },
        {
            content: "The list shows them",
            trigger: ".o_list_view .o_data_row:contains('Leyva 3')",
        },
    ]),
});
