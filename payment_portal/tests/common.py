# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from contextlib import contextmanager
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

from odoo import fields
from odoo.fields import Command
from odoo.tests.common import new_test_user


class PaymentPortalActivationMixin:
    """Customers, an invoicing user and a portal user, shared by the tests of
    both test layers (the addon's and the repository's top-level ``tests/``)."""

    @classmethod
    def _setup_activation_data(cls):
        cls.company = cls.env.company
        cls.company.write(
            {"name": "Portal Test Company", "email": "billing@ptc.example.com"}
        )
        cls.invoicing_user = new_test_user(
            cls.env,
            login="pp_invoicing",
            groups="account.group_account_invoice",
            name="Ivy Invoicing",
        )
        cls.internal_user = new_test_user(
            cls.env, login="pp_internal", groups="base.group_user", name="Ian Internal"
        )
        cls.portal_user = new_test_user(
            cls.env, login="pp_portal", groups="base.group_portal", name="Pat Portal"
        )
        Partner = cls.env["res.partner"]
        cls.customer_company = Partner.create(
            {
                "name": "Blue Ocean Ltd",
                "is_company": True,
                "email": "Accounts@BlueOcean.example.com",
            }
        )
        cls.customer_contact = Partner.create(
            {
                "name": "Jane Doe",
                "parent_id": cls.customer_company.id,
                "email": "jane.doe@blueocean.example.com",
            }
        )

    @contextmanager
    def _assert_refused(self, exception, regex):
        """Like assertRaisesRegex, inside Odoo's savepoint: whatever the refused
        call wrote is rolled back, so the test can check nothing changed."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def _queued_link_mails(self, partner):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", partner.ids)], order="id")
        )

    @staticmethod
    def _extract_link(mail):
        """The activation/reset link of a queued mail, as sent to the customer."""
        links = re.findall(
            r'href="([^"]*/web/(?:signup|reset_password)\?[^"]*)"', mail.body_html
        )
        assert len(links) == 1, "exactly one portal link expected, found %s" % links
        return links[0].replace("&amp;", "&")

    @staticmethod
    def _link_query(link):
        return {
            key: values[0] for key, values in parse_qs(urlsplit(link).query).items()
        }


class PaymentPortalPayMixin:
    """A customer company with two contacts (one signs in to the portal),
    another customer, the demo payment provider, and helpers to invoice."""

    password = "Harbor-Portal-2026"

    @classmethod
    def _setup_pay_data(cls):
        env = cls.env
        cls.company = env.company
        cls.currency = cls.company.currency_id
        cls.provider = env.ref("payment.payment_provider_demo").sudo()
        cls.provider.write({"state": "test", "allow_tokenization": True})
        cls.demo_method = env.ref("payment_demo.payment_method_demo")
        Partner = env["res.partner"]
        cls.customer = Partner.create(
            {
                "name": "Harbor Supplies Inc",
                "is_company": True,
                "email": "ap@harbor.example.com",
            }
        )
        cls.buyer = Partner.create(
            {
                "name": "Hannah Buyer",
                "parent_id": cls.customer.id,
                "email": "hannah@harbor.example.com",
            }
        )
        cls.colleague = Partner.create(
            {
                "name": "Colin Colleague",
                "parent_id": cls.customer.id,
                "email": "colin@harbor.example.com",
            }
        )
        cls.buyer_user = new_test_user(
            env,
            login="hannah@harbor.example.com",
            groups="base.group_portal",
            partner_id=cls.buyer.id,
            password=cls.password,
        )
        cls.rival = Partner.create(
            {"name": "Rival Corp", "is_company": True, "email": "ap@rival.example.com"}
        )
        cls.rival_user = new_test_user(
            env,
            login="rita@rival.example.com",
            groups="base.group_portal",
            partner_id=Partner.create(
                {
                    "name": "Rita Rival",
                    "parent_id": cls.rival.id,
                    "email": "rita@rival.example.com",
                }
            ).id,
            password=cls.password,
        )

    @classmethod
    def _invoice(
        cls, partner, amount, due_in_days=30, currency=None, post=True, **values
    ):
        today = fields.Date.context_today(cls.env["account.move"])
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": today - timedelta(days=5),
                "invoice_date_due": today + timedelta(days=due_in_days),
                "currency_id": (currency or cls.currency).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Supplies",
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": [],
                        }
                    )
                ],
                **values,
            }
        )
        if post:
            invoice.action_post()
        return invoice

    @classmethod
    def _credit_note(cls, partner, amount, days_ago=3, currency=None, post=True):
        """A credit note of ``amount`` for ``partner``, dated ``days_ago``."""
        return cls._invoice(
            partner,
            amount,
            due_in_days=-days_ago,
            currency=currency,
            post=post,
            move_type="out_refund",
            invoice_date=fields.Date.context_today(cls.env["account.move"])
            - timedelta(days=days_ago),
        )

    @classmethod
    def _unapplied_payment(cls, partner, amount):
        """A customer payment of ``amount`` reconciled with nothing: an
        outstanding credit of ``partner``'s company. Returns its receivable
        line."""
        payment = cls.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": partner.id,
                "amount": amount,
            }
        )
        payment.action_post()
        return payment.move_id.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )

    @staticmethod
    def _credit_line(credit_note):
        """The receivable line of a credit note: the credit it gives."""
        return credit_note.line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        )

    @classmethod
    def _demo_token(cls, partner, digits, state="done"):
        """A saved demo-provider method of ``partner`` whose charges end in
        ``state`` (done, pending, error, cancel)."""
        return cls.env["payment.token"].create(
            {
                "provider_id": cls.provider.id,
                "payment_method_id": cls.demo_method.id,
                "partner_id": partner.id,
                "payment_details": digits,
                "provider_ref": f"demo-{partner.id}-{digits}",
                "demo_simulated_state": state,
            }
        )

    @classmethod
    def _autopay_of(cls, partner, company=None):
        """The Auto Pay of ``partner``'s customer in ``company`` (the current
        one by default), created off if it had none: a customer without
        one has Auto Pay off."""
        return cls.env["payment.portal.autopay"]._payment_portal_get(
            partner, company or cls.env.company, create=True
        )

    @classmethod
    def _set_autopay(cls, partner, token, state="on"):
        """Staff set Auto Pay on the customer's record (the contact form)."""
        autopay = cls._autopay_of(partner, token.company_id)
        autopay.write({"state": state, "token_id": token.id})
        return autopay

    def _transaction_request(self, context, route=None, amount=None, **overrides):
        """Ask the checkout's transaction route (or ``route``) for a demo
        payment, as the payment form does (``overrides``: other parameters);
        returns the processing values."""
        return self.make_jsonrpc_request(
            route or context["transaction_route"],
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.demo_method.id,
                "token_id": None,
                "amount": context["amount"] if amount is None else amount,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": context["landing_route"],
                "access_token": context["access_token"],
                **overrides,
            },
        )

    def _demo_pay(self, processing, simulated_state="done"):
        """The demo provider's answer to the transaction of ``processing``;
        the transaction, post-processed."""
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", processing["reference"])])
        )
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": tx.reference,
                "payment_details": "4242",
                "simulated_state": simulated_state,
            },
        )
        self.env.invalidate_all()  # the server changed the records
        tx._post_process()
        return tx

    @classmethod
    def _register_payment(cls, invoices, amount):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create({"amount": amount, "group_payment": True})
            ._create_payments()
        )

    @classmethod
    def _bulk_invoices(cls, partner, count, move_type="out_invoice"):
        today = fields.Date.context_today(cls.env["account.move"])
        invoices = cls.env["account.move"].create(
            [
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    # one invoice date: numbering many months at once is slow
                    "invoice_date": today,
                    "invoice_date_due": today + timedelta(days=30 - i % 60),
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Supplies", "price_unit": 10.0 + i, "tax_ids": []}
                        )
                    ],
                }
                for i in range(count)
            ]
        )
        # Thousands of rows new to this transaction leave PostgreSQL's statistics
        # stale, and its plans for the payment-state queries pathological: refresh
        # them (ANALYZE counts the rows this transaction inserted).
        analyze = (
            "ANALYZE account_move, account_move_line, account_partial_reconcile,"
            " account_payment"
        )
        cls.env.flush_all()
        cls.env.cr.execute(analyze)
        invoices.action_post()
        cls.env.flush_all()
        cls.env.cr.execute(analyze)
        return invoices

    def _page_queries(self, url, queries, exact=False):
        """GET ``url`` in at most ``queries`` queries (``exact``: in exactly
        ``queries``: fewer fails too)."""
        self.url_open(url)  # warm the caches (assets, views, menus)
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            count = self.cr.sql_log_count
            response = self.url_open(url)
            count = self.cr.sql_log_count - count
        self.assertEqual(response.status_code, 200)
        if exact:
            self.assertEqual(count, queries, f"queries of {url}")
        return response

    def _tx_mails(self, tx):
        """The mails queued about a transaction, oldest first."""
        return (
            self.env["mail.mail"]
            .sudo()
            .search(
                [("model", "=", "payment.transaction"), ("res_id", "=", tx.id)],
                order="id",
            )
        )


class PaymentPortalStatementMixin(PaymentPortalActivationMixin, PaymentPortalPayMixin):
    """Helpers of the statement tests."""

    @classmethod
    def _setup_statement_data(cls):
        cls._setup_pay_data()
        cls.today = fields.Date.context_today(cls.env["account.move"])
        cls.euro = cls.env.ref("base.EUR")
        cls.euro.active = True

    @classmethod
    def _dated_invoice(cls, partner, amount, days_ago, move_type="out_invoice"):
        """An invoice (or credit note) dated and due ``days_ago`` days ago."""
        day = cls.today - timedelta(days=days_ago)
        return cls._invoice(
            partner, amount, move_type=move_type, invoice_date=day, invoice_date_due=day
        )

    @classmethod
    def _dated_payment(cls, invoices, amount, days_ago):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(
                {
                    "amount": amount,
                    "group_payment": True,
                    "payment_date": cls.today - timedelta(days=days_ago),
                }
            )
            ._create_payments()
        )

    def _statement(self, kind="open", date_from=False, date_to=False, partner=None):
        return (partner or self.buyer)._payment_portal_statement(
            self.company, kind, date_from, date_to
        )

    def _section(self, statement, currency=None):
        currency = currency or self.currency
        sections = [s for s in statement["sections"] if s["currency"] == currency]
        self.assertEqual(len(sections), 1, f"one section in {currency.name}")
        return sections[0]

    @staticmethod
    def _rows(section):
        return {row["number"]: row for row in section["lines"]}
