# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class PaymentPortalPayLinkWizard(models.TransientModel):
    _name = "payment.portal.pay.link.wizard"
    _description = "Payment Portal: Pay Link to Copy"

    partner_id = fields.Many2one("res.partner", required=True, readonly=True)
    url = fields.Char(string="Pay Link", required=True, readonly=True)
    expiry = fields.Datetime(string="Valid Until", readonly=True)

    def action_revoke(self):
        """Revoke every link of the customer, this one included."""
        self.ensure_one()
        self.partner_id.action_payment_portal_revoke_pay_links()
        return {"type": "ir.actions.act_window_close"}
