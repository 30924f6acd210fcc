# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import fields
from odoo.exceptions import AccessError, LockError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.payment.models.payment_transaction import PaymentTransaction

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestAutoPay(PaymentPortalPayMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.cron = cls.env.ref("payment_portal.cron_payment_portal_autopay")
        cls.token = cls._demo_token(cls.buyer, "4242", "done")
        cls.autopay = cls._set_autopay(cls.customer, cls.token)
        cls.today = fields.Date.context_today(cls.env["account.move"])

    def _run(self):
        """Run the cron as the scheduler does: its own cursor (a test cursor
        on this transaction), committing as it goes."""
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _autopay_txs(self, partner=None):
        partner = partner or self.customer
        return self.env["payment.transaction"].search(
            [
                ("payment_portal_origin", "=", "autopay"),
                ("partner_id", "child_of", partner.id),
            ],
            order="id",
        )

    # ------------------------------------------------------------------

    def test_due_invoices_are_charged_once_per_company_and_currency(self):
        euro = self.env.ref("base.EUR")
        euro.active = True
        due_1 = self._invoice(self.customer, 100.0, due_in_days=-3)
        due_2 = self._invoice(self.colleague, 50.0, due_in_days=0)
        future = self._invoice(self.customer, 70.0, due_in_days=5)
        paid = self._invoice(self.customer, 30.0, due_in_days=-1)
        self._register_payment(paid, 30.0)
        partial = self._invoice(self.buyer, 80.0, due_in_days=-2)
        self._register_payment(partial, 20.0)
        due_eur = self._invoice(self.customer, 40.0, due_in_days=-1, currency=euro)
        rival_due = self._invoice(self.rival, 999.0, due_in_days=-1)

        self._run()

        txs = self._autopay_txs()
        self.assertEqual(len(txs), 2, "one per currency")
        usd = txs.filtered(lambda t: t.currency_id == self.currency)
        self.assertEqual(usd.invoice_ids, due_1 | due_2 | partial)
        self.assertEqual(usd.amount, 210.0, "the amounts due, partial included")
        self.assertEqual(usd.operation, "offline")
        self.assertEqual(usd.token_id, self.token)
        self.assertEqual((txs - usd).invoice_ids, due_eur)
        for tx in txs:
            self.assertEqual(tx.state, "done")
            self.assertTrue(tx.payment_id, "post-processed: paid and reconciled")
            self.assertEqual(len(self._tx_mails(tx)), 1, "receipt")
        for invoice in due_1 | due_2 | partial | due_eur:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(future.payment_state, "not_paid")
        self.assertEqual(rival_due.payment_state, "not_paid")
        self.assertFalse(rival_due.transaction_ids)
        self.assertIn("Paid", self.autopay.last_result)
        self.assertTrue(self.autopay.last_run)

        # A second run the same day charges nothing again.
        self._run()
        self.assertEqual(self._autopay_txs(), txs)

    def test_invoices_paid_or_being_paid_by_hand_are_skipped(self):
        by_hand = self._invoice(self.customer, 100.0, due_in_days=-1)
        pending = self._invoice(self.customer, 60.0, due_in_days=-1)
        due = self._invoice(self.customer, 25.0, due_in_days=-1)
        self._register_payment(by_hand, 100.0)
        self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.demo_method.id,
                "amount": 60.0,
                "currency_id": self.currency.id,
                "partner_id": self.buyer.id,
                "reference": "PP-ACH-PENDING",
                "invoice_ids": [(6, 0, pending.ids)],
                "state": "pending",
            }
        )
        self._run()
        tx = self._autopay_txs()
        self.assertEqual(tx.invoice_ids, due)
        self.assertEqual(tx.amount, 25.0)

    def test_failure_retries_then_pauses(self):
        declined = self._demo_token(self.buyer, "0002", "error")
        self.autopay.token_id = declined
        invoice = self._invoice(self.customer, 100.0, due_in_days=-1)
        self._run()
        tx = self._autopay_txs()
        self.assertEqual(tx.state, "error")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(len(self._tx_mails(tx)), 1, "the customer is told")
        self.assertEqual(self.autopay.failures, 1)
        self.assertEqual(
            self.autopay.retry_date,
            self.today + timedelta(days=1),
        )
        self.assertIn("Next try on", self.autopay.message_ids[0].body)

        self._run()  # same day: waits for the retry date
        self.assertEqual(len(self._autopay_txs()), 1)

        self.autopay.retry_date = self.today
        self._run()
        self.assertEqual(len(self._autopay_txs()), 2)
        self.assertEqual(self.autopay.failures, 2)
        self.assertEqual(
            self.autopay.retry_date,
            self.today + timedelta(days=3),
        )

        self.autopay.retry_date = self.today
        self._run()
        self.assertEqual(self.autopay.state, "paused")
        self.assertEqual(self.autopay.failures, 3)
        activity = self.autopay.activity_ids
        self.assertEqual(activity.summary, "Auto Pay paused")
        self._run()
        self.assertEqual(len(self._autopay_txs()), 3, "paused: no more tries")

        # Staff fix the method and turn it on again: paid.
        self.autopay.token_id = self.token
        self.autopay.action_resume()
        self.assertEqual(self.autopay.failures, 0)
        self._run()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_pending_then_done(self):
        ach = self._demo_token(self.buyer, "6789", "pending")
        self.autopay.token_id = ach
        invoice = self._invoice(self.customer, 100.0, due_in_days=-1)
        self._run()
        tx = self._autopay_txs()
        self.assertEqual(tx.state, "pending")
        self.assertEqual(invoice._payment_portal_statuses()[invoice.id], "pending")
        self.assertEqual(len(self._tx_mails(tx)), 1, "pending mail")
        self.assertIn("pending", self.autopay.last_result)
        self._run()
        self.assertEqual(len(self._autopay_txs()), 1, "pending: not charged again")
        tx._set_done()
        tx._post_process()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(len(self._tx_mails(tx)), 2, "then the receipt")

    def test_crash_between_charge_and_commit_charges_once(self):
        """The worker dies after the provider charged and before the commit:
        the transaction committed before the charge is sent again, once."""
        invoice = self._invoice(self.customer, 100.0, due_in_days=-1)
        charge = PaymentTransaction._charge_with_token

        def charge_then_die(tx):
            charge(tx)
            raise RuntimeError("worker killed")

        with patch.object(PaymentTransaction, "_charge_with_token", charge_then_die):
            self._run()
        tx = self._autopay_txs()
        self.assertEqual(tx.state, "draft", "committed before the charge, no further")
        self.assertEqual(invoice._payment_portal_statuses()[invoice.id], "pending")
        self._run()
        self.assertEqual(self._autopay_txs(), tx, "the same transaction, sent again")
        self.assertEqual(tx.state, "done")
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_conflict_after_the_charge_completes_it_at_once(self):
        """Another run (a scheduled payment on another server) commits a
        write on the same rows while the charge is sent: the draft committed
        before the charge is completed at once, asking the provider by
        reference, not left for tomorrow; no failure is counted."""
        invoice = self._invoice(self.customer, 100.0, due_in_days=-1)
        charge = PaymentTransaction._charge_with_token
        sent = []

        def charge_then_conflict(tx):
            charge(tx)
            sent.append(tx.reference)
            if len(sent) == 1:
                raise SerializationFailure("could not serialize access")

        with patch.object(
            PaymentTransaction, "_charge_with_token", charge_then_conflict
        ):
            self._run()
        tx = self._autopay_txs()
        self.assertEqual(len(tx), 1)
        self.assertEqual(sent, [tx.reference] * 2, "the same transaction again")
        self.assertEqual(tx.state, "done")
        self.assertEqual(
            self.env["account.payment"].search_count(
                [("payment_transaction_id", "=", tx.id)]
            ),
            1,
        )
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.autopay.failures, 0)

    def test_post_processing_a_transaction_locked_elsewhere_waits(self):
        """Another request holds the transaction (the status page, a
        notification): its post-processing is left for the next attempt,
        unflagged and without error, then done once."""
        invoice = self._invoice(self.customer, 100.0, due_in_days=-1)
        tx = self.env["payment.transaction"]._payment_portal_create_offline(
            self.token, invoice, invoice.currency_id, origin="portal"
        )
        tx._charge_with_token()
        self.assertEqual(tx.state, "done")

        def locked_elsewhere(records, **kwargs):
            raise LockError("Cannot grab a lock on records")

        with patch.object(type(tx), "lock_for_update", locked_elsewhere):
            tx._post_process()
        self.assertFalse(tx.is_post_processed)
        self.assertFalse(tx.payment_id)
        self.assertFalse(self._tx_mails(tx))
        tx._post_process()
        tx._post_process()
        self.assertTrue(tx.is_post_processed)
        self.assertEqual(len(tx.payment_id), 1)
        self.assertEqual(len(self._tx_mails(tx)), 1, "one receipt")

    def test_one_failing_customer_does_not_stop_the_others(self):
        other = self.env["res.partner"].create(
            {"name": "Other Buyer Co", "is_company": True, "email": "o@o.example.com"}
        )
        other_token = self._demo_token(other, "1111", "done")
        self._set_autopay(other, other_token)
        mine = self._invoice(self.customer, 100.0, due_in_days=-1)
        theirs = self._invoice(other, 50.0, due_in_days=-1)
        run = type(self.autopay)._payment_portal_run
        failing = self.autopay

        def run_or_fail(autopay):
            if autopay == failing:
                raise ValueError("bad data")
            return run(autopay)

        with patch.object(type(self.autopay), "_payment_portal_run", run_or_fail):
            self._run()
        self.assertIn(theirs.payment_state, ("paid", "in_payment"))
        self.assertEqual(mine.payment_state, "not_paid")
        self.assertIn("could not run", self.autopay.last_result)

    def test_invoices_locked_by_a_payment_in_progress_are_left_for_later(self):
        """A customer paying by hand holds the invoices' rows: Auto Pay skips
        them without a charge and without counting a failure."""
        invoice = self._invoice(self.customer, 100.0, due_in_days=-1)

        def busy(autopay):
            raise SerializationFailure("could not serialize access")

        with patch.object(type(self.autopay), "_payment_portal_run", busy):
            self._run()
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertFalse(self._autopay_txs())
        self.assertEqual(self.autopay.failures, 0)
        self.assertEqual(self.autopay.state, "on")
        # The next run charges it.
        self._run()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_deleting_the_autopay_method_turns_it_off(self):
        self.token.action_archive()
        self.assertEqual(self.autopay.state, "off")
        self.assertFalse(self.autopay.token_id)
        self.assertIn("turned off", self.autopay.message_ids[0].body)

    def test_who_may_change_autopay(self):
        customer = self.customer
        as_buyer = self.env["payment.portal.autopay"].with_user(self.buyer_user)
        other_token = self._demo_token(self.buyer, "5555", "done")
        as_buyer._payment_portal_set(customer, other_token)
        self.assertEqual(self.autopay.token_id, other_token)
        as_buyer._payment_portal_set(customer, enabled=False)
        self.assertEqual(self.autopay.state, "off")

        self.company.payment_portal_autopay_change = False
        with self.assertRaisesRegex(UserError, "can only be changed by"):
            as_buyer._payment_portal_set(customer, self.token)
        self.assertEqual(self.autopay.state, "off")
        # Staff always can.
        invoicing = self.env["payment.portal.autopay"].with_user(
            self.env.ref("base.user_admin")
        )
        invoicing._payment_portal_set(customer, self.token)
        self.assertEqual(self.autopay.state, "on")

        rival_token = self._demo_token(self.rival, "9999", "done")
        self.company.payment_portal_autopay_change = True
        with self.assertRaisesRegex(UserError, "cannot be used for Auto Pay"):
            as_buyer._payment_portal_set(customer, rival_token)
        with self.assertRaises(AccessError):
            as_buyer._payment_portal_set(self.rival, rival_token)
        with self.assertRaises(ValidationError):
            self.autopay.token_id = rival_token

    def test_next_due_is_computed_for_a_list_at_once(self):
        self._invoice(self.customer, 10.0, due_in_days=-2)
        self._invoice(self.colleague, 20.0, due_in_days=4)
        self._invoice(self.rival, 30.0, due_in_days=-5)
        # A contact's Auto Pay is its company's.
        autopays = self._autopay_of(self.customer) | self._autopay_of(self.rival)
        self.assertEqual(self._autopay_of(self.buyer), autopays[0])
        self.env.flush_all()
        autopays.invalidate_recordset(["next_due", "due_count"])
        # The list is loaded (as a list view does): what is counted is the
        # compute, whose cost must not grow with the list. Without this, a
        # record of the class's set-up left out of the cache by an earlier
        # test adds the list's own read, depending on the order of tests.
        autopays.fetch(["partner_id", "company_id"])
        with self.assertQueryCount(2):
            values = [(a.next_due, a.due_count) for a in autopays]
        self.assertEqual(values[0], (self.today - timedelta(days=2), 1))
        self.assertEqual(
            (
                self._autopay_of(self.buyer).next_due,
                self._autopay_of(self.buyer).due_count,
            ),
            values[0],
            "a contact shows its company's",
        )
        self.assertEqual(values[1], (self.today - timedelta(days=5), 1))
