# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The customers' credits of the live scripts, in ``odoo shell``: credit
notes and unapplied payments (Odoo's outstanding credits). Not a script:
the set-up scripts load it with ``runpy``, as ``odoo_script`` loads them."""

from datetime import timedelta

from odoo import Command, fields


def _receivable(move):
    return move.line_ids.filtered(
        lambda line: line.account_id.account_type == "asset_receivable"
    )


def credit_note(env, partner, amount, label):
    """A posted credit note of ``amount`` for ``partner``: its receivable
    line (the credit it gives)."""
    refund = env["account.move"].create(
        {
            "move_type": "out_refund",
            "partner_id": partner.id,
            "invoice_date": fields.Date.today() - timedelta(days=2),
            "invoice_line_ids": [
                Command.create({"name": label, "price_unit": amount, "tax_ids": []})
            ],
        }
    )
    refund.action_post()
    line = _receivable(refund)
    assert len(line) == 1 and line.amount_residual == -amount, line
    return line


def unapplied_payment(env, partner, amount):
    """A posted customer payment of ``amount`` reconciled with nothing: its
    receivable line (an outstanding credit of ``partner``'s company)."""
    payment = env["account.payment"].create(
        {
            "payment_type": "inbound",
            "partner_type": "customer",
            "partner_id": partner.id,
            "amount": amount,
        }
    )
    payment.action_post()
    line = _receivable(payment.move_id)
    assert len(line) == 1 and line.amount_residual == -amount, (payment, line)
    return line


def describe(lines):
    """What the tests need of credit lines: ids and their documents' names."""
    return {"credits": lines.ids, "credit_names": [line.move_id.name for line in lines]}
