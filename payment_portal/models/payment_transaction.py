# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError
from odoo.fields import Command, Domain
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import consteq

from odoo.addons.payment import utils as payment_utils

from .. import const
from ..batch import commit_then

_logger = logging.getLogger(__name__)


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    payment_portal_origin = fields.Selection(
        [
            ("portal", "Customer Payment Portal"),
            ("autopay", "Auto Pay"),
            ("schedule", "Scheduled Payment"),
        ],
        readonly=True,
        copy=False,
        help="Set on the transactions of the customer payment portal: they get "
        "its receipt, pending and failure emails.",
    )
    payment_portal_autopay_requested = fields.Boolean(
        readonly=True,
        copy=False,
        help="The customer ticked 'Use this payment method for Auto Pay' when "
        "saving the payment method of this transaction.",
    )
    payment_portal_schedule_id = fields.Many2one(
        "payment.portal.schedule",
        string="Scheduled Payment",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    payment_portal_credit_line_ids = fields.Many2many(
        "account.move.line",
        relation="payment_portal_transaction_credit_rel",
        column1="transaction_id",
        column2="line_id",
        string="Credits Applied",
        readonly=True,
        copy=False,
        help="The customer's credits (credit notes, unapplied payments) this "
        "payment applies to its invoices: it charges their amount due minus "
        "these credits.",
    )
    payment_portal_short_ids = fields.One2many(
        "payment.portal.short.payment",
        "transaction_id",
        string="Short Payments",
        readonly=True,
        help="Invoices the customer pays less than the amount due of, with "
        "the reason given.",
    )

    def _post_process(self):
        """Override of `payment`.

        Email the customer about portal payments, once per kind of mail.

        Runs after account_payment created and reconciled the payment of done
        transactions, so that the receipt speaks of invoices actually paid.

        A portal transaction that another request is post-processing or
        updating at this very moment (its row is locked: the customer's status
        page, the post-processing cron, a provider's notification) is left
        for the next attempt, not flagged, instead of failing: the customer's
        status page showed an error and the log an ERROR. Found by the live
        suite (postbacks, the status page and the cron at the same instant).
        """
        busy = self.browse()
        for tx in self.filtered("payment_portal_origin"):
            try:
                tx.lock_for_update()
            except LockError:
                busy |= tx
        if busy:
            _logger.info(
                "Post-processing of %s left for later: being updated elsewhere",
                ", ".join(busy.mapped("reference")),
            )
        txs = self - busy
        res = super(PaymentTransaction, txs)._post_process()
        for tx in txs.filtered("payment_portal_short_ids"):
            if tx.state == "done" and tx.payment_id:
                tx.payment_portal_short_ids._payment_portal_done()
            elif tx.state in ("error", "cancel"):
                tx.payment_portal_short_ids.filtered(
                    lambda s: s.state == "pending"
                ).state = "cancel"
        for tx in txs.filtered(lambda t: t.payment_portal_origin == "autopay"):
            tx._payment_portal_autopay_outcome()
        for tx in txs.filtered("payment_portal_schedule_id"):
            tx.payment_portal_schedule_id._payment_portal_outcome(tx)
        for tx in txs.filtered("payment_portal_origin"):
            if tx.state == "done" and tx.payment_id:
                tx._payment_portal_send_mail("receipt")
            elif tx.state == "pending":
                tx._payment_portal_send_mail("pending")
            elif (
                tx.state in ("error", "cancel") and tx._payment_portal_failure_mailed()
            ):
                tx._payment_portal_send_mail("failure")
        return res

    def _create_payment(self, **extra_create_values):
        """Override of `account_payment`.

        Create and reconcile the payment of a portal transaction in the
        order the Register Payment wizard does, which is much cheaper for a
        payment of many invoices:

        - without re-synchronising the dynamic lines (terms, taxes, rounding)
          of the posted invoices: reconciling changes residuals, never an
          invoice's lines, and the wizard creates and reconciles under
          ``skip_invoice_sync`` too;
        - linking the invoices to the payment (``invoice_ids``) once it is
          reconciled rather than at its creation: linked earlier, every write
          on the payment while it is posted re-evaluates the reconciled
          payments of all its invoices.

        Together they halve the time of paying 200 invoices (see
        tests/benchmarks). The customer's credits the transaction applies
        are reconciled with the invoices first. Any other transaction takes
        the native path.
        """
        invoices = self.invoice_ids
        if not self.payment_portal_origin or any(
            invoice.state != "posted" for invoice in invoices
        ):
            return super()._create_payment(**extra_create_values)
        if self.payment_portal_short_ids:
            return self._payment_portal_create_short_payment(**extra_create_values)
        # The credits first, then the payment for the rest: together they
        # settle the invoices (the payment charged their difference).
        self.payment_portal_credit_line_ids.with_context(
            skip_invoice_sync=True
        )._payment_portal_apply(invoices)
        payment = super(
            PaymentTransaction, self.with_context(skip_invoice_sync=True)
        )._create_payment(
            **{
                "invoice_ids": self.env["account.move"],
                # the card fee on an income line: the invoices get the rest
                "write_off_line_vals": self._payment_portal_fee_write_off(),
                **extra_create_values,
            }
        )
        payment.invoice_ids |= invoices
        return payment.with_env(self.env)

    def _payment_portal_create_short_payment(self, **extra_create_values):
        """The payment of a selection with short-paid invoices: each gets
        exactly what the customer chose, the others their amount due.

        Odoo reconciles a payment with its invoices oldest first, whatever
        their amounts; the payment therefore has a receivable line per
        short-paid invoice of exactly its amount (Odoo's
        ``write_off_line_vals``, as for early-payment discounts), and is
        reconciled by plan (``payment.portal.short.payment.
        _payment_portal_reconcile``).
        """
        invoices = self.invoice_ids
        shorts = self.payment_portal_short_ids
        company = self.provider_id.company_id
        write_offs = shorts._payment_portal_write_off_lines(
            self.currency_id, company, fields.Date.context_today(self)
        )
        payment = super(
            PaymentTransaction,
            self.with_context(
                skip_invoice_sync=True, payment_portal_defer_reconcile=True
            ),
        )._create_payment(
            **{
                "invoice_ids": self.env["account.move"],
                "write_off_line_vals": write_offs
                + self._payment_portal_fee_write_off(),
                **extra_create_values,
            }
        )
        shorts._payment_portal_reconcile(
            payment, write_offs, invoices, self.payment_portal_credit_line_ids
        )
        payment.invoice_ids |= invoices
        return payment.with_env(self.env)

    @api.model
    def _payment_portal_in_flight_query(self):
        """The transactions in flight, as a query: pending or authorized, or
        done but not yet turned into a reconciled payment; or still a draft
        that may complete without the customer: an off-session charge (Auto
        Pay, schedules) being sent, a hosted payment page opened less than
        its validity ago (the customer may still pay there), or a recent
        saved-method charge (committed before it is sent: a draft left by a
        request that died may have been charged; the provider's polling
        tells). Their invoices and credits cannot go in another payment.
        """
        redirect_limit = fields.Datetime.now() - timedelta(
            minutes=self._payment_portal_redirect_minutes()
        )
        # sudo: portal users cannot read transactions; only ids come out.
        return self.sudo()._search(
            Domain("state", "in", const.IN_FLIGHT_TX_STATES)
            | (
                Domain("state", "=", "done")
                & Domain("payment_id", "=", False)
                & Domain("operation", "!=", "validation")
            )
            | (
                Domain("state", "=", "draft")
                & (
                    Domain("operation", "=", "offline")
                    | (
                        Domain("operation", "in", ("online_redirect", "online_token"))
                        & Domain("create_date", ">", redirect_limit)
                    )
                )
            )
        )

    @api.model
    def _payment_portal_redirect_minutes(self):
        """How long a payment started on a provider's page may still
        complete there (Paya's hosted page links live 15 minutes): until then
        its invoices cannot be paid again, nor its draft superseded."""
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("payment_portal.redirect_minutes", "20")
        )
        try:
            return max(int(value), 0)
        except ValueError:
            return 20

    def _tokenize(self, payment_data):
        """Override of `payment`.

        A method saved with 'Use this payment method for Auto Pay' ticked
        becomes the customer's Auto Pay method."""
        res = super()._tokenize(payment_data)
        for tx in self.filtered(lambda t: t.payment_portal_autopay_requested):
            if tx.token_id:
                self.env["payment.portal.autopay"]._payment_portal_use(
                    tx.partner_id, tx.token_id
                )
        return res

    # ------------------------------------------------------------------
    # Off-session charges (Auto Pay, scheduled payments)
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_create_offline(
        self, token, invoices, currency, origin, amount=None, credits=None
    ):
        """A draft off-session transaction charging ``token`` for
        ``invoices`` (their amount due unless ``amount`` is given), applying
        the customer's ``credits`` (``account.move.line``) first, plus the
        card fee the company charges off-session (surcharges only, when
        allowed)."""
        amount = invoices._payment_portal_amount_due() if amount is None else amount
        provider = token.provider_id
        company = invoices.company_id[:1] or provider.company_id
        amount, fee_values = self._payment_portal_price(
            company,
            amount,
            currency,
            provider,
            token.payment_method_id,
            token.partner_id,
            origin,
        )
        # sudo: the cron or a portal user creates it for the customer.
        return self.sudo().create(
            {
                "provider_id": provider.id,
                "payment_method_id": token.payment_method_id.id,
                "token_id": token.id,
                "amount": amount,
                "currency_id": currency.id,
                "partner_id": token.partner_id.id,
                "operation": "offline",
                "reference": self._compute_reference(
                    provider.code, prefix=company.get_next_batch_payment_communication()
                ),
                "invoice_ids": [Command.set(invoices.ids)],
                "payment_portal_credit_line_ids": [
                    Command.set(credits.ids if credits else [])
                ],
                "payment_portal_origin": origin,
                **fee_values,
            }
        )

    def _payment_portal_charge(self):
        """Send this off-session charge and post-process its result (the
        receipt, pending or failure mail, the reconciliation). A provider
        refusing before anything was charged fails the transaction."""
        self.ensure_one()
        try:
            self._charge_with_token()
        except UserError as error:  # e.g. the provider was disabled meanwhile
            self._set_error(str(error))
        if self.state in ("pending", "authorized", "done", "error", "cancel"):
            self._post_process()

    def _payment_portal_commit_then_charge(self):
        """Commit this draft saved-method payment, then send its charge.

        The draft is committed before the charge is sent: if the request
        dies after the provider charged (worker killed, database down), the
        transaction still exists, with the reference the provider knows the
        charge by, and the provider's polling finds it. Sent in the same
        transaction, the charge would be lost with its rollback. Until then
        the invoices are in flight (see
        ``account.move._payment_portal_in_flight_domain``).
        """
        self.ensure_one()
        commit_then(self.env, self._charge_with_token)

    def _payment_portal_charge_again(self):
        """Send again an off-session charge left in draft (its run was
        interrupted after the draft was committed, so it may have been
        charged: providers are asked by reference first). A conflict with
        another run leaves it to the next one."""
        self.ensure_one()
        try:
            self._payment_portal_charge()
            # A conflict surfaces here, not in the caller's commit.
            self.env.flush_all()
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            self.env.cr.rollback()
            _logger.info(
                "%s conflicts with another run: sent again by the next one",
                self.reference,
            )

    def _payment_portal_autopay_outcome(self):
        """Count the result of an Auto Pay charge on the customer's Auto Pay
        (of the company of the charge)."""
        self.ensure_one()
        # sudo: post-processing may run as the public user (a notification).
        autopay = (
            self.env["payment.portal.autopay"]
            .sudo()
            ._payment_portal_get(self.partner_id, self.company_id)
        )
        if not autopay:  # deleted by staff since the charge
            return
        amount = self.currency_id.format(self.amount)
        if self.state == "done":
            autopay._payment_portal_record(
                self.env._(
                    "Paid %(amount)s (%(ref)s).", amount=amount, ref=self.reference
                ),
                outcome="success",
            )
        elif self.state in ("pending", "authorized"):
            autopay._payment_portal_record(
                self.env._(
                    "Payment of %(amount)s pending (%(ref)s).",
                    amount=amount,
                    ref=self.reference,
                ),
                outcome=None,
            )
        elif self.state in ("error", "cancel"):
            autopay._payment_portal_record(
                self.env._(
                    "%(ref)s of %(amount)s failed: %(reason)s",
                    ref=self.reference,
                    amount=amount,
                    reason=self.state_message or self.state,
                ),
                outcome="failure",
            )

    def _log_message_on_linked_documents(self, message):
        """Override of `account_payment`.

        Log on the invoices of a portal payment in one batch: the same note
        as native, without one message_post (and its notification machinery)
        per invoice, which made paying a few hundred invoices slow."""
        self.ensure_one()
        if not self.payment_portal_origin or self.source_transaction_id:
            return super()._log_message_on_linked_documents(message)
        author = (
            self.env.user.partner_id
            if self.env.su or self.env.context.get("payment_backend_action")
            else self.partner_id
        )
        invoices = self._get_invoices_to_notify()
        if invoices:
            # sudo: as native message_post on invoices the customer may not write.
            invoices.sudo()._message_log_batch(
                dict.fromkeys(invoices.ids, message), author_id=author.id
            )

    # ------------------------------------------------------------------
    # Who may open a payment's page, and the links of the emails
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_history_domain(self, partner):
        """The payments the customer of ``partner`` sees in their history."""
        return Domain(
            [
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    partner.commercial_partner_id.id,
                ),
                ("invoice_ids", "!=", False),
                ("operation", "!=", "validation"),
                ("state", "!=", "draft"),
            ]
        )

    @api.model
    def _payment_portal_history(self, partner, limit=None, offset=0):
        """The payments of the customer of ``partner``, newest first, in sudo
        (``_payment_portal_history_domain``)."""
        # sudo: portal users have no access to transactions; the domain keeps
        # the customer's own.
        return self.sudo().search(
            self._payment_portal_history_domain(partner),
            order="create_date desc, id desc",
            limit=limit,
            offset=offset,
        )

    @api.model
    def _payment_portal_history_count(self, partner):
        """How many payments the customer of ``partner`` sees."""
        # sudo: as in _payment_portal_history().
        return self.sudo().search_count(self._payment_portal_history_domain(partner))

    def _payment_portal_history_status(self):
        """The status of this payment shown to the customer (a key of
        ``_payment_portal_history_status_labels``): a done payment refunded
        since is shown refunded."""
        self.ensure_one()
        if self.state == "done" and self.child_transaction_ids.filtered(
            lambda t: t.operation == "refund" and t.state == "done"
        ):
            return "refunded"
        return const.TX_HISTORY_STATUSES[self.state]

    @api.model
    def _payment_portal_history_status_labels(self):
        """The customer's words for each status of their payments."""
        return {
            "pending": self.env._("Pending"),
            "done": self.env._("Done"),
            "failed": self.env._("Failed"),
            "refunded": self.env._("Refunded"),
        }

    def _payment_portal_access_token(self):
        """The signature of this payment's page in emails: it opens this
        payment only, for whoever has the email (a billing contact or a
        customer without a login)."""
        self.ensure_one()
        return payment_utils.generate_access_token(
            "payment_portal.payment",
            self.id,
            self.partner_id.commercial_partner_id.id,
            env=self.env,
        )

    @api.model
    def _payment_portal_get_portal_payment(self, tx_id, user, access_token=None):
        """The payment ``tx_id`` (sudo) if ``user`` may see its page, else an
        empty recordset.

        A signed-in user sees the payments of their own company only, with or
        without a token: a link forwarded to another company's user shows
        them nothing. A visitor who is not signed in needs the payment's
        access token (from the payment's emails).
        """
        # sudo: customers have no access to transactions; the domain below
        # (the customer's company) or the access token restricts to theirs.
        txs_sudo = self.sudo()
        if not isinstance(tx_id, int) or tx_id <= 0:
            return txs_sudo
        if not user._is_public():
            return txs_sudo.search(
                self._payment_portal_history_domain(user.partner_id)
                & Domain("id", "=", tx_id),
                limit=1,
            )
        if not access_token or not isinstance(access_token, str):
            return txs_sudo
        tx_sudo = txs_sudo.browse(tx_id).exists()
        if (
            not tx_sudo
            or not tx_sudo.filtered_domain(
                self._payment_portal_history_domain(tx_sudo.partner_id)
            )
            # bytes: compare_digest refuses non-ASCII strings
            or not consteq(
                access_token.encode(), tx_sudo._payment_portal_access_token().encode()
            )
        ):
            return txs_sudo.browse()
        return tx_sudo

    def _payment_portal_payment_url(self):
        """The absolute, signed address of this payment's page."""
        self.ensure_one()
        return (
            f"{self.get_base_url()}/my/payments/{self.id}"
            f"?access_token={self._payment_portal_access_token()}"
        )

    def _payment_portal_failure_url(self):
        """Where the button of the failure email leads: the selection page
        with the same invoices for a customer who signs in, else the signed
        payment page, which shows the failure and the invoices."""
        self.ensure_one()
        if self.partner_id.portal_access_state != "active" or not self.invoice_ids:
            return self._payment_portal_payment_url()
        return self.get_base_url() + self.invoice_ids._payment_portal_selection_url()

    def _payment_portal_masked_method(self):
        """The payment method as the customer may see it (masked)."""
        self.ensure_one()
        method = self.payment_method_id.name or self.provider_id.name or ""
        details = self._payment_portal_masked_details()
        return f"{method} •••• {details[-4:]}" if details else method

    def _payment_portal_masked_details(self):
        """The last digits of the card or account, if known: the token's by
        default; providers that return them on every payment add theirs."""
        self.ensure_one()
        return self.token_id.payment_details or ""
