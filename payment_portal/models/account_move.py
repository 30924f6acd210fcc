# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, float_compare

from .. import const


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------
    # What a customer sees
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_domain(self, partner):
        """The invoices a customer (and every contact of its company) may pay."""
        return Domain(
            [
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("move_type", "in", const.PAYABLE_MOVE_TYPES),
                ("state", "=", "posted"),
                # disputed: neither selected nor charged (account_move_dispute.py)
                ("payment_portal_dispute_state", "!=", "open"),
            ]
        )

    @api.model
    def _payment_portal_listing_domain(self, partner):
        """What the selection page lists: the invoices of
        ``_payment_portal_domain`` and the customer's credit notes."""
        return Domain(
            [
                ("commercial_partner_id", "=", partner.commercial_partner_id.id),
                ("move_type", "in", const.LISTED_MOVE_TYPES),
                ("state", "=", "posted"),
            ]
        )

    def _message_get_default_recipients(self, with_cc=False, all_tos=False):
        """Override of `mail`.

        Invoices also go to the customer's billing email addresses."""
        result = super()._message_get_default_recipients(
            with_cc=with_cc, all_tos=all_tos
        )
        billing_of = {}  # one search per customer, not per invoice
        for move in self.filtered(lambda m: m.is_sale_document(include_receipts=True)):
            customer = move.commercial_partner_id
            if customer not in billing_of:
                billing_of[customer] = customer._payment_portal_billing_recipients()
            billing = billing_of[customer]
            if billing and move.id in result:
                ids = result[move.id].setdefault("partner_ids", [])
                ids.extend(pid for pid in billing.ids if pid not in ids)
        return result

    @api.model
    def _payment_portal_visible_domain(self):
        """What customers may see: invoices dated today or earlier, for the
        companies that hide future-dated ones (as the record rule
        ``account_move_future_hidden_rule``, for searches made in sudo)."""
        # sudo: the companies' portal setting, read to build the domain.
        hiding = (
            self.env["res.company"]
            .sudo()
            .search([("payment_portal_hide_future_invoices", "=", True)])
        )
        if not hiding:
            return Domain.TRUE
        return (
            Domain("company_id", "not in", hiding.ids)
            | Domain("invoice_date", "=", False)
            | Domain("invoice_date", "<=", fields.Date.today())
        )

    @api.model
    def _payment_portal_in_flight_domain(self):
        """Invoices a payment is being made for (see
        ``payment.transaction._payment_portal_in_flight_query``)."""
        return Domain(
            "transaction_ids",
            "any",
            self.env["payment.transaction"]._payment_portal_in_flight_query(),
        )

    @api.model
    def _payment_portal_status_domain(self, status):
        today = fields.Date.context_today(self)
        due = Domain("payment_state", "in", const.DUE_PAYMENT_STATES)
        in_flight = self._payment_portal_in_flight_domain()
        payable = Domain("move_type", "in", const.PAYABLE_MOVE_TYPES)
        return {
            "all": Domain.TRUE,
            "unpaid": payable & due & ~in_flight,
            "overdue": payable
            & due
            & ~in_flight
            & Domain("invoice_date_due", "<", today),
            "pending": payable & due & in_flight,
            "paid": payable & Domain("payment_state", "in", const.PAID_PAYMENT_STATES),
            "credit": Domain("move_type", "=", "out_refund"),
            "disputed": payable
            & due
            & Domain("payment_portal_dispute_state", "=", "open"),
        }[status]

    def _payment_portal_in_flight_ids(self):
        """Ids of these invoices with a payment in flight (one query)."""
        if not self:
            return set()
        # sudo: see _payment_portal_in_flight_domain().
        return set(
            self.sudo()
            ._search(
                Domain("id", "in", self.ids) & self._payment_portal_in_flight_domain()
            )
            .get_result_ids()
        )

    def _payment_portal_statuses(self):
        """The status of each invoice shown to the customer, by invoice id."""
        today = fields.Date.context_today(self)
        in_flight = self._payment_portal_in_flight_ids()
        statuses = {}
        for move in self:
            if move.move_type == "out_refund":
                statuses[move.id] = "credit"
            elif move.payment_state in const.PAID_PAYMENT_STATES:
                statuses[move.id] = "paid"
            elif move.payment_portal_dispute_state == "open":
                statuses[move.id] = "disputed"
            elif move.id in in_flight:
                statuses[move.id] = "pending"
            elif move.invoice_date_due and move.invoice_date_due < today:
                statuses[move.id] = "overdue"
            elif move.payment_state == "partial":
                statuses[move.id] = "partial"
            else:
                statuses[move.id] = "unpaid"
        return statuses

    # ------------------------------------------------------------------
    # Entry points: /my/pay?select=<id>,<id>,...
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_preselection(self, partner, raw_ids):
        """The invoices named by ``raw_ids`` (``"12,15,18"``, as in
        ``/my/pay?select=``) that ``partner`` may pay now, in sudo.

        Anything else is left out without a word, so that nobody learns about
        the invoices of others: malformed parts, ids of another customer,
        hidden, paid or cancelled invoices, invoices with a payment in flight.
        What is kept can go in one payment: the invoices of the currency and
        company of the first kept id (in the order given).
        """
        # sudo: the domain restricts to the customer's own invoices.
        none = self.sudo().browse()
        if not isinstance(raw_ids, str) or not partner:
            return none
        ids = []
        for part in raw_ids.split(",", const.SELECT_MAX_IDS * 2)[
            : const.SELECT_MAX_IDS * 2
        ]:
            part = part.strip()
            # ASCII digits only: int() also reads "²" or " 1_0 "
            if part.isascii() and part.isdigit() and len(part) < 10:
                value = int(part)
                if value and value not in ids:
                    ids.append(value)
        ids = ids[: const.SELECT_MAX_IDS]
        if not ids:
            return none
        invoices = self.sudo().search(
            self._payment_portal_domain(partner)
            & self._payment_portal_visible_domain()
            & self._payment_portal_status_domain("unpaid")
            & Domain("id", "in", ids)
        )
        if not invoices:
            return none
        rank = {invoice_id: index for index, invoice_id in enumerate(ids)}
        first = min(invoices, key=lambda m: rank[m.id])
        return invoices.filtered(
            lambda m: (
                m.currency_id == first.currency_id and m.company_id == first.company_id
            )
        ).sorted("id")

    def _payment_portal_selection_url(self):
        """The selection page with these invoices ticked (the contract of
        every entry point: home, Odoo's invoice pages, emails)."""
        if not self:
            return "/my/pay"
        return "/my/pay?select=" + ",".join(str(i) for i in sorted(self.ids))

    @api.model
    def _payment_portal_due_domain(self, partner):
        """The invoices of a customer with an amount due that it may see:
        what it may schedule a payment of."""
        return (
            self._payment_portal_domain(partner)
            & self._payment_portal_visible_domain()
            & Domain("payment_state", "in", const.DUE_PAYMENT_STATES)
        )

    @api.model
    def _payment_portal_overdue_domain(self, partner):
        """The overdue invoices a customer can pay now: what the home banner
        counts and what it preselects."""
        return (
            self._payment_portal_domain(partner)
            & self._payment_portal_visible_domain()
            & self._payment_portal_status_domain("overdue")
        )

    def _payment_portal_leads_to_selection(self, user):
        """Whether Odoo's page of this invoice leads ``user`` to the selection
        page (its breadcrumb, its Pay button): a signed-in customer (portal
        user), of a company with the portal on, whose company's invoice this
        is. Anyone else (someone opening an emailed link without signing in,
        staff) keeps Odoo's own flow."""
        self.ensure_one()
        if (
            not user.share
            or user._is_public()
            or not self.env.company.payment_portal_enabled
        ):
            return False
        # sudo: the domain restricts to the customer's own invoices.
        return bool(
            self.sudo().search_count(
                self._payment_portal_domain(user.partner_id)
                & self._payment_portal_visible_domain()
                & Domain("id", "=", self.id),
                limit=1,
            )
        )

    # ------------------------------------------------------------------
    # Paying a selection
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_browse_selection(self, partner, invoice_ids):
        """The invoices of ``invoice_ids`` that ``partner`` may pay, in sudo.

        Any id that is not one of the customer's payable invoices refuses the
        whole selection, with one message whatever the reason, so that nobody
        learns anything about the invoices of others.
        """
        ids = {int(i) for i in invoice_ids or []}
        if not ids:
            raise UserError(self.env._("Select at least one invoice to pay."))
        # sudo: the domain restricts to the customer's own invoices.
        invoices = self.sudo().search(
            self._payment_portal_domain(partner)
            & self._payment_portal_visible_domain()
            & Domain("id", "in", list(ids))
        )
        if len(invoices) != len(ids):
            raise UserError(
                self.env._(
                    "Some of the selected invoices cannot be paid here. Reload the "
                    "page and select them again."
                )
            )
        return invoices.sorted("id")

    def _payment_portal_check_payable(self):
        """Refuse, with a message the customer understands, invoices that cannot
        go in one payment now."""
        if len(self.currency_id) > 1:
            raise UserError(
                self.env._(
                    "Invoices in different currencies cannot be paid together. Pay "
                    "the invoices of each currency separately."
                )
            )
        if len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "Invoices issued by different companies cannot be paid together. "
                    "Pay the invoices of each company separately."
                )
            )
        settled = self.filtered(
            lambda m: (
                m.payment_state in const.PAID_PAYMENT_STATES
                or m.currency_id.is_zero(m.amount_residual)
            )
        )
        if settled:
            raise UserError(
                self.env._(
                    "%(invoices)s no longer has anything to pay.",
                    invoices=", ".join(settled.mapped("name")),
                )
            )
        in_flight_ids = self._payment_portal_in_flight_ids()
        in_flight = self.filtered(lambda m: m.id in in_flight_ids)
        if in_flight:
            raise UserError(
                self.env._(
                    "A payment of %(invoices)s is already being processed. Wait "
                    "for it to complete before paying again.",
                    invoices=", ".join(in_flight.mapped("name")),
                )
            )

    def _payment_portal_amount_due(self):
        """What the selection costs now: the sum of the amounts due."""
        currency = self.currency_id[:1]
        return currency.round(sum(self.mapped("amount_residual")))

    def _payment_portal_check_selection(self, expected_amount, credits, shorts=None):
        """Lock and re-check the invoices, ``credits`` and ``shorts`` of a
        selection; return its net amount (see
        ``_payment_portal_prepare_payment``)."""
        credits = credits or self.env["account.move.line"]
        self._payment_portal_lock()
        self._payment_portal_check_payable()
        used = credits - credits._payment_portal_lock_open()
        if used:
            raise UserError(
                self.env._(
                    "%(credits)s has already been used. Reload the page and select "
                    "your credits again.",
                    credits=", ".join(used.move_id.mapped("name")),
                )
            )
        credits._payment_portal_check_usable(self)
        for short in shorts or ():
            short._payment_portal_check(short.invoice_id, short.amount)
        amount = self._payment_portal_net_amount(credits, shorts)
        if expected_amount is not False and self._payment_portal_amount_changed(
            expected_amount, credits, shorts
        ):
            raise self._payment_portal_amount_changed_error(amount)
        # Older payment attempts left in draft (a closed tab, a double click)
        # are superseded: cancelled, they can no longer complete.
        # sudo: transactions are not readable by portal users.
        # (Drafts that may still complete are in flight: refused above.)
        drafts = (
            self.env["payment.transaction"]
            .sudo()
            .search(
                (
                    Domain("invoice_ids", "in", self.ids)
                    | Domain("payment_portal_credit_line_ids", "in", credits.ids)
                )
                & Domain("state", "=", "draft")
                & Domain("operation", "!=", "offline")
            )
        )
        drafts._set_canceled(
            state_message=self.env._("Replaced by a newer payment attempt.")
        )
        return amount

    def _payment_portal_apply_credits(self, credits, expected_amount=False, note=None):
        """Settle these invoices with the customer's ``credits`` alone, when
        they cover them: no payment provider involved. A credit larger than
        what it covers is used in part and stays open for the rest.

        :param note: who applied them, for the invoices' chatter (default:
            the customer, from the portal)
        """
        amount = self._payment_portal_check_selection(expected_amount, credits)
        if self.currency_id.compare_amounts(amount, 0.0) > 0:
            raise UserError(
                self.env._(
                    "The selected credits do not cover these invoices: %(amount)s "
                    "is left to pay.",
                    amount=self.currency_id.format(amount),
                )
            )
        credits.with_context(skip_invoice_sync=True)._payment_portal_apply(self)
        if note is None:
            note = self.env._(
                "Applied from the customer portal by %(user)s.",
                user=self.env.user.partner_id.name,
            )
        body = self.env._(
            "Settled with the customer's credits %(credits)s. %(note)s",
            credits=", ".join(credits.move_id.mapped("name")),
            note=note,
        )
        for invoice in self:
            invoice.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _payment_portal_lock(self):
        """Serialize concurrent payments of the same invoices.

        A row lock alone is not enough: Odoo's transactions are REPEATABLE
        READ, so a request that waited for the lock still reads the snapshot
        it took before, without the first request's transaction, and would
        charge again. The rows are therefore updated (a no-op write): once
        the first request commits, the waiting one fails with a
        serialization error, and Odoo retries it on a fresh snapshot, where
        it sees the first payment (in flight: refused; a draft: superseded).
        Found by the live suite (two sessions paying at the same instant).
        """
        if not self:
            return
        # The serialization errors are expected (that is the point): not
        # logged as failed queries; the callers handle them.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM account_move WHERE id IN %s ORDER BY id FOR UPDATE",
                tuple(self.ids),
            ),
            log_exceptions=False,
        )
        self.env.cr.execute(
            SQL("UPDATE account_move SET id = id WHERE id IN %s", tuple(self.ids)),
            log_exceptions=False,
        )
        self.invalidate_recordset(["amount_residual", "payment_state"])

    def _payment_portal_net_amount(self, credits=None, shorts=None):
        """What the selection costs now: the amounts due of these invoices
        (or what the customer chose to pay of them: ``shorts``,
        ``payment.portal.short.payment``) minus what ``credits``
        (``account.move.line``) still take off; negative when the credits
        exceed them."""
        chosen = shorts._payment_portal_amounts() if shorts else {}
        amount = sum(
            chosen.get(invoice.id, invoice.amount_residual) for invoice in self
        )
        if credits:
            amount -= credits._payment_portal_available()
        return self.currency_id[:1].round(amount)

    def _payment_portal_amount_changed(self, shown_amount, credits=None, shorts=None):
        """Whether the net amount of this selection is no longer
        ``shown_amount``, the total the customer was shown (``None``: what
        the browser sent back was not a number)."""
        return shown_amount is None or bool(
            float_compare(
                shown_amount,
                self._payment_portal_net_amount(credits, shorts),
                precision_rounding=self.currency_id.rounding,
            )
        )

    def _payment_portal_amount_changed_error(self, amount):
        """The refusal of a payment of this selection, whose amounts due
        changed since the customer saw them: it now totals ``amount``."""
        return UserError(
            self.env._(
                "The amounts due changed since this page was shown: the "
                "selected invoices now total %(amount)s. Reload the page to see "
                "the new figures.",
                amount=self.currency_id.format(amount),
            )
        )

    def _payment_portal_prepare_payment(
        self, expected_amount=False, credits=None, shorts=None
    ):
        """Lock, re-check and price the selection right before a transaction.

        :param expected_amount: the total the customer was shown, as the
            browser sent it back (a float, or ``None`` when it was not a
            number); if the amounts due changed since, the payment is
            refused. ``False`` (the default): not checked.
        :param credits: the customer's credits (``account.move.line``) the
            payment applies: they lower the amount charged, which must stay
            above zero (else they are applied without a payment:
            ``_payment_portal_apply_credits``).
        :param shorts: what the customer chose to pay less of
            (``payment.portal.short.payment``), checked again.
        :return: the amount to charge
        """
        amount = self._payment_portal_check_selection(expected_amount, credits, shorts)
        if self.currency_id.compare_amounts(amount, 0.0) <= 0:
            raise UserError(
                self.env._(
                    "The selected credits cover these invoices: apply them "
                    "instead of paying."
                )
            )
        return amount

    def _payment_portal_prepare_part_payment(self, amount):
        """Lock and re-check this invoice right before a payment of
        ``amount``, an installment or a part of its amount due: more than
        zero, at most the amount due (``None``: the browser's amount was not
        a number)."""
        self.ensure_one()
        # as the payment of a selection: never while a payment is in flight
        self._payment_portal_lock()
        self._payment_portal_check_payable()
        residual = self.amount_residual
        currency = self.currency_id
        if (
            amount is None
            or currency.compare_amounts(amount, 0.0) <= 0
            or currency.compare_amounts(amount, residual) > 0
        ):
            raise UserError(
                self.env._(
                    "The amount to pay must be more than zero and at most the amount "
                    "due (%(amount)s).",
                    amount=currency.format(residual),
                )
            )
