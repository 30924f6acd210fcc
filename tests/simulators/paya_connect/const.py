# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya Connect's codes and messages, and helpers shared by the simulator."""

import secrets

CARD_DECLINE = "4000000000000002"
# TestData.md, "Transaction Amounts" (card transactions): these amounts
# decline with the reason code of the table.
DECLINE_AMOUNTS = {
    "5.00": 1500,
    "5.10": 1510,
    "5.20": 1520,
    "5.30": 1530,
    "5.40": 1540,
    **{f"6.{n:02d}": 1600 + n for n in range(1, 32)},
}
# $2.01: "PARTIAL_AUTH (will return a $1.00 partial approval when the Deposit
# Account has Allow Partial Authorization enabled - not in use at this time)".
PARTIAL_AUTH_AMOUNT = "2.01"
PARTIAL_AUTH_APPROVED = "1.00"
PARTIAL_AUTH_REASON = 1201
# $8.XX: "a custom delayed response using the number of cents as the number of
# seconds for the delay ... the API has a default time-out period of 10000ms.
# Any cents value greater than .09 will generate a time out decline" (reason
# 1500, as the row says).
DELAY_DOLLARS = 8
DELAY_REASON = 1500
API_TIMEOUT = 10
REASON_MESSAGES = {
    1000: "Approved and complete",
    1201: "PARTIAL_AUTH",
    1500: "Do not honor",
    1510: "CALL",
    1520: "PKUP",
    1530: "RETRY",
    1540: "SETUP",
    1601: "Generic Decline",
    1615: "Do Not Honor",
    1616: "NSF",
    1622: "Expired card",
    2101: "Insufficient funds",
    2102: "Bank account closed",
    2103: "No bank account/unable to locate account",
    2104: "Invalid bank account number",
}
CHARGE_ACTIONS = {"sale", "debit"}
ALL_ACTIONS = {"sale", "refund", "debit", "credit", "authonly", "avsonly"}
# The SEC codes Transactions/README.md documents ("Paya ACH", "Additional
# Endpoint Actions"); anything else is refused.
SEC_CODES = {"PPD", "CCD", "WEB", "TEL", "POP", "C21"}
# "The SEC code of CCD is used for all merchant-initiated ACH credit requests".
CREDIT_SEC_CODE = "CCD"
# Maximum lengths of the Transactions README's Fields table (those the
# simulator checks) and the Contacts README's (min, max).
TRANSACTION_MAX_LENGTHS = {
    "transaction_api_id": 64,
    "description": 64,
    "save_account_title": 16,
    "account_holder_name": 32,
    "contact_api_id": 36,
}
CONTACT_LENGTHS = {
    "contact_api_id": (0, 36),
    "company_name": (0, 64),
    "first_name": (0, 64),
    "last_name": (1, 64),
    "email": (5, 64),
    "address": (0, 255),
    "city": (0, 100),
    "state": (2, 2),
    "zip": (4, 12),
}
# TestData.md, "AVS": the valid address, the one that declines the
# transaction; "Any other AVS will decline the AVS but not decline the
# transaction. Not sending AVS will decline the AVS".
AVS_VALID = ("5800 NW 39th AVE", "32606")
AVS_DENIED = ("2831 NW 41st St STE J", "32615")
# TestData.md's debit cards ("Visa Debit Classic", "Mastercard Business Debit
# Prepaid"): the simulator reports them as Paya's card type "debit" (sim).
DEBIT_CARDS = {"4556773060150333", "5435815271011988"}
HPP_VALIDITY = 15 * 60
# The fields of the simulator's page forms: a visible field of the page data
# must be one of them ("If visible is set to true, and the field is not added
# to the form through the UI, the field provided in the data parameter will
# NOT be accepted").
HPP_FORM_FIELDS = {
    "cc": {
        "transaction_amount",
        "account_holder_name",
        "account_number",
        "exp_date",
        "cvv",
        "billing_street",
        "billing_zip",
    },
    "ach": {
        "transaction_amount",
        "account_holder_name",
        "account_number",
        "routing",
        "account_type",
    },
}


def _paya_id():
    return secrets.token_hex(12)


def _money(value):
    return f"{float(value):.2f}"


class Invalid(Exception):
    """A 422 answer: ``errors`` maps fields to messages."""

    def __init__(self, errors, status=422):
        super().__init__(errors)
        self.errors = errors
        self.status = status


def _clean(record):
    return {k: v for k, v in record.items() if not k.startswith("_")}
