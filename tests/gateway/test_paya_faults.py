# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya Connect failing in every way the simulator can: timeouts before and
after the charge, server errors, unreadable answers, cut connections, slow
answers, refusals. The customer or user gets a clear message, the Odoo
transaction ends in the right state once Paya answers again, and the
simulator's ledger never shows a charge twice or a charge Odoo lost."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PayaConnectMixin


@tagged("post_install", "-at_install")
class TestPayaFaults(PayaConnectMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paya()
        cls.inv_1 = cls._invoice(cls.customer, 75.0)

    def setUp(self):
        super().setUp()
        self.token = self.env["payment.token"].create(
            {
                "provider_id": self.paya.id,
                "payment_method_id": self.card_method.id,
                "partner_id": self.buyer.id,
                "payment_details": "1111",
                "provider_ref": "placeholder",
            }
        )
        vault = self.sim.create_vault(
            {
                "payment_method": "cc",
                "account_number": "4111111111111111",
                "exp_date": "1230",
                "location_id": self.sim.location_id,
            }
        )
        self.token.provider_ref = vault["id"]
        self.references = iter(range(1, 1000))

    def _offline_tx(self, amount=75.0):
        # Paya's transaction_api_id holds 64 characters.
        name = self._testMethodName.removeprefix("test_")[:45]
        return self.env["payment.transaction"].create(
            {
                "provider_id": self.paya.id,
                "payment_method_id": self.card_method.id,
                "token_id": self.token.id,
                "amount": amount,
                "currency_id": self.usd.id,
                "partner_id": self.buyer.id,
                "operation": "offline",
                "reference": f"PP-FAULT-{name}-{next(self.references)}",
            }
        )

    def _charges(self, tx):
        return [
            entry
            for entry in self.sim.ledger
            if entry["transaction_api_id"] == tx.reference and entry["kind"] == "charge"
        ]

    def _age(self, tx, minutes):
        tx.last_state_change = fields.Datetime.now() - timedelta(minutes=minutes)

    # ------------------------------------------------------------------

    def test_timeout_after_the_charge_is_found_not_repeated(self):
        self.sim.add_fault("timeout", delay=4)
        tx = self._offline_tx()
        tx._charge_with_token()
        self.assertEqual(tx.state, "pending", "outcome unknown: pending")
        self.assertTrue(tx.paya_outcome_unknown)
        self.assertIn("did not answer in time", tx.state_message)
        self.assertEqual(len(self._charges(tx)), 1, "Paya charged it")
        # A retry (Auto Pay run again, a user) asks Paya first.
        tx._send_payment_request()
        self.assertEqual(len(self._charges(tx)), 1)
        self.assertEqual(tx.state, "done")
        self.assertFalse(tx.paya_outcome_unknown)

    def test_outcome_unknown_is_resolved_by_the_cron(self):
        for mode in ("timeout", "error500_after", "malformed"):
            with self.subTest(mode=mode):
                self.sim.add_fault(mode, delay=4)
                tx = self._offline_tx()
                tx._charge_with_token()
                self.assertEqual(tx.state, "pending")
                self._run_poll_cron()
                self.assertEqual(tx.state, "done")
                self.assertEqual(len(self._charges(tx)), 1)

    def test_request_never_processed_ends_in_error_after_grace(self):
        for mode in ("error500", "reset", "timeout_before"):
            with self.subTest(mode=mode):
                self.sim.add_fault(mode, delay=4)
                tx = self._offline_tx()
                tx._charge_with_token()
                self.assertEqual(tx.state, "pending")
                self.assertTrue(tx.paya_outcome_unknown)
                self._run_poll_cron()
                self.assertEqual(tx.state, "pending", "too early to conclude")
                self._age(tx, 31)
                self._run_poll_cron()
                self.assertEqual(tx.state, "error")
                self.assertIn("nothing was charged", tx.state_message)
                self.assertFalse(self._charges(tx))

    def test_gateway_down_during_the_cron_changes_nothing(self):
        self.sim.add_fault("timeout", delay=4)
        tx = self._offline_tx()
        tx._charge_with_token()
        self._age(tx, 31)
        self.sim.add_fault("error500", method="GET")
        self._run_poll_cron()
        self.assertEqual(tx.state, "pending", "no answer: no conclusion")
        self._run_poll_cron()
        self.assertEqual(tx.state, "done")
        self.assertEqual(len(self._charges(tx)), 1)

    def test_slow_answer_within_the_timeout(self):
        self.sim.add_fault("slow", delay=1)
        tx = self._offline_tx()
        tx._charge_with_token()
        self.assertEqual(tx.state, "done")

    def test_refusals_are_errors_with_paya_message(self):
        self.sim.vaults.clear()  # the vault was deleted at Paya
        tx = self._offline_tx()
        tx._charge_with_token()
        self.assertEqual(tx.state, "error")
        self.assertIn("HTTP 422", tx.state_message)
        self.assertIn("Account Vault Id is invalid", tx.state_message)
        self.assertFalse(self.sim.ledger)

        self.paya.paya_user_api_key = "wrong-key"
        tx = self._offline_tx()
        tx._charge_with_token()
        self.assertEqual(tx.state, "error")
        self.assertIn("HTTP 401", tx.state_message)

    def test_declined_token_charge(self):
        tx = self._offline_tx(amount=5.0)  # TestData.md: 5.00 declines (1500)
        tx._charge_with_token()
        self.assertEqual(tx.state, "error")
        self.assertIn("1500", tx.state_message)
        self.assertFalse(self._charges(tx))

    def test_refund_timeout_is_resolved_once(self):
        tx = self._offline_tx()
        tx._charge_with_token()
        self.sim.settle_batch()
        self.sim.add_fault("timeout", delay=4)
        refund = tx._refund(amount_to_refund=20.0)
        self.assertEqual(refund.state, "pending")
        self._run_poll_cron()
        self.assertEqual(refund.state, "done")
        refunds = [e for e in self.sim.ledger if e["kind"] == "refund"]
        self.assertEqual(len(refunds), 1)

    def test_return_from_hosted_page_while_paya_is_down(self):
        tx, page_url = self._start_payment(self.inv_1, self.card_method)
        target = self._pay_on_hosted_page(page_url, **self._card())
        self.sim.add_fault("error500", method="GET")
        self._return_to_odoo(target)
        self.assertEqual(tx.state, "draft", "Paya could not be read: nothing decided")
        self._run_poll_cron()
        self.assertEqual(tx.state, "draft", "the customer may still be paying")
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(minutes=5), tx.id),
        )
        self._run_poll_cron()
        self.assertEqual(tx.state, "done")

    def test_checkout_fails_cleanly_when_paya_is_unreachable(self):
        """Saving the card needs Paya's contact first: if Paya does not
        answer, the customer gets a clear message and nothing is created."""
        self.sim.add_fault("error500", path="/v2/contacts", count=2)
        transactions_before = self.env["payment.transaction"].search_count([])
        with self.assertRaises(JsonRpcException):
            self._start_payment(self.inv_1, self.card_method, tokenize=True)
        self.assertEqual(
            self.env["payment.transaction"].search_count([]), transactions_before
        )
        self.sim.add_fault("error500", path="/v2/contacts")
        with self.assertRaisesRegex(
            ValidationError, "Could not establish|did not answer|Paya Connect"
        ):
            self.paya._paya_sync_contact(self.buyer)

    def _draft_token_tx(self, minutes_ago):
        """A saved-method payment of the portal, committed as a draft before
        its charge was sent, whose request then died."""
        tx = self._offline_tx()
        tx.operation = "online_token"
        self._set_age(tx, minutes_ago)
        return tx

    def _set_age(self, tx, minutes):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s, last_state_change = %s "
            "WHERE id = %s",
            (fields.Datetime.now() - timedelta(minutes=minutes),) * 2 + (tx.id,),
        )
        tx.invalidate_recordset()

    def test_token_draft_charged_before_its_request_died_is_found(self):
        """Found by the live suite (PostgreSQL stopped while customers paid):
        the charge reached Paya, the request never committed its outcome."""
        tx = self._draft_token_tx(minutes_ago=0)
        self.sim.create_transaction(
            {
                "action": "sale",
                "payment_method": "cc",
                "account_vault_id": self.token.provider_ref,
                "transaction_amount": "75.00",
                "transaction_api_id": tx.reference,
                "location_id": self.sim.location_id,
            }
        )
        self._run_poll_cron()
        self.assertEqual(tx.state, "draft", "the request may still be running")
        self._set_age(tx, 3)
        self._run_poll_cron()
        self.assertEqual(tx.state, "done")
        self.assertEqual(len(self._charges(tx)), 1)

    def test_token_draft_never_sent_ends_in_error(self):
        tx = self._draft_token_tx(minutes_ago=5)
        self._run_poll_cron()
        self.assertEqual(tx.state, "draft", "too early to conclude")
        self._set_age(tx, 31)
        self._run_poll_cron()
        self.assertEqual(tx.state, "error")
        self.assertIn("nothing was charged", tx.state_message)
        self.assertFalse(self._charges(tx))
