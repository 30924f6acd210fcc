# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya Connect constants, from Paya's public developer documentation."""

# Base URLs of the REST API (version 2), by environment.
API_URLS = {
    "sandbox": "https://api.sandbox.payaconnect.com",
    "production": "https://api.payaconnect.com",
}

# Authentication headers: Paya substitutes dashes for the underscores of the
# credential names ("Authentication", request headers method).
HEADER_DEVELOPER_ID = "developer-id"
HEADER_USER_ID = "user-id"
HEADER_USER_API_KEY = "user-api-key"

# Keys whose values never reach a log line.
SENSITIVE_KEYS = {
    HEADER_USER_API_KEY,
    "user_api_key",
    "user_hash_key",
    "hash_key",
    "hash-key",
    "account_number",
    "cvv",
}
