# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""In Chromium: a customer pays two invoices by card on Paya Connect's
hosted payment page (the simulator's), approved then declined."""

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from .common import CARD_DECLINED, CARD_OK, PayaConnectMixin


@tagged("post_install", "-at_install")
class TestPayaTour(PayaConnectMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paya()
        cls.invoices = cls._invoice(cls.customer, 100.0, ref="TOUR-A") | cls._invoice(
            cls.buyer, 250.5, due_in_days=-10, ref="TOUR-B"
        )

    def _autopilot(self, number):
        self.sim.hpp_autopilot = {
            "account_holder_name": "Hannah Buyer",
            "account_number": number,
            "exp_date": "1230",
            "cvv": "999",
        }

    def _tour(self, name):
        self.start_tour(
            "/my/pay?filterby=all", name, login=self.buyer_user.login, timeout=90
        )
        self.env.invalidate_all()

    def test_card_approved(self):
        self._autopilot(CARD_OK)
        self._tour("paya_connect_card_approved")
        tx = self.invoices.transaction_ids
        self.assertEqual(len(tx), 1)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.provider_code, "paya_connect")
        record = self.sim.transactions[tx.provider_reference]
        self.assertEqual(record["transaction_api_id"], tx.reference)
        self.assertEqual(record["transaction_amount"], "350.50")
        self.assertEqual(record["trx_source_id"], 10, "paid on the hosted page")
        self.assertTrue(tx.is_post_processed, "the status page post-processed it")
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, self.invoices)
        self.assertEqual([entry["kind"] for entry in self.sim.ledger], ["charge"])

    def test_card_declined(self):
        self._autopilot(CARD_DECLINED)
        self._tour("paya_connect_card_declined")
        tx = self.invoices.transaction_ids
        self.assertEqual(tx.state, "error")
        self.assertFalse(tx.payment_id)
        self.assertEqual(set(self.invoices.mapped("payment_state")), {"not_paid"})
        self.assertFalse(self.sim.ledger)
