# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Constants of the customer payment portal."""

# Invoices a customer pays from the portal.
PAYABLE_MOVE_TYPES = ("out_invoice", "out_receipt")
# Documents the selection page lists: the invoices, and the customer's credit
# notes (shown, never selected), since Odoo's invoice list leads there.
LISTED_MOVE_TYPES = (*PAYABLE_MOVE_TYPES, "out_refund")
# At most this many invoice ids are read from /my/pay?select=... (more are
# ignored): a selection page shows 80 invoices at a time.
SELECT_MAX_IDS = 200
# Payment states of invoices with nothing left to pay.
PAID_PAYMENT_STATES = ("paid", "in_payment", "reversed")
# Payment states of invoices with something left to pay.
DUE_PAYMENT_STATES = ("not_paid", "partial")
# Transaction states of a payment in flight: the invoice must not be paid again.
IN_FLIGHT_TX_STATES = ("pending", "authorized")

# Badge colour of each status.
INVOICE_STATUS_BADGES = {
    "unpaid": "bg-info-subtle text-info-emphasis",
    "overdue": "bg-danger-subtle text-danger-emphasis",
    "partial": "bg-warning-subtle text-warning-emphasis",
    "pending": "bg-secondary-subtle text-secondary-emphasis",
    "paid": "bg-success-subtle text-success-emphasis",
    "credit": "bg-body-secondary text-body-emphasis",
    "disputed": "bg-warning text-dark",
}
# Statuses of a payment in the history, from the transaction state.
TX_HISTORY_STATUSES = {
    "draft": "pending",
    "pending": "pending",
    "authorized": "pending",
    "done": "done",
    "cancel": "failed",
    "error": "failed",
}

# Routes of the payment portal: with the portal disabled for the company they
# answer 404 (``ir.http._pre_dispatch``). Prefixes of the route rules.
PORTAL_ROUTE_PREFIXES = (
    "/my/pay/",
    "/my/payments",
    "/my/payment_profiles",
    "/my/billing_emails",
    "/my/statement/",
    "/payment_portal/",
    "/portal/activation/",
    "/pay/",
)
PORTAL_ROUTES = ("/my/pay", "/my/statement")

# Odoo's portal pages with a payment form, whose query string reaches the
# payment form's hooks as keyword arguments (``ir.http`` refuses the keys
# those hooks take).
PAYMENT_FORM_PAGES = (
    "/my/payment_method",
    "/my/invoices/<int:invoice_id>",
    "/my/invoices/overdue",
)

# Card fees: the card networks cap a surcharge at 3 % (Visa, Mastercard).
SURCHARGE_HARD_LIMIT = 3.0
# Transactions charged without the customer (no convenience fee there, a
# surcharge only if the company allows it).
OFF_SESSION_ORIGINS = ("autopay", "schedule")
# Payment methods that are cards (besides the brands of Odoo's 'card'); the
# demo provider's method stands for a card. Bank debits never carry a fee.
CARD_METHOD_CODES = ("card", "demo")

# Pay links (paying without signing in): valid this long after the latest due
# date they were made for, at least PAY_LINK_MIN_DAYS and at most
# PAY_LINK_MAX_DAYS from the day they are made (Stripe's hosted invoice pages:
# 30 days after the due date, at most 120 days).
PAY_LINK_DAYS_AFTER_DUE = 30
PAY_LINK_MIN_DAYS = 7
PAY_LINK_MAX_DAYS = 120
# Invalid pay links from one address before it is refused for a while.
PAY_LINK_MAX_FAILURES = 10
PAY_LINK_COOLDOWN_MINUTES = 15
# Statement of account: the aging buckets of open items by days past due,
# (key, first day, last day); None: no bound. Due today is current.
STATEMENT_BUCKETS = (
    ("current", None, 0),
    ("1_30", 1, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("90_plus", 91, None),
)
# What a statement shows: the open items (aged), or all activity between two
# dates with the opening and closing balances.
STATEMENT_KINDS = ("open", "activity")
