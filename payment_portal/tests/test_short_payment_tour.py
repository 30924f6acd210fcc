# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestShortPaymentTour(PaymentPortalPayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.company.payment_portal_short_payments = True
        cls.inv_a = cls._invoice(cls.customer, 100.0, ref="SHORT-A")
        cls.inv_b = cls._invoice(cls.buyer, 200.0, due_in_days=-5, ref="SHORT-B")

    def test_short_payment_with_a_reason(self):
        self.start_tour(
            "/my/pay", "payment_portal_short_payment", login=self.buyer_user.login
        )
        tx = self.inv_b.transaction_ids
        self.assertEqual(tx.amount, 220.0)
        tx._post_process()  # what the status page or the cron does
        self.assertIn(self.inv_a.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.inv_b.payment_state, "partial")
        self.assertEqual(self.inv_b.amount_residual, 80.0)
        short = tx.payment_portal_short_ids
        self.assertEqual(short.reason_text, "Two pallets arrived broken")
        self.assertEqual(short.state, "done")
        self.assertTrue(
            self.inv_b.message_ids.filtered(
                lambda m: "Two pallets arrived broken" in str(m.body)
            )
        )
