# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya Connect constants, from Paya's public developer documentation
(github.com/PayaDev/PayaConnect). Data only: nothing runs on import."""

# Base URLs of the REST API (version 2), by environment.
API_URLS = {
    "sandbox": "https://api.sandbox.payaconnect.com",
    "production": "https://api.payaconnect.com",
}

# The hosted payment page is served outside /v2 ("HostedPaymentPage").
HOSTED_PAYMENT_PAGE_PATH = "/hostedpaymentpage"

# "Links expire after 15 minutes of being generated for security".
HOSTED_PAYMENT_PAGE_VALIDITY = 15 * 60

# Authentication headers: Paya substitutes dashes for the underscores of the
# credential names ("Authentication", request headers method).
HEADER_DEVELOPER_ID = "developer-id"
HEADER_USER_ID = "user-id"
HEADER_USER_API_KEY = "user-api-key"

# Keys whose values never reach a log line (Odoo's payment logger masks them
# in every payment module, as payment_stripe does with its own keys).
SENSITIVE_KEYS = {
    HEADER_USER_API_KEY,
    "user_api_key",
    "user_hash_key",
    "hash_key",
    "hash-key",
    "account_number",
    "cvv",
    "routing",
    "basic_auth_password",
    # a saved card or bank account: with the API key, it can be charged
    "account_vault_id",
}
# Odoo's payment loggers (requests, answers, notifications), which mask these
# keys too once the registry is loaded (client.install_log_filters).
PAYMENT_LOGGERS = (
    "odoo.addons.payment.models.payment_provider",
    "odoo.addons.payment.models.payment_transaction",
)

# Paya processes US dollars.
SUPPORTED_CURRENCIES = ["USD"]

# Odoo payment method code -> Paya payment_method.
PAYMENT_METHODS_MAPPING = {
    "card": "cc",
    "ach_direct_debit": "ach",
}
DEFAULT_PAYMENT_METHOD_CODES = {
    # Primary payment methods.
    "card",
    "ach_direct_debit",
    # Brand payment methods (Paya's card types: visa, mc, disc, amex, jcb,
    # diners; a "debit" card stays a Card).
    "visa",
    "mastercard",
    "discover",
    "amex",
    "jcb",
    "diners",
}

# The transaction action charging each payment method (card sale, ACH debit).
CHARGE_ACTIONS = {"cc": "sale", "ach": "debit"}

# Transaction status_id ("Transactions", Status Id table), by Odoo state.
# The verbiage is never used to decide: "Do not use verbiage to see if the
# transaction was approved, use status_id".
STATUS_MAPPING = {
    # 102 AuthOnly: an authorization waiting for its completion.
    "authorized": (102,),
    # ACH: 131 Pending Origination, 132 Originating, 133 Originated,
    # 135 Reserved (debit): the money is on its way.
    "pending": (131, 132, 133, 135),
    # 101 Sale Approved, 111 Refund Refunded, 121 AvsOnly (a card validated
    # without a charge), 134 ACH Settled, 191 Settle Settled (deprecated).
    "done": (101, 111, 121, 134, 191),
    # 201 Voided: cancelled before settlement.
    "cancel": (201,),
    # 301 Declined, 136 ACH Rejected (returned), 331 Charged Back.
    "error": (301, 136, 331),
}
STATUS_BY_ID = {
    status_id: state
    for state, status_ids in STATUS_MAPPING.items()
    for status_id in status_ids
}
# Statuses that reverse money already received (after a done transaction).
REVERSAL_STATUSES = (136, 201, 331)
STATUS_LABELS = {
    101: "Approved",
    102: "AuthOnly",
    111: "Refunded",
    121: "AvsOnly",
    131: "Pending Origination",
    132: "Originating",
    133: "Originated",
    134: "Settled",
    135: "Reserved",
    136: "Rejected",
    191: "Settled",
    201: "Voided",
    301: "Declined",
    331: "Charged Back",
}

# Paya's card type (account_type of a card transaction: "visa, mc, disc, amex,
# jcb, diners, and debit") -> Odoo payment method code. Odoo has no debit card
# brand (a debit card's network is not given): "debit" is the primary Card
# method, and the card type itself is kept (``paya_card_type``).
CARD_BRANDS = {
    "visa": "visa",
    "mc": "mastercard",
    "disc": "discover",
    "amex": "amex",
    "jcb": "jcb",
    "diners": "diners",
    "debit": "card",
}
DEBIT_CARD_TYPE = "debit"

# ACH SEC codes ("Paya ACH"): WEB is customer-initiated (the customer on the
# hosted page); PPD (consumer accounts) and CCD (business accounts) are
# merchant-initiated (Auto Pay, schedules). "The SEC code of CCD is used for
# all merchant-initiated ACH credit requests" (partial refunds).
ACH_SEC_ONLINE = "WEB"
ACH_SEC_CONSUMER = "PPD"
ACH_SEC_BUSINESS = "CCD"
ACH_SEC_CREDIT = "CCD"
# An ACH debit is refunded "once the original transaction has reached the
# settled status"; before that only a same-day void of a debit still Pending
# Origination takes it back ("WEB Void").
ACH_SETTLED = 134
ACH_VOIDABLE = 131

# The basic AVS result of an AVS-only check that passed ("AVS Response
# Codes": GOOD, BAD, STREET, ZIP).
AVS_GOOD = "GOOD"

# Paya's API times out after 10 seconds (TestData.md, "the API has a default
# time-out period of 10000ms") and then answers with a decline: Odoo waits
# longer, so that this late answer is read rather than lost.
PAYA_API_TIMEOUT = 10
DEFAULT_TIMEOUT = 15

# Contact fields' limits (Contacts/Readme.md): (min, max) length; the zip is
# "Alphanumeric, spaces, and dashes"; state a "valid two character state".
CONTACT_LENGTHS = {
    "last_name": (1, 64),
    "company_name": (0, 64),
    "email": (5, 64),
    "address": (0, 255),
    "city": (0, 100),
    "zip": (4, 12),
}
CONTACT_ZIP_PATTERN = r"[A-Za-z0-9 -]+"
CONTACT_STATE_COUNTRIES = ("US",)
