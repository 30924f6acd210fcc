# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The statement of account's figures: open items and their aging, activity
between two dates with the opening and closing balances, per currency."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command, Domain
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import PaymentPortalStatementMixin


@tagged("post_install", "-at_install")
class TestStatement(PaymentPortalStatementMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_statement_data()

    # ------------------------------------------------------------------
    # Open items
    # ------------------------------------------------------------------

    def test_aging_buckets_at_their_boundaries(self):
        """Days past due: 0 (due today) and not yet due are current, then
        1-30, 31-60, 61-90 and over 90, each boundary on its side."""
        expected = {
            -10: "current",  # due in 10 days
            0: "current",
            1: "1_30",
            30: "1_30",
            31: "31_60",
            60: "31_60",
            61: "61_90",
            90: "61_90",
            91: "90_plus",
            400: "90_plus",
        }
        invoices = {
            days: self._invoice(self.customer, 100.0 + index, due_in_days=-days)
            for index, days in enumerate(expected)
        }
        section = self._section(self._statement())
        rows = self._rows(section)
        self.assertEqual(len(rows), len(expected))
        totals = dict.fromkeys(("current", "1_30", "31_60", "61_90", "90_plus"), 0.0)
        for days, bucket in expected.items():
            row = rows[invoices[days].name]
            self.assertEqual(row["bucket"], bucket, f"{days} days past due")
            self.assertEqual(row["days"], max(days, 0))
            self.assertEqual(row["due"], self.today - timedelta(days=days))
            totals[bucket] += row["open"]
        self.assertEqual(section["buckets"], totals)
        self.assertEqual(section["total"], sum(100.0 + i for i in range(len(expected))))
        Partner = self.env["res.partner"]
        for days, bucket in expected.items():
            self.assertEqual(Partner._payment_portal_statement_bucket(days), bucket)

    def test_open_items_credit_notes_unapplied_payments_and_partial_payments(self):
        partial = self._invoice(self.customer, 1000.0, due_in_days=-40)
        self._register_payment(partial, 400.0)
        paid = self._invoice(self.customer, 250.0)
        self._register_payment(paid, 250.0)
        by_contact = self._invoice(self.colleague, 70.0, due_in_days=5)
        archived = self.env["res.partner"].create(
            {"name": "Former Buyer", "parent_id": self.customer.id}
        )
        by_archived = self._invoice(archived, 30.0)
        archived.active = False
        refund = self._credit_note(self.customer, 150.0, days_ago=3)
        payment = self._unapplied_payment(self.buyer, 80.0)
        self._invoice(self.customer, 999.0, post=False)  # a draft
        cancelled = self._invoice(self.customer, 888.0)
        cancelled.button_draft()
        cancelled.button_cancel()
        rival = self._invoice(self.rival, 777.0)

        statement = self._statement()
        self.assertEqual(statement["customer"], self.customer)
        section = self._section(statement)
        rows = self._rows(section)
        self.assertEqual(
            set(rows),
            {
                partial.name,
                by_contact.name,
                by_archived.name,
                refund.name,
                payment.move_id.name,
            },
            "paid, draft, cancelled and other customers' documents left out",
        )
        self.assertNotIn(rival.name, rows)
        self.assertEqual(rows[partial.name]["amount"], 1000.0)
        self.assertEqual(rows[partial.name]["open"], 600.0)
        self.assertEqual(rows[partial.name]["bucket"], "31_60")
        self.assertEqual(rows[refund.name]["type"], "Credit Note")
        self.assertEqual(rows[refund.name]["open"], -150.0)
        self.assertEqual(rows[refund.name]["days"], 0, "credits are not overdue")
        self.assertEqual(rows[payment.move_id.name]["type"], "Payment")
        self.assertEqual(rows[payment.move_id.name]["open"], -80.0)
        self.assertEqual(rows[payment.move_id.name]["bucket"], "current")
        self.assertEqual(section["total"], 600.0 + 70.0 + 30.0 - 150.0 - 80.0)
        self.assertEqual(section["buckets"]["1_30"], -150.0)
        # the same statement, whichever contact asks
        self.assertEqual(
            self._statement(partner=self.colleague)["sections"], statement["sections"]
        )
        self.assertEqual(
            self._section(self._statement(partner=self.rival))["total"], 777.0
        )

    def test_each_currency_has_its_section_in_its_own_amounts(self):
        self._invoice(self.customer, 100.0)
        euro_invoice = self._invoice(self.customer, 80.0, currency=self.euro)
        euro_refund = self._credit_note(self.customer, 30.0, currency=self.euro)
        statement = self._statement()
        self.assertEqual(
            [s["currency"] for s in statement["sections"]],
            [self.currency, self.euro],
            "the company's currency first",
        )
        euro = self._section(statement, self.euro)
        self.assertEqual(self._rows(euro)[euro_invoice.name]["amount"], 80.0)
        self.assertEqual(self._rows(euro)[euro_refund.name]["open"], -30.0)
        self.assertEqual(euro["total"], 50.0)
        self.assertEqual(self._section(statement)["total"], 100.0)
        self.assertEqual(
            self.customer._payment_portal_statement_balances(statement),
            f"{self.currency.format(100.0)}, {self.euro.format(50.0)}",
        )

    def test_hidden_future_invoices_and_other_companies_stay_out(self):
        self._invoice(self.customer, 100.0)
        future = self._invoice(
            self.customer, 60.0, invoice_date=self.today + timedelta(days=3)
        )
        self.assertIn(future.name, self._rows(self._section(self._statement())))
        self.company.payment_portal_hide_future_invoices = True
        self.assertNotIn(future.name, self._rows(self._section(self._statement())))

        other_company = self.env["res.company"].create(
            {"name": "Harbor Sister Co", "currency_id": self.currency.id}
        )
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=other_company, install_demo=False
        )
        self.env.user.company_ids |= other_company
        elsewhere = self._invoice(self.customer, 45.0, company_id=other_company.id)
        here = self._section(self._statement())
        self.assertEqual(here["total"], 100.0)
        self.assertFalse(
            {row["id"] for row in here["lines"]} & set(elsewhere.line_ids.ids)
        )
        there = self._section(self.customer._payment_portal_statement(other_company))
        self.assertEqual([row["amount"] for row in there["lines"]], [45.0])
        self.assertLessEqual(
            {row["id"] for row in there["lines"]}, set(elsewhere.line_ids.ids)
        )

    # ------------------------------------------------------------------
    # Activity
    # ------------------------------------------------------------------

    def test_activity_opening_running_and_closing_balances(self):
        before = self._dated_invoice(self.customer, 500.0, 60)
        invoice = self._dated_invoice(self.buyer, 300.0, 20)
        refund = self._dated_invoice(self.customer, 50.0, 10, move_type="out_refund")
        payment = self._dated_payment(before, 200.0, 5)
        self._dated_invoice(self.customer, 70.0, 0)  # after the period
        self._dated_invoice(self.rival, 999.0, 20)
        date_from = self.today - timedelta(days=30)
        date_to = self.today - timedelta(days=1)
        statement = self._statement("activity", date_from, date_to)
        self.assertEqual(
            (statement["kind"], statement["date_from"], statement["date_to"]),
            ("activity", date_from, date_to),
        )
        section = self._section(statement)
        self.assertEqual(section["opening"], 500.0)
        self.assertEqual(
            [(r["number"], r["amount"], r["balance"]) for r in section["lines"]],
            [
                (invoice.name, 300.0, 800.0),
                (refund.name, -50.0, 750.0),
                (payment.move_id.name, -200.0, 550.0),
            ],
            "in date order, with the balance after each",
        )
        self.assertEqual(
            (section["charges"], section["credits"], section["closing"]),
            (300.0, 250.0, 550.0),
        )
        self.assertEqual(section["lines"][2]["type"], "Payment")
        # the closing balance is what the ledger says on the last day
        ledger = sum(
            self.env["account.move.line"]
            .search(
                self.customer._payment_portal_statement_domain(self.company)
                & Domain("date", "<=", date_to)
            )
            .mapped("amount_currency")
        )
        self.assertEqual(section["closing"], ledger)
        # the next period opens with it
        later = self._section(
            self._statement("activity", self.today, self.today + timedelta(days=1))
        )
        self.assertEqual(later["opening"], 550.0)
        self.assertEqual(later["closing"], 620.0)

    def test_activity_per_currency_and_quiet_periods(self):
        self._dated_invoice(self.customer, 100.0, 40)
        self._invoice(
            self.customer,
            90.0,
            currency=self.euro,
            invoice_date=self.today - timedelta(days=3),
        )
        statement = self._statement(
            "activity", self.today - timedelta(days=10), self.today
        )
        usd = self._section(statement)
        self.assertEqual(
            (usd["opening"], usd["lines"], usd["closing"]), (100.0, [], 100.0)
        )
        euro = self._section(statement, self.euro)
        self.assertEqual((euro["opening"], euro["closing"]), (0.0, 90.0))
        # nothing before, nothing during: nothing to state
        quiet = self._statement(
            "activity",
            self.today - timedelta(days=100),
            self.today - timedelta(days=50),
        )
        self.assertEqual(quiet["sections"], [])
        self.assertEqual(self._statement(partner=self.rival)["sections"], [])

    # ------------------------------------------------------------------
    # What is asked for
    # ------------------------------------------------------------------

    def test_period_is_parsed_and_refused_with_a_message(self):
        Partner = self.env["res.partner"]
        first_of_last_month = (self.today.replace(day=1) - timedelta(days=1)).replace(
            day=1
        )
        self.assertEqual(
            Partner._payment_portal_statement_period("activity"),
            ("activity", first_of_last_month, self.today),
        )
        self.assertEqual(
            Partner._payment_portal_statement_period("activity", "", "2025-03-20"),
            (
                "activity",
                fields.Date.to_date("2025-02-01"),
                fields.Date.to_date("2025-03-20"),
            ),
            "an end alone: from the first day of the month before",
        )
        self.assertEqual(
            Partner._payment_portal_statement_period(
                "activity", "2026-01-01", " 2026-01-31 "
            ),
            (
                "activity",
                fields.Date.to_date("2026-01-01"),
                fields.Date.to_date("2026-01-31"),
            ),
        )
        for kind in ("open", None, "bogus", ["open"]):
            self.assertEqual(
                Partner._payment_portal_statement_period(kind, "garbage", "x"),
                ("open", False, False),
                "open items take no dates",
            )
        for bad in (
            "2026-02-30",
            "31/01/2026",
            "2026-1-5",
            "yesterday",
            "0000-01-01",
            "２０２６-01-01",
            ["2026-01-01"],
        ):
            with self._assert_refused(UserError, "is not a date"):
                Partner._payment_portal_statement_period("activity", bad, "2026-03-01")
        with self._assert_refused(UserError, "start date must be on or before"):
            Partner._payment_portal_statement_period(
                "activity", "2026-03-02", "2026-03-01"
            )

    def test_report_data_gives_customers_their_own_statement_only(self):
        """The report's data (the download, staff's Print) as someone else
        than the server: a customer only gets its own statement, in its
        company; staff need the invoicing rights."""
        self._invoice(self.customer, 100.0)
        Report = self.env["report.payment_portal.report_statement"]
        data = {
            "partner_ids": self.customer.ids,
            "company_id": self.company.id,
            "kind": "open",
        }
        own = Report.with_user(self.buyer_user)._get_report_values([], data)
        self.assertEqual(own["docs"][0]["customer"], self.customer)
        with self.assertRaises(AccessError):
            Report.with_user(self.rival_user)._get_report_values([], data)
        internal = self.env["res.users"].create(
            {
                "name": "No Invoicing",
                "login": "pp_stmt_internal",
                "group_ids": [Command.set(self.env.ref("base.group_user").ids)],
            }
        )
        with self.assertRaises(AccessError):
            Report.with_user(internal)._get_report_values([], data)
        invoicing = self.env["res.users"].create(
            {
                "name": "Invoicing",
                "login": "pp_stmt_invoicing",
                "group_ids": [
                    Command.set(self.env.ref("account.group_account_invoice").ids)
                ],
            }
        )
        docs = Report.with_user(invoicing)._get_report_values([], data)["docs"]
        self.assertEqual(docs[0]["sections"][0]["total"], 100.0)
        with self._assert_refused(UserError, "is not a date"):
            Report.with_user(invoicing)._get_report_values(
                [], {**data, "kind": "activity", "date_from": "nope"}
            )
