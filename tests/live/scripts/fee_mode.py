# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Turn the company's card fee on (``mode``: surcharge, 3 %, to an income
account) or off (``none``), in ``odoo shell``."""


def main(env, params):
    company = env.company
    if params["mode"] == "none":
        company.payment_portal_fee_mode = "none"
    else:
        account = env["account.account"].search(
            [("code", "=", "LIVEFEE")], limit=1
        ) or env["account.account"].create(
            {"name": "Card fees", "code": "LIVEFEE", "account_type": "income_other"}
        )
        company.write(
            {
                "payment_portal_fee_mode": params["mode"],
                "payment_portal_surcharge_rate": 3.0,
                "payment_portal_surcharge_cap": 3.0,
                "payment_portal_fee_account_id": account.id,
            }
        )
    env.cr.commit()
    return {"mode": company.payment_portal_fee_mode}
