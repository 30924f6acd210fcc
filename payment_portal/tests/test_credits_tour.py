# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestCreditsTour(PaymentPortalPayMixin, HttpCase):
    """The customer applies a credit note on /my/pay, with a payment of the
    net amount or alone (Apply Credits), in a browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.invoices = cls._invoice(cls.customer, 400.0, ref="TOUR-A") | cls._invoice(
            cls.buyer, 250.0, due_in_days=-10, ref="TOUR-B"
        )
        cls.other_invoice = cls._invoice(cls.customer, 90.0, ref="TOUR-C")
        cls.refund = cls._credit_note(cls.customer, 150.0)
        cls.refund_line = cls._credit_line(cls.refund)
        cls.prepaid_line = cls._unapplied_payment(cls.customer, 70.0)

    def test_pay_two_invoices_with_a_credit_note(self):
        self.start_tour(
            "/my/pay", "payment_portal_pay_with_credits", login=self.buyer_user.login
        )
        tx = self.invoices.transaction_ids
        self.assertEqual(len(tx), 1, "one transaction for the two invoices")
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.invoice_ids, self.invoices)
        self.assertEqual(tx.payment_portal_credit_line_ids, self.refund_line)
        self.assertEqual(tx.amount, 500.0, "the invoices due minus the credit note")
        tx._post_process()  # what the status page or the cron does (if not yet)
        self.assertEqual(tx.payment_id.amount, 500.0)
        for invoice in self.invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            self.assertEqual(invoice.amount_residual, 0.0)
        self.assertTrue(self.refund_line.reconciled)
        self.assertEqual(self.refund.payment_state, "paid")
        # the whole credit note on the oldest amount due (TOUR-B, overdue)
        self.assertEqual(
            self.refund_line.matched_debit_ids.debit_move_id.move_id.ref, "TOUR-B"
        )
        # what was not selected is untouched
        self.assertEqual(self.other_invoice.payment_state, "not_paid")
        self.assertFalse(self.prepaid_line.reconciled)
        self.assertFalse(self.other_invoice.transaction_ids)

    def test_apply_credits_covering_the_invoice(self):
        small = self._invoice(self.customer, 60.0, ref="TOUR-S")
        self.start_tour(
            "/my/pay", "payment_portal_apply_credits", login=self.buyer_user.login
        )
        # Odoo's state of an invoice settled by a credit note alone (the
        # portal shows it Paid)
        self.assertEqual(small.payment_state, "reversed")
        self.assertEqual(small.amount_residual, 0.0)
        self.assertFalse(small.transaction_ids, "settled without any payment")
        self.assertFalse(self.refund_line.reconciled)
        self.assertEqual(self.refund_line.amount_residual_currency, -90.0)
        self.assertEqual(self.refund.payment_state, "partial")
        self.assertFalse(self.invoices.transaction_ids)
        self.assertFalse(self.prepaid_line.matched_debit_ids)
