# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya Connect transactions: off-session charges, refunds and voids, each
sent at most once per reference."""

from odoo import models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.payment.logging import get_payment_logger

from .. import client, const

_logger = get_payment_logger(__name__, const.SENSITIVE_KEYS)

# One concern per file: payment_transaction.py holds the fields.
# pylint: disable=consider-merging-classes-inherited


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    # === CHARGES, REFUNDS AND VOIDS === #

    def _paya_post_transaction(self, values):
        """POST a transaction that moves money, at most once per reference.

        Paya is asked first whether it already has this reference (an
        earlier attempt that timed out may have gone through: "it's best to
        determine if your request was successful before attempting it a
        second time"). A request whose outcome is unknown (timeout, server
        error, unreadable answer) leaves the transaction pending and flagged;
        the cron looks it up until Paya answers. Returns Paya's record or None.
        """
        self.ensure_one()
        provider = self.provider_id.sudo()
        existing = self._paya_find_remote()
        if existing is not None:
            return existing
        payload = {
            "location_id": provider.paya_location_id,
            "transaction_api_id": self.reference,
            **values,
        }
        try:
            answer = provider._send_api_request(
                "POST",
                "transactions",
                json={"transaction": {k: v for k, v in payload.items() if v}},
                reference=self.reference,
            )
        except client.PayaRefused:
            raise  # Refused: nothing was charged.
        except ValidationError as error:
            self.paya_outcome_unknown = True
            self._set_pending(
                state_message=self.env._(
                    "Paya Connect did not confirm the request (%(error)s); Odoo checks "
                    "it again shortly.",
                    error=str(error),
                )
            )
            return None
        record = answer.get("transaction")
        if not isinstance(record, dict):
            raise ValidationError(
                self.env._("Paya Connect sent an answer that could not be read.")
            )
        return record

    def _send_payment_request(self):
        """Override of `payment` to charge the token off-session: a card sale or an ACH
        debit on the account vault, the Odoo reference as transaction_api_id."""
        if self.provider_code != "paya_connect":
            return super()._send_payment_request()
        if not self.token_id:
            raise UserError(self.env._("The transaction is not linked to a token."))
        provider = self.provider_id.sudo()
        paya_method = self._paya_method()
        values = {
            "action": const.CHARGE_ACTIONS[paya_method],
            "payment_method": paya_method,
            "account_vault_id": self.token_id.provider_ref,
            "transaction_amount": f"{self.amount:.2f}",
            "product_transaction_id": provider._paya_product_transaction_id(
                paya_method
            ),
            "description": self.reference[:64],
        }
        if paya_method == "ach":
            values["ach_sec_code"] = provider.paya_ach_sec_code or "WEB"
        record = self._paya_post_transaction(values)
        if record is not None:
            self._process("paya_connect", record)

    def _refund(self, amount_to_refund=None):
        """Override of `payment` to refuse a partial refund of an ACH debit
        before anything is created: Paya refunds ACH debits in full only
        ("Only a full refund is permitted")."""
        if self.provider_code == "paya_connect" and self._paya_method() == "ach":
            refunded = self.child_transaction_ids.filtered(
                lambda child: (
                    child.operation == "refund"
                    and child.state in ("draft", "pending", "done")
                )
            )
            amount = amount_to_refund or self.amount
            if refunded or self.currency_id.compare_amounts(amount, self.amount):
                raise UserError(
                    self.env._(
                        "Paya Connect refunds bank (ACH) payments in full only: "
                        "refund %(amount)s or nothing.",
                        amount=self.amount,
                    )
                )
        return super()._refund(amount_to_refund=amount_to_refund)

    def _send_refund_request(self):
        """Override of `payment` to refund from Odoo's refund button: a full refund of a
        transaction not yet settled is a void (nothing is charged at all); otherwise a
        refund referencing the original. Paya refunds ACH debits in full only ("Only a
        full refund is permitted")."""
        if self.provider_code != "paya_connect":
            return super()._send_refund_request()
        source = self.source_transaction_id
        provider = self.provider_id.sudo()
        paya_method = source._paya_method()
        amount = -self.amount
        refunded = sum(
            source.child_transaction_ids.filtered(
                lambda child: (
                    child.operation == "refund"
                    and child.state in ("pending", "done")
                    and child != self
                )
            ).mapped("amount")
        )
        full = (
            source.currency_id.compare_amounts(amount, source.amount) == 0
            and not refunded
        )
        if full and source.provider_reference:
            try:
                answer = provider._send_api_request(
                    "PUT",
                    f"transactions/{source.provider_reference}",
                    json={"transaction": {"action": "void"}},
                    reference=self.reference,
                )
            except ValidationError as error:
                _logger.info(
                    "Paya Connect refused to void %s (%s); refunding it instead.",
                    source.reference,
                    error,
                )
            else:
                record = answer.get("transaction") or {}
                if int(record.get("status_id") or 0) == 201:
                    self.provider_reference = f"{source.provider_reference}:void"
                    self.paya_status_id = 201
                    self._set_done(
                        state_message=self.env._(
                            "Voided at Paya Connect before settlement."
                        )
                    )
                    return
        values = {
            "action": "refund",
            "payment_method": paya_method,
            "previous_transaction_id": source.provider_reference,
            "transaction_amount": f"{amount:.2f}",
        }
        if paya_method == "ach":
            values["ach_sec_code"] = provider.paya_ach_sec_code or "WEB"
            values["product_transaction_id"] = provider._paya_product_transaction_id(
                "ach"
            )
        record = self._paya_post_transaction(values)
        if record is not None:
            self._process("paya_connect", record)
