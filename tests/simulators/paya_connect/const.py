# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya Connect's codes and messages, and helpers shared by the simulator."""

import secrets

CARD_DECLINE = "4000000000000002"
DECLINE_AMOUNTS = {"5.00": 1500, **{f"6.{n:02d}": 1600 + n for n in range(1, 32)}}
REASON_MESSAGES = {
    1000: "Approved and complete",
    1200: "Voided",
    1500: "Do not honor",
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
HPP_VALIDITY = 15 * 60


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
