# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestPayInvoicesTour(PaymentPortalPayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.euro = cls.env.ref("base.EUR")
        cls.euro.active = True
        cls.invoices = (
            cls._invoice(cls.customer, 100.0, ref="TOUR-A")
            | cls._invoice(cls.buyer, 250.5, due_in_days=-10, ref="TOUR-B")
            | cls._invoice(cls.colleague, 300.0, ref="TOUR-C")
        )
        cls.euro_invoice = cls._invoice(
            cls.customer, 80.0, currency=cls.euro, ref="TOUR-EUR"
        )
        cls.paid_invoice = cls._invoice(cls.customer, 40.0, ref="TOUR-PAID")
        cls._register_payment(cls.paid_invoice, 40.0)

    def test_pay_three_invoices(self):
        self.start_tour(
            "/my/pay?filterby=all",
            "payment_portal_pay_invoices",
            login=self.buyer_user.login,
        )
        tx = self.invoices.transaction_ids
        self.assertEqual(len(tx), 1, "one transaction for the three invoices")
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.invoice_ids, self.invoices)
        self.assertEqual(tx.amount, 650.5)
        tx._post_process()  # what the status page or the cron does
        self.assertTrue(tx.payment_id)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, self.invoices)
        for invoice in self.invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertFalse(self.euro_invoice.transaction_ids)
        receipt = (
            self.env["mail.mail"]
            .sudo()
            .search([("model", "=", "payment.transaction"), ("res_id", "=", tx.id)])
        )
        self.assertEqual(len(receipt), 1)
        self.assertIn(tx.reference, receipt.body_html)
        self.assertEqual(receipt.recipient_ids, self.buyer)
