# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import PaymentPortalPayMixin
from .test_fees import PaymentPortalFeeMixin


@tagged("post_install", "-at_install")
class TestFeesTour(PaymentPortalFeeMixin, PaymentPortalPayMixin, HttpCase):
    """A 3 % card surcharge in a browser: shown before paying, charged on the
    card, not on a bank payment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls._setup_fee_data()
        cls._demo_takes_bank_debits()
        cls._surcharge()

    def _paid(self, invoice):
        tx = invoice.transaction_ids
        self.assertEqual(len(tx), 1)
        tx._post_process()  # what the status page or the cron does (if not yet)
        self.assertEqual(invoice.amount_residual, 0.0)
        return tx

    def test_card_pays_the_surcharge_shown(self):
        invoice = self._invoice(self.customer, 1000.0, ref="TOUR-FEE-CARD")
        self.start_tour(
            "/my/pay", "payment_portal_pay_with_surcharge", login=self.buyer_user.login
        )
        tx = self._paid(invoice)
        self.assertEqual((tx.amount, tx.payment_portal_fee_amount), (1030.0, 30.0))
        fee_line = tx.payment_id.move_id.line_ids.filtered(
            lambda line: line.account_id == self.fee_account
        )
        self.assertEqual(fee_line.credit, 30.0)

    def test_bank_pays_no_fee(self):
        invoice = self._invoice(self.customer, 1000.0, ref="TOUR-FEE-BANK")
        self.start_tour(
            "/my/pay",
            "payment_portal_pay_by_bank_without_fee",
            login=self.buyer_user.login,
        )
        tx = self._paid(invoice)
        self.assertEqual(tx.payment_method_id, self.ach_method)
        self.assertEqual(tx.amount, 1000.0)
        self.assertFalse(tx.payment_portal_fee_kind)
