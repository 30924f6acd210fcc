# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Statement of account: a customer's open items with their aging, or all
its activity between two dates with the opening and closing balances, per
currency. Read from Odoo's journal items as its partner ledger and follow-up
report do: the receivable lines of the posted invoices, credit notes and
payments of the customer and all its contacts, in their own currency, with
Odoo's amount residual."""

import datetime
import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from .. import const

# One feature per file: res_partner.py holds portal access and activation.
# pylint: disable=consider-merging-classes-inherited

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# What a statement reads of each journal item, in one query.
LINE_FIELDS = [
    "move_id",
    "move_name",
    "ref",
    "date",
    "date_maturity",
    "amount_currency",
    "amount_residual_currency",
    "currency_id",
    "payment_id",
]


def first_of_previous_month(day):
    """The first day of the month before ``day``'s."""
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


class ResPartner(models.Model):
    _inherit = "res.partner"

    payment_portal_statement_monthly = fields.Boolean(
        string="Monthly Statement by Email",
        copy=False,
        help="The customer receives its statement of account every month, at "
        "its billing email addresses, when the company sends monthly "
        "statements. Customers opt in and out in the portal.",
    )

    # ------------------------------------------------------------------
    # What is asked for
    # ------------------------------------------------------------------

    @api.model
    def _payment_portal_statement_period(self, kind=None, date_from=None, date_to=None):
        """The statement asked for, as ``(kind, date_from, date_to)``: open
        items (no dates), or the activity between two dates (by default up
        to today, from the first day of the month before the end's). Dates
        are ``date`` objects or ISO strings (``YYYY-MM-DD``); anything else,
        or a start after the end, is refused with a message. An unknown
        kind is the open items."""
        kind = kind if kind in const.STATEMENT_KINDS else "open"
        if kind == "open":
            return kind, False, False
        today = fields.Date.context_today(self)
        end = self._payment_portal_statement_date(date_to) or today
        start = self._payment_portal_statement_date(
            date_from
        ) or first_of_previous_month(end)
        if start > end:
            raise UserError(
                self.env._("The start date must be on or before the end date.")
            )
        return kind, start, end

    @api.model
    def _payment_portal_statement_date(self, value):
        """``value`` as a date (``False`` when empty), or a clear error."""
        if isinstance(value, datetime.date):
            return value
        if value in (None, False) or (isinstance(value, str) and not value.strip()):
            return False
        text = value.strip() if isinstance(value, str) else ""
        try:
            if not ISO_DATE.fullmatch(text):
                raise ValueError(text)
            return fields.Date.to_date(text)
        except ValueError:
            raise UserError(
                self.env._(
                    "“%(value)s” is not a date: enter it as YYYY-MM-DD, for "
                    "example 2026-01-31.",
                    value=str(value)[:40],
                )
            ) from None

    # ------------------------------------------------------------------
    # The statement
    # ------------------------------------------------------------------

    def _payment_portal_statement_domain(self, company):
        """The journal items of this customer's statement in ``company``:
        the receivable lines (trade receivables, as Odoo's follow-ups) of
        posted entries of the customer and every contact of it, archived
        ones included, of documents the customer may see."""
        self.ensure_one()
        return Domain(
            [
                (
                    "partner_id.commercial_partner_id",
                    "=",
                    self.commercial_partner_id.id,
                ),
                ("company_id", "=", company.id),
                ("parent_state", "=", "posted"),
                ("account_id.account_type", "=", "asset_receivable"),
                ("account_id.non_trade", "=", False),
            ]
        ) & Domain(
            "move_id", "any", self.env["account.move"]._payment_portal_visible_domain()
        )

    @api.model
    def _payment_portal_statement_labels(self):
        """What the statement calls each aging bucket and document type."""
        env = self.env
        return {
            "buckets": {
                "current": env._("Current"),
                "1_30": env._("1-30 days"),
                "31_60": env._("31-60 days"),
                "61_90": env._("61-90 days"),
                "90_plus": env._("Over 90 days"),
            },
            "types": {
                "out_invoice": env._("Invoice"),
                "out_refund": env._("Credit Note"),
                "out_receipt": env._("Receipt"),
                "payment": env._("Payment"),
                "refund": env._("Refund"),
                "entry": env._("Journal Entry"),
            },
        }

    @staticmethod
    def _payment_portal_statement_bucket(days):
        """The aging bucket of an item ``days`` past due (0 or less: current)."""
        for key, first, last in const.STATEMENT_BUCKETS:
            if (first is None or days >= first) and (last is None or days <= last):
                return key
        return const.STATEMENT_BUCKETS[-1][0]

    def _payment_portal_statement(
        self, company, kind="open", date_from=False, date_to=False, date=False
    ):
        """The statement of account of this customer (its commercial
        partner) in ``company``, in a constant number of queries whatever
        its number of lines.

        :param kind: ``open``: the items with something left to pay or to
            use, aged by their due date on ``date``; ``activity``: every
            item dated from ``date_from`` to ``date_to`` with the balance
            before (opening), after each item and at the end (closing)
        :param date: the statement's date (default: today)
        :return: a dict: ``customer``, ``company``, ``kind``, ``date``,
            ``date_from``, ``date_to``, ``labels`` and ``sections``, one per
            currency (the company's first), each with its ``currency`` and
            ``lines``; open items: ``buckets`` (amount per aging bucket) and
            ``total``; activity: ``opening``, ``charges``, ``credits`` and
            ``closing``
        """
        self.ensure_one()
        # sudo: the customer's own company contact (its name and address on
        # the statement), which portal users may not read in full.
        customer = self.commercial_partner_id.sudo()
        date = date or fields.Date.context_today(self)
        # sudo: portal users cannot read journal items; the domain restricts
        # to this customer's own, in this company.
        Line = self.env["account.move.line"].sudo()
        domain = customer._payment_portal_statement_domain(company)
        openings = {}
        if kind == "open":
            lines = Line.search_fetch(
                domain & Domain("amount_residual_currency", "!=", 0),
                LINE_FIELDS,
                order="date_maturity, date, move_name, id",
            )
        else:
            openings = dict(
                Line._read_group(
                    domain & Domain("date", "<", date_from),
                    ["currency_id"],
                    ["amount_currency:sum"],
                )
            )
            lines = Line.search_fetch(
                domain
                & Domain("date", ">=", date_from)
                & Domain("date", "<=", date_to)
                # exchange differences: no amount in the customer's currency
                & Domain("amount_currency", "!=", 0),
                LINE_FIELDS,
                order="date, move_name, id",
            )
        # The type of every document, in one query (not by prefetch batches).
        self.env["account.move"].sudo().search_fetch(
            Domain("id", "in", lines.move_id.ids), ["move_type"]
        )
        # The currencies, read at once: the lines' own would be read by
        # prefetch batches of 1,000 lines.
        currencies = self.env["res.currency"].browse(
            {*lines.currency_id.ids, *(c.id for c in openings)}
        )
        currency_of = {currency.id: currency for currency in currencies}
        labels = self._payment_portal_statement_labels()
        sections = {}
        for currency in currencies:
            amount = openings.get(currency, 0.0)
            if not currency.is_zero(amount):
                sections[currency] = self._payment_portal_statement_section(
                    currency, kind, currency.round(amount)
                )
        for line in lines:
            currency = currency_of[line.currency_id.id]
            section = sections.get(currency)
            if section is None:
                section = sections[currency] = self._payment_portal_statement_section(
                    currency, kind
                )
            section["lines"].append(
                self._payment_portal_statement_row(line, section, date, labels)
            )
        for section in sections.values():
            self._payment_portal_statement_round(section)
        return {
            "customer": customer,
            "company": company,
            "kind": kind,
            "date": date,
            "date_from": date_from,
            "date_to": date_to,
            "labels": labels,
            "line_count": len(lines),
            "sections": sorted(
                sections.values(),
                key=lambda s: (
                    s["currency"] != company.currency_id,
                    s["currency"].name,
                ),
            ),
        }

    @staticmethod
    def _payment_portal_statement_section(currency, kind, opening=0.0):
        if kind == "open":
            return {
                "currency": currency,
                "lines": [],
                "buckets": dict.fromkeys(
                    (key for key, _first, _last in const.STATEMENT_BUCKETS), 0.0
                ),
                "total": 0.0,
            }
        return {
            "currency": currency,
            "lines": [],
            "opening": opening,
            "charges": 0.0,
            "credits": 0.0,
            "closing": opening,
        }

    @api.model
    def _payment_portal_statement_row(self, line, section, date, labels):
        """One line of the statement, added to ``section``'s totals."""
        move_type = line.move_id.move_type
        amount = line.amount_currency
        if line.payment_id:
            doc_type = "payment" if amount < 0 else "refund"
        else:
            doc_type = move_type if move_type in labels["types"] else "entry"
        due = line.date_maturity or line.date
        row = {
            "id": line.id,
            "date": line.date,
            "number": line.move_name,
            "type": labels["types"][doc_type],
            "reference": line.ref or "",
            "due": due,
            "amount": amount,
        }
        if "buckets" in section:
            days = (date - due).days
            bucket = self._payment_portal_statement_bucket(days)
            row.update(
                open=line.amount_residual_currency,
                # days overdue: of what the customer owes, not of its credits
                days=max(days, 0) if amount > 0 else 0,
                bucket=bucket,
            )
            section["buckets"][bucket] += line.amount_residual_currency
            section["total"] += line.amount_residual_currency
        else:
            if amount > 0:
                section["charges"] += amount
            else:
                section["credits"] -= amount
            section["closing"] += amount
            row["balance"] = section["closing"]
        return row

    @staticmethod
    def _payment_portal_statement_round(section):
        """Sums without float noise (the running balances are rounded as
        they are shown)."""
        currency = section["currency"]
        for key in ("total", "opening", "charges", "credits", "closing"):
            if key in section:
                section[key] = currency.round(section[key])
        if "buckets" in section:
            for key, amount in section["buckets"].items():
                section["buckets"][key] = currency.round(amount)

    def _payment_portal_statement_balances(self, statement):
        """What the customer owes (open items) or its closing balances
        (activity), per currency, as text: "$ 1,250.00, € 80.00"."""
        key = "total" if statement["kind"] == "open" else "closing"
        return ", ".join(
            section["currency"].format(section[key])
            for section in statement["sections"]
        )

    # ------------------------------------------------------------------
    # Monthly statements
    # ------------------------------------------------------------------

    def _payment_portal_statement_subscribe(self, monthly):
        """The customer (this contact's commercial partner) opts in or out
        of the monthly statement, as one of its portal users asks."""
        self.ensure_one()
        # sudo: the customer's company contact, which portal users may not
        # write; only this flag changes.
        self.commercial_partner_id.sudo().payment_portal_statement_monthly = bool(
            monthly
        )

    def action_payment_portal_send_statement(self):
        """Staff: the Send Statement dialog for these contacts' customers."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Send Statement of Account"),
            "res_model": "payment.portal.statement.send",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }
