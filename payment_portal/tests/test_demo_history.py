# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The methods that give the demo its history (payment.portal.demo), on
customers of the test: what they make is what the real flows make, and the
customer's pages show it. The demo database itself is checked by
tests/integration/test_module_lifecycle.py."""

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestDemoHistory(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.Demo = cls.env["payment.portal.demo"]
        cls.paid_1 = cls._invoice(cls.customer, 100.0, due_in_days=-40)
        cls.paid_2 = cls._invoice(cls.customer, 250.0, due_in_days=-30)
        cls.pending = cls._invoice(cls.customer, 300.0, due_in_days=-5)
        cls.returned = cls._invoice(cls.customer, 410.0, due_in_days=10)
        cls.declined = cls._invoice(cls.customer, 520.0, due_in_days=15)
        cls.scheduled = cls._invoice(cls.customer, 630.0, due_in_days=20)
        cls.plan = cls._invoice(cls.customer, 900.0, due_in_days=40)
        cls.rival_due = cls._invoice(cls.rival, 700.0, due_in_days=-3)
        buyer = cls.buyer.id
        cls.card = cls.Demo._demo_token(buyer, "card", "4242", "done", 30)
        cls.bank = cls.Demo._demo_token(buyer, "ach", "6789", "pending", 20)
        cls.rival_card = cls.Demo._demo_token(
            cls.rival_user.partner_id.id, "card", "0002", "error", 10
        )
        cls.done_tx = cls.Demo._demo_pay(
            buyer, (cls.paid_1 | cls.paid_2).ids, ["done"], "card", "4242", 20
        )
        cls.pending_tx = cls.Demo._demo_pay(
            buyer, cls.pending.ids, ["pending"], "ach", "6789", 1
        )
        cls.returned_tx = cls.Demo._demo_pay(
            buyer,
            cls.returned.ids,
            ["pending", "error: Returned by the bank: R01."],
            "ach",
            "6789",
            5,
        )
        cls.declined_tx = cls.Demo._demo_pay(
            buyer, cls.declined.ids, ["error: Declined."], "card", None, 2
        )
        cls.Demo._demo_autopay(buyer, "4242")
        cls.schedule = cls.Demo._demo_schedule(
            buyer, "4242", cls.scheduled.ids, 200.0, 7
        )
        cls.installments = cls.Demo._demo_plan(buyer, "4242", cls.plan.id, [10, 40])
        cls.Demo._demo_autopay(cls.rival_user.partner_id.id, "0002", failures=3)

    def setUp(self):
        self.enable_post_process_patcher = False
        super().setUp()

    def test_tokens_are_the_customers_and_made_once(self):
        self.assertEqual(self.card.payment_method_id.code, "card")
        self.assertEqual(self.bank.payment_method_id.code, "ach_direct_debit")
        self.assertEqual(self.card.provider_id, self.provider)
        self.assertEqual(
            self.Demo._demo_token(self.buyer.id, "card", "4242", "done"), self.card
        )

    def test_done_payment_is_posted_and_reconciled(self):
        tx = self.done_tx
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.payment_portal_origin, "portal")
        self.assertEqual(tx.amount, 350.0)
        self.assertEqual(tx.payment_id.state, "paid")
        for invoice in self.paid_1 | self.paid_2:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            self.assertEqual(invoice.amount_residual, 0.0)
        self.assertTrue(tx.payment_portal_receipt_sent)

    def test_pending_and_failed_payments_leave_invoices_due(self):
        self.assertEqual(self.pending_tx.state, "pending")
        self.assertTrue(self.pending_tx.payment_portal_pending_sent)
        self.assertIn(
            self.pending,
            self.pending.search(self.pending._payment_portal_status_domain("pending")),
        )
        self.assertEqual(self.returned_tx.state, "error")
        self.assertEqual(self.returned_tx.state_message, "Returned by the bank: R01.")
        self.assertTrue(self.returned_tx.payment_portal_failure_sent)
        self.assertEqual(self.declined_tx.state, "error")
        self.assertFalse(self.declined_tx.token_id)
        for invoice in self.pending | self.returned | self.declined:
            self.assertEqual(invoice.payment_state, "not_paid")

    def test_autopay_on_and_paused_after_the_retries(self):
        self.assertEqual(self._autopay_of(self.customer).state, "on")
        self.assertEqual(self._autopay_of(self.customer).token_id, self.card)
        rival = self._autopay_of(self.rival)
        self.assertEqual(rival.state, "paused")
        self.assertEqual(rival.failures, 3)
        self.assertEqual(rival.activity_ids.mapped("summary"), ["Auto Pay paused"])
        charges = self.env["payment.transaction"].search(
            [
                ("payment_portal_origin", "=", "autopay"),
                ("token_id", "=", self.rival_card.id),
            ]
        )
        self.assertEqual(len(charges), 3)
        self.assertEqual(set(charges.mapped("state")), {"error"})
        self.assertEqual(self.rival_due.payment_state, "not_paid")

    def test_schedule_and_plan(self):
        self.assertEqual(self.schedule.state, "scheduled")
        self.assertEqual(self.schedule.amount, 200.0)
        self.assertEqual(self.schedule.requested_by_id, self.buyer)
        self.assertEqual(self.installments.mapped("installment_number"), [1, 2])
        self.assertEqual(sum(self.installments.mapped("amount")), 900.0)

    def test_a_schedule_beyond_the_amount_due_is_refused(self):
        with self.assertRaisesRegex(UserError, "above what is left to pay"):
            self.Demo._demo_schedule(
                self.buyer.id, "4242", self.scheduled.ids, 631.0, 3
            )

    def test_pages_show_the_history(self):
        self.authenticate(self.buyer_user.login, self.password)
        history = self.url_open("/my/payments").text
        for tx in self.done_tx | self.pending_tx | self.returned_tx | self.declined_tx:
            self.assertIn(tx.reference, history)
        detail = self.url_open(f"/my/payments/{self.done_tx.id}").text
        self.assertIn(self.paid_1.name, detail)
        self.assertIn("4242", detail)
        profiles = self.url_open("/my/payment_profiles").text
        self.assertIn("4242", profiles)
        self.assertIn("6789", profiles)
        scheduled = self.url_open("/my/pay/scheduled").text
        self.assertIn(self.scheduled.name, scheduled)
        self.assertIn(self.plan.name, scheduled)
        # The rival sees none of it, and its own paused Auto Pay.
        self.authenticate(self.rival_user.login, self.password)
        self.assertNotIn(self.done_tx.reference, self.url_open("/my/payments").text)
        self.assertIn("0002", self.url_open("/my/payment_profiles").text)
