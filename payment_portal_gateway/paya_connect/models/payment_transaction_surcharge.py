# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Card surcharges at Paya Connect (``Fee Details.md``): the portal's
surcharge goes to Paya as ``subtotal_amount`` + ``surcharge_amount``, on the
hosted page and on saved-card charges; Paya reads the card's BIN and takes
the surcharge out of a debit card's charge; Odoo books what Paya charged."""

from odoo import models

# One concern per file: payment_transaction.py holds the fields.
# pylint: disable=consider-merging-classes-inherited

TRUE_VALUES = (True, 1, "1", "true", "True")


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    def _payment_portal_detects_card_type(self):
        """Override of `payment_portal`: Paya tells debit and prepaid cards by
        their BIN, also for saved cards, and charges them no surcharge."""
        if self.code == "paya_connect":
            return True
        return super()._payment_portal_detects_card_type()


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _paya_surcharge_fields(self):
        """The surcharge fields of this card charge: ``subtotal_amount`` and
        ``surcharge_amount`` (Transactions README: "allowed and required" for
        a product with a surcharge, always together), or {} without one."""
        self.ensure_one()
        fee = self.payment_portal_fee_amount
        if (
            self.payment_portal_fee_kind != "surcharge"
            or self.operation in ("refund", "validation")
            or self.currency_id.is_zero(fee)
        ):
            return {}
        return {
            "subtotal_amount": f"{self.amount - fee:.2f}",
            "surcharge_amount": f"{fee:.2f}",
        }

    def _validate_amount(self, payment_data):
        """Override of `payment`: book the surcharge Paya really charged before
        the amounts are compared (none on a debit card: Paya took it out and
        charged the subtotal). Any other difference still fails the
        transaction."""
        if (
            self.provider_code == "paya_connect"
            and self.payment_portal_fee_kind == "surcharge"
            and self.state in ("draft", "pending")
            and isinstance(payment_data, dict)
            and payment_data.get("is_surcharge") is not None
        ):
            charged = 0.0
            if payment_data["is_surcharge"] in TRUE_VALUES:
                try:
                    charged = float(payment_data.get("surcharge_amount") or 0.0)
                except (TypeError, ValueError):
                    charged = self.payment_portal_fee_amount
            self._payment_portal_fee_charged(charged)
        return super()._validate_amount(payment_data)
