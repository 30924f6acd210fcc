# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class PaymentToken(models.Model):
    _inherit = "payment.token"

    def write(self, vals):
        """Deleting (archiving) the Auto Pay method turns Auto Pay off, and the
        customer's contact says so."""
        res = super().write(vals)
        if vals.get("active") is False:
            # sudo: the customer archiving their token may not write partners.
            customers = (
                self.env["res.partner"]
                .sudo()
                .search([("payment_portal_autopay_token_id", "in", self.ids)])
            )
            for customer in customers:
                customer.write(
                    {
                        "payment_portal_autopay_state": "off",
                        "payment_portal_autopay_token_id": False,
                    }
                )
                customer.message_post(
                    body=self.env._(
                        "Auto Pay was turned off: its payment method was deleted."
                    )
                )
        return res
