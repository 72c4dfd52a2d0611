/** @odoo-module **/
// The customer options of Odoo's import screen (res.partner only): how to find existing customers, and the
// report of each test or import (the server's customer.import.log).

import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";
import { useService } from "@web/core/utils/hooks";
import { BaseImportModel } from "@base_import/import_model";
import { ImportAction } from "@base_import/import_action/import_action";
import { ImportDataSidepanel } from "@base_import/import_data_sidepanel/import_data_sidepanel";

const PARTNER = "res.partner";

patch(BaseImportModel.prototype, {
    get isCustomerImport() {
        return this.resModel === PARTNER;
    },

    get importOptions() {
        const options = super.importOptions;
        if (this.isCustomerImport) {
            Object.assign(options, this.customerOptions);
        }
        return options;
    },

    set importOptions(options) {
        super.importOptions = options;
    },

    get customerOptions() {
        if (!this._customerOptions) {
            this._customerOptions = {
                customer_match_key: "",
                customer_only_update: false,
                customer_clear_empty: false,
                customer_valid_rows: false,
            };
        }
        return this._customerOptions;
    },

    setCustomerOption(name, value) {
        this.customerOptions[name] = value;
    },

    async executeImport(isTest = false, totalSteps, importProgress) {
        this.customerImport = null;
        if (!isTest && this.isCustomerImport && !this.customerOptions.customer_valid_rows && totalSteps > 1) {
            // all or nothing over several batches (each one its own transaction): test them all first
            const startRow = this.importOptionsValues.skip.value;
            const test = await super.executeImport(true, totalSteps, importProgress);
            this.importOptionsValues.skip.value = startRow;
            if (test.res.hasError || (this.customerImport && this.customerImport.counts.error)) {
                return test;
            }
            this.customerImport = null;
        }
        const result = await super.executeImport(...arguments);
        const report = this.customerImport;
        if (report) {
            const counts = report.counts;
            const lines = [
                (report.preview ? _t("Test: ") : _t("Import: ")) +
                    _t(
                        "%(create)s to create, %(update)s to update, %(unchanged)s unchanged, %(skip)s skipped, %(error)s failed.",
                        counts
                    ),
            ];
            if (!report.preview && !report.written) {
                lines.push(_t("Nothing was written: a row failed and the import is all or nothing."));
            }
            this._addMessage(counts.error ? "warning" : "info", lines);
        }
        return result;
    },

    async _callImport(dryrun, args) {
        const result = await super._callImport(...arguments);
        if (result && result.customer_import) {
            this.customerImport = result.customer_import;
        }
        return result;
    },
});

patch(ImportAction.prototype, {
    setup() {
        super.setup(...arguments);
        this.actionService = useService("action");
    },

    get customerReport() {
        return this.model.customerImport;
    },

    openCustomerReport() {
        return this.actionService.doAction({
            type: "ir.actions.act_window",
            res_model: "customer.import.log",
            res_id: this.model.customerImport.log_id,
            views: [[false, "form"]],
            target: "new",
        });
    },

    exit(resIds) {
        const report = this.model.customerImport;
        if (report && !report.preview) {
            // the report of the import rather than the list: what each row did, and the failed rows
            return this.actionService.doAction(
                {
                    type: "ir.actions.act_window",
                    res_model: "customer.import.log",
                    res_id: report.log_id,
                    views: [[false, "form"]],
                    target: "current",
                },
                { clearBreadcrumbs: false }
            );
        }
        return super.exit(...arguments);
    },
});

patch(ImportDataSidepanel, {
    props: { ...ImportDataSidepanel.props, customerModel: { type: Object, optional: true } },
});

patch(ImportDataSidepanel.prototype, {
    get customerMatchKeys() {
        return [
            ["", _t("No: create every row")],
            ["email", _t("Email")],
            ["phone", _t("Phone or mobile")],
            ["vat", _t("Tax ID")],
            ["ref", _t("Internal reference")],
            ["name_city", _t("Name and city")],
        ];
    },

    onCustomerOption(name, value) {
        this.props.customerModel.setCustomerOption(name, value);
        this.render();
    },
});
