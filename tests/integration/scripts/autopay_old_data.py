# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_autopay_migration.py, in ``odoo shell`` on the *previous* version
(19.0.1.5.0, Auto Pay on res.partner): customers with Auto Pay on, retrying,
paused and off, and one that never used it. params: ``fields`` (the Auto Pay
fields to read back, without their ``payment_portal_autopay_`` prefix)."""

from datetime import datetime, timedelta

from odoo import Command, fields


def _customer(env, name, provider, method, today, due_days=None):
    Partner = env["res.partner"]
    slug = name.lower()
    company = Partner.create(
        {
            "name": f"Migrated {name}",
            "is_company": True,
            "email": f"ap@{slug}.example.com",
        }
    )
    contact = Partner.create(
        {
            "name": f"{name} Buyer",
            "parent_id": company.id,
            "email": f"buyer@{slug}.example.com",
        }
    )
    token = env["payment.token"].create(
        {
            "provider_id": provider.id,
            "payment_method_id": method.id,
            "partner_id": contact.id,
            "payment_details": "4242",
            "provider_ref": f"migrated-{company.id}",
            "demo_simulated_state": "done",
        }
    )
    if due_days is not None:
        env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": company.id,
                "invoice_date": today - timedelta(days=10),
                "invoice_date_due": today + timedelta(days=due_days),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Service", "price_unit": 125.0, "tax_ids": []}
                    )
                ],
            }
        ).action_post()
    return company, token


def _autopay(partner, token, state, **values):
    partner.write(
        {
            "payment_portal_autopay_state": state,
            "payment_portal_autopay_token_id": token.id,
        }
    )
    partner.write({f"payment_portal_autopay_{k}": v for k, v in values.items()})


def main(env, params):
    provider = env.ref("payment.payment_provider_demo")
    provider.write({"state": "test", "allow_tokenization": True})
    method = env.ref("payment_demo.payment_method_demo")
    today = fields.Date.context_today(env["res.partner"])

    def customer(name, due_days=None):
        return _customer(env, name, provider, method, today, due_days)

    charged, charged_token = customer("Charged", due_days=-1)
    _autopay(charged, charged_token, "on")
    retrying, retrying_token = customer("Retrying", due_days=-2)
    _autopay(
        retrying,
        retrying_token,
        "on",
        failures=1,
        retry_date=today + timedelta(days=3),
        last_run=datetime(2026, 3, 1, 6, 30, 0),
        last_result="R-1 of $125.00 failed: declined",
    )
    paused, paused_token = customer("Paused")
    _autopay(
        paused,
        paused_token,
        "paused",
        failures=3,
        last_run=datetime(2026, 3, 2, 6, 30, 0),
        last_result="R-3 of $90.00 failed: expired card",
    )
    paused._payment_portal_autopay_alert_staff("Auto Pay failed three times.")
    off, off_token = customer("Off")
    _autopay(
        off,
        off_token,
        "off",
        last_run=datetime(2026, 2, 27, 6, 0, 0),
        last_result="Paid $40.00 (R-0).",
    )
    never, _never_token = customer("Never")
    env.cr.commit()
    result = {}
    for partner in (charged, retrying, paused, off, never):
        values = {}
        for name in params["fields"]:
            value = partner[f"payment_portal_autopay_{name}"]
            values[name] = str(value.id if name == "token_id" else value)
        result[partner.name] = {"id": partner.id, **values}
    result["activities"] = paused.activity_ids.mapped("summary")
    return result
