# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class PaymentPortalDisputeReject(models.TransientModel):
    _name = "payment.portal.dispute.reject"
    _description = "Payment Portal: Reject a Dispute"

    invoice_id = fields.Many2one("account.move", required=True, readonly=True)
    reason = fields.Text(
        required=True,
        help="Sent to the customer (emailed, and shown on the invoice in the portal).",
    )

    def action_reject(self):
        self.ensure_one()
        self.invoice_id._payment_portal_reject_dispute(self.reason)
        return {"type": "ir.actions.act_window_close"}
