# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Auto Pay: the invoices of a customer are charged on a saved payment method
when they fall due, by a daily cron, through Odoo's off-session charging
(operation 'offline', _charge_with_token). One record per customer (the
commercial partner: its contacts share it, whoever saved the method) and
company (the company of its payment method's provider)."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain

from .. import const
from ..batch import ExactlyOnceBatch, commit_then

_logger = logging.getLogger(__name__)

AUTOPAY_STATES = [
    ("off", "Off"),
    ("on", "On"),
    ("paused", "Paused"),
]


class PaymentPortalAutopay(models.Model):
    _name = "payment.portal.autopay"
    _description = "Auto Pay"
    _inherit = ("mail.thread", "mail.activity.mixin")
    _order = "partner_id, company_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        AUTOPAY_STATES,
        string="Auto Pay",
        default="off",
        required=True,
        copy=False,
        tracking=True,
        index=True,
        help="On: the invoices falling due are charged on the Auto Pay payment "
        "method every day. Paused: failed charges exhausted their retries; "
        "staff or the customer turn it on again.",
    )
    token_id = fields.Many2one(
        "payment.token",
        string="Auto Pay Method",
        copy=False,
        tracking=True,
        index="btree_not_null",
        domain="[('partner_id', 'child_of', partner_id), "
        "('company_id', '=', company_id)]",
        help="The saved card or bank account Auto Pay charges.",
    )
    failures = fields.Integer(
        string="Auto Pay Failures",
        readonly=True,
        copy=False,
        help="Failed charges in a row; a success resets it.",
    )
    retry_date = fields.Date(
        string="Auto Pay Next Try",
        readonly=True,
        copy=False,
        help="After a failure, Auto Pay waits until this day.",
    )
    last_run = fields.Datetime(string="Auto Pay Last Run", readonly=True, copy=False)
    last_result = fields.Char(string="Auto Pay Last Result", readonly=True, copy=False)
    next_due = fields.Date(
        string="Next Invoice Due",
        compute="_compute_due",
        help="The earliest due date of the customer's unpaid invoices.",
    )
    due_count = fields.Integer(
        string="Invoices Due for Auto Pay",
        compute="_compute_due",
        help="Unpaid invoices due today or earlier that Auto Pay charges next.",
    )

    _partner_company_uniq = models.Constraint(
        "UNIQUE(partner_id, company_id)",
        "A customer has one Auto Pay per company.",
    )

    @api.depends("partner_id", "company_id")
    def _compute_display_name(self):
        for autopay in self:
            autopay.display_name = autopay.partner_id.display_name

    @api.depends("partner_id", "company_id")
    def _compute_due(self):
        """Two grouped queries for the whole list, not two per customer."""
        Move = self.env["account.move"]
        today = fields.Date.context_today(self)
        domain = (
            Domain("commercial_partner_id", "in", self.partner_id.ids)
            & Domain("company_id", "in", self.company_id.ids)
            & Domain("move_type", "in", const.PAYABLE_MOVE_TYPES)
            & Domain("state", "=", "posted")
            & Domain("payment_state", "in", const.DUE_PAYMENT_STATES)
        )
        groupby = ["commercial_partner_id", "company_id"]
        next_due = {
            (customer, company): date
            for customer, company, date in Move._read_group(
                domain, groupby, ["invoice_date_due:min"]
            )
        }
        due_count = {
            (customer, company): count
            for customer, company, count in Move._read_group(
                domain & Domain("invoice_date_due", "<=", today), groupby, ["__count"]
            )
        }
        for autopay in self:
            key = (autopay.partner_id, autopay.company_id)
            autopay.next_due = next_due.get(key, False)
            autopay.due_count = due_count.get(key, 0)

    @api.constrains("partner_id", "state", "token_id", "company_id")
    def _check_token(self):
        for autopay in self:
            customer = autopay.partner_id
            if customer != customer.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Auto Pay belongs to the customer %(customer)s, not to "
                        "one of its contacts.",
                        customer=customer.commercial_partner_id.display_name,
                    )
                )
            token = autopay.token_id
            if autopay.state != "off" and not token:
                raise ValidationError(
                    self.env._("Choose the payment method Auto Pay charges.")
                )
            if token and token.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._(
                        "Auto Pay can only use a payment method of %(customer)s.",
                        customer=customer.display_name,
                    )
                )
            if token and token.company_id != autopay.company_id:
                raise ValidationError(
                    self.env._(
                        "Auto Pay of %(company)s can only use a payment method "
                        "of that company.",
                        company=autopay.company_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Changing Auto Pay
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_get(self, customer, company, create=False):
        """The Auto Pay of ``customer`` (its commercial partner) for
        ``company``, created (off) if asked and missing."""
        customer = customer.commercial_partner_id
        autopay = self.search(
            [("partner_id", "=", customer.id), ("company_id", "=", company.id)],
            limit=1,
        )
        if not autopay and create:
            autopay = self.create({"partner_id": customer.id, "company_id": company.id})
        return autopay

    @api.model
    def _payment_portal_check_change(self, customer, company):
        """Customers may change their own Auto Pay if ``company`` allows
        it; invoicing users always; others never."""
        user = self.env.user
        if user.share or user._is_public():
            if user.commercial_partner_id != customer:
                raise AccessError(self.env._("This is not your account."))
            if not company.payment_portal_autopay_change:
                raise UserError(
                    self.env._(
                        "Auto Pay settings can only be changed by %(company)s. "
                        "Contact them to change it.",
                        company=company.name,
                    )
                )
        elif not user.has_group("account.group_account_invoice"):
            raise AccessError(
                self.env._("Only invoicing users can change a customer's Auto Pay.")
            )

    @api.model
    def _payment_portal_set(self, customer, token=None, enabled=True, company=None):
        """Turn the Auto Pay of ``customer`` on with ``token`` (or keep the
        current method), or off, in the company of ``token`` (else
        ``company``, else the current one). A change of method or a new
        start forgets past failures. Returns the Auto Pay record (sudo)."""
        customer = customer.commercial_partner_id
        customer.ensure_one()
        company = token.company_id if token else (company or self.env.company)
        self._payment_portal_check_change(customer, company)
        if token and (
            not token.active
            or token.partner_id.commercial_partner_id != customer
            or not token.provider_id.allow_tokenization
        ):
            raise UserError(
                self.env._("This payment method cannot be used for Auto Pay.")
            )
        values = {
            "state": "on" if enabled else "off",
            "failures": 0,
            "retry_date": False,
        }
        if token:
            values["token_id"] = token.id
        # sudo: portal users cannot read or write Auto Pay; the rights were
        # checked above.
        autopay_sudo = self.sudo()._payment_portal_get(customer, company, create=True)
        autopay_sudo.write(values)
        return autopay_sudo

    @api.model
    def _payment_portal_use(self, customer, token):
        """Auto Pay on with ``token``, as its customer asked when saving it
        (checked when the request was made); past failures are forgotten."""
        # sudo: run from the provider's notification, as the public user.
        autopay_sudo = self.sudo()._payment_portal_get(
            customer, token.company_id, create=True
        )
        autopay_sudo.write(
            {"state": "on", "token_id": token.id, "failures": 0, "retry_date": False}
        )
        autopay_sudo.message_post(
            body=self.env._(
                "Auto Pay turned on with %(method)s, saved by the customer.",
                method=token.display_name,
            )
        )
        return autopay_sudo

    @api.model
    def _payment_portal_tokens_deleted(self, tokens):
        """Deleting (archiving) the Auto Pay method turns Auto Pay off, and
        its record says so."""
        # sudo: the customer archiving their token may not write Auto Pay.
        for autopay_sudo in self.sudo().search([("token_id", "in", tokens.ids)]):
            autopay_sudo.write({"state": "off", "token_id": False})
            autopay_sudo.message_post(
                body=self.env._(
                    "Auto Pay was turned off: its payment method was deleted."
                )
            )

    def action_resume(self):
        """Staff turn a paused Auto Pay on again."""
        for autopay in self:
            self._payment_portal_set(
                autopay.partner_id, enabled=True, company=autopay.company_id
            )

    def action_turn_off(self):
        for autopay in self:
            self._payment_portal_set(
                autopay.partner_id, enabled=False, company=autopay.company_id
            )

    # ------------------------------------------------------------------
    # The cron
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_retry_delays(self, value=None):
        """The retry delays in days, e.g. "1,3" -> [1, 3]."""
        if value is None:
            value = (
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("payment_portal.autopay_retry_days", "1,3")
            )
        try:
            delays = [int(part) for part in (value or "").split(",") if part.strip()]
        except ValueError:
            delays = None
        if delays is None or any(delay < 1 or delay > 60 for delay in delays):
            raise ValidationError(
                self.env._(
                    "Auto Pay retries are days between 1 and 60, separated by "
                    'commas, such as "1,3".'
                )
            )
        return delays

    @api.model
    def _cron_run(self):
        """Charge the due invoices of every customer with Auto Pay on.

        Exactly once: a charge's transaction is committed (draft) before it
        is sent, so a crash between the charge and the next commit leaves a
        draft the next run sends again (the provider is asked by reference
        first) instead of a second charge; invoices with a draft, pending or
        done payment are skipped. Each customer commits on its own.
        """
        leftovers = self.env["payment.transaction"].search(
            self._payment_portal_draft_domain()
        )
        today = fields.Date.context_today(self)
        due = self.search(
            [
                ("state", "=", "on"),
                ("token_id", "!=", False),
                "|",
                ("retry_date", "=", False),
                ("retry_date", "<=", today),
            ]
        )
        batch = ExactlyOnceBatch(self.env, "Auto Pay")
        batch.plan(leftovers, due)
        if batch.run(leftovers, self._payment_portal_send_again):
            batch.run(
                due,
                lambda autopay: autopay._payment_portal_run(),
                on_conflict=self._payment_portal_on_conflict,
                on_error=self._payment_portal_on_error,
            )

    @api.model
    def _payment_portal_draft_domain(self):
        """Auto Pay charges committed but not sent (or not known as sent)."""
        return [
            ("payment_portal_origin", "=", "autopay"),
            ("state", "=", "draft"),
            ("operation", "=", "offline"),
        ]

    @api.model
    def _payment_portal_send_again(self, tx):
        _logger.info("Auto Pay: sending again the interrupted %s", tx.reference)
        tx._payment_portal_charge_again()

    @api.model
    def _payment_portal_on_conflict(self, autopay):
        """The customer is paying these invoices right now (their rows are
        locked) or another server runs: no failure, the next run charges what
        is still due. A charge already sent (its draft committed) is
        completed now, not tomorrow. Found by the live suite (two servers'
        crons on one database)."""
        interrupted = self.env["payment.transaction"].search(
            self._payment_portal_draft_domain()
            + [("partner_id", "child_of", autopay.partner_id.id)]
        )
        for tx in interrupted:
            tx._payment_portal_charge_again()

    @api.model
    def _payment_portal_on_error(self, autopay, error):
        """Back to the last commit: the customers done before keep their
        payments, and a transaction committed before its charge stays a draft
        that the next run sends again; the failure is counted."""
        autopay._payment_portal_record(
            self.env._("Auto Pay could not run: %(error)s", error=error)
        )

    def _payment_portal_invoices(self):
        """The invoices Auto Pay charges now, grouped by (company,
        currency): posted, due today or earlier, something left to pay, no
        payment in flight, in the company of the Auto Pay method."""
        self.ensure_one()
        Move = self.env["account.move"]
        today = fields.Date.context_today(self)
        invoices = Move.search(
            Move._payment_portal_domain(self.partner_id)
            & Domain("payment_state", "in", const.DUE_PAYMENT_STATES)
            & Domain("invoice_date_due", "<=", today)
            & Domain("company_id", "=", self.token_id.provider_id.company_id.id)
            & ~Move._payment_portal_in_flight_domain(),
            order="invoice_date_due, id",
        )
        groups = {}
        for invoice in invoices:
            if invoice.currency_id.is_zero(invoice.amount_residual):
                continue
            groups.setdefault((invoice.company_id, invoice.currency_id), Move)
            groups[(invoice.company_id, invoice.currency_id)] |= invoice
        return groups

    def _payment_portal_run(self):
        """Charge this customer's due invoices: one transaction per company
        and currency, committed before it is sent."""
        self.ensure_one()
        groups = self._payment_portal_invoices()
        if not groups:
            self._payment_portal_record(self.env._("Nothing due."), outcome=None)
            return
        for (_company, currency), invoices in groups.items():
            invoices._payment_portal_lock()
            # Paid or paid for meanwhile (another tab, the other server)?
            invoices = invoices.filtered(
                lambda m: (
                    m.payment_state in const.DUE_PAYMENT_STATES
                    and not m.currency_id.is_zero(m.amount_residual)
                )
            )
            invoices -= invoices.browse(invoices._payment_portal_in_flight_ids())
            if not invoices:
                continue
            credits = self.env["account.move.line"]._payment_portal_credits_first(
                self.partner_id, invoices
            )
            amount = invoices._payment_portal_net_amount(credits)
            if credits and currency.compare_amounts(amount, 0.0) <= 0:
                invoices._payment_portal_apply_credits(
                    credits, note=self.env._("Applied by Auto Pay.")
                )
                self._payment_portal_record(
                    self.env._(
                        "%(invoices)s settled with the customer's credits; "
                        "nothing was charged.",
                        invoices=", ".join(invoices.mapped("name")),
                    ),
                    outcome="success",
                )
                continue
            tx = self.env["payment.transaction"]._payment_portal_create_offline(
                self.token_id,
                invoices,
                currency,
                origin="autopay",
                amount=amount,
                credits=credits,
            )
            # The draft is committed before the charge is sent: see the cron.
            commit_then(self.env, tx._payment_portal_charge)

    # ------------------------------------------------------------------
    # Results
    # ------------------------------------------------------------------

    def _payment_portal_record(self, message, outcome="failure"):
        """Keep the result of a run; a failure counts towards the retries,
        the last pauses Auto Pay and gives staff an activity."""
        self.ensure_one()
        # sudo: the cron and post-processing run for customers staff own.
        autopay_sudo = self.sudo()
        values = {"last_run": fields.Datetime.now(), "last_result": message}
        if outcome == "success":
            values.update(failures=0, retry_date=False)
        elif outcome == "failure":
            failures = autopay_sudo.failures + 1
            delays = self._payment_portal_retry_delays()
            values["failures"] = failures
            if failures <= len(delays):
                retry = fields.Date.context_today(self) + timedelta(
                    days=delays[failures - 1]
                )
                values["retry_date"] = retry
                note = self.env._(
                    "Auto Pay failed: %(reason)s. Next try on %(date)s.",
                    reason=message,
                    date=fields.Date.to_string(retry),
                )
            else:
                values.update(state="paused", retry_date=False)
                note = self.env._(
                    "Auto Pay failed: %(reason)s. It failed %(count)s times in a "
                    "row and is paused.",
                    reason=message,
                    count=failures,
                )
                autopay_sudo._payment_portal_alert_staff(note)
            autopay_sudo.message_post(body=note)
        autopay_sudo.write(values)

    def _payment_portal_alert_staff(self, note):
        self.ensure_one()
        responsible = (
            self.partner_id.user_id
            or self.env.ref("base.user_admin", raise_if_not_found=False)
            or self.env.user
        )
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Auto Pay paused"),
            note=note,
            user_id=responsible.id,
        )
