# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models

from .. import const


class PaymentToken(models.Model):
    _inherit = "payment.token"

    paya_card_type = fields.Char(
        string="Card Type",
        readonly=True,
        help="Paya's type of the saved card (visa, mc, disc, amex, jcb, diners or "
        "debit), as Paya reported it when the card was saved.",
    )

    def _paya_is_debit_card(self):
        """True if Paya reported this saved card as a debit card."""
        self.ensure_one()
        return self.paya_card_type == const.DEBIT_CARD_TYPE
