# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Scheduled payments and installment plans: a customer asks for a saved
payment method to be charged an amount on a day, for chosen invoices."""

import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain

from .. import const
from ..batch import ExactlyOnceBatch, commit_then

_logger = logging.getLogger(__name__)

SCHEDULE_STATES = [
    ("scheduled", "Scheduled"),
    ("processing", "Processing"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]


class PaymentPortalSchedule(models.Model):
    _name = "payment.portal.schedule"
    _description = "Scheduled Customer Payment"
    _inherit = "mail.thread"
    _order = "date, id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
    )
    requested_by_id = fields.Many2one(
        "res.partner",
        string="Scheduled By",
        help="The contact who scheduled it in the portal.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one("res.currency", required=True)
    token_id = fields.Many2one(
        "payment.token",
        string="Payment Method",
        required=True,
        ondelete="restrict",
        tracking=True,
    )
    amount = fields.Monetary(required=True, tracking=True)
    date = fields.Date(required=True, tracking=True, index=True)
    invoice_ids = fields.Many2many(
        "account.move",
        "payment_portal_schedule_invoice_rel",
        "schedule_id",
        "invoice_id",
        string="Invoices",
        required=True,
        check_company=True,
    )
    state = fields.Selection(
        SCHEDULE_STATES,
        required=True,
        default="scheduled",
        tracking=True,
        index=True,
    )
    transaction_id = fields.Many2one(
        "payment.transaction", readonly=True, copy=False, index=True
    )
    failure_reason = fields.Char(readonly=True, copy=False)
    installment_number = fields.Integer(
        help="In an installment plan: the rank of this payment."
    )
    installment_count = fields.Integer(
        help="In an installment plan: how many payments the plan has."
    )

    _amount_positive = models.Constraint(
        "CHECK(amount > 0)", "A scheduled payment must be for a positive amount."
    )

    @api.depends("amount", "date", "currency_id")
    def _compute_display_name(self):
        for schedule in self:
            schedule.display_name = self.env._(
                "%(amount)s on %(date)s",
                amount=schedule.currency_id.format(schedule.amount),
                date=fields.Date.to_string(schedule.date),
            )

    # ------------------------------------------------------------------
    # Validation of what a customer asks
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_validate(
        self, customer, token, invoices, amount, date, exclude=None
    ):
        """Check a schedule a customer asks for; raise UserError with what
        is wrong. Returns the currency of the invoices."""
        today = fields.Date.context_today(self)
        if not invoices:
            raise UserError(self.env._("Choose at least one invoice to pay."))
        foreign = invoices.filtered(
            lambda m: (
                m.commercial_partner_id != customer
                or m.state != "posted"
                or m.move_type not in const.PAYABLE_MOVE_TYPES
            )
        )
        if foreign:
            raise UserError(self.env._("Some of these invoices cannot be paid here."))
        invoices._payment_portal_check_payable()
        if (
            not token
            or not token.active
            or (token.partner_id.commercial_partner_id != customer)
        ):
            raise UserError(self.env._("Choose one of your saved payment methods."))
        if token.provider_id.company_id != invoices.company_id:
            raise UserError(
                self.env._("This payment method cannot pay invoices of this company.")
            )
        if not date or date < today:
            raise UserError(self.env._("Choose a date today or later."))
        currency = invoices.currency_id
        if currency.compare_amounts(amount or 0.0, 0.0) <= 0:
            raise UserError(self.env._("Enter an amount greater than zero."))
        due = invoices._payment_portal_amount_due()
        others = self.sudo().search(
            [
                ("invoice_ids", "in", invoices.ids),
                ("state", "in", ("scheduled", "processing")),
                ("id", "not in", (exclude or self).ids),
            ]
        )
        available = due - sum(others.mapped("amount"))
        if currency.compare_amounts(amount, available) > 0:
            raise UserError(
                self.env._(
                    "The amount is above what is left to pay on these invoices: "
                    "%(available)s (amounts due %(due)s, already scheduled "
                    "%(scheduled)s).",
                    available=currency.format(max(available, 0.0)),
                    due=currency.format(due),
                    scheduled=currency.format(due - available),
                )
            )
        return currency

    @api.model
    def _payment_portal_values(self, token, invoices, currency, amount, date):
        """The values of a scheduled payment of ``amount`` (rounded) on
        ``date`` from ``token``, for ``invoices`` (checked before: see
        ``_payment_portal_validate``)."""
        return {
            "company_id": invoices.company_id.id,
            "currency_id": currency.id,
            "token_id": token.id,
            "amount": currency.round(amount),
            "date": date,
            "invoice_ids": [Command.set(invoices.ids)],
        }

    @api.model
    def _payment_portal_schedule(
        self, customer, token, invoices, amount, date, requested_by
    ):
        """Schedule the payment ``requested_by`` (a contact of ``customer``)
        asks for, once checked (``_payment_portal_validate``)."""
        currency = self._payment_portal_validate(
            customer, token, invoices, amount, date
        )
        # sudo: portal users cannot create schedules; all was checked above.
        return self.sudo().create(
            {
                "partner_id": customer.id,
                "requested_by_id": requested_by.id,
                **self._payment_portal_values(token, invoices, currency, amount, date),
            }
        )

    def _payment_portal_change(self, token, invoices, amount, date):
        """Change this scheduled payment as its customer asks, once checked:
        still to run, and valid beside the customer's other schedules."""
        self.ensure_one()
        self._payment_portal_check_editable()
        currency = self._payment_portal_validate(
            self.partner_id, token, invoices, amount, date, exclude=self
        )
        values = self._payment_portal_values(token, invoices, currency, amount, date)
        # the company stays the schedule's (as before this method existed)
        del values["company_id"]
        self.write(values)

    @api.model
    def _payment_portal_of_customer(self, customer, domain=None):
        """The scheduled payments of ``customer`` (a commercial partner), in
        sudo; ``domain`` narrows them (the id a browser sent: one that is not
        theirs finds nothing)."""
        # sudo: portal users have no access to schedules; the domain keeps
        # the customer's own.
        return self.sudo().search(
            Domain("partner_id", "=", customer.id) & Domain(domain or Domain.TRUE)
        )

    def _payment_portal_check_editable(self):
        for schedule in self:
            if schedule.state != "scheduled":
                raise UserError(
                    self.env._(
                        "This payment is %(state)s: it can no longer be changed.",
                        state=dict(SCHEDULE_STATES)[schedule.state].lower(),
                    )
                )

    def action_cancel(self):
        self._payment_portal_check_editable()
        self.write({"state": "cancelled"})

    # ------------------------------------------------------------------
    # The cron
    # ------------------------------------------------------------------

    @api.model
    def _cron_run_due(self):
        """Charge the scheduled payments of the day, exactly once: each is
        marked processing with its draft transaction and committed before
        the charge is sent; a run interrupted after that sends the same
        transaction again (providers are asked by reference first)."""
        today = fields.Date.context_today(self)
        leftovers = self.search(
            [("state", "=", "processing"), ("transaction_id.state", "=", "draft")]
        )
        due = self.search([("state", "=", "scheduled"), ("date", "<=", today)])
        batch = ExactlyOnceBatch(self.env, "Scheduled payments")
        batch.plan(leftovers, due)
        if batch.run(
            leftovers,
            lambda schedule: schedule.transaction_id._payment_portal_charge_again(),
        ):
            batch.run(
                due,
                lambda schedule: schedule._payment_portal_run(),
                on_conflict=self._payment_portal_on_conflict,
                on_error=self._payment_portal_on_error,
            )

    @api.model
    def _payment_portal_on_conflict(self, schedule):
        """Its invoices are being paid right now (rows locked): left
        scheduled, the next run charges what is still due. A charge already
        sent (its draft committed) is completed now."""
        tx = schedule.transaction_id
        if schedule.state == "processing" and tx.state == "draft":
            tx._payment_portal_charge_again()

    @api.model
    def _payment_portal_on_error(self, schedule, error):
        """Interrupted after its transaction was committed, it may have been
        charged: left processing, the next run sends that transaction again;
        otherwise the schedule failed."""
        if schedule.state == "scheduled":
            schedule.write({"state": "failed", "failure_reason": str(error)[:250]})

    def _payment_portal_run(self):
        """Charge this schedule: its amount, at most what is still due on its
        invoices (some may have been paid meanwhile)."""
        self.ensure_one()
        invoices = self.invoice_ids
        invoices._payment_portal_lock()
        due = invoices.filtered(
            lambda m: (
                m.state == "posted"
                and m.payment_state in const.DUE_PAYMENT_STATES
                and not m.currency_id.is_zero(m.amount_residual)
            )
        )
        invoices = due - due.browse(due._payment_portal_in_flight_ids())
        # disputed: skipped while the dispute is open (paid again if rejected)
        invoices = invoices.filtered(lambda m: m.payment_portal_dispute_state != "open")
        if due and not invoices:
            # Every invoice left is being paid (Auto Pay, the customer) or
            # disputed: left scheduled, the next run charges what is then
            # due, if anything. Found by the live suite (Auto Pay and
            # schedules on two servers).
            _logger.info(
                "Scheduled payment %s: invoices being paid or disputed, later", self.id
            )
            return
        credits = self.env["account.move.line"]._payment_portal_credits_first(
            self.partner_id, invoices
        )
        left = invoices._payment_portal_net_amount(credits) if invoices else 0.0
        if invoices and credits and self.currency_id.compare_amounts(left, 0.0) <= 0:
            invoices._payment_portal_apply_credits(
                credits, note=self.env._("Applied by a scheduled payment.")
            )
            self.write(
                {
                    "state": "cancelled",
                    "failure_reason": self.env._(
                        "Its invoices were settled with the customer's credits; "
                        "nothing was charged."
                    ),
                }
            )
            return
        amount = min(self.amount, left) if due else 0
        if not invoices or self.currency_id.compare_amounts(amount, 0.0) <= 0:
            self.write(
                {
                    "state": "cancelled",
                    "failure_reason": self.env._(
                        "Nothing was left to pay on its invoices."
                    ),
                }
            )
            return
        if not self.token_id.active:
            self.write(
                {
                    "state": "failed",
                    "failure_reason": self.env._("Its payment method was deleted."),
                }
            )
            return
        tx = self.env["payment.transaction"]._payment_portal_create_offline(
            self.token_id,
            invoices,
            self.currency_id,
            origin="schedule",
            amount=amount,
            credits=credits,
        )
        tx.payment_portal_schedule_id = self
        self.write({"state": "processing", "transaction_id": tx.id})
        commit_then(self.env, tx._payment_portal_charge)

    def _payment_portal_outcome(self, tx):
        """The charge of this schedule ended (post-processing)."""
        self.ensure_one()
        if tx.state == "done":
            self.write({"state": "done", "failure_reason": False})
        elif tx.state in ("error", "cancel"):
            reason = tx.state_message or tx.state
            self.write({"state": "failed", "failure_reason": reason})
            self.partner_id.message_post(
                body=self.env._(
                    "The scheduled payment %(payment)s failed: %(reason)s",
                    payment=self.display_name,
                    reason=reason,
                )
            )

    # ------------------------------------------------------------------
    # Installment plans
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_create_plan(
        self, customer, token, invoice, dates, requested_by
    ):
        """Split the amount due of ``invoice`` into ``len(dates)`` scheduled
        payments (equal, the rounding on the last), within the company's
        limits."""
        company = invoice.company_id
        today = fields.Date.context_today(self)
        dates = sorted(dates)
        if not 2 <= len(dates) <= company.payment_portal_installments_max:
            raise UserError(
                self.env._(
                    "A plan has between 2 and %(max)s payments.",
                    max=company.payment_portal_installments_max,
                )
            )
        if len(set(dates)) != len(dates):
            raise UserError(self.env._("Choose a different date for each payment."))
        last = today + timedelta(days=company.payment_portal_installments_days)
        if dates[0] < today or dates[-1] > last:
            raise UserError(
                self.env._(
                    "Choose dates from today to %(last)s.",
                    last=fields.Date.to_string(last),
                )
            )
        currency = invoice.currency_id
        due = invoice._payment_portal_amount_due()
        share = currency.round(due / len(dates))
        amounts = [share] * (len(dates) - 1) + [
            currency.round(due - share * (len(dates) - 1))
        ]
        self._payment_portal_validate(customer, token, invoice, due, dates[0])
        # sudo: portal users cannot create schedules; all was checked above.
        return self.sudo().create(
            [
                {
                    "partner_id": customer.id,
                    "requested_by_id": requested_by.id,
                    **self._payment_portal_values(
                        token, invoice, currency, amount, date
                    ),
                    "installment_number": rank,
                    "installment_count": len(dates),
                }
                for rank, (date, amount) in enumerate(
                    zip(dates, amounts, strict=True), start=1
                )
            ]
        )

    @api.model
    def _payment_portal_term_installments(self, customer):
        """Upcoming installments of Odoo payment terms on the customer's
        unpaid invoices: (invoice, due date, amount) of each open term line
        due later than the invoice's first one."""
        Move = self.env["account.move"]
        # sudo: the domain keeps the customer's own invoices.
        invoices = Move.sudo().search(
            Move._payment_portal_domain(customer)
            & Domain("payment_state", "in", const.DUE_PAYMENT_STATES)
        )
        installments = []
        for invoice in invoices:
            lines = invoice.line_ids.filtered(
                lambda line: line.display_type == "payment_term" and not line.reconciled
            ).sorted("date_maturity")
            terms = invoice.line_ids.filtered(
                lambda line: line.display_type == "payment_term"
            )
            if len(terms) < 2:
                continue
            for line in lines:
                installments.append(
                    (invoice, line.date_maturity, abs(line.amount_residual_currency))
                )
        return sorted(installments, key=lambda item: item[1])
