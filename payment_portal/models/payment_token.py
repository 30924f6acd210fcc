# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class PaymentToken(models.Model):
    _inherit = "payment.token"

    def write(self, vals):
        """Deleting (archiving) the Auto Pay method turns Auto Pay off, and its
        record says so."""
        res = super().write(vals)
        if vals.get("active") is False:
            self.env["payment.portal.autopay"]._payment_portal_tokens_deleted(self)
        return res
