# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_fee_migration.py, in ``odoo shell`` after the upgrade: the receipt
template, the companies' fee settings, and a surcharged payment's receipt."""


def main(env, params):
    template = env.ref("payment_portal.mail_template_payment_receipt")
    body = template.body_html
    modes = env["res.company"].search([]).mapped("payment_portal_fee_mode")
    company = env.company
    company.write(
        {
            "payment_portal_fee_mode": "surcharge",
            "payment_portal_surcharge_rate": 3.0,
            "payment_portal_fee_account_id": env["account.account"]
            .search([("account_type", "=", "income_other")], limit=1)
            .id,
        }
    )
    tx = env["payment.transaction"].create(
        {
            "provider_id": env.ref("payment.payment_provider_demo").id,
            "payment_method_id": env.ref("payment_demo.payment_method_demo").id,
            "amount": 103.0,
            "currency_id": company.currency_id.id,
            "partner_id": company.partner_id.id,
            "reference": "MIGRATION-FEE-1",
            "payment_portal_fee_kind": "surcharge",
            "payment_portal_fee_amount": 3.0,
            "payment_portal_fee_rate": 3.0,
        }
    )
    rendered = template._render_field("body_html", tx.ids)[tx.id]
    return {
        "version": env["ir.module.module"]
        .search([("name", "=", "payment_portal")])
        .latest_version,
        "fee_row": "payment_portal_fee_kind" in body,
        "staff_words": "(edited by staff)" in body,
        "modes": modes,
        "rendered_fee": "Card surcharge (3.00 %)"
        if "Card surcharge (3.00 %)" in rendered
        else rendered[:300],
    }
