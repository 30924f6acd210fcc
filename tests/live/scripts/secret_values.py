# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""final_checks.py, in ``odoo shell``: every secret of the live database
(gateway keys, saved-method references, password hashes), by name."""

KEYS = (
    "paya_user_api_key",
    "paya_user_hash_key",
    "paya_hpp_cc_key",
    "paya_hpp_ach_key",
    "paya_postback_password",
)


def main(env, params):
    secrets = {}
    for provider in env["payment.provider"].search([("code", "=", "paya_connect")]):
        for name in KEYS:
            if provider[name]:
                secrets[f"{provider.display_name} {name}"] = provider[name]
    for token in env["payment.token"].with_context(active_test=False).search([]):
        if token.provider_ref:
            secrets[f"token {token.id} provider reference"] = token.provider_ref
    env.cr.execute("SELECT id, password FROM res_users WHERE password IS NOT NULL")
    for user_id, password in env.cr.fetchall():
        secrets[f"user {user_id} password hash"] = password
    return secrets
