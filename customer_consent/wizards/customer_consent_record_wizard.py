# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.customer_consent import ORIGIN_SELECTION, SOURCE_SELECTION
from ..models.customer_consent_purpose import LEGAL_BASIS_SELECTION


class CustomerConsentRecordWizard(models.TransientModel):
    """Staff record an answer given outside the consent page (paper, phone, email, event), with its proof.
    Saving adds one consent record per channel; nothing is changed."""

    _name = "customer.consent.record.wizard"
    _description = "Record a Consent"

    partner_id = fields.Many2one("res.partner", "Customer", required=True)
    purpose_id = fields.Many2one("customer.consent.purpose", required=True)
    available_channel_ids = fields.Many2many(
        related="purpose_id.channel_ids", string="Channels of the Purpose"
    )
    channel_ids = fields.Many2many(
        "customer.consent.channel", required=True,
        domain="[('id', 'in', available_channel_ids)]",
    )  # fmt: skip
    channel_codes = fields.Char(help="Technical: channels to preselect, comma-separated codes.")
    decision = fields.Selection(
        [("granted", "Granted"), ("refused", "Refused"), ("withdrawn", "Withdrawn")],
        required=True,
        default="granted",
    )
    source = fields.Selection(
        [s for s in SOURCE_SELECTION if s[0] not in ("web", "import")], required=True, default="paper"
    )
    origin = fields.Selection(ORIGIN_SELECTION, "Data Origin", required=True, default="first")
    legal_basis = fields.Selection(
        LEGAL_BASIS_SELECTION, compute="_compute_legal_basis", store=True, readonly=False
    )
    text_id = fields.Many2one(
        "customer.consent.text", "Legal Text", compute="_compute_legal_basis", store=True, readonly=False,
        domain="[('purpose_id', '=', purpose_id)]",
    )  # fmt: skip
    given_date = fields.Datetime("Given On", required=True, default=fields.Datetime.now)
    proof_text = fields.Text(
        "Proof", help="What the person said or signed, who took it, where the paper is kept."
    )
    proof_file = fields.Binary("Proof Document", attachment=False)
    proof_filename = fields.Char()

    @api.depends("purpose_id")
    def _compute_legal_basis(self):
        for wizard in self:
            wizard.legal_basis = wizard.purpose_id.legal_basis
            wizard.text_id = wizard.purpose_id.text_id

    @api.onchange("purpose_id", "channel_codes")
    def _onchange_preselect_channels(self):
        if self.channel_codes and self.purpose_id:
            codes = self.channel_codes.split(",")
            self.channel_ids = self.purpose_id.channel_ids.filtered(lambda c: c.code in codes)

    def action_record(self):
        self.ensure_one()
        if not self.channel_ids:
            raise UserError(self.env._("Choose at least one channel."))
        attachment = self.env["ir.attachment"]
        if self.proof_file:
            attachment = attachment.create(
                {
                    "name": self.proof_filename or self.env._("Consent proof"),
                    "datas": self.proof_file,
                    "res_model": "res.partner",
                    "res_id": self.partner_id.id,
                }
            )
        self.env["customer.consent"].create(
            [
                {
                    "partner_id": self.partner_id.id,
                    "purpose_id": self.purpose_id.id,
                    "channel": channel.code,
                    "state": self.decision,
                    "source": self.source,
                    "origin": self.origin,
                    "legal_basis": self.legal_basis or self.purpose_id.legal_basis,
                    "text_id": self.text_id.id,
                    "given_date": self.given_date,
                    "proof_text": self.proof_text,
                    "proof_attachment_id": attachment.id,
                }
                for channel in self.channel_ids
            ]
        )
        return {"type": "ir.actions.act_window_close"}
