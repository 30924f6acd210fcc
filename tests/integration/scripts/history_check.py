# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_module_lifecycle.py, in ``odoo shell``: the demo history of Alice
(Northwind) and Bob (Globex): transactions, saved methods, Auto Pay,
schedules, the future invoice (shown, then hidden: rolled back) and the
refund."""

from odoo import fields


def _txs(env, customer, **domain):
    return env["payment.transaction"].search(
        [("partner_id", "child_of", customer.id)]
        + [(k, "=", v) for k, v in domain.items()],
        order="id",
    )


def _tx_facts(tx, today):
    return {
        "state": tx.state,
        "method": tx.payment_method_id.code,
        "token": tx.token_id.payment_details or None,
        "invoices": tx.invoice_ids.mapped("payment_state"),
        "payment": tx.payment_id.state or None,
        "reconciled": bool(tx.invoice_ids)
        and all(tx.payment_id in m.matched_payment_ids for m in tx.invoice_ids),
        "mails": [
            k
            for k in ("receipt", "pending", "failure")
            if tx[f"payment_portal_{k}_sent"]
        ],
        "past": tx.create_date.date() < today,
    }


def main(env, params):
    ref = env.ref
    Move = env["account.move"]
    northwind = ref("payment_portal.demo_partner_northwind")
    globex = ref("payment_portal.demo_partner_globex")
    today = fields.Date.context_today(Move)
    alice = ref("payment_portal.demo_user_northwind")
    future = ref("payment_portal.demo_invoice_northwind_future")
    pending = Move.browse(
        Move._search(
            Move._payment_portal_status_domain("pending")
            & Move._payment_portal_domain(northwind)
        )
    )
    shown = bool(Move.with_user(alice).search([("id", "=", future.id)]))
    future.company_id.payment_portal_hide_future_invoices = True
    env.flush_all()
    hidden = not Move.with_user(alice).search([("id", "=", future.id)])
    env.cr.rollback()
    refund = ref("payment_portal.demo_refund_northwind")
    schedules = env["payment.portal.schedule"].search(
        [("partner_id", "=", northwind.id)], order="date"
    )
    tokens = env["payment.token"].search([("partner_id", "child_of", northwind.id)])
    northwind_autopay = northwind._payment_portal_autopay()
    globex_autopay = globex._payment_portal_autopay()
    return {
        "portal": [
            _tx_facts(tx, today)
            for tx in _txs(env, northwind, payment_portal_origin="portal")
        ],
        "tokens": sorted(
            (
                t.payment_method_id.code,
                t.payment_details,
                t.provider_id.code,
                t.create_date.date() < today,
            )
            for t in tokens
        ),
        "autopay": [
            northwind_autopay.state,
            northwind_autopay.token_id.payment_details,
        ],
        "pending_invoices": pending.mapped("name"),
        "schedules": [
            (
                s.state,
                s.amount,
                s.installment_number,
                s.installment_count,
                (s.date - today).days,
                s.invoice_ids.mapped("name"),
            )
            for s in schedules
        ],
        "future": [future.state, future.invoice_date > today, shown, hidden],
        "refund": [refund.move_type, refund.state, refund.amount_total],
        "bob": {
            "autopay": globex_autopay.state,
            "failures": globex_autopay.failures,
            "charges": [
                _tx_facts(t, today)
                for t in _txs(env, globex, payment_portal_origin="autopay")
            ],
            "activities": globex_autopay.activity_ids.mapped("summary"),
            "last_result": globex_autopay.last_result,
        },
        "company": future.company_id.id,
    }
