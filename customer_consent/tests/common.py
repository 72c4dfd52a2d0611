# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Shared setup for the consent tests: the demo roles, a customer, and a factory for staff answers."""

from odoo.tests import TransactionCase

ROLES = ("vendedor", "responsable", "director", "karla", "admin")


def staff_consent(env, partner, purpose, channel="email", state="granted", **values):
    """A consent recorded by staff (paper, with proof), as ``env``'s user."""
    return env["customer.consent"].create(
        {
            "partner_id": partner.id,
            "purpose_id": purpose.id,
            "channel": channel,
            "state": state,
            "source": "paper",
            "proof_text": "Formulario firmado nº 1",
            **values,
        }
    )


class ConsentCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            "vendedor": cls.env.ref("customer_base.user_vendedor"),
            "responsable": cls.env.ref("customer_base.user_responsable"),
            "director": cls.env.ref("customer_base.user_director"),
            "karla": cls.env.ref("customer_base.user_karla"),
            "admin": cls.env.ref("base.user_admin"),
        }
        cls.marketing = cls.env.ref("customer_consent.purpose_marketing")
        cls.profiling = cls.env.ref("customer_consent.purpose_profiling")
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Mía Restrepo",
                "email": "mia.restrepo@example.com",
                "mobile": "+57 310 555 1234",
                "country_id": cls.env.ref("base.co").id,
            }
        )

    def as_user(self, role):
        return self.env(user=self.users[role])
