# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestGuestPayTour(PaymentPortalPayMixin, HttpCase):
    """A customer without a login pays two invoices from a pay link, in a
    browser, and gets the receipt."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.invoices = cls._invoice(cls.customer, 400.0, ref="TOUR-G1") | cls._invoice(
            cls.customer, 250.0, due_in_days=-3, ref="TOUR-G2"
        )

    def test_guest_pays_two_invoices(self):
        url, _expiry = self.customer._payment_portal_pay_link(self.invoices)
        self.start_tour("/pay/" + url.split("/pay/", 1)[1], "payment_portal_guest_pay")
        tx = self.invoices.transaction_ids
        self.assertEqual(len(tx), 1)
        tx._post_process()  # what the status page or the cron does (if not yet)
        self.assertEqual(tx.amount, 650.0)
        self.assertEqual(tx.partner_id, self.customer)
        for invoice in self.invoices:
            self.assertEqual(invoice.amount_residual, 0.0)
        receipt = self._tx_mails(tx)
        self.assertEqual(len(receipt), 1)
        self.assertIn(tx.reference, receipt.subject)
