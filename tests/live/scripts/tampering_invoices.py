# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_tampering.py's invoices, in ``odoo shell``: three invoices of the
``company`` (params), the last one paid, and the euro made active; for the
credits, three more invoices (40, 70, 25), two credit notes (30, 25) and an
unapplied payment (20)."""

import runpy
from datetime import timedelta
from pathlib import Path

from odoo import Command, fields


def _invoices(env, partner, amounts):
    today = fields.Date.today()
    invoices = env["account.move"].create(
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today - timedelta(days=3),
                "invoice_date_due": today + timedelta(days=30),
                "invoice_line_ids": [
                    Command.create(
                        {"name": f"tamper {n}", "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
            for n, amount in enumerate(amounts)
        ]
    )
    invoices.action_post()
    return invoices


def main(env, params):
    partner = env["res.partner"].browse(int(params["company"]))
    invoices = _invoices(env, partner, [40.0, 41.0, 42.0])
    paid = invoices[2]
    env["account.payment.register"].with_context(
        active_model="account.move", active_ids=paid.ids
    ).create({})._create_payments()
    eur = env.ref("base.EUR")
    eur.active = True
    docs = runpy.run_path(str(Path(__file__).with_name("credit_docs.py")))
    for_credits = _invoices(env, partner, [40.0, 70.0, 25.0])
    credits = (
        docs["credit_note"](env, partner, 30.0, "tamper credit")
        | docs["unapplied_payment"](env, partner, 20.0)
        | docs["credit_note"](env, partner, 25.0, "tamper credit used meanwhile")
    )
    env.cr.commit()
    return {
        "credit_invoices": for_credits.ids,
        "credits": credits.ids,
        "open": invoices[:2].ids,
        "paid": paid.id,
        "eur": eur.id,
        "residual": sum(invoices[:2].mapped("amount_residual")),
    }
