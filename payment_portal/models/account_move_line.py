# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The customer's open credits: credit notes and payments not yet applied,
as Odoo's invoice form lists them (*Outstanding credits*), offered on the
selection page to lower what the customer pays."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .. import const


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    payment_portal_transaction_ids = fields.Many2many(
        "payment.transaction",
        relation="payment_portal_transaction_credit_rel",
        column1="line_id",
        column2="transaction_id",
        string="Portal Payments Applying This Credit",
        readonly=True,
        copy=False,
    )

    def reconcile(self):
        """Override of `account` to leave the reconciliation of a payment
        with short-paid invoices to its plan, made right after Odoo's
        ``_create_payment`` (see ``payment.transaction.
        _payment_portal_create_short_payment``): Odoo's own would pay the
        oldest invoices first, whatever the customer chose."""
        if self.env.context.get("payment_portal_defer_reconcile"):
            return None
        return super().reconcile()

    @api.model
    def _payment_portal_credit_domain(self, partner):
        """The open credits of ``partner``'s company that it may see: the
        receivable lines Odoo's invoice form offers as *Outstanding credits*
        (posted, not reconciled, a credit with something left), of credit
        notes and payments the customer may see."""
        Move = self.env["account.move"]
        return Domain(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("balance", "<", 0),
                ("amount_residual_currency", "<", 0),
            ]
        ) & Domain("move_id", "any", Move._payment_portal_visible_domain())

    @api.model
    def _payment_portal_open_credits(self, partner, fnames=None, limit=None):
        """The customer's open credits, oldest first, in sudo, with ``fnames``
        fetched in one query."""
        # sudo: the domain restricts to the customer's own credits.
        return self.sudo().search_fetch(
            self._payment_portal_credit_domain(partner),
            fnames or ["amount_residual_currency", "currency_id", "company_id"],
            order="date, id",
            limit=limit,
        )

    def _payment_portal_available(self):
        """What these credits still take off, in their currency (positive)."""
        currency = self.currency_id[:1]
        return currency.round(-sum(self.mapped("amount_residual_currency")))

    def _payment_portal_in_flight_ids(self):
        """Ids of these credits a payment in flight is applying (one query)."""
        if not self:
            return set()
        # sudo: portal users cannot read transactions; only ids come out.
        return set(
            self.sudo()
            ._search(
                Domain("id", "in", self.ids)
                & Domain(
                    "payment_portal_transaction_ids",
                    "any",
                    self.env["payment.transaction"]._payment_portal_in_flight_query(),
                )
            )
            .get_result_ids()
        )

    def _payment_portal_statuses(self):
        """The status of each credit shown to the customer, by line id:
        available, partly used, or being applied by a payment in flight."""
        in_flight = self._payment_portal_in_flight_ids()
        statuses = {}
        for line in self:
            if line.id in in_flight:
                statuses[line.id] = "pending"
            elif line.currency_id.compare_amounts(
                line.amount_residual_currency, line.amount_currency
            ):
                statuses[line.id] = "partial"
            else:
                statuses[line.id] = "open"
        return statuses

    def _payment_portal_label(self):
        """What the customer calls this credit: a credit note, a payment."""
        self.ensure_one()
        if self.move_id.move_type == "out_refund":
            return self.env._("Credit note")
        if self.move_id.origin_payment_id:
            return self.env._("Unapplied payment")
        return self.env._("Credit")

    @api.model
    def _payment_portal_browse_credits(self, partner, line_ids):
        """The credits of ``line_ids`` that ``partner`` may apply, in sudo.

        Any id that is not one of the customer's open credits refuses the
        whole selection, with one message whatever the reason (another
        customer's, used meanwhile, hidden), so that nobody learns anything
        about the credits of others.
        """
        ids = {int(i) for i in line_ids or []}
        if not ids:
            return self.sudo().browse()
        if len(ids) > const.SELECT_MAX_IDS:
            raise UserError(self.env._("Select fewer credits."))
        # sudo: the domain restricts to the customer's own credits.
        credits = self.sudo().search(
            self._payment_portal_credit_domain(partner) & Domain("id", "in", list(ids))
        )
        if len(credits) != len(ids):
            raise UserError(
                self.env._(
                    "Some of the selected credits can no longer be applied: they "
                    "were used meanwhile. Reload the page and select them again."
                )
            )
        return credits.sorted("id")

    def _payment_portal_check_usable(self, invoices):
        """Refuse, with a message the customer understands, credits that
        cannot lower a payment of ``invoices`` now."""
        if not self:
            return
        if self.currency_id != invoices.currency_id:
            raise UserError(
                self.env._(
                    "Credits in another currency than the invoices cannot be "
                    "applied to them."
                )
            )
        if self.company_id != invoices.company_id:
            raise UserError(
                self.env._(
                    "Credits of another company than the invoices' cannot be "
                    "applied to them."
                )
            )
        accounts = invoices.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).account_id
        elsewhere = self.filtered(lambda line: line.account_id not in accounts)
        if elsewhere:
            raise UserError(
                self.env._(
                    "%(credits)s cannot be applied to these invoices. Please "
                    "contact us.",
                    credits=", ".join(elsewhere.move_id.mapped("name")),
                )
            )
        if self._payment_portal_in_flight_ids():
            raise UserError(
                self.env._(
                    "A payment applying some of these credits is already being "
                    "processed. Wait for it to complete before applying them again."
                )
            )

    def _payment_portal_apply(self, invoices):
        """Reconcile these credits with ``invoices``: the oldest amounts due
        first, as Odoo's reconciliation does; a credit larger than what is
        left is used in part and stays open for the rest."""
        credits = self.filtered(lambda line: not line.reconciled)
        receivables = invoices.line_ids.filtered(
            lambda line: (
                line.display_type == "payment_term"
                and not line.reconciled
                and line.account_id in credits.account_id
            )
        )
        if credits and receivables:
            (credits + receivables).reconcile()

    @api.model
    def _payment_portal_fields(self):
        """What the selection page shows of a credit (fetched at once)."""
        return [
            "move_id",
            "name",
            "date",
            "amount_currency",
            "amount_residual_currency",
            "currency_id",
            "company_id",
        ]

    @api.model
    def _payment_portal_credits_first(self, partner, invoices):
        """The open credits of ``partner`` that an off-session charge (Auto
        Pay, a scheduled payment) of ``invoices`` applies first, locked:
        none unless their company turned that on; those of the invoices'
        company, currency and account, not applied by a payment in flight."""
        company = invoices.company_id
        if len(company) != 1 or not company.payment_portal_credits_first:
            return self.browse()
        accounts = invoices.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).account_id
        credits = self.search(
            self._payment_portal_credit_domain(partner)
            & Domain("company_id", "=", company.id)
            & Domain("currency_id", "=", invoices.currency_id.id)
            & Domain("account_id", "in", accounts.ids),
            order="date, id",
        )
        credits = credits._payment_portal_lock_open()
        return credits - credits.browse(credits._payment_portal_in_flight_ids())

    def _payment_portal_lock_open(self):
        """Lock these credits' entries (see ``account.move.
        _payment_portal_lock``) and return those still open: not used up
        meanwhile."""
        if not self:
            return self
        self.move_id._payment_portal_lock()
        self.invalidate_recordset(["amount_residual_currency", "reconciled"])
        return self.filtered(
            lambda line: (
                not line.reconciled
                and line.currency_id.compare_amounts(line.amount_residual_currency, 0)
                < 0
            )
        )
