# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The checks of a new transaction and its deterministic outcome (the
module docstring of the package lists them)."""

from datetime import date

from .const import (
    ALL_ACTIONS,
    API_TIMEOUT,
    AVS_DENIED,
    AVS_VALID,
    CARD_DECLINE,
    CREDIT_SEC_CODE,
    DECLINE_AMOUNTS,
    DELAY_DOLLARS,
    DELAY_REASON,
    PARTIAL_AUTH_AMOUNT,
    PARTIAL_AUTH_APPROVED,
    PARTIAL_AUTH_REASON,
    REASON_MESSAGES,
    SEC_CODES,
    TRANSACTION_MAX_LENGTHS,
    Invalid,
    _money,
)


def _declined(reason, message=None):
    return {
        "status_id": 301,
        "reason_code_id": reason,
        "verbiage": "DENY",
        "response_message": message
        or f"{reason} {REASON_MESSAGES.get(reason, 'Declined')}",
    }


def _approved(status=101):
    return {
        "status_id": status,
        "reason_code_id": 1000,
        "verbiage": "APPROVAL",
        "response_message": "00",
    }


def card_delay(amount):
    """TestData.md's $8.XX: the seconds Paya takes to answer (the cents, at
    most the API's own 10-second timeout), or None for any other amount."""
    money = _money(amount)
    dollars, cents = money.split(".")
    if int(dollars) != DELAY_DOLLARS:
        return None
    return min(int(cents), API_TIMEOUT)


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

    @staticmethod
    def _check_lengths(values, limits):
        """422 for the fields of ``values`` longer than the docs allow."""
        errors = {
            field: [f"{field} should contain at most {limit} characters."]
            for field, limit in limits.items()
            if values.get(field) is not None and len(str(values[field])) > limit
        }
        if errors:
            raise Invalid(errors)

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
        self._check_lengths(values, TRANSACTION_MAX_LENGTHS)
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
        if method == "ach":
            errors.update(self._check_sec_code(values, action, product))
        if (method, action) in (
            ("cc", "debit"),
            ("cc", "credit"),
            ("ach", "sale"),
            ("ach", "avsonly"),
        ):
            errors["action"] = ["Action is invalid for this payment method."]
        if values.get("save_account") and not (
            values.get("contact_id") or values.get("contact_api_id")
        ):
            # "save account to contacts profile if account_number/track_data
            # is present with either contact_id or contact_api_id".
            errors["save_account"] = [
                "save_account requires contact_id or contact_api_id."
            ]
        if errors:
            raise Invalid(errors)
        return method, amount, product

    def _check_sec_code(self, values, action, product):
        """The errors of an ACH transaction's SEC code: documented, taken
        by the deposit account's terminals, CCD for a credit."""
        code = values.get("ach_sec_code")
        if not code:
            return {"ach_sec_code": ["ach_sec_code cannot be blank"]}
        if code not in SEC_CODES:
            return {"ach_sec_code": ["ach_sec_code is invalid."]}
        if action == "credit" and code != CREDIT_SEC_CODE:
            return {"ach_sec_code": ["A credit requires the ach_sec_code CCD."]}
        if product in self.products and code not in self.product_sec_codes.get(
            product, ()
        ):
            return {
                "ach_sec_code": [
                    f"The deposit account has no terminal for SEC code {code}."
                ]
            }
        return {}

    @staticmethod
    def _avs(values):
        """TestData.md's AVS result of a card transaction: GOOD, STREET or
        ZIP (that part does not match), BAD (neither, or none sent), or
        None when the address is the one that declines the transaction."""
        street = (values.get("billing_street") or "").strip().lower()
        zip_code = (values.get("billing_zip") or "").strip()
        if (street, zip_code) == (AVS_DENIED[0].lower(), AVS_DENIED[1]):
            return None
        street_ok = street == AVS_VALID[0].lower()
        zip_ok = zip_code == AVS_VALID[1]
        if street_ok and zip_ok:
            return "GOOD"
        if street_ok:
            return "ZIP"
        if zip_ok:
            return "STREET"
        return "BAD"

    def _outcome(self, values, method, amount, number, product):
        """Status, reason and messages of a new charge (see the docstring)."""
        action = values.get("action", "sale")
        if method == "ach":
            return {
                **_approved(131),
                "verbiage": "ACH - Accepted",
                "response_message": "ACH - Accepted",
                "effective_date": date.today().isoformat(),
            }
        avs = self._avs(values)
        if avs is None:
            return {**_declined(1500, "1500 DENY (AVS)"), "avs": "BAD"}
        if action == "avsonly":
            if number == CARD_DECLINE:
                return {**_declined(1615), "type_id": 21, "avs": avs}
            return {**_approved(121), "type_id": 21, "avs": avs}
        money = _money(amount)
        reason = 1615 if number == CARD_DECLINE else DECLINE_AMOUNTS.get(money)
        if card_delay(amount) is not None:
            reason = DELAY_REASON
        if money == PARTIAL_AUTH_AMOUNT:
            override = values.get("allow_partial_authorization_override")
            if override is None:
                allowed = product in self.partial_auth_products
            else:
                allowed = str(override).lower() in ("1", "true")
            if not allowed:
                return {**_declined(PARTIAL_AUTH_REASON), "avs": avs}
            return {
                **_approved(),
                "avs": avs,
                "transaction_amount": PARTIAL_AUTH_APPROVED,
                "auth_amount": PARTIAL_AUTH_APPROVED,
            }
        if reason:
            return {**_declined(reason), "avs": avs}
        return {**_approved(), "avs": avs}

    @staticmethod
    def _ach_return_code(number):
        tail = number[-4:]
        if tail.isdigit() and 2101 <= int(tail) <= 2129:
            return int(tail)
        return None
