# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .test_disputes import PaymentPortalDisputeMixin


@tagged("post_install", "-at_install")
class TestDisputesTour(PaymentPortalDisputeMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dispute_data()
        cls.invoice = cls._invoice(cls.customer, 150.0, ref="TOUR-DISPUTE")
        cls._invoice(cls.customer, 60.0, ref="TOUR-KEEP")

    def test_dispute_rejected_then_paid(self):
        self.start_tour(
            "/my/pay", "payment_portal_dispute_raise", login=self.buyer_user.login
        )
        invoice = self.invoice
        self.assertEqual(invoice.payment_portal_dispute_state, "open")
        self.assertEqual(invoice.payment_portal_dispute_reason_id, self.reason)
        self.assertTrue(invoice.payment_portal_dispute_activity_id)
        # staff reject it, with the reason the customer reads
        self.env["payment.portal.dispute.reject"].create(
            {"invoice_id": invoice.id, "reason": "Delivered as ordered: 12 units."}
        ).action_reject()
        self.assertEqual(invoice.payment_portal_dispute_state, "rejected")
        self.start_tour(
            f"/my/invoices/{invoice.id}",
            "payment_portal_dispute_rejected",
            login=self.buyer_user.login,
        )

    def test_dispute_accepted_with_credit_note(self):
        self.start_tour(
            "/my/pay", "payment_portal_dispute_raise", login=self.buyer_user.login
        )
        invoice = self.invoice
        credit_note = self._credit_note_from_accept(invoice)
        credit_note.action_post()
        self.assertEqual(invoice.payment_portal_dispute_state, "accepted")
        self.assertFalse(invoice.payment_portal_dispute_activity_id.active)
        # the customer is told, by email and on the invoice
        message = invoice.message_ids.filtered(
            lambda m: m.message_type == "comment" and "was accepted" in m.body
        )
        self.assertIn(self.buyer, message.partner_ids)
        self.assertIn(credit_note.name, message.body)
        mail = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        )
        self.assertIn(self.buyer, mail.recipient_ids)
