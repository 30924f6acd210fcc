# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import PaymentPortalActivationMixin, PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestCredits(PaymentPortalPayMixin, PaymentPortalActivationMixin, TransactionCase):
    """The customer's credit notes and unapplied payments lower what it pays."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.inv_a = cls._invoice(cls.customer, 300.0)
        cls.inv_b = cls._invoice(cls.buyer, 200.0, due_in_days=-3)
        cls.refund = cls._credit_note(cls.colleague, 120.0)
        cls.refund_line = cls._credit_line(cls.refund)
        cls.prepaid_line = cls._unapplied_payment(cls.customer, 50.0)
        cls.rival_refund_line = cls._credit_line(cls._credit_note(cls.rival, 40.0))
        cls.Line = cls.env["account.move.line"].with_user(cls.buyer_user)

    def _open_credits(self):
        return self.Line._payment_portal_open_credits(self.buyer)

    def test_open_credits_are_the_customers_outstanding_credits(self):
        self.assertEqual(self._open_credits(), self.refund_line | self.prepaid_line)
        # as Odoo's invoice form offers them to staff
        widget = self.inv_a.invoice_outstanding_credits_debits_widget
        self.assertEqual(
            {line["id"] for line in widget["content"]},
            set((self.refund_line | self.prepaid_line).ids),
        )
        # a draft credit note, a used one: not credits
        self._credit_note(self.customer, 10.0, post=False)
        used = self._credit_note(self.customer, 30.0)
        self._credit_line(used)._payment_portal_apply(
            self._invoice(self.customer, 30.0)
        )
        self.assertEqual(self._open_credits(), self.refund_line | self.prepaid_line)
        self.assertEqual(
            (self.refund_line | self.prepaid_line)._payment_portal_statuses(),
            {self.refund_line.id: "open", self.prepaid_line.id: "open"},
        )
        self.assertEqual(self.refund_line._payment_portal_label(), "Credit note")
        self.assertEqual(self.prepaid_line._payment_portal_label(), "Unapplied payment")

    def test_credits_of_others_are_refused(self):
        for ids in (
            self.rival_refund_line.ids,
            [self.refund_line.id, self.rival_refund_line.id],
            [self.inv_a.line_ids[0].id],  # not a credit
            [987654321],
        ):
            with (
                self.subTest(ids=ids),
                self._assert_refused(UserError, "can no longer be applied"),
            ):
                self.Line._payment_portal_browse_credits(self.buyer, ids)

    def test_net_amount_is_charged(self):
        invoices = self.inv_a | self.inv_b
        credits = self.refund_line | self.prepaid_line
        self.assertEqual(invoices._payment_portal_net_amount(credits), 330.0)
        self.assertEqual(
            invoices._payment_portal_prepare_payment(
                expected_amount=330.0, credits=credits
            ),
            330.0,
        )
        with self._assert_refused(UserError, "amounts due changed"):
            invoices._payment_portal_prepare_payment(
                expected_amount=500.0, credits=credits
            )
        # credits covering everything are applied, not charged (never <= 0)
        small = self._invoice(self.customer, 170.0)
        with self._assert_refused(UserError, "apply them instead"):
            small._payment_portal_prepare_payment(credits=credits)

    def test_payment_with_credits_settles_everything(self):
        invoices = self.inv_a | self.inv_b
        credits = self.refund_line | self.prepaid_line
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.demo_method.id,
                    "amount": invoices._payment_portal_prepare_payment(credits=credits),
                    "currency_id": self.currency.id,
                    "partner_id": self.buyer.id,
                    "reference": "PP-CREDITS-1",
                    "invoice_ids": [Command.set(invoices.ids)],
                    "payment_portal_credit_line_ids": [Command.set(credits.ids)],
                    "payment_portal_origin": "portal",
                    "operation": "online_direct",
                }
            )
        )
        tx._set_pending()
        self.assertEqual(
            self._open_credits()._payment_portal_statuses(),
            {self.refund_line.id: "pending", self.prepaid_line.id: "pending"},
            "credits of a payment in flight are being applied",
        )
        with self._assert_refused(UserError, "already being processed"):
            self._invoice(self.customer, 999.0)._payment_portal_prepare_payment(
                credits=self.refund_line
            )
        tx._set_done()
        tx._post_process()
        self.assertEqual(tx.payment_id.amount, 330.0)
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"), invoice.name)
        self.assertTrue(self.refund_line.reconciled)
        self.assertTrue(self.prepaid_line.reconciled)
        self.assertFalse(self._open_credits())
        self.assertEqual(self.refund.payment_state, "paid")

    def test_credit_used_meanwhile_is_refused(self):
        self.prepaid_line._payment_portal_apply(self.inv_b)  # staff applied it
        with self._assert_refused(UserError, "already been used"):
            self.inv_a._payment_portal_prepare_payment(credits=self.prepaid_line)

    def test_apply_credits_without_a_charge(self):
        # 200 due, 170 of credits: not covered
        credits = self.refund_line | self.prepaid_line
        with self._assert_refused(UserError, "do not cover"):
            self.inv_b._payment_portal_apply_credits(
                credits, expected_amount=self.inv_b._payment_portal_net_amount(credits)
            )
        self.assertEqual(self.inv_b.amount_residual, 200.0, "nothing changed")
        small = self._invoice(self.customer, 100.0)
        with self._assert_refused(UserError, "amounts due changed"):
            small._payment_portal_apply_credits(credits, expected_amount=0.0)
        small._payment_portal_apply_credits(credits, expected_amount=-70.0)
        # "reversed": Odoo's state of an invoice settled by a credit note
        self.assertIn(small.payment_state, ("paid", "reversed"))
        self.assertFalse(
            self.env["payment.transaction"].search([("invoice_ids", "in", small.ids)])
        )
        # the oldest credit first, used in part and open for the rest; the
        # other untouched
        self.assertEqual(self.refund_line.amount_residual, -20.0)
        self.assertEqual(self.prepaid_line.amount_residual, -50.0)
        self.assertEqual(self._open_credits()._payment_portal_available(), 70.0)
        self.assertEqual(
            self._open_credits()._payment_portal_statuses(),
            {self.refund_line.id: "partial", self.prepaid_line.id: "open"},
        )
        self.assertTrue(
            [
                m
                for m in small.message_ids
                if "Settled with the customer's credits" in str(m.body)
            ]
        )
        # applying again: refused, nothing changed
        with self._assert_refused(UserError, "no longer has anything to pay"):
            small._payment_portal_apply_credits(credits)

    def test_currency_and_company_must_match(self):
        euro = self.env.ref("base.EUR")
        euro.active = True
        euro_refund = self._credit_line(
            self._credit_note(self.customer, 10.0, currency=euro)
        )
        self.assertIn(euro_refund, self._open_credits())
        with self._assert_refused(UserError, "another currency"):
            self.inv_a._payment_portal_prepare_payment(credits=euro_refund)

        other_company = self.env["res.company"].create(
            {"name": "Harbor Sister Co", "currency_id": self.currency.id}
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=other_company, install_demo=False
        )
        self.env.user.company_ids |= other_company
        sister_refund = self._credit_line(
            self._invoice(
                self.customer,
                25.0,
                move_type="out_refund",
                company_id=other_company.id,
            )
        )
        self.assertEqual(sister_refund.company_id, other_company)
        with self._assert_refused(UserError, "another company"):
            self.inv_a._payment_portal_prepare_payment(credits=sister_refund)
        # off-session charges only take credits of the invoices' company
        self.company.payment_portal_credits_first = True
        self.assertNotIn(
            sister_refund,
            self.env["account.move.line"]._payment_portal_credits_first(
                self.customer, self.inv_a
            ),
        )
