/** @odoo-module **/
// A director builds a dynamic segment in the UI and sees how many customers it holds.
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("customer_segmentation_build_segment", {
    url: "/odoo/action-customer_segmentation.action_customer_segments",
    steps: () => [
        {
            content: "Create a segment",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Recurrentes con calificación > 7",
        },
        {
            content: "Write its conditions in the code editor of the domain field",
            trigger: ".o_field_widget[name=domain]",
        },
    ],
});
