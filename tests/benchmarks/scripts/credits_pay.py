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

import runpy
import statistics
import time
from pathlib import Path

# The data and the portal payment of test_pay_invoices_benchmark.py.
PAY = runpy.run_path(str(Path(__file__).with_name("pay_invoices_pay.py")))


def _data(env, customer, invoices, credits):
    """``invoices`` invoices, ``credits`` credit notes each smaller than any
    invoice, and the credit notes' receivable lines (the credits)."""
    moves = PAY["_invoices"](env, customer, invoices)
    refunds = PAY["_invoices"](
        env, customer, credits, move_type="out_refund", price=lambda i: 2.0 + i % 7
    )
    lines = refunds.line_ids.filtered(lambda line: line.display_type == "payment_term")
    return moves, lines


def _ours(env, refs, moves, credits):
    return PAY["_ours"](env, refs, moves, credits=credits)


def _native(env, refs, moves, credits):
    # The outstanding-credit widget of each invoice form: one credit note
    # applied to one invoice (each is smaller than any invoice).
    for invoice, credit in zip(moves, credits, strict=False):
        invoice.js_assign_outstanding_line(credit.id)
    # Register Payment, group payment, for the rest
    return PAY["_native"](env, refs, moves)


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
    customer, refs = PAY["_refs"](env)
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
