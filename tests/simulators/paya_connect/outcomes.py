# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The checks of a new transaction and its deterministic outcome (the
module docstring of the package lists them)."""

from datetime import date

from .const import (
    ALL_ACTIONS,
    CARD_DECLINE,
    DECLINE_AMOUNTS,
    REASON_MESSAGES,
    Invalid,
    _money,
)


class OutcomesMixin:
    """Validation of POST /v2/transactions and what a charge answers."""

    def _check_api_id(self, api_id):
        if api_id and any(
            record.get("transaction_api_id") == api_id
            for record in self.transactions.values()
        ):
            raise Invalid(
                {"transaction_api_id": ["Transaction Api Id has already been taken."]}
            )

    def _validate_transaction(self, values):
        """The checks of POST /v2/transactions; returns (method, amount,
        product_transaction_id) or raises a 422."""
        action = values.get("action")
        errors = {}
        if action not in ALL_ACTIONS:
            errors["action"] = ["Action is invalid."]
        method = values.get("payment_method")
        if method not in ("cc", "ach"):
            errors["payment_method"] = ["Payment Method must be cc or ach."]
        try:
            amount = float(values.get("transaction_amount"))
        except (TypeError, ValueError):
            amount = 0.0
        if amount <= 0 and action != "avsonly":
            errors["transaction_amount"] = [
                (
                    "Transaction amount must be greater than zero for the following "
                    "actions: [sale, authonly, authcomplete, authincrement, debit, "
                    "credit, refund, tipadjust]"
                )
            ]
        if values.get("location_id") not in (None, self.location_id):
            errors["location_id"] = ["location_id provided is not valid"]
        if errors:
            raise Invalid(errors)
        product = values.get("product_transaction_id") or (
            self.default_products[method] if method == "cc" else None
        )
        if method == "ach" and not product:
            errors["product_transaction_id"] = [
                "Product Transaction Id cannot be blank."
            ]
        elif self.products.get(product) != method:
            errors["product_transaction_id"] = [
                "The Product's method (cc/ach) has to match the action."
            ]
        if method == "ach" and not values.get("ach_sec_code"):
            errors["ach_sec_code"] = ["ach_sec_code cannot be blank"]
        if (method, action) in (("cc", "debit"), ("ach", "sale"), ("ach", "avsonly")):
            errors["action"] = ["Action is invalid for this payment method."]
        if errors:
            raise Invalid(errors)
        return method, amount, product

    @staticmethod
    def _outcome(method, amount, number, action="sale"):
        """Status, reason and messages of a new charge (see the docstring)."""
        if action == "avsonly":
            declined = number == CARD_DECLINE
            return {
                "status_id": 301 if declined else 121,
                "type_id": 21,
                "reason_code_id": 1615 if declined else 1000,
                "verbiage": "DENY" if declined else "APPROVAL",
                "response_message": "1615 Do Not Honor" if declined else "00",
            }
        if method == "ach":
            return {
                "status_id": 131,
                "reason_code_id": 1000,
                "verbiage": "ACH - Accepted",
                "response_message": "ACH - Accepted",
                "effective_date": date.today().isoformat(),
            }
        reason = 1615 if number == CARD_DECLINE else DECLINE_AMOUNTS.get(_money(amount))
        if not reason:
            return {
                "status_id": 101,
                "reason_code_id": 1000,
                "verbiage": "APPROVAL",
                "response_message": "00",
            }
        return {
            "status_id": 301,
            "reason_code_id": reason,
            "verbiage": "DENY",
            "response_message": f"{reason} {REASON_MESSAGES.get(reason, 'Declined')}",
        }

    @staticmethod
    def _ach_return_code(number):
        tail = number[-4:]
        if tail.isdigit() and 2101 <= int(tail) <= 2129:
            return int(tail)
        return None
