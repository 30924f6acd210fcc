# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Statements of account sent by email: by staff, from a contact or a list
of contacts, and every month by a cron to the customers who opted in. Each
statement sent (or not sent, and why) is a record; its PDF is rendered by
the mail queue when it sends the mail. A customer gets one monthly statement
per company and month, however often the cron runs."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Command

from ..batch import ExactlyOnceBatch

_logger = logging.getLogger(__name__)

STATEMENT_KIND_SELECTION = [
    ("open", "Open items"),
    ("activity", "Activity"),
]


class PaymentPortalStatement(models.Model):
    _name = "payment.portal.statement"
    _description = "Statement of Account Sent"
    _order = "id desc"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        readonly=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    kind = fields.Selection(
        STATEMENT_KIND_SELECTION, string="Statement", required=True, readonly=True
    )
    date = fields.Date(
        string="Statement Date",
        required=True,
        readonly=True,
        default=fields.Date.context_today,
        help="Open items are aged on this date.",
    )
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    origin = fields.Selection(
        [("staff", "Sent by staff"), ("monthly", "Monthly")],
        required=True,
        readonly=True,
        default="staff",
    )
    period = fields.Char(
        string="Month",
        readonly=True,
        help="The month of a monthly statement (YYYY-MM): one per customer, "
        "company and month.",
    )
    state = fields.Selection(
        [("sent", "Sent"), ("skipped", "Not sent")],
        required=True,
        readonly=True,
        default="sent",
    )
    note = fields.Char(string="Why Not Sent", readonly=True)
    balance = fields.Char(
        readonly=True,
        help="What the customer owed (open items) or its closing balance "
        "(activity), per currency, when the statement was sent.",
    )
    recipient_ids = fields.Many2many(
        "res.partner",
        "payment_portal_statement_recipient_rel",
        "statement_id",
        "partner_id",
        string="Sent To",
        readonly=True,
    )

    _monthly_uniq = models.UniqueIndex(
        "(partner_id, company_id, period) WHERE period IS NOT NULL",
        "A customer gets one monthly statement per company and month.",
    )

    @api.depends("partner_id", "date")
    def _compute_display_name(self):
        for statement in self:
            statement.display_name = self.env._(
                "Statement of %(customer)s, %(date)s",
                customer=statement.partner_id.display_name,
                date=fields.Date.to_string(statement.date),
            )

    def _payment_portal_document(self):
        """What the PDF prints of this statement."""
        self.ensure_one()
        return self.partner_id._payment_portal_statement(
            self.company_id, self.kind, self.date_from, self.date_to, self.date
        )

    def _payment_portal_url(self):
        """The customer's statement in the portal (the mail's button)."""
        self.ensure_one()
        if not self.company_id.payment_portal_enabled:
            return False
        return f"{self.company_id.get_base_url()}/my/statement"

    # ------------------------------------------------------------------
    # Sending
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_recipients(self, customer):
        """Who receives ``customer``'s statements: its billing email
        addresses, else the customer itself when it has an email."""
        billing = customer._payment_portal_billing_recipients()
        return billing or customer.sudo().filtered("email")

    @api.model
    def _payment_portal_send(
        self,
        customer,
        company,
        kind="open",
        date_from=False,
        date_to=False,
        origin="staff",
        period=False,
    ):
        """Queue the statement of ``customer`` (its commercial partner) in
        ``company`` to its billing email addresses, with the PDF the mail
        queue renders; nothing is sent when there is nothing to state or
        nobody to send it to. Returns the statement record: sent, or not
        sent with the reason."""
        customer = customer.commercial_partner_id
        date = fields.Date.context_today(self)
        statement = customer._payment_portal_statement(
            company, kind, date_from, date_to, date
        )
        values = {
            "partner_id": customer.id,
            "company_id": company.id,
            "kind": kind,
            "date": date,
            "date_from": date_from,
            "date_to": date_to,
            "origin": origin,
            "period": period,
            "balance": customer._payment_portal_statement_balances(statement),
        }
        recipients = self._payment_portal_recipients(customer)
        reason = None
        if not statement["sections"]:
            reason = (
                self.env._("Nothing to state: no open item.")
                if kind == "open"
                else self.env._("Nothing to state: no activity and no balance.")
            )
        elif not recipients:
            reason = self.env._("No billing email address and no email.")
        if reason:
            return self.create({**values, "state": "skipped", "note": reason})
        record = self.create({**values, "recipient_ids": [Command.set(recipients.ids)]})
        template = self.env.ref("payment_portal.mail_template_statement")
        # sudo: whoever sends (staff, the cron) need not manage templates.
        # The PDF is rendered by the mail queue when it sends the mail (see
        # mail.mail._payment_portal_attach_reports), not here.
        template.sudo().with_context(payment_portal_defer_reports=True).send_mail(
            record.id,
            force_send=False,
            email_values={
                "recipient_ids": [Command.link(p.id) for p in recipients],
                "payment_portal_report_template_id": template.id,
            },
        )
        # sudo: the cron's note on the customer, as staff's.
        customer.sudo().message_post(
            body=self.env._(
                "Statement of account (%(kind)s) sent to %(emails)s.",
                kind=dict(self._fields["kind"]._description_selection(self.env))[kind],
                emails=", ".join(recipients.mapped("email")),
            ),
            subtype_xmlid="mail.mt_note",
        )
        _logger.info(
            "Statement of account of partner %s queued (%s)", customer.id, origin
        )
        return record

    # ------------------------------------------------------------------
    # The monthly cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_send_monthly(self):
        """Send this month's statement to every customer who opted in, in
        each company sending monthly statements whose day has come. Exactly
        once per customer, company and month: a customer is committed with
        its statement (sent or not, and why), and a later run of the month
        passes it over."""
        today = fields.Date.context_today(self)
        period = f"{today:%Y-%m}"
        companies = self.env["res.company"].search(
            [
                ("payment_portal_statement_monthly", "=", True),
                ("payment_portal_statement_day", "<=", today.day),
            ]
        )
        work = [
            (company, self._payment_portal_monthly_customers(company, period))
            for company in companies
        ]
        batch = ExactlyOnceBatch(self.env, "Monthly statements")
        batch.plan(*(customers for _company, customers in work))
        for company, customers in work:
            if not batch.run(
                customers,
                lambda customer, company=company: self._payment_portal_send_monthly(
                    customer, company, period
                ),
            ):
                return

    @api.model
    def _payment_portal_monthly_customers(self, company, period):
        """The customers who opted in, with receivables in ``company`` and
        no statement of ``period`` there yet."""
        done = self.search(
            [("company_id", "=", company.id), ("period", "=", period)]
        ).partner_id
        customers = (
            self.env["res.partner"]
            .search([("payment_portal_statement_monthly", "=", True)], order="id")
            .commercial_partner_id
            - done
        )
        if not customers:
            return customers
        # sudo: the cron's user may not read journal items; only partners
        # come out.
        with_items = (
            self.env["account.move.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id.commercial_partner_id", "in", customers.ids),
                    ("company_id", "=", company.id),
                    ("parent_state", "=", "posted"),
                    ("account_id.account_type", "=", "asset_receivable"),
                ],
                ["partner_id"],
            )
        )
        keep = self.env["res.partner"].union(
            *(partner.commercial_partner_id for [partner] in with_items)
        )
        return customers & keep

    @api.model
    def _payment_portal_send_monthly(self, customer, company, period):
        """This month's statement of ``customer`` in ``company``, unless it
        was sent meanwhile: the open items on the day, or last month's
        activity, as the company chose."""
        if self.search_count(
            [
                ("partner_id", "=", customer.id),
                ("company_id", "=", company.id),
                ("period", "=", period),
            ],
            limit=1,
        ):
            return
        kind = company.payment_portal_statement_kind
        date_from = date_to = False
        if kind == "activity":
            date_to = fields.Date.context_today(self).replace(day=1) - timedelta(days=1)
            date_from = date_to.replace(day=1)
        self.with_company(company)._payment_portal_send(
            customer,
            company,
            kind,
            date_from,
            date_to,
            origin="monthly",
            period=period,
        )
