# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

MANAGER_GROUP = "customer_base.group_customer_manager"
NEVER_CHOSEN = ("active", "customer_merged_into_id", "commercial_partner_id")


class CustomerMergeWizard(models.TransientModel):
    """Merge any number of customers into one: the kept customer is suggested (the most complete, then
    the oldest), and for every field where they disagree the user picks whose value it keeps.

    Open it from a list selection, or from code with ``context={'active_ids': ids}`` or
    ``default_partner_ids``."""

    _name = "customer.merge.wizard"
    _description = "Merge Customers"

    partner_ids = fields.Many2many(
        "res.partner",
        "customer_merge_wizard_res_partner_rel",
        "wizard_id",
        "partner_id",
        string="Customers",
        required=True,
        context={"active_test": False},
    )
    partner_count = fields.Integer(compute="_compute_partner_count")
    dst_partner_id = fields.Many2one(
        "res.partner",
        string="Customer to Keep",
        compute="_compute_dst_partner_id",
        store=True,
        readonly=False,
        domain="[('id', 'in', partner_ids)]",
        help="The others are archived and point to it; every reference to them moves to it.",
    )
    merge_log_id = fields.Many2one(
        "customer.merge.log", string="Merge", readonly=True, help="Set once the customers are merged."
    )
    line_ids = fields.One2many(
        "customer.merge.wizard.line",
        "wizard_id",
        string="Fields to Choose",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.model
    def default_get(self, fields_list):
        result = super().default_get(fields_list)
        context = self.env.context
        active_ids = context.get("active_ids")
        if (
            "partner_ids" in fields_list
            and not result.get("partner_ids")
            and active_ids
            and context.get("active_model", "res.partner") == "res.partner"
        ):
            result["partner_ids"] = [Command.set(active_ids)]
        return result

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)

    @api.depends("partner_ids")
    def _compute_dst_partner_id(self):
        for wizard in self:
            # in the form (onchange) the records are new ones: work on the stored partners
            partners = wizard.partner_ids._origin
            if wizard.dst_partner_id._origin not in partners:
                wizard.dst_partner_id = wizard._customer_suggest_destination(partners)

    @api.depends("partner_ids", "dst_partner_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            dst, partners = wizard.dst_partner_id._origin, wizard.partner_ids._origin
            if dst and len(partners) > 1:
                ordered = dst | (partners - dst)
                for sequence, (fname, label) in enumerate(self._customer_choice_fields().items()):
                    values = [(partner, partner[fname]) for partner in ordered]
                    if len({self._customer_comparable(value) for _p, value in values}) < 2:
                        continue
                    chosen = next((partner for partner, value in values if value), dst)
                    summary = "\n".join(
                        f"{partner.display_name}: {self._customer_display_value(partner, fname) or '—'}"
                        for partner in ordered
                    )
                    commands.append(
                        Command.create(
                            {
                                "sequence": sequence,
                                "field_name": fname,
                                "field_label": label,
                                "partner_id": chosen.id,
                                "values_summary": summary,
                            }
                        )  # fmt: skip
                    )
            wizard.line_ids = commands

    # --- helpers ----------------------------------------------------------------------------------
    @api.model
    def _customer_choice_fields(self):
        """Fields offered for a choice, ``{name: label}``: stored values of res.partner the current user
        may read and write. You can override this method."""
        # as the user, also inside the stored computes (which run as superuser): the choices and the
        # values they show must never include a field the field policy hides from the user
        Partner = self.env(su=False)["res.partner"]
        described = Partner.fields_get(attributes=["string"])  # only the fields the user may read
        candidates = [
            fname
            for fname in described
            if fname not in NEVER_CHOSEN
            and fname not in models.MAGIC_COLUMNS
            and (field := Partner._fields[fname]).store
            and field.column_type
            and field.type not in ("binary", "many2many", "one2many", "properties")
            and not (field.compute and field.readonly)
            and not field.related
        ]
        denied = set(Partner._customer_unwritable_fields(candidates))
        return {fname: described[fname]["string"] for fname in candidates if fname not in denied}

    @api.model
    def _customer_comparable(self, value):
        if isinstance(value, models.BaseModel):
            return value.id or False
        return value or False

    @api.model
    def _customer_display_value(self, partner, fname):
        """The value of ``partner[fname]`` as a user reads it; nothing for a field the user may not read."""
        if not partner or not fname or fname not in partner._fields:
            return False
        if not partner._fields[fname].is_accessible(self.env(su=False)):
            return False
        field, value = partner._fields[fname], partner[fname]
        if field.type == "many2one":
            return value.display_name or False
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value) or False
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        return str(value) if value not in (False, None, "") else False

    @api.model
    def _customer_suggest_destination(self, partners):
        """The customer to keep: the one with most non-empty fields (among those a user sees), then
        the oldest. You can override this method."""
        if not partners:
            return partners
        fnames = list(self._customer_choice_fields())

        def completeness(partner):
            filled = sum(1 for fname in fnames if partner[fname])
            return (-filled, partner.create_date or fields.Datetime.now(), partner.id)

        return min(partners, key=completeness)

    def _customer_chosen_values(self):
        """The values to write on the kept customer: those the user took from another customer."""
        self.ensure_one()
        dst, values = self.dst_partner_id, {}
        for line in self.line_ids:
            source = line.partner_id
            if not source or source == dst or source not in self.partner_ids:  # a choice outside the merge
                continue
            fname = line.field_name
            field = dst._fields.get(fname)
            if field is None:
                continue
            value = source[fname]
            if self._customer_comparable(value) == self._customer_comparable(dst[fname]):
                continue
            values[fname] = value.id if field.type == "many2one" else value
        return values

    # --- action -----------------------------------------------------------------------------------
    def action_merge(self):
        """Merge the customers into the kept one and open it."""
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only customer managers (Responsable) and above may merge customers.")
            )
        dst = self.dst_partner_id
        if len(self.partner_ids) < 2:
            raise UserError(self.env._("Select at least two customers to merge."))
        if not dst or dst not in self.partner_ids:
            raise UserError(self.env._("Choose the customer to keep among the customers being merged."))
        self.merge_log_id = self.env["customer.merge.log"]._customer_merge(
            dst, self.partner_ids - dst, self._customer_chosen_values()
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": dst.id,
            "view_mode": "form",
            "target": "current",
        }
