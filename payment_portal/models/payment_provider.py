# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

from .. import const


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    payment_portal_surcharge_unknown_cards = fields.Boolean(
        string="Surcharge Cards of Unknown Type",
        help="This provider cannot tell debit and prepaid cards, which must never "
        "be surcharged, from credit cards. On: card payments through it are "
        "surcharged anyway (debit cards included: check that your card "
        "acceptance agreement and the law allow it). Off: no surcharge through "
        "this provider.",
    )

    def _payment_portal_detects_card_type(self):
        """Whether the provider itself tells debit and prepaid cards from
        credit cards and leaves their surcharge out (and reports what it
        charged). Connectors that do override this."""
        self.ensure_one()
        return False


class PaymentMethod(models.Model):
    _inherit = "payment.method"

    def _payment_portal_is_card(self):
        """Whether this method pays by card (Odoo's 'card' or one of its
        brands, or the demo provider's): only card payments carry a fee."""
        self.ensure_one()
        method = self.primary_payment_method_id or self
        return method.code in const.CARD_METHOD_CODES
