# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Card fees (surcharges, convenience fees) of portal transactions: priced
once on the server when the transaction is created, booked to the company's
fee income account on a line of their own, returned by refunds when the
company says so."""

from odoo import api, fields, models
from odoo.exceptions import UserError

# One feature per file: payment_transaction.py holds the portal's payments.
# pylint: disable=consider-merging-classes-inherited


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    payment_portal_fee_kind = fields.Selection(
        [("surcharge", "Card surcharge"), ("convenience", "Convenience fee")],
        string="Card Fee",
        readonly=True,
        copy=False,
    )
    payment_portal_fee_amount = fields.Monetary(
        string="Fee Amount",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="The part of the amount that is a card fee, booked as income. On a "
        "refund: the part of the fee it returns.",
    )
    payment_portal_fee_rate = fields.Float(
        string="Surcharge Rate (%)", digits=(16, 2), readonly=True, copy=False
    )
    payment_portal_fee_quoted = fields.Monetary(
        string="Fee Quoted",
        currency_field="currency_id",
        readonly=True,
        copy=False,
        help="The fee the customer was told of before paying; the provider may "
        "have charged less (no surcharge on a debit card).",
    )

    # ------------------------------------------------------------------
    # Pricing
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_price(
        self, company, amount, currency, provider, method, partner, origin
    ):
        """The amount to charge for settling ``amount`` and the fee fields
        of the transaction charging it (see
        ``res.company._payment_portal_card_fee``).

        :return: ``(amount to charge, transaction values)``
        """
        fee = company._payment_portal_card_fee(
            amount, currency, provider, method, partner, origin=origin
        )
        if not fee:
            return amount, {}
        return currency.round(amount + fee["amount"]), {
            "payment_portal_fee_kind": fee["kind"],
            "payment_portal_fee_amount": fee["amount"],
            "payment_portal_fee_rate": fee["rate"],
            "payment_portal_fee_quoted": fee["amount"],
        }

    @api.model
    def _payment_portal_fee_quotes(
        self, company, amount, currency, partner, providers, methods
    ):
        """What each payment method offered adds to ``amount``, for the
        checkout to show before the customer pays.

        :return: a list of dicts: ``method`` (its name, and the provider's
            when providers differ), ``fee``, ``total``, ``kind``, ``rate``,
            ``debit_exempt`` (the provider leaves debit cards out)
        """
        quotes = []
        for method in methods:
            method_providers = method.provider_ids & providers
            priced = [
                (
                    provider,
                    company._payment_portal_card_fee(
                        amount, currency, provider, method, partner
                    ),
                )
                for provider in method_providers
            ]
            distinct = {(fee.get("kind"), fee.get("amount")) for _p, fee in priced}
            if len(distinct) > 1:
                shown = [(f"{method.name} ({p.name})", p, fee) for p, fee in priced]
            else:
                shown = [(method.name, p, fee) for p, fee in priced[:1]]
            for label, provider, fee in shown:
                quotes.append(
                    {
                        "method": label,
                        "kind": fee.get("kind", False),
                        "rate": fee.get("rate", 0.0),
                        "fee": fee.get("amount", 0.0),
                        "total": currency.round(amount + fee.get("amount", 0.0)),
                        "debit_exempt": fee.get("kind") == "surcharge"
                        and provider._payment_portal_detects_card_type(),
                    }
                )
        return quotes

    def _payment_portal_fee_charged(self, fee):
        """Book the fee the provider really charged (e.g. none: it found a
        debit card and took the surcharge out): the transaction's amount
        follows. For connectors whose provider reports it."""
        self.ensure_one()
        if not self.payment_portal_fee_kind:
            return
        fee = self.currency_id.round(max(fee, 0.0))
        if self.currency_id.compare_amounts(fee, self.payment_portal_fee_amount):
            self.write(
                {
                    "amount": self.amount - self.payment_portal_fee_amount + fee,
                    "payment_portal_fee_amount": fee,
                }
            )

    def _payment_portal_fee_label(self):
        """The fee's line on receipts and pages: 'Card surcharge (3.00 %)',
        'Convenience fee', 'No surcharge (debit or prepaid card)' when the
        provider took it out; '' without a fee."""
        self.ensure_one()
        kind = self.payment_portal_fee_kind
        if not kind:
            return ""
        if self.currency_id.is_zero(self.payment_portal_fee_amount):
            return self.env._("No surcharge (debit or prepaid card)")
        if kind == "surcharge":
            return self.env._(
                "Card surcharge (%(rate)s %%)",
                rate=f"{self.payment_portal_fee_rate:.2f}",
            )
        return self.env._("Convenience fee")

    # ------------------------------------------------------------------
    # Accounting
    # ------------------------------------------------------------------

    def _payment_portal_fee_write_off(self):
        """The payment's line booking the fee of this transaction as income
        (``account.payment``'s ``write_off_line_vals``), or [] without a fee:
        the receivable line keeps exactly what the invoices get. For a
        refund, the line takes back the part of the fee it returns."""
        self.ensure_one()
        fee = self.payment_portal_fee_amount
        if self.currency_id.is_zero(fee):
            return []
        source = self.source_transaction_id if self.operation == "refund" else self
        company = self.provider_id.company_id
        account = company.payment_portal_fee_account_id
        if not account:
            raise UserError(
                self.env._(
                    "Choose the income account of card fees in the settings of the "
                    "payment portal of %(company)s.",
                    company=company.name,
                )
            )
        sign = 1 if self.operation == "refund" else -1
        balance = self.currency_id._convert(
            fee, company.currency_id, company, fields.Date.context_today(self)
        )
        kind = dict(self._fields["payment_portal_fee_kind"].selection).get(
            source.payment_portal_fee_kind
        )
        return [
            {
                "name": self.env._(
                    "%(fee)s of %(reference)s", fee=kind, reference=source.reference
                ),
                "account_id": account.id,
                "partner_id": self.partner_id.commercial_partner_id.id,
                "currency_id": self.currency_id.id,
                "amount_currency": sign * fee,
                "balance": sign * balance,
            }
        ]

    def _create_payment(self, **extra_create_values):
        """Override of `account_payment`: a refund returning part of a card fee
        books it back out of the fee income account."""
        if self.operation == "refund" and self.payment_portal_fee_amount:
            extra_create_values = {
                **extra_create_values,
                "write_off_line_vals": [
                    *extra_create_values.get("write_off_line_vals", []),
                    *self._payment_portal_fee_write_off(),
                ],
            }
        return super()._create_payment(**extra_create_values)

    # ------------------------------------------------------------------
    # Refunds
    # ------------------------------------------------------------------

    def _payment_portal_fee_refunded(self):
        """What the refunds of this transaction returned so far: ``(amount,
        fee part)``, the refunds confirmed or in progress."""
        self.ensure_one()
        refunds = self.child_transaction_ids.filtered(
            lambda tx: (
                tx.operation == "refund"
                and tx.state != "error"
                and tx.state != "cancel"
            )
        )
        return (
            -sum(refunds.mapped("amount")),
            sum(refunds.mapped("payment_portal_fee_amount")),
        )

    def _payment_portal_refundable(self):
        """What may still be refunded of this transaction: all of it when the
        company returns fees, else the invoices' part only."""
        self.ensure_one()
        refunded, fee_refunded = self._payment_portal_fee_refunded()
        if not self.payment_portal_fee_amount or (
            self.provider_id.company_id.payment_portal_fee_refund
        ):
            return self.currency_id.round(self.amount - refunded)
        settled = self.amount - self.payment_portal_fee_amount
        return self.currency_id.round(settled - (refunded - fee_refunded))

    def _refund(self, amount_to_refund=None):
        """Override of `payment`: a transaction with a card fee the company
        keeps refunds at most the invoices' part; one returning fees returns
        the fee in proportion."""
        self.ensure_one()
        if not self.payment_portal_fee_amount:
            return super()._refund(amount_to_refund=amount_to_refund)
        refundable = self._payment_portal_refundable()
        amount = amount_to_refund or refundable
        if self.currency_id.compare_amounts(amount, refundable) > 0:
            raise UserError(
                self.env._(
                    "At most %(amount)s of this payment can be refunded: its card fee "
                    "is not refundable.",
                    amount=self.currency_id.format(refundable),
                )
            )
        return super()._refund(amount_to_refund=amount)

    def _create_child_transaction(
        self, amount, is_refund=False, **custom_create_values
    ):
        """Override of `payment`: a refund of a transaction with a card fee
        records the part of the fee it returns."""
        if is_refund and self.payment_portal_fee_amount:
            custom_create_values["payment_portal_fee_amount"] = (
                self._payment_portal_refund_fee_part(amount)
            )
        return super()._create_child_transaction(
            amount, is_refund=is_refund, **custom_create_values
        )

    def _payment_portal_refund_fee_part(self, amount):
        """The part of the fee a refund of ``amount`` returns: none when the
        company keeps fees; in proportion of the amount otherwise, the rest
        of the fee with the last refund."""
        self.ensure_one()
        if not self.provider_id.company_id.payment_portal_fee_refund:
            return 0.0
        currency = self.currency_id
        refunded, fee_refunded = self._payment_portal_fee_refunded()
        fee_left = self.payment_portal_fee_amount - fee_refunded
        if currency.compare_amounts(refunded + amount, self.amount) >= 0:
            return currency.round(fee_left)
        part = currency.round(self.payment_portal_fee_amount * amount / self.amount)
        return min(part, fee_left)


class AccountPayment(models.Model):
    _inherit = "account.payment"

    def _compute_amount_available_for_refund(self):
        """Override of `account_payment`: a card fee the company keeps cannot be
        refunded."""
        res = super()._compute_amount_available_for_refund()
        for payment in self:
            tx_sudo = payment.payment_transaction_id.sudo()
            if (
                payment.amount_available_for_refund
                and tx_sudo.payment_portal_fee_amount
            ):
                payment.amount_available_for_refund = min(
                    payment.amount_available_for_refund,
                    tx_sudo._payment_portal_refundable(),
                )
        return res
