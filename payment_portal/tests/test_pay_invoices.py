# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import PaymentPortalActivationMixin, PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestPayInvoices(
    PaymentPortalPayMixin, PaymentPortalActivationMixin, TransactionCase
):
    """The rules of paying a selection, as the portal customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.unpaid = cls._invoice(cls.customer, 100.0)
        cls.overdue = cls._invoice(cls.buyer, 200.0, due_in_days=-3)
        cls.partial = cls._invoice(cls.colleague, 300.0)
        cls._register_payment(cls.partial, 120.0)
        cls.paid = cls._invoice(cls.customer, 50.0)
        cls._register_payment(cls.paid, 50.0)
        cls.pending = cls._invoice(cls.customer, 75.0)
        cls._transaction(cls.pending, "pending")
        cls.draft_invoice = cls._invoice(cls.customer, 10.0, post=False)
        cls.rival_invoice = cls._invoice(cls.rival, 999.0)
        cls.Move = cls.env["account.move"].with_user(cls.buyer_user)

    @classmethod
    def _transaction(cls, invoices, state):
        tx = (
            cls.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": cls.provider.id,
                    "payment_method_id": cls.demo_method.id,
                    "amount": sum(invoices.mapped("amount_residual")),
                    "currency_id": invoices.currency_id.id,
                    "partner_id": cls.buyer.id,
                    "reference": cls.env["payment.transaction"]._compute_reference(
                        "demo"
                    ),
                    "invoice_ids": [Command.set(invoices.ids)],
                    "operation": "online_direct",
                }
            )
        )
        if state != "draft":
            tx.state = state
        return tx

    def test_statuses(self):
        ours = self.unpaid | self.overdue | self.partial | self.paid | self.pending
        self.assertEqual(
            ours._payment_portal_statuses(),
            {
                self.unpaid.id: "unpaid",
                self.overdue.id: "overdue",
                self.partial.id: "partial",
                self.paid.id: "paid",
                self.pending.id: "pending",
            },
        )

    def test_status_filters_cover_the_company_and_its_contacts(self):
        expected = {
            "all": self.unpaid | self.overdue | self.partial | self.paid | self.pending,
            "unpaid": self.unpaid | self.overdue | self.partial,
            "overdue": self.overdue,
            "pending": self.pending,
            "paid": self.paid,
        }
        domain = self.Move._payment_portal_domain(self.buyer)
        for status, invoices in expected.items():
            with self.subTest(status=status):
                found = self.Move.sudo().search(
                    domain & self.Move._payment_portal_status_domain(status)
                )
                self.assertEqual(found, invoices)

    def test_selection_refuses_what_is_not_the_customers(self):
        for ids in (
            [self.unpaid.id, self.rival_invoice.id],
            [self.draft_invoice.id],
            [self.unpaid.id, 10**9],
            [],
        ):
            with self.subTest(ids=ids), self.assertRaises(UserError):
                self.Move._payment_portal_browse_selection(self.buyer, ids)
        selection = self.Move._payment_portal_browse_selection(
            self.buyer, [str(self.unpaid.id), self.partial.id]
        )
        self.assertEqual(selection, self.unpaid | self.partial)

    def test_paid_and_in_flight_invoices_cannot_be_paid(self):
        for invoice, message in (
            (self.paid, "no longer has anything to pay"),
            (self.pending, "already being processed"),
        ):
            with (
                self.subTest(invoice=invoice.name),
                self._assert_refused(UserError, message),
            ):
                (self.unpaid | invoice)._payment_portal_prepare_payment()
        done_unreconciled = self._invoice(self.customer, 20.0)
        self._transaction(done_unreconciled, "done")
        with self._assert_refused(UserError, "already being processed"):
            done_unreconciled._payment_portal_prepare_payment()

    def test_currencies_and_companies_are_paid_separately(self):
        euro = self.env.ref("base.EUR")
        euro.active = True
        euro_invoice = self._invoice(self.customer, 80.0, currency=euro)
        with self._assert_refused(UserError, "different currencies"):
            (self.unpaid | euro_invoice)._payment_portal_prepare_payment()

        other_company = self.env["res.company"].create(
            {"name": "Harbor Sister Co", "currency_id": self.currency.id}
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=other_company, install_demo=False
        )
        self.env.user.company_ids |= other_company
        other_invoice = self._invoice(
            self.customer, 60.0, company_id=other_company.id
        ).with_company(other_company)
        self.assertEqual(other_invoice.company_id, other_company)
        with self._assert_refused(UserError, "different companies"):
            (self.unpaid | other_invoice)._payment_portal_prepare_payment()

    def test_amount_is_the_sum_due_now(self):
        selection = self.unpaid | self.overdue | self.partial
        self.assertEqual(selection._payment_portal_prepare_payment(), 480.0)
        with self._assert_refused(UserError, "amounts due changed"):
            selection._payment_portal_prepare_payment(expected_amount=600.0)
        self.assertEqual(
            selection._payment_portal_prepare_payment(expected_amount=480.0), 480.0
        )

    def test_older_draft_attempts_are_superseded(self):
        draft = self._transaction(self.unpaid, "draft")
        other_draft = self._transaction(self.overdue, "draft")
        self.unpaid._payment_portal_prepare_payment()
        self.assertEqual(draft.state, "cancel")
        self.assertEqual(other_draft.state, "draft", "other invoices untouched")
        # a superseded attempt can no longer be completed by the provider
        draft._set_done()
        self.assertEqual(draft.state, "cancel")

    def test_saved_method_charge_in_draft_is_in_flight(self):
        """The portal commits a saved-method payment before charging it: its
        draft is in flight (the charge may have gone through) until the
        redirect window ends, then it is superseded like any draft."""
        draft = self._transaction(self.unpaid, "draft")
        draft.operation = "online_token"
        with self._assert_refused(UserError, "already being processed"):
            self.unpaid._payment_portal_prepare_payment()
        self.assertEqual(
            self.unpaid._payment_portal_statuses()[self.unpaid.id], "pending"
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = now() - interval '1 day' "
            "WHERE id = %s",
            (draft.id,),
        )
        draft.invalidate_recordset()
        self.unpaid._payment_portal_prepare_payment()
        self.assertEqual(draft.state, "cancel")
