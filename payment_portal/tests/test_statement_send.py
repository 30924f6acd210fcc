# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Statements of account sent by email: by staff from a contact or the
contact list, and by the monthly cron, exactly once a month."""

from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import PaymentPortalStatementMixin


@tagged("post_install", "-at_install")
class TestStatementSend(PaymentPortalStatementMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_statement_data()
        Partner = cls.env["res.partner"]
        cls.billing = Partner.create(
            {
                "name": "Harbor Payables",
                "parent_id": cls.customer.id,
                "type": "invoice",
                "email": "payables@harbor.example.com",
                "payment_portal_billing_email": True,
            }
        )
        cls.billing_2 = Partner.create(
            {
                "name": "Harbor Controller",
                "parent_id": cls.customer.id,
                "email": "controller@harbor.example.com",
                "payment_portal_billing_email": True,
            }
        )
        cls.invoice = cls._invoice(cls.customer, 420.0, due_in_days=-10)
        cls.cron = cls.env.ref("payment_portal.cron_payment_portal_statement_monthly")
        cls.Statement = cls.env["payment.portal.statement"]
        cls.invoicing = cls.env["res.users"].create(
            {
                "name": "Ivy Invoicing",
                "login": "pp_stmt_ivy",
                "email": "ivy@ptc.example.com",
                "group_ids": [(6, 0, cls.env.ref("account.group_account_invoice").ids)],
            }
        )

    def _mails(self, statements):
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "payment.portal.statement"),
                    ("res_id", "in", statements.ids),
                ],
                order="id",
            )
        )

    def _wizard(self, partners, **values):
        return (
            self.env["payment.portal.statement.send"]
            .with_user(self.invoicing)
            .with_context(active_model="res.partner", active_ids=partners.ids)
            .create(values)
        )

    def _run_cron(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _monthly(self, customer=None):
        return self.Statement.search(
            [
                ("partner_id", "=", (customer or self.customer).id),
                ("origin", "=", "monthly"),
            ],
            order="id",
        )

    # ------------------------------------------------------------------
    # Staff
    # ------------------------------------------------------------------

    def test_staff_send_from_the_contact_queues_the_pdf_to_billing_emails(self):
        action = self.buyer.with_user(
            self.invoicing
        ).action_payment_portal_send_statement()
        self.assertEqual(action["res_model"], "payment.portal.statement.send")
        self.assertEqual(action["context"]["default_partner_ids"], self.customer.ids)
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.invoicing)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.partner_ids, self.customer)
        result = wizard.action_send()
        self.assertEqual(result["params"]["type"], "success")
        statement = self.Statement.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(len(statement), 1)
        self.assertEqual(
            (statement.state, statement.kind, statement.origin, statement.create_uid),
            ("sent", "open", "staff", self.invoicing),
        )
        self.assertEqual(statement.recipient_ids, self.billing | self.billing_2)
        self.assertEqual(statement.balance, self.currency.format(420.0))
        mail = self._mails(statement)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.billing | self.billing_2)
        self.assertEqual(mail.state, "outgoing")
        self.assertIn("statement of account", mail.subject)
        self.assertIn(self.currency.format(420.0), mail.body_html)
        self.assertIn("/my/statement", mail.body_html)
        # The PDF: rendered by the mail queue when it sends the mail.
        self.assertFalse(mail.attachment_ids)
        self.assertTrue(mail.payment_portal_report_template_id)
        mail._payment_portal_attach_reports()
        self.assertEqual(len(mail.attachment_ids), 1)
        attachment = mail.attachment_ids
        self.assertTrue(attachment.name.startswith("Statement-Harbor Supplies Inc-"))
        # (tests render reports as HTML: Odoo's fallback without wkhtmltopdf)
        content = attachment.raw.decode()
        self.assertIn(self.invoice.name, content)
        self.assertIn("Statement of Account", content)
        self.assertIn("Open items as of", content)
        note = self.customer.message_ids[:1]
        self.assertIn("payables@harbor.example.com", note.body)

    def test_staff_bulk_send_one_statement_per_customer(self):
        """From the contact list: contacts of one customer count once;
        customers with nothing to state or nobody to send to are left out,
        and staff are told why."""
        self._invoice(self.rival, 90.0)
        quiet = self.env["res.partner"].create(
            {"name": "Quiet Ltd", "is_company": True, "email": "q@quiet.example.com"}
        )
        mute = self.env["res.partner"].create({"name": "Mute Ltd", "is_company": True})
        self._invoice(mute, 10.0)
        wizard = self._wizard(self.buyer | self.colleague | self.rival | quiet | mute)
        self.assertEqual(wizard.customer_count, 4)
        result = wizard.action_send()
        self.assertEqual(result["params"]["type"], "warning")
        message = result["params"]["message"]
        self.assertIn("2 statement(s) of account queued", message)
        self.assertIn("Quiet Ltd: Nothing to state", message)
        self.assertIn("Mute Ltd: No billing email address", message)
        sent = self.Statement.search([("state", "=", "sent")])
        self.assertEqual(sent.partner_id, self.customer | self.rival)
        mails = self._mails(sent)
        self.assertEqual(len(mails), 2)
        rival_mail = mails.filtered(
            lambda m: (
                m.res_id in sent.filtered(lambda s: s.partner_id == self.rival).ids
            )
        )
        self.assertEqual(
            rival_mail.recipient_ids, self.rival, "no billing address: the customer"
        )
        skipped = self.Statement.search([("state", "=", "skipped")])
        self.assertEqual(skipped.partner_id, quiet | mute)
        self.assertFalse(self._mails(skipped))

    def test_staff_send_activity_and_print(self):
        self._dated_invoice(self.customer, 100.0, 40)
        wizard = self._wizard(
            self.customer,
            kind="activity",
            date_from=self.today - timedelta(days=10),
            date_to=self.today,
        )
        wizard.action_send()
        statement = self.Statement.search([("partner_id", "=", self.customer.id)])
        self.assertEqual(
            (statement.kind, statement.date_from, statement.date_to),
            ("activity", self.today - timedelta(days=10), self.today),
        )
        self.assertEqual(statement.balance, self.currency.format(520.0))
        action = wizard.action_print()
        self.assertEqual(action["report_name"], "payment_portal.report_statement")
        self.assertEqual(action["data"]["partner_ids"], self.customer.ids)
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "payment_portal.action_report_statement", None, data=action["data"]
            )[0]
            .decode()
        )
        self.assertIn("Opening balance", html)
        self.assertIn(self.invoice.name, html)
        wizard.date_from = self.today + timedelta(days=1)
        with self._assert_refused(Exception, "start date must be on or before"):
            wizard.action_send()

    def test_contact_list_and_settings_offer_it(self):
        form = (
            self.env["res.partner"]
            .with_user(self.invoicing)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn('name="action_payment_portal_send_statement"', form)
        self.assertIn('name="payment_portal_statement_monthly"', form)
        bindings = (
            self.env["ir.actions.actions"]
            .with_user(self.invoicing)
            .get_bindings("res.partner")
        )
        action = self.env.ref("payment_portal.action_payment_portal_statement_send")
        self.assertIn(action.id, [binding["id"] for binding in bindings["action"]])
        settings = self.env["res.config.settings"].get_views([(False, "form")])
        arch = settings["views"]["form"]["arch"]
        for field in ("monthly", "kind", "day"):
            self.assertIn(f'name="payment_portal_statement_{field}"', arch)

    def test_sending_needs_invoicing_rights(self):
        internal = self.env["res.users"].create(
            {
                "name": "Ian Internal",
                "login": "pp_stmt_ian",
                "group_ids": [(6, 0, self.env.ref("base.group_user").ids)],
            }
        )
        with self.assertRaises(AccessError):
            self.env["payment.portal.statement.send"].with_user(internal).create(
                {"partner_ids": [(6, 0, self.customer.ids)]}
            )
        with self.assertRaises(AccessError):
            self.Statement.with_user(self.buyer_user).search([])

    # ------------------------------------------------------------------
    # Monthly
    # ------------------------------------------------------------------

    def test_monthly_cron_sends_once_per_month_to_customers_who_opted_in(self):
        self.company.payment_portal_statement_monthly = True
        self.customer.payment_portal_statement_monthly = True
        self._invoice(self.rival, 90.0)  # not opted in
        quiet = self.env["res.partner"].create(
            {
                "name": "Quiet Ltd",
                "is_company": True,
                "email": "q@quiet.example.com",
                "payment_portal_statement_monthly": True,
            }
        )
        self._run_cron()
        monthly = self._monthly()
        self.assertEqual(len(monthly), 1)
        self.assertEqual(
            (monthly.state, monthly.kind, monthly.period),
            ("sent", "open", f"{self.today:%Y-%m}"),
        )
        self.assertEqual(monthly.recipient_ids, self.billing | self.billing_2)
        self.assertEqual(len(self._mails(monthly)), 1)
        self.assertFalse(self._monthly(self.rival))
        self.assertFalse(self._monthly(quiet), "nothing of quiet's: not even tried")
        # A rerun the same month sends nothing, even with new invoices.
        self._invoice(self.customer, 15.0)
        self._run_cron()
        self.assertEqual(self._monthly(), monthly)
        self.assertEqual(len(self._mails(monthly)), 1)
        # Next month: the next statement.
        next_month = (self.today.replace(day=1) + timedelta(days=32)).replace(day=2)
        with freeze_time(datetime.combine(next_month, datetime.min.time())):
            self._run_cron()
            self._run_cron()
        monthly = self._monthly()
        self.assertEqual(len(monthly), 2)
        self.assertEqual(monthly[1].period, f"{next_month:%Y-%m}")
        self.assertEqual(len(self._mails(monthly)), 2)
        # Opted out: no more.
        self.customer.payment_portal_statement_monthly = False
        with freeze_time(
            datetime.combine(next_month + timedelta(days=31), datetime.min.time())
        ):
            self._run_cron()
        self.assertEqual(len(self._monthly()), 2)

    def test_monthly_cron_waits_for_the_day_and_can_send_last_months_activity(self):
        self.company.write(
            {
                "payment_portal_statement_monthly": True,
                "payment_portal_statement_kind": "activity",
                "payment_portal_statement_day": 5,
            }
        )
        self.customer.payment_portal_statement_monthly = True
        first = self.today.replace(day=1)
        last_month_end = first - timedelta(days=1)
        with freeze_time(
            datetime.combine(first + timedelta(days=3), datetime.min.time())
        ):
            self._run_cron()
        self.assertFalse(self._monthly(), "the 4th: not yet")
        with freeze_time(
            datetime.combine(first + timedelta(days=4), datetime.min.time())
        ):
            self._run_cron()
        monthly = self._monthly()
        self.assertEqual(
            (monthly.kind, monthly.date_from, monthly.date_to),
            ("activity", last_month_end.replace(day=1), last_month_end),
        )
        with self.assertRaises(ValidationError):
            self.company.payment_portal_statement_day = 29

    def test_monthly_cron_records_what_it_could_not_send(self):
        """A customer with nothing to state this month is passed over once
        (recorded, no mail); companies without monthly statements send
        nothing."""
        self.customer.payment_portal_statement_monthly = True
        self._run_cron()
        self.assertFalse(self._monthly(), "monthly statements off")
        self.company.payment_portal_statement_monthly = True
        self._register_payment(self.invoice, 420.0)
        self._run_cron()
        monthly = self._monthly()
        self.assertEqual(
            (monthly.state, monthly.note),
            ("skipped", "Nothing to state: no open item."),
        )
        self.assertFalse(self._mails(monthly))
        self._run_cron()
        self.assertEqual(self._monthly(), monthly)
