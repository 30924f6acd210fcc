# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestCreditsFirst(PaymentPortalPayMixin, TransactionCase):
    """Auto Pay and scheduled payments apply the customer's open credits
    first when the company turned that on (default off)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.token = cls._demo_token(cls.buyer, "4242", "done")
        cls.today = fields.Date.context_today(cls.env["account.move"])
        cls.refund_line = cls._credit_line(cls._credit_note(cls.customer, 60.0))
        cls.prepaid_line = cls._unapplied_payment(cls.customer, 15.0)
        cls.rival_line = cls._credit_line(cls._credit_note(cls.rival, 500.0))

    def _run(self, cron):
        with self.enter_registry_test_mode():
            self.env.ref(
                f"payment_portal.cron_payment_portal_{cron}"
            ).method_direct_trigger()
        self.env.invalidate_all()

    def _txs(self, origin):
        return self.env["payment.transaction"].search(
            [("payment_portal_origin", "=", origin)], order="id"
        )

    def test_autopay_charges_everything_when_off(self):
        self.assertFalse(self.company.payment_portal_credits_first, "default off")
        self._invoice(self.customer, 100.0, due_in_days=-1)
        self._set_autopay(self.customer, self.token)
        self._run("autopay")
        tx = self._txs("autopay")
        self.assertEqual(tx.amount, 100.0)
        self.assertFalse(tx.payment_portal_credit_line_ids)
        self.assertFalse(self.refund_line.reconciled)

    def test_autopay_applies_credits_first(self):
        self.company.payment_portal_credits_first = True
        due = self._invoice(self.customer, 100.0, due_in_days=-1)
        self._set_autopay(self.customer, self.token)
        self._run("autopay")
        tx = self._txs("autopay")
        self.assertEqual(tx.amount, 25.0, "100 due - 60 - 15 of credits")
        self.assertEqual(
            tx.payment_portal_credit_line_ids, self.refund_line | self.prepaid_line
        )
        self.assertEqual(tx.state, "done")
        self.assertIn(due.payment_state, ("paid", "in_payment"))
        self.assertTrue(self.refund_line.reconciled and self.prepaid_line.reconciled)
        self.assertFalse(self.rival_line.reconciled, "another customer's credit")

    def test_autopay_settles_without_a_charge_when_credits_cover(self):
        self.company.payment_portal_credits_first = True
        due = self._invoice(self.customer, 50.0, due_in_days=-1)
        autopay = self._set_autopay(self.customer, self.token)
        self._run("autopay")
        self.assertFalse(self._txs("autopay"), "nothing charged")
        self.assertIn(due.payment_state, ("paid", "reversed"))
        self.assertEqual(self.refund_line.amount_residual, -10.0, "used in part")
        self.assertFalse(self.prepaid_line.reconciled)
        self.assertIn("settled with the customer's credits", autopay.last_result)
        self.assertTrue(
            [m for m in due.message_ids if "Applied by Auto Pay" in str(m.body)]
        )

    def test_schedule_applies_credits_first(self):
        self.company.payment_portal_credits_first = True
        invoice = self._invoice(self.customer, 200.0)
        Schedule = self.env["payment.portal.schedule"]
        schedule = Schedule._payment_portal_schedule(
            self.customer, self.token, invoice, 150.0, self.today, self.buyer
        )
        self._run("schedule")
        self.assertEqual(schedule.state, "done")
        tx = schedule.transaction_id
        self.assertEqual(tx.amount, 125.0, "at most what the credits leave")
        self.assertEqual(invoice.amount_residual, 0.0)
        self.assertTrue(self.refund_line.reconciled and self.prepaid_line.reconciled)

        # credits covering the invoice: settled, the schedule charges nothing
        covered = self._invoice(self.customer, 40.0)
        credit = self._credit_line(self._credit_note(self.customer, 45.0))
        second = Schedule._payment_portal_schedule(
            self.customer, self.token, covered, 40.0, self.today, self.buyer
        )
        self._run("schedule")
        self.assertEqual(second.state, "cancelled")
        self.assertIn("settled with the customer's credits", second.failure_reason)
        self.assertFalse(second.transaction_id)
        self.assertEqual(credit.amount_residual, -5.0)
