# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import PaymentPortalActivationMixin, PaymentPortalPayMixin

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class PaymentPortalDisputeMixin(PaymentPortalPayMixin):
    """An invoice to dispute, the dispute reasons, and helpers."""

    @classmethod
    def _setup_dispute_data(cls):
        cls._setup_pay_data()
        cls.company.payment_portal_disputes_enabled = True
        cls.reason = cls.env.ref("payment_portal.reason_dispute_wrong_amount")
        cls.other = cls.env.ref("payment_portal.reason_dispute_other")
        cls.short_reason = cls.env.ref("payment_portal.reason_short_payment_price")

    def _credit_note_from_accept(self, invoice):
        """Accept Dispute, as staff: Odoo's credit note wizard, a draft."""
        action = invoice.action_payment_portal_dispute_accept()
        self.assertEqual(action["res_model"], "account.move.reversal")
        reversal = (
            self.env["account.move.reversal"]
            .with_context(**action["context"])
            .create({"reason": "Dispute accepted", "journal_id": invoice.journal_id.id})
        )
        reversal.refund_moves()
        return invoice.reversal_move_ids

    def _dispute(self, invoice, reason=None, text="", message="Price is wrong", **kw):
        return invoice._payment_portal_raise_dispute(
            kw.pop("partner", self.buyer), reason or self.reason, text, message, **kw
        )


@tagged("post_install", "-at_install")
class TestDisputes(
    PaymentPortalDisputeMixin, PaymentPortalActivationMixin, TransactionCase
):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_dispute_data()
        cls.sales_user = cls.env["res.users"].create(
            {
                "name": "Sam Sales",
                "login": "pp_sam_sales",
                "group_ids": [(6, 0, cls.env.ref("account.group_account_invoice").ids)],
            }
        )
        cls.invoice = cls._invoice(
            cls.customer, 100.0, due_in_days=-3, invoice_user_id=cls.sales_user.id
        )
        cls.Move = cls.env["account.move"]

    def _close_activity_gone(self, activity):
        return not activity.exists() or not activity.active

    # --- raising -------------------------------------------------------

    def test_raise_posts_message_and_activity(self):
        self._dispute(
            self.invoice,
            attachment=("../delivery note.pdf", PDF),
            message="We were charged\n12 units, not 10.",
        )
        invoice = self.invoice
        self.assertEqual(invoice.payment_portal_dispute_state, "open")
        self.assertEqual(invoice.payment_portal_dispute_reason_id, self.reason)
        self.assertEqual(invoice.payment_portal_dispute_partner_id, self.buyer)
        self.assertTrue(invoice.payment_portal_dispute_date)
        message = invoice.message_ids.filtered(lambda m: m.author_id == self.buyer)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.message_type, "comment")
        self.assertFalse(message.subtype_id.internal, "visible in the portal")
        self.assertIn("12 units", message.body)
        self.assertIn(self.reason.name, message.body)
        self.assertEqual(message.attachment_ids.name, ".._delivery note.pdf")
        self.assertEqual(message.attachment_ids.res_id, invoice.id)
        self.assertEqual(message.attachment_ids.mimetype, "application/pdf")
        activity = invoice.payment_portal_dispute_activity_id
        self.assertEqual(activity.user_id, self.sales_user)
        self.assertEqual(
            activity.activity_type_id, self.env.ref("mail.mail_activity_data_todo")
        )

    def test_responsible_fallbacks(self):
        responsible = self.env["res.users"].create(
            {"name": "Dee Disputes", "login": "pp_dee"}
        )
        self.company.payment_portal_dispute_user_id = responsible
        invoice = self._invoice(self.customer, 50.0, invoice_user_id=False)
        self._dispute(invoice)
        self.assertEqual(
            invoice.payment_portal_dispute_activity_id.user_id, responsible
        )
        # a portal user as salesperson is not staff: the responsible again
        invoice = self._invoice(self.customer, 60.0, invoice_user_id=self.buyer_user.id)
        self._dispute(invoice)
        self.assertEqual(
            invoice.payment_portal_dispute_activity_id.user_id, responsible
        )

    def test_other_reason_needs_text(self):
        with self._assert_refused(UserError, "Describe the reason"):
            self._dispute(self.invoice, reason=self.other, text="   ")
        self.assertFalse(self.invoice.payment_portal_dispute_state)
        self._dispute(self.invoice, reason=self.other, text=" Late delivery ")
        self.assertEqual(self.invoice.payment_portal_dispute_text, "Late delivery")

    def test_refusals_change_nothing(self):
        rival_invoice = self._invoice(self.rival, 70.0)
        draft = self._invoice(self.customer, 70.0, post=False)
        paid = self._invoice(self.customer, 70.0)
        self._register_payment(paid, 70.0)
        archived = self.env.ref("payment_portal.reason_dispute_duplicate")
        archived.active = False
        cases = [
            (rival_invoice, {}, "cannot be disputed"),
            (draft, {}, "cannot be disputed"),
            (paid, {}, "cannot be disputed"),
            (self.invoice, {"reason": self.short_reason.id}, "Choose one of"),
            (self.invoice, {"reason": archived}, "Choose one of"),
            (self.invoice, {"reason": "12abc"}, "Choose one of"),
            (self.invoice, {"reason": 2**40}, "Choose one of"),
            (self.invoice, {"text": "x" * 501}, "too long"),
            (self.invoice, {"message": "  "}, "what is wrong"),
            (self.invoice, {"message": "x" * 5001}, "too long"),
            (
                self.invoice,
                {"attachment": ("a.pdf", b"%PDF" + b"0" * 5 * 2**20)},
                "too large",
            ),
            (
                self.invoice,
                {"attachment": ("a.exe", b"MZ\x90\x00binary")},
                "Attach a PDF",
            ),
        ]
        attachments = self.env["ir.attachment"].search_count([])
        for invoice, values, regex in cases:
            with self.subTest(regex=regex, values=str(values)[:40]):
                with self._assert_refused(UserError, regex):
                    self._dispute(invoice, **values)
                self.assertFalse(invoice.payment_portal_dispute_state)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        self.assertFalse(self.invoice.activity_ids)

    def test_refused_disabled_in_flight_or_disputed(self):
        self.company.payment_portal_disputes_enabled = False
        with self._assert_refused(UserError, "cannot be disputed"):
            self._dispute(self.invoice)
        self.company.payment_portal_disputes_enabled = True
        self._dispute(self.invoice)
        with self._assert_refused(UserError, "already disputed"):
            self._dispute(self.invoice)
        pending = self._invoice(self.customer, 80.0)
        self.env["payment.transaction"].create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.demo_method.id,
                "amount": 80.0,
                "currency_id": self.currency.id,
                "partner_id": self.buyer.id,
                "invoice_ids": [(6, 0, pending.ids)],
                "state": "pending",
                "reference": "PP-DISPUTE-PENDING",
            }
        )
        with self._assert_refused(UserError, "cannot be disputed"):
            self._dispute(pending)

    # --- a disputed invoice cannot be paid anywhere ------------------------

    def test_disputed_excluded_everywhere(self):
        other = self._invoice(self.customer, 40.0, due_in_days=-3)
        self._dispute(self.invoice)
        Move = self.Move
        ids = f"{self.invoice.id},{other.id}"
        self.assertEqual(Move._payment_portal_preselection(self.buyer, ids), other)
        with self._assert_refused(UserError, "cannot be paid here"):
            Move._payment_portal_browse_selection(self.buyer, self.invoice.ids)
        with self._assert_refused(UserError, "is disputed"):
            self.invoice._payment_portal_check_payable()
        with self._assert_refused(UserError, "is disputed"):
            self.invoice._payment_portal_prepare_part_payment(10.0)
        self.assertFalse(self.invoice._has_to_be_paid())
        self.assertIn("disputed", self.invoice._get_online_payment_error())
        self.assertFalse(
            self.invoice._payment_portal_leads_to_selection(self.buyer_user)
        )
        for domain in (
            Move._payment_portal_due_domain(self.buyer),  # schedule form
            Move._payment_portal_overdue_domain(self.buyer),  # home banner
            Move._payment_portal_domain(self.buyer)
            & Move._payment_portal_status_domain("unpaid"),  # home count
        ):
            found = Move.search(domain)
            self.assertIn(other, found)
            self.assertNotIn(self.invoice, found)
        statuses = (self.invoice | other)._payment_portal_statuses()
        self.assertEqual(statuses[self.invoice.id], "disputed")
        self.assertEqual(statuses[other.id], "overdue")
        disputed = Move.search(
            Move._payment_portal_listing_domain(self.buyer)
            & Move._payment_portal_status_domain("disputed")
        )
        self.assertEqual(disputed, self.invoice)
        # Auto Pay
        token = self._demo_token(self.buyer, "4242")
        autopay = self._set_autopay(self.buyer, token)
        groups = autopay._payment_portal_invoices()
        charged = sum(groups.values(), Move)
        self.assertEqual(charged, other)

    def test_schedule_skips_disputed_invoice(self):
        token = self._demo_token(self.buyer, "4242")
        Schedule = self.env["payment.portal.schedule"]
        schedule = Schedule._payment_portal_schedule(
            self.customer,
            token,
            self.invoice,
            100.0,
            fields.Date.context_today(Schedule) + timedelta(days=1),
            self.buyer,
        )
        self._dispute(self.invoice)
        schedule._payment_portal_run()
        self.assertEqual(schedule.state, "scheduled", "kept for after the dispute")
        self.assertFalse(schedule.transaction_id)
        self.assertFalse(self.invoice.transaction_ids)
        with self._assert_refused(UserError, "is disputed"):
            Schedule._payment_portal_schedule(
                self.customer,
                token,
                self.invoice,
                10.0,
                fields.Date.context_today(Schedule) + timedelta(days=1),
                self.buyer,
            )

    # --- resolving -------------------------------------------------------

    def test_reject(self):
        self._dispute(self.invoice)
        activity = self.invoice.payment_portal_dispute_activity_id
        action = self.invoice.with_user(
            self.sales_user
        ).action_payment_portal_dispute_reject()
        self.assertEqual(action["res_model"], "payment.portal.dispute.reject")
        wizard = (
            self.env["payment.portal.dispute.reject"]
            .with_user(self.sales_user)
            .with_context(**action["context"])
            .create({"reason": "Delivered 12 units: see the delivery note."})
        )
        wizard.action_reject()
        self.assertEqual(self.invoice.payment_portal_dispute_state, "rejected")
        self.assertTrue(self._close_activity_gone(activity))
        message = self.invoice.message_ids.filtered(
            lambda m: m.message_type == "comment" and "was rejected" in m.body
        )
        self.assertEqual(len(message), 1)
        self.assertIn("Delivered 12 units", message.body)
        self.assertEqual(message.message_type, "comment")
        self.assertFalse(message.subtype_id.internal)
        self.assertIn(self.buyer, message.partner_ids, "the customer is emailed")
        self.assertEqual(
            self.Move._payment_portal_preselection(self.buyer, str(self.invoice.id)),
            self.invoice,
            "payable again",
        )
        self.assertTrue(self.invoice._has_to_be_paid())
        with self._assert_refused(UserError, "no open dispute"):
            self.invoice.action_payment_portal_dispute_reject()
        with self._assert_refused(UserError, "no open dispute"):
            self.invoice._payment_portal_reject_dispute("again")

    def test_reject_needs_a_reason(self):
        self._dispute(self.invoice)
        with self._assert_refused(UserError, "why the dispute is rejected"):
            self.invoice._payment_portal_reject_dispute("  ")
        self.assertEqual(self.invoice.payment_portal_dispute_state, "open")

    def test_accept_with_credit_note(self):
        self._dispute(self.invoice)
        activity = self.invoice.payment_portal_dispute_activity_id
        credit_note = self._credit_note_from_accept(self.invoice)
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(self.invoice.payment_portal_dispute_state, "open")
        credit_note.action_post()
        self.assertEqual(self.invoice.payment_portal_dispute_state, "accepted")
        self.assertTrue(self._close_activity_gone(activity))
        message = self.invoice.message_ids.filtered(
            lambda m: m.message_type == "comment" and "was accepted" in m.body
        )
        self.assertEqual(len(message), 1)
        self.assertIn(credit_note.name, message.body)
        self.assertIn(self.buyer, message.partner_ids)

    def test_reasons_for_the_portal(self):
        Reason = self.env["payment.portal.reason"]
        reasons = Reason._payment_portal_reasons("dispute", self.company)
        self.assertIn(self.other, reasons)
        self.assertNotIn(self.short_reason, reasons)
        self.assertTrue(all(r.usage == "dispute" for r in reasons))
        other_company = self.env["res.company"].create({"name": "Elsewhere"})
        theirs = Reason.create(
            {"name": "Theirs", "usage": "dispute", "company_id": other_company.id}
        )
        self.assertNotIn(
            theirs, Reason._payment_portal_reasons("dispute", self.company)
        )
        with self._assert_refused(UserError, "Choose one of"):
            Reason._payment_portal_check_reason("dispute", theirs.id, "", self.company)
        reason, text = Reason._payment_portal_check_reason(
            "short_payment", str(self.short_reason.id), " x ", self.company
        )
        self.assertEqual((reason, text), (self.short_reason, "x"))
        # portal users read nothing of the list
        self.assertFalse(
            self.env["ir.model.access"]
            .with_user(self.buyer_user)
            .check("payment.portal.reason", "read", raise_exception=False)
        )
