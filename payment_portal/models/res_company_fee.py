# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import const

# One feature per file: res_company.py holds the portal's other settings.
# pylint: disable=consider-merging-classes-inherited


class ResCompany(models.Model):
    _inherit = "res.company"

    payment_portal_fee_mode = fields.Selection(
        [
            ("none", "None"),
            ("surcharge", "Card surcharge (a percentage)"),
            ("convenience", "Convenience fee (a flat amount)"),
        ],
        string="Card Fee",
        default="none",
        required=True,
        help="What card payments in the portal add to the invoices paid. A "
        "surcharge is a percentage of the payment, at most your card "
        "processing cost and never more than 3 %; a convenience fee is a flat "
        "amount, never charged on Auto Pay, scheduled payments or installment "
        "plans. Bank (ACH) payments never carry a fee.",
    )
    payment_portal_surcharge_rate = fields.Float(
        string="Surcharge Rate (%)",
        digits=(16, 2),
        help="The percentage of the payment added to card payments.",
    )
    payment_portal_surcharge_cap = fields.Float(
        string="Card Processing Cost (%)",
        digits=(16, 2),
        default=const.SURCHARGE_HARD_LIMIT,
        help="Your merchant discount rate: the card networks forbid a surcharge "
        "above what accepting the card costs you. The rate cannot exceed it, nor "
        "3 %.",
    )
    payment_portal_surcharge_max_amount = fields.Monetary(
        string="Maximum Surcharge per Payment",
        currency_field="currency_id",
        help="The most a surcharge adds to one payment, in the company's "
        "currency; 0: no maximum.",
    )
    payment_portal_convenience_fee = fields.Monetary(
        string="Convenience Fee",
        currency_field="currency_id",
        help="The flat amount added to a card payment made in the portal, in the "
        "company's currency.",
    )
    payment_portal_surcharge_off_session = fields.Boolean(
        string="Surcharge Auto Pay and Scheduled Payments",
        help="Card payments made by Auto Pay and scheduled payments carry the "
        "surcharge too; customers are told when they turn them on. Off: only the "
        "payments customers make themselves.",
    )
    payment_portal_surcharge_country_ids = fields.Many2many(
        "res.country",
        "payment_portal_surcharge_country_rel",
        "company_id",
        "country_id",
        string="No Surcharge in Countries",
        help="Customers whose billing address is in one of these countries are "
        "never surcharged.",
    )
    payment_portal_surcharge_state_ids = fields.Many2many(
        "res.country.state",
        "payment_portal_surcharge_state_rel",
        "company_id",
        "state_id",
        string="No Surcharge in States",
        help="Customers whose billing address is in one of these states are never "
        "surcharged (where the law forbids surcharges).",
    )
    payment_portal_fee_account_id = fields.Many2one(
        "account.account",
        string="Fee Income Account",
        domain="[('account_type', 'in', ('income', 'income_other'))]",
        check_company=True,
        help="The income account card fees are booked to, on a line of their own "
        "of the payment.",
    )
    payment_portal_fee_refund = fields.Boolean(
        string="Refunds Return the Fee",
        help="A refund of a card payment gives back its fee too (in proportion "
        "for a partial refund). Off: the fee is kept and at most the invoices' "
        "part can be refunded. Paya Connect: match the product's 'refund "
        "surcharges' setting.",
    )

    @api.constrains(
        "payment_portal_fee_mode",
        "payment_portal_surcharge_rate",
        "payment_portal_surcharge_cap",
        "payment_portal_surcharge_max_amount",
        "payment_portal_convenience_fee",
        "payment_portal_fee_account_id",
    )
    def _check_payment_portal_fee(self):
        for company in self:
            mode = company.payment_portal_fee_mode
            rate = company.payment_portal_surcharge_rate
            cap = company.payment_portal_surcharge_cap
            if cap < 0 or cap > const.SURCHARGE_HARD_LIMIT:
                raise ValidationError(
                    self.env._(
                        "The card processing cost must be between 0 and %(limit)s %%.",
                        limit=const.SURCHARGE_HARD_LIMIT,
                    )
                )
            if company.payment_portal_surcharge_max_amount < 0:
                raise ValidationError(
                    self.env._("The maximum surcharge cannot be negative.")
                )
            if company.payment_portal_convenience_fee < 0:
                raise ValidationError(
                    self.env._("The convenience fee cannot be negative.")
                )
            if mode == "none":
                continue
            if not company.payment_portal_fee_account_id:
                raise ValidationError(
                    self.env._(
                        "Choose the income account the card fees of %(company)s are "
                        "booked to.",
                        company=company.name,
                    )
                )
            if mode == "surcharge" and not 0 < rate <= cap:
                raise ValidationError(
                    self.env._(
                        "The surcharge rate must be more than 0 and at most your card "
                        "processing cost (%(cap)s %%), itself at most %(limit)s %%.",
                        cap=cap,
                        limit=const.SURCHARGE_HARD_LIMIT,
                    )
                )
            if mode == "convenience" and company.currency_id.is_zero(
                company.payment_portal_convenience_fee
            ):
                raise ValidationError(
                    self.env._("The convenience fee must be more than zero.")
                )

    # ------------------------------------------------------------------
    # The rule: what a card payment adds
    # ------------------------------------------------------------------

    def _payment_portal_card_fee(
        self, amount, currency, provider, method, partner, origin="portal"
    ):
        """The fee a payment of ``amount`` adds, by the company's rules.

        :param float amount: what the payment settles (invoices due minus
            credits, in ``currency``)
        :param provider: the ``payment.provider`` charging it
        :param method: the ``payment.method`` paying (a saved method's)
        :param partner: the customer (``res.partner``): its billing address
            decides where surcharges are forbidden
        :param str origin: ``portal`` (the customer pays now), ``autopay``
            or ``schedule`` (charged without the customer)
        :return: ``{"kind": "surcharge"|"convenience", "amount": fee,
            "rate": percent}``, or ``{}`` when nothing is added
        """
        self.ensure_one()
        mode = self.payment_portal_fee_mode
        if mode == "none" or not method._payment_portal_is_card():
            return {}
        off_session = origin in const.OFF_SESSION_ORIGINS
        if mode == "convenience":
            if off_session:
                return {}
            fee = self.currency_id._convert(
                self.payment_portal_convenience_fee,
                currency,
                self,
                fields.Date.context_today(self),
            )
            return {"kind": "convenience", "amount": fee, "rate": 0.0}
        if off_session and not self.payment_portal_surcharge_off_session:
            return {}
        if not self._payment_portal_surcharge_allowed(partner):
            return {}
        if not (
            provider._payment_portal_detects_card_type()
            or provider.payment_portal_surcharge_unknown_cards
        ):
            return {}
        rate = min(
            self.payment_portal_surcharge_rate,
            self.payment_portal_surcharge_cap,
            const.SURCHARGE_HARD_LIMIT,
        )
        fee = currency.round(amount * rate / 100.0)
        if self.payment_portal_surcharge_max_amount:
            fee = min(
                fee,
                self.currency_id._convert(
                    self.payment_portal_surcharge_max_amount,
                    currency,
                    self,
                    fields.Date.context_today(self),
                ),
            )
        if currency.is_zero(fee):
            return {}
        return {"kind": "surcharge", "amount": fee, "rate": rate}

    def _payment_portal_surcharge_allowed(self, partner):
        """Whether the billing address of ``partner`` (its company's invoice
        address) may be surcharged."""
        self.ensure_one()
        commercial = partner.commercial_partner_id
        # sudo: a portal user may not read its company's invoice address.
        billing = commercial.sudo().browse(
            commercial.sudo().address_get(["invoice"])["invoice"]
        )
        if billing.country_id in self.payment_portal_surcharge_country_ids:
            return False
        return billing.state_id not in self.payment_portal_surcharge_state_ids

    def _payment_portal_fee_notice(self, origin="portal"):
        """What a customer is told of card fees before paying (``portal``) or
        when turning Auto Pay or a schedule on (``autopay``): a sentence, or
        '' when card payments carry no fee there."""
        self.ensure_one()
        mode = self.payment_portal_fee_mode
        off_session = origin in const.OFF_SESSION_ORIGINS
        if mode == "surcharge" and (
            not off_session or self.payment_portal_surcharge_off_session
        ):
            rate = min(
                self.payment_portal_surcharge_rate,
                self.payment_portal_surcharge_cap,
                const.SURCHARGE_HARD_LIMIT,
            )
            if off_session:
                return self.env._(
                    "Card payments made automatically carry a %(rate)s %% surcharge "
                    "(not on debit or prepaid cards where the gateway can tell). "
                    "Bank payments carry no fee.",
                    rate=f"{rate:.2f}",
                )
            return self.env._(
                "Card payments carry a %(rate)s %% surcharge (not on debit or "
                "prepaid cards where the gateway can tell). Bank payments carry no "
                "fee.",
                rate=f"{rate:.2f}",
            )
        if mode == "convenience" and not off_session:
            return self.env._(
                "Card payments carry a convenience fee of %(fee)s. Bank payments "
                "carry no fee.",
                fee=self.currency_id.format(self.payment_portal_convenience_fee),
            )
        return ""
