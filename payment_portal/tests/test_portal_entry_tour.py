# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestPortalEntryTour(PaymentPortalPayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.invoice = cls._invoice(
            cls.colleague, 250.5, due_in_days=-10, ref="TOUR-ENTRY"
        )
        cls.other = cls._invoice(cls.customer, 100.0, ref="TOUR-OTHER")

    def test_pay_from_the_invoice_page(self):
        self.start_tour(
            f"/my/invoices/{self.invoice.id}",
            "payment_portal_entry_from_invoice",
            login=self.buyer_user.login,
        )
        # the tour only looked: nothing was paid
        self.assertFalse(self.invoice.transaction_ids)
        self.assertEqual(self.invoice.payment_state, "not_paid")
