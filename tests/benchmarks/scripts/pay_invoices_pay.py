# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_pay_invoices_benchmark.py, in ``odoo shell``: ``rounds`` (params)
of paying 200 invoices in one payment, ours (a portal transaction) and the
native Register Payment, in alternating order; returns the median times and
whether each payment paid its invoices."""

import statistics
import time

from odoo import Command, fields


def _invoices(env, customer, count, move_type="out_invoice", price=None):
    """``count`` posted invoices (or credit notes: ``move_type``) of
    ``price(i)`` (10 + i by default), committed."""
    today = fields.Date.today()
    moves = env["account.move"].create(
        [
            {
                "move_type": move_type,
                "partner_id": customer.id,
                "invoice_date": today,
                "invoice_date_due": today,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Supplies",
                            "price_unit": price(i) if price else 10.0 + i,
                            "tax_ids": [],
                        }
                    )
                ],
            }
            for i in range(count)
        ]
    )
    moves.action_post()
    env.cr.commit()
    return moves


def _ours(env, refs, moves, credits=None):
    """A portal transaction paying ``moves`` (applying ``credits``, the
    customer's credit lines), set done and post-processed."""
    amount = moves._payment_portal_prepare_payment(credits=credits)
    Tx = env["payment.transaction"]
    tx = Tx.sudo().create(
        {
            "provider_id": refs["provider"].id,
            "payment_method_id": refs["method"].id,
            "amount": amount,
            "currency_id": moves.currency_id.id,
            "partner_id": refs["buyer"][:1].id,
            "reference": Tx._compute_reference(
                "demo", prefix=refs["company"].get_next_batch_payment_communication()
            ),
            "operation": "online_direct",
            "invoice_ids": [Command.set(moves.ids)],
            "payment_portal_credit_line_ids": [
                Command.set(credits.ids if credits else [])
            ],
            "payment_portal_origin": "portal",
        }
    )
    tx._set_done()
    tx._post_process()
    env.flush_all()
    return tx.payment_id


def _native(env, refs, moves):
    payments = (
        env["account.payment.register"]
        .with_context(
            active_model="account.move",
            active_ids=moves.ids,
        )
        .create({"group_payment": True, "journal_id": refs["provider"].journal_id.id})
    )
    payments = payments._create_payments()
    env.flush_all()
    return payments


def _refs(env):
    """Bench Co, and what its portal payments need."""
    customer = env["res.partner"].search([("name", "=", "Bench Co")])
    return customer, {
        "provider": env.ref("payment.payment_provider_demo"),
        "method": env.ref("payment_demo.payment_method_demo"),
        "buyer": customer.child_ids,
        "company": env.company,
    }


def main(env, params):
    customer, refs = _refs(env)
    timings = {"ours": [], "native": []}
    checks = []
    for _round in range(int(params["rounds"])):
        # Alternate who goes first: the database grows as rounds go by.
        order = (("ours", _ours), ("native", _native))
        for name, pay in order if _round % 2 == 0 else order[::-1]:
            moves = _invoices(env, customer, 200)
            started = time.perf_counter()
            payment = pay(env, refs, moves)
            timings[name].append(time.perf_counter() - started)
            env.cr.commit()
            checks.append(
                len(payment) == 1
                and payment.reconciled_invoice_ids == moves
                and all(m.payment_state in ("paid", "in_payment") for m in moves)
            )
    return {
        "ours": statistics.median(timings["ours"]),
        "native": statistics.median(timings["native"]),
        "checks": checks,
    }
