# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestProfilesTour(PaymentPortalPayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.invoice = cls._invoice(cls.customer, 120.0, ref="TOUR-S")

    def test_add_method_for_autopay_then_schedule_and_cancel(self):
        self.start_tour(
            "/my/payment_profiles",
            "payment_portal_profiles_and_schedule",
            login=self.buyer_user.login,
        )
        token = self.env["payment.token"].search([("partner_id", "=", self.buyer.id)])
        self.assertEqual(len(token), 1)
        self.assertTrue(token.payment_details.endswith("1111"))
        self.assertEqual(self._autopay_of(self.customer).state, "on")
        self.assertEqual(self._autopay_of(self.customer).token_id, token)
        schedule = self.env["payment.portal.schedule"].search(
            [("partner_id", "=", self.customer.id)]
        )
        self.assertEqual(schedule.state, "cancelled")
        self.assertEqual(schedule.amount, 40.0)
        self.assertEqual(schedule.invoice_ids, self.invoice)
        self.assertEqual(schedule.token_id, token)
