# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Accessibility of every page the addons render, in Chromium.

axe-core (the npm package pinned in tests/a11y/package.json, installed by
setup/test) runs its WCAG 2.1 A and AA rules inside the page content (``#wrap``
on portal pages, ``main`` on the landing and expired-link pages, which have no
portal wrapper): no violation is allowed. A customer then pays two invoices
with the keyboard alone (real key presses: Tab, Space, Enter, arrows), and the
confirmation page is checked too.
"""

import json
import os
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from odoo import fields
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment_portal.tests.common import PaymentPortalPayMixin

from .browser import axe_source, driving

COUNT_IS_2 = (
    "document.querySelector('.o_payment_portal_selected_count').textContent === '2'"
)
PAUSED = (
    "document.querySelector('.o_payment_portal_autopay_status')"
    ".textContent.includes('Paused')"
)
AUTOPAY_OFF = (
    "document.querySelector('.o_payment_portal_autopay_status')"
    ".textContent.includes('Off')"
)
THEMED = "document.querySelector('#wrap').dataset.paymentPortalTheme"
OPEN_PAY_LESS = (
    "document.querySelector('[name=o_payment_submit_button]') && "
    "(document.querySelector('details.o_payment_portal_short').open = true)"
)
PACKAGE_JSON = os.path.join(os.path.dirname(__file__), "package.json")


def _report_line(result):
    return (
        f"[axe] {result['page']:<26} {result['url']}: {len(result['passes'])} rules "
        f"passed, {len(result['violations'])} violations"
        + "".join(
            f"\n        {rule['id']} ({rule['impact']}): {rule['help']}"
            + "".join(
                f"\n          {node['target']}: {node['html']}"
                for node in rule["nodes"]
            )
            for rule in result["violations"]
        )
    )


@tagged("post_install", "-at_install")
class TestAccessibility(PaymentPortalPayMixin, HttpCase):
    @pytest.fixture(autouse=True)
    def _capsys(self, capsys):
        self.capsys = capsys

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        env = cls.env
        cls.company.write(
            {
                "payment_portal_schedule": True,
                "payment_portal_manage_emails": True,
                "payment_portal_landing_text": "Pay your Portal Test Company invoices.",
            }
        )
        env["payment.portal.link"].create(
            {
                "company_id": cls.company.id,
                "name": "Help",
                "url": "https://help.example.com",
            }
        )
        cls.euro = env.ref("base.EUR")
        cls.euro.active = True
        cls.inv_a = cls._invoice(cls.customer, 100.0, ref="A11Y-A")
        cls.inv_b = cls._invoice(cls.buyer, 250.5, due_in_days=-10, ref="A11Y-B")
        cls.inv_c = cls._invoice(cls.colleague, 300.0, ref="A11Y-C")
        cls.inv_d = cls._invoice(cls.customer, 420.0, ref="A11Y-D")
        cls.inv_e = cls._invoice(cls.customer, 600.0, ref="A11Y-E")
        cls.inv_eur = cls._invoice(
            cls.customer, 80.0, currency=cls.euro, ref="A11Y-EUR"
        )
        cls.inv_paid = cls._invoice(cls.customer, 40.0, ref="A11Y-PAID")
        cls._register_payment(cls.inv_paid, 40.0)
        cls.card = cls._demo_token(cls.buyer, "4242")
        cls._demo_token(cls.buyer, "1111")
        cls.failed_tx = cls._transaction(cls.inv_c, "A11Y-FAILED", "error")
        cls.pending_tx = cls._transaction(cls.inv_d, "A11Y-PENDING", "pending")
        Schedule = env["payment.portal.schedule"].sudo()
        today = fields.Date.context_today(Schedule)
        cls.schedule = Schedule.create(
            {
                "partner_id": cls.customer.id,
                "requested_by_id": cls.buyer.id,
                "company_id": cls.company.id,
                "currency_id": cls.currency.id,
                "token_id": cls.card.id,
                "amount": 50.0,
                "date": today + timedelta(days=5),
                "invoice_ids": [Command.set(cls.inv_a.ids)],
            }
        )
        Schedule._payment_portal_create_plan(
            cls.customer,
            cls.card,
            cls.inv_e,
            [today + timedelta(days=10), today + timedelta(days=40)],
            cls.buyer,
        )
        env["res.partner"].create(
            {
                "name": "Harbor Accounts Payable",
                "type": "invoice",
                "parent_id": cls.customer.id,
                "email": "payables@harbor.example.com",
            }
        )

    @classmethod
    def _transaction(cls, invoices, reference, state):
        tx = cls.env["payment.transaction"].create(
            {
                "provider_id": cls.provider.id,
                "payment_method_id": cls.demo_method.id,
                "reference": reference,
                "amount": sum(invoices.mapped("amount_residual")),
                "currency_id": cls.currency.id,
                "partner_id": cls.buyer.id,
                "operation": "online_direct",
                "invoice_ids": [Command.set(invoices.ids)],
            }
        )
        if state == "pending":
            tx._set_pending()
        else:
            tx._set_error("The card was declined.")
        return tx

    # ------------------------------------------------------------------

    def _check_pages(self, pages):
        """Open each (name, url, context[, ready]) page in one browser, run
        axe in it (once ``ready``, a JavaScript condition, holds); a callable
        between two pages changes the data the next ones show."""
        results = []

        def drive(page):
            for step in pages:
                if callable(step):  # change the data between two pages
                    step()
                    self.env.flush_all()  # for the server's requests
                    continue
                name, url, context, *ready = step
                page.browser.navigate_to(self.base_url() + url, wait_stop=True)
                page.wait_loaded(selector=context)
                if ready:  # the page's Interactions have run
                    # A test's first page may wait for the frontend bundles,
                    # built again in each test (their attachments roll back).
                    page.wait(ready[0], timeout=180, what=f"{name} to be ready")
                result = page.axe(context)
                result["page"] = name
                results.append(result)

        return self._drive("/my", drive, results)

    def _drive(self, url, drive, results, login="buyer"):
        login = self.buyer_user.login if login == "buyer" else login
        with driving(drive):
            self.browser_js(url, "", login=login, timeout=180)
        with self.capsys.disabled():
            for result in results:
                print("\n" + _report_line(result), end="")
            print()
        failures = [_report_line(r) for r in results if r["violations"]]
        if failures:
            self.fail("axe found violations:\n" + "\n".join(failures))
        for result in results:
            self.assertTrue(result["passes"], f"axe checked nothing on {result['url']}")
        return results

    def test_axe_is_the_pinned_version(self):
        """The axe-core that setup/test installed is the one package.json pins
        (without it, axe_source() fails the tests rather than skip them)."""
        with open(PACKAGE_JSON, encoding="utf-8") as handle:
            pinned = json.load(handle)["dependencies"]["axe-core"]
        self.assertRegex(pinned, r"^\d+\.\d+\.\d+$", "an exact version")
        self.assertEqual(axe_source().split(None, 3)[:3], ["/*!", "axe", f"v{pinned}"])

    def test_customer_pages(self):
        pay_query = urlencode(
            {"filterby": "all", "invoice_ids": f"{self.inv_a.id},{self.inv_b.id}"}
        )
        checkout_query = urlencode(
            {"invoice_ids": f"{self.inv_a.id},{self.inv_b.id}", "total": "350.50"}
        )
        self._check_pages(
            [
                (
                    "selection",
                    f"/my/pay?{pay_query}",
                    "#wrap",
                    # the live total counts the two preselected invoices
                    COUNT_IS_2,
                ),
                ("selection (empty)", "/my/pay?search=nothing-matches", "#wrap"),
                (
                    "checkout",
                    f"/my/pay/checkout?{checkout_query}",
                    "#wrap",
                    "document.querySelector('[name=o_payment_submit_button]')",
                ),
                ("history", "/my/payments", "#wrap"),
                ("payment failed", f"/my/payments/{self.failed_tx.id}", "#wrap"),
                ("payment pending", f"/my/payments/{self.pending_tx.id}", "#wrap"),
                ("profiles", "/my/payment_profiles", "#wrap", AUTOPAY_OFF),
                ("add a method", "/my/payment_method", "main"),
                ("scheduled", "/my/pay/scheduled", "#wrap"),
                (
                    "schedule form",
                    f"/my/pay/schedule?invoice_ids={self.inv_a.id}",
                    "#wrap",
                ),
                (
                    "schedule edit",
                    f"/my/pay/scheduled/{self.schedule.id}/edit",
                    "#wrap",
                ),
                (
                    "installment plan",
                    f"/my/pay/installments?invoice_id={self.inv_d.id}",
                    "#wrap",
                ),
                ("billing emails", "/my/billing_emails", "#wrap"),
                lambda: self.env["payment.portal.autopay"]._payment_portal_set(
                    self.customer, self.card
                ),
                (
                    "profiles, Auto Pay on",
                    "/my/payment_profiles",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_autopay_badge')",
                ),
                lambda: self.customer._payment_portal_autopay().write(
                    {"state": "paused", "last_result": "The card was declined."}
                ),
                (
                    "profiles, Auto Pay paused",
                    "/my/payment_profiles",
                    "#wrap",
                    PAUSED,
                ),
                lambda: self.company.write(
                    {
                        # a light colour: text in it must be darkened
                        "payment_portal_color": "#ffcc00",
                        "payment_portal_manage_emails": False,
                        "payment_portal_profile_delete": False,
                        "payment_portal_autopay_change": False,
                    }
                ),
                (
                    "selection, theme",
                    f"/my/pay?{pay_query}",
                    "#wrap",
                    f"{COUNT_IS_2} && {THEMED}",
                ),
                (
                    "profiles, read-only",
                    "/my/payment_profiles",
                    "#wrap",
                    "!document.querySelector('.o_payment_portal_autopay_form')",
                ),
                (
                    "billing emails, read-only",
                    "/my/billing_emails",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_billing_readonly')",
                ),
            ]
        )

    def test_credit_short_payment_and_dispute_pages(self):
        """The pages of issue 15: credits on the selection page, a checkout
        with credits and its "pay less" form open, Apply Credits, the
        dispute form, a disputed invoice in the list."""
        self.company.payment_portal_short_payments = True
        refund = self._credit_line(self._credit_note(self.customer, 150.0))
        self._unapplied_payment(self.customer, 20.0)
        checkout = urlencode(
            {
                "invoice_ids": f"{self.inv_a.id},{self.inv_b.id}",
                "credit_ids": str(refund.id),
                "total": "200.50",
            }
        )
        covered = urlencode(
            {
                "invoice_ids": str(self.inv_a.id),
                "credit_ids": str(refund.id),
                "total": "-50.00",
            }
        )
        self._check_pages(
            [
                (
                    "selection, credits",
                    "/my/pay",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_select_credit')",
                ),
                (
                    "checkout, credits, pay less",
                    f"/my/pay/checkout?{checkout}",
                    "#wrap",
                    # the "pay less" form opened, as the customer does
                    OPEN_PAY_LESS,
                ),
                ("apply credits", f"/my/pay/checkout?{covered}", "#wrap"),
                ("dispute form", f"/my/pay/dispute/{self.inv_c.id}", "#wrap"),
                lambda: self.inv_c._payment_portal_raise_dispute(
                    self.buyer,
                    self.env.ref("payment_portal.reason_dispute_other").id,
                    "Not what we ordered",
                    "Please check the delivery note.",
                ),
                ("selection, disputed", "/my/pay?filterby=all", "#wrap"),
            ]
        )

    def test_card_fee_pages(self):
        """The pages of issue 16: a checkout showing each method's card fee,
        the payment profiles page telling Auto Pay's surcharge, a payment
        with its fee."""
        self.company.write(
            {
                "payment_portal_fee_mode": "surcharge",
                "payment_portal_surcharge_rate": 3.0,
                "payment_portal_surcharge_off_session": True,
                "payment_portal_fee_account_id": self.env["account.account"]
                .create(
                    {
                        "name": "Card fees earned",
                        "code": "A11YFEE",
                        "account_type": "income_other",
                    }
                )
                .id,
            }
        )
        self.provider.payment_portal_surcharge_unknown_cards = True
        tx = self._transaction(self.inv_d, "A11Y-FEE", "pending")
        tx.write(
            {
                "amount": tx.amount * 1.03,
                "payment_portal_fee_kind": "surcharge",
                "payment_portal_fee_amount": tx.amount * 0.03,
                "payment_portal_fee_rate": 3.0,
            }
        )
        checkout = urlencode(
            {
                "invoice_ids": str(self.inv_a.id),
                "total": f"{self.inv_a.amount_residual:.2f}",
            }
        )
        self._check_pages(
            [
                (
                    "checkout, card fees",
                    f"/my/pay/checkout?{checkout}",
                    "#wrap",
                    "document.querySelector('#o_payment_portal_fees')",
                ),
                (
                    "profiles, Auto Pay surcharge",
                    "/my/payment_profiles",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_fee_notice')",
                ),
                (
                    "payment with a fee",
                    f"/my/payments/{tx.id}",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_tx_fee')",
                ),
            ]
        )

    def test_guest_pay_pages(self):
        """The pages of a pay link, without signing in: the customer's
        invoices, the checkout, a refused link."""
        url, _expiry = self.buyer._payment_portal_pay_link()
        path = "/pay/" + url.split("/pay/", 1)[1]
        results = []

        def drive(page):
            for name, target, ready in (
                ("pay link", path, ".o_payment_portal_guest_selection"),
                (
                    "pay link checkout",
                    f"{path}/checkout?invoice_ids={self.inv_a.id}",
                    "#o_payment_form",
                ),
                (
                    "pay link refused",
                    path[:-4] + "0000",
                    ".o_payment_portal_guest_error",
                ),
            ):
                page.browser.navigate_to(self.base_url() + target, wait_stop=True)
                page.wait_loaded(selector=ready)
                result = page.axe("#wrap")
                result["page"] = name
                results.append(result)

        self._drive("/web/login", drive, results, login=None)

    def test_statement_pages(self):
        """The statement of account (issue 17): open items with their aging
        in two currencies, a period's activity, a refused date, the monthly
        statement opt-in on and off."""
        self.company.payment_portal_statement_monthly = True
        self._credit_note(self.customer, 35.0)
        self._unapplied_payment(self.customer, 20.0)
        today = fields.Date.context_today(self.env["account.move"])
        period = urlencode(
            {
                "kind": "activity",
                "date_from": str(today - timedelta(days=30)),
                "date_to": str(today),
            }
        )
        self._check_pages(
            [
                (
                    "statement, open items",
                    "/my/statement",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_statement_aging')",
                ),
                (
                    "statement, activity",
                    f"/my/statement?{period}",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_statement_opening')",
                ),
                (
                    "statement, bad date",
                    "/my/statement?kind=activity&date_from=2026-02-30",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_error')",
                ),
                lambda: self.customer.write({"payment_portal_statement_monthly": True}),
                (
                    "statement, monthly on",
                    "/my/statement",
                    "#wrap",
                    "document.querySelector('.o_payment_portal_statement_unsubscribe')",
                ),
            ]
        )

    def test_public_pages(self):
        results = []

        def drive(page):
            for name, url in (
                ("landing", f"/payment_portal/landing/{self.company.id}"),
                ("expired link", "/web/signup?token=expired.or.used"),
            ):
                page.browser.navigate_to(self.base_url() + url, wait_stop=True)
                page.wait_loaded(selector="main")
                result = page.axe("main")
                result["page"] = name
                results.append(result)

        self._drive("/web/login", drive, results, login=None)

    def test_pay_with_the_keyboard_alone(self):
        """Select two invoices, open the checkout, pay and reach the
        confirmation with real key presses only; every control on the way
        shows its focus; the confirmation page passes axe."""
        results = []
        names = (self.inv_a | self.inv_b).mapped("name")

        def drive(page):
            page.wait_loaded(path="/my/pay", selector=".o_payment_portal_selection")
            for name in names:
                box = page.tab_to(
                    lambda f, name=name: f["label"] == f"Select {name}",
                    f"the checkbox of {name}",
                )
                self.assertEqual(box["tag"], "input")
                page.press("Space")
                self.assertTrue(page.focused()["checked"], f"Space selects {name}")
            page.wait(
                "document.querySelector('.o_payment_portal_selected_count')"
                ".textContent.trim() === '2'",
                what="the live count",
            )
            live = page.evaluate(
                "document.querySelector('.o_payment_portal_selected_total')"
                ".closest('[aria-live]')?.getAttribute('aria-live')"
            )
            self.assertEqual(live, "polite", "the live total is announced")
            page.tab_to(
                lambda f: "o_payment_portal_pay" in f["classes"],
                "Pay Selected Invoices",
            )
            page.press("Enter")
            page.wait_loaded(
                path="/my/pay/checkout", selector="[name='o_payment_radio']"
            )
            # The saved methods come first; the others are behind a button.
            page.tab_to(
                lambda f: f["text"].startswith("Choose another method"),
                "Choose another method",
            )
            page.press("Enter")
            page.wait(
                "document.querySelector('[data-payment-method-code=demo]')"
                ".offsetParent !== null",
                what="the other methods",
            )
            page.tab_to(
                lambda f: f["name"] == "o_payment_radio",
                "the payment options",
                key="Shift+Tab",
            )
            for _ in range(10):
                if page.evaluate(
                    "document.activeElement.dataset.paymentMethodCode === 'demo'"
                    " && document.activeElement.checked"
                ):
                    break
                page.press("ArrowDown")
            else:
                raise AssertionError(
                    "the demo method cannot be chosen with the arrows: %s"
                    % page.evaluate(
                        "JSON.stringify([...document.querySelectorAll("
                        "'[name=o_payment_radio]')].map((r) => [r.id, r.checked, "
                        "r === document.activeElement, r.dataset.paymentMethodCode, "
                        "r.disabled, r.offsetParent !== null]))"
                    )
                )
            page.wait(
                "document.querySelector('#customer_input')", what="the card input"
            )
            page.tab_to(lambda f: f["name"] == "customer_input", "the card number")
            page.type_text("4242424242424242")
            page.tab_to(lambda f: f["name"] == "o_payment_submit_button", "Pay")
            page.press("Enter")
            page.wait(
                "location.pathname.startsWith('/my/payments/') && document"
                ".querySelector('.o_payment_portal_payment')?.textContent"
                ".includes('payment was received')",
                timeout=40,
                what="the confirmation page",
            )
            result = page.axe("#wrap")
            result["page"] = "confirmation"
            results.append(result)

        self._drive("/my/pay?filterby=all", drive, results)
        tx = (self.inv_a | self.inv_b).transaction_ids
        self.assertEqual(len(tx), 1)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.invoice_ids, self.inv_a | self.inv_b)
        self.assertEqual(tx.amount, 350.5)
