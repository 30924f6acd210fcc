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
                json={
                    "transaction": {
                        k: v for k, v in payload.items() if v is not None and v != ""
                    }
                },
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
            "description": self.reference[:64],
        }
        sec_code = None
        if paya_method == "ach":
            sec_code = self._paya_token_sec_code()
            self.paya_ach_sec_code = sec_code
            values["ach_sec_code"] = sec_code
        else:
            # A partial approval would charge less than asked: never.
            values["allow_partial_authorization_override"] = False
            # The card surcharge: Paya reads the saved card's BIN too.
            values.update(self._paya_surcharge_fields())
        values["product_transaction_id"] = provider._paya_product_transaction_id(
            paya_method, sec_code
        )
        record = self._paya_post_transaction(values)
        if record is not None:
            self._process("paya_connect", record)

    def _paya_token_sec_code(self):
        """The SEC code of a debit of a saved bank account. The customer
        paying with it at checkout authorizes it online: WEB. Auto Pay and
        scheduled payments are debits Odoo initiates ("The SEC codes of PPD or
        CCD indicate that this is a merchant-initiated transaction"): CCD from
        a company's account, PPD from a consumer's. Paya does not say whether a
        bank account is a business one (its type is checking or savings): the
        customer owning the saved account (a company or a person) decides."""
        self.ensure_one()
        if self.operation == "online_token":
            return const.ACH_SEC_ONLINE
        owner = (self.token_id.partner_id or self.partner_id).commercial_partner_id
        return const.ACH_SEC_BUSINESS if owner.is_company else const.ACH_SEC_CONSUMER

    def _paya_refunds(self, exclude=None):
        """The refunds of this transaction (but ``exclude``) that take or may
        take money back."""
        return self.child_transaction_ids.filtered(
            lambda child: (
                child.operation == "refund"
                and child.state in ("draft", "pending", "done")
                and child != exclude
            )
        )

    def _paya_ach_status(self):
        """The status_id Paya gives this bank payment now (read, not kept)."""
        record = self._paya_find_remote() or {}
        return int(record.get("status_id") or 0)

    def _paya_ach_not_settled(self, status):
        """The refusal to refund a bank payment Paya has not settled."""
        return UserError(
            self.env._(
                "Paya Connect has not settled bank payment %(reference)s yet "
                "(%(status)s): Paya refunds a bank payment only once it is settled, "
                "usually within a few business days. Refund it then; until then only "
                "the whole payment can be voided, on the day it was made.",
                reference=self.reference,
                status=const.STATUS_LABELS.get(status, status),
            )
        )

    def _refund(self, amount_to_refund=None):
        """Override of `payment` to refuse, before anything is created, the
        refund of a bank (ACH) payment Paya cannot take back yet: Paya refunds
        a debit "once the original transaction has reached the settled status";
        before that only a void of the whole debit, on the day it was made,
        while it is Pending Origination, takes it back ("WEB Void")."""
        if self.provider_code == "paya_connect" and self._paya_method() == "ach":
            status = self._paya_ach_status()
            full = not self._paya_refunds() and not self.currency_id.compare_amounts(
                amount_to_refund or self.amount, self.amount
            )
            if status != const.ACH_SETTLED and not (
                full and status == const.ACH_VOIDABLE
            ):
                raise self._paya_ach_not_settled(status)
        return super()._refund(amount_to_refund=amount_to_refund)

    def _send_refund_request(self):
        """Override of `payment` to refund from Odoo's refund button: a full refund of a
        card payment not yet settled is a void (nothing is charged at all); otherwise a
        refund referencing the original. A bank (ACH) payment is voided only before
        settlement and refunded only after: in full by a refund with the debit's SEC
        code (Paya: "Only a full refund is permitted"), partially by a CCD credit
        from the debit ("If you need to perform a partial refund, you must perform a
        CCD Credit from a previous transaction")."""
        if self.provider_code != "paya_connect":
            return super()._send_refund_request()
        source = self.source_transaction_id
        amount = -self.amount
        full = not source._paya_refunds(
            exclude=self
        ) and not source.currency_id.compare_amounts(amount, source.amount)
        if source._paya_method() == "ach":
            values = self._paya_ach_refund_values(source, amount, full)
        elif full and source.provider_reference and self._paya_void(source):
            values = None
        else:
            values = {
                "action": "refund",
                "payment_method": "cc",
                "previous_transaction_id": source.provider_reference,
                "transaction_amount": f"{amount:.2f}",
            }
        if values is None:
            return  # Voided.
        record = self._paya_post_transaction(values)
        if record is not None:
            self._process("paya_connect", record)

    def _paya_void(self, source, outcome_unknown_raises=False):
        """Void ``source`` at Paya for this refund; True if Paya voided it,
        False if it refused or (unless ``outcome_unknown_raises``) did not
        answer."""
        # sudo: the provider's keys are admin-only.
        provider = self.provider_id.sudo()
        try:
            answer = provider._send_api_request(
                "PUT",
                f"transactions/{source.provider_reference}",
                json={"transaction": {"action": "void"}},
                reference=self.reference,
            )
        except client.PayaRefused as error:
            _logger.info(
                "Paya Connect refused to void %s (%s).", source.reference, error
            )
            return False
        except ValidationError as error:
            if outcome_unknown_raises:
                raise
            _logger.info("Paya Connect did not void %s (%s).", source.reference, error)
            return False
        record = answer.get("transaction") or {}
        if int(record.get("status_id") or 0) != 201:
            return False
        self.provider_reference = f"{source.provider_reference}:void"
        self.paya_status_id = 201
        self._set_done(
            state_message=self.env._("Voided at Paya Connect before settlement.")
        )
        return True

    def _paya_ach_refund_values(self, source, amount, full):
        """The request refunding a bank payment, or None once it is voided.
        Before settlement, only a void of the whole payment: if Paya refuses
        it, nothing is refunded (a void Paya did not answer is an error of
        this refund: never a refund on top of a void that may have been
        done)."""
        status = source._paya_ach_status()
        if status != const.ACH_SETTLED:
            if (
                full
                and status == const.ACH_VOIDABLE
                and self._paya_void(source, outcome_unknown_raises=True)
            ):
                return None
            raise source._paya_ach_not_settled(status)
        if full:
            action = "refund"
            sec_code = source.paya_ach_sec_code or const.ACH_SEC_ONLINE
        else:
            action, sec_code = "credit", const.ACH_SEC_CREDIT
        self.paya_ach_sec_code = sec_code
        # sudo: the deposit accounts are admin-only.
        provider = self.provider_id.sudo()
        return {
            "action": action,
            "payment_method": "ach",
            "ach_sec_code": sec_code,
            "previous_transaction_id": source.provider_reference,
            "transaction_amount": f"{amount:.2f}",
            "product_transaction_id": provider._paya_product_transaction_id(
                "ach", sec_code
            ),
        }
