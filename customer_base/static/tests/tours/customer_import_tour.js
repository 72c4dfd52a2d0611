/** @odoo-module **/
// Karla downloads the customer import template, imports it into the customer list matching by email:
// a test first (row by row report), then the import, which opens its report.
import { registry } from "@web/core/registry";

async function uploadTemplate() {
    const response = await fetch("/customer_base/import_template");
    const blob = await response.blob();
    const file = new File([blob], "plantilla-clientes.xlsx", { type: blob.type });
    const input = document.querySelector(".o_file_input input[type='file'], input.o_input_file");
    const transfer = new DataTransfer();
    transfer.items.add(file);
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("customer_base_import_template", {
    steps: () => [
        {
            content: "Open the actions of the customer list",
            trigger: ".o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "Import records",
            trigger: ".o-dropdown--menu .o_import_menu",
            run: "click",
        },
        {
            content: "The import screen offers the customer template",
            trigger: ".o_import_action a[href='/customer_base/import_template']",
        },
        {
            content: "Upload the downloaded template",
            trigger: "button.o_import_file",
            run: uploadTemplate,
        },
        {
            content: "Its columns are mapped (the email column)",
            trigger: ".o_import_data_content td:contains('Email')",
        },
        {
            content: "Update existing customers, looking them up by email",
            trigger: "select.o_customer_match_key",
            run: "select email",
        },
        {
            content: "Test",
            trigger: ".o_control_panel button:contains('Test')",
            run: "click",
        },
        {
            content: "The test says what each row will do",
            trigger: ".o_import_action .alert:contains('2 to create')",
        },
        {
            content: "Open the row by row report",
            trigger: "button.o_customer_import_report",
            run: "click",
        },
        {
            content: "The report lists both rows to create",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('Create') ~ .o_data_row:contains('Create')",
        },
        {
            content: "Close the report",
            trigger: ".modal .btn-close",
            run: "click",
        },
        {
            content: "Import",
            trigger: ".o_control_panel button:contains('Import'):not(:contains('Test'))",
            run: "click",
        },
        {
            content: "The import opens its report: two customers created",
            trigger: ".o_form_view .o_field_widget[name='created_count']:contains('2')",
        },
    ],
});
