# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_credits_benchmark.py, in ``odoo shell``: ``rounds`` (params) of
settling ``invoices`` invoices and ``credits`` credit notes (params) in one
payment, ours and native, in alternating order, on fresh data each time.

- ours: the portal's path, a transaction applying the credit notes
  (``_payment_portal_prepare_payment(credits=...)``), set done and
  post-processed (its ``_create_payment`` reconciles the credits, then the
  payment for the rest);
- native: staff apply each credit note by hand from an invoice's form (the
  *Outstanding credits* widget: ``js_assign_outstanding_line``), one credit
  per invoice, then Register Payment (group payment) for the rest.

Returns the median times and, for each payment, whether every invoice is
paid, every credit note used and one payment made of the net amount.
"""

import statistics
import time

from odoo import Command, fields


def _moves(env, customer, count, move_type, amount):
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
                        {"name": "Supplies", "price_unit": amount(i), "tax_ids": []}
                    )
                ],
            }
            for i in range(count)
        ]
    )
    moves.action_post()
    env.cr.commit()
    return moves


def _data(env, customer, invoices, credits):
    """``invoices`` invoices, ``credits`` credit notes each smaller than any
    invoice, and the credit notes' receivable lines (the credits)."""
    moves = _moves(env, customer, invoices, "out_invoice", lambda i: 10.0 + i)
    refunds = _moves(env, customer, credits, "out_refund", lambda i: 2.0 + i % 7)
    lines = refunds.line_ids.filtered(lambda line: line.display_type == "payment_term")
    return moves, lines


def _ours(env, refs, moves, credits):
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
            "payment_portal_credit_line_ids": [Command.set(credits.ids)],
            "payment_portal_origin": "portal",
        }
    )
    tx._set_done()
    tx._post_process()
    env.flush_all()
    return tx.payment_id


def _native(env, refs, moves, credits):
    # The outstanding-credit widget of each invoice form: one credit note
    # applied to one invoice (each is smaller than any invoice).
    for invoice, credit in zip(moves, credits, strict=False):
        invoice.js_assign_outstanding_line(credit.id)
    payments = (
        env["account.payment.register"]
        .with_context(active_model="account.move", active_ids=moves.ids)
        .create({"group_payment": True, "journal_id": refs["provider"].journal_id.id})
    )
    payments = payments._create_payments()
    env.flush_all()
    return payments


def _settled(moves, credits, payment, net):
    """Every invoice settled, every credit used, one payment of ``net``.
    (An invoice the credits alone settle is *reversed* in Odoo.)"""
    moves.invalidate_recordset()
    credits.invalidate_recordset()
    return (
        len(payment) == 1
        and payment.currency_id.compare_amounts(payment.amount, net) == 0
        and all(
            m.payment_state in ("paid", "in_payment", "reversed")
            and m.currency_id.is_zero(m.amount_residual)
            for m in moves
        )
        and all(credits.mapped("reconciled"))
    )


def main(env, params):
    customer = env["res.partner"].search([("name", "=", "Bench Co")])
    refs = {
        "provider": env.ref("payment.payment_provider_demo"),
        "method": env.ref("payment_demo.payment_method_demo"),
        "buyer": customer.child_ids,
        "company": env.company,
    }
    sizes = (int(params["invoices"]), int(params["credits"]))
    timings = {"ours": [], "native": []}
    checks = []
    for _round in range(int(params["rounds"])):
        # Alternate who goes first: the database grows as rounds go by.
        order = (("ours", _ours), ("native", _native))
        for name, pay in order if _round % 2 == 0 else order[::-1]:
            moves, credits = _data(env, customer, *sizes)
            net = moves._payment_portal_net_amount(credits)
            started = time.perf_counter()
            payment = pay(env, refs, moves, credits)
            timings[name].append(time.perf_counter() - started)
            env.cr.commit()
            checks.append(_settled(moves, credits, payment, net))
    return {
        "ours": statistics.median(timings["ours"]),
        "native": statistics.median(timings["native"]),
        "checks": checks,
    }
