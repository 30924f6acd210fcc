# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""One portal: every way into paying leads to /my/pay, and every page of the
addons has the same tab bar and breadcrumbs."""

from urllib.parse import parse_qs, quote, urlsplit

from lxml import html

from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import HttpCase, new_test_user

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestPortalEntryPointsHttp(PaymentPortalPayMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.company.payment_portal_schedule = True
        cls.inv_1 = cls._invoice(cls.customer, 100.0)
        cls.inv_2 = cls._invoice(cls.buyer, 250.5, due_in_days=-10)  # overdue
        cls.inv_3 = cls._invoice(cls.colleague, 300.0, due_in_days=-3)  # overdue
        cls.paid = cls._invoice(cls.customer, 40.0)
        cls._register_payment(cls.paid, 40.0)
        cls.rival_invoice = cls._invoice(cls.rival, 999.0, due_in_days=-10)

    def setUp(self):
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------

    def _get(self, url, **kwargs):
        response = self.url_open(url, **kwargs)
        self.assertLess(response.status_code, 500, url)
        return response

    def _redirect(self, url):
        """Where ``url`` sends the customer (one redirect, not followed)."""
        response = self._get(url, allow_redirects=False)
        self.assertIn(response.status_code, (301, 302, 303), url)
        location = urlsplit(response.headers["Location"])
        return location.path, parse_qs(location.query)

    @staticmethod
    def _ticked(page):
        """Ids of the invoices ticked on a selection page."""
        tree = html.fromstring(page.text)
        return {
            int(value)
            for value in tree.xpath(
                "//tr[@data-invoice-id]//input[@checked]"
                "[contains(concat(' ', @class, ' '), ' o_payment_portal_select ')]"
                "/@value"
            )
        }

    @staticmethod
    def _listed(page):
        tree = html.fromstring(page.text)
        return {int(i) for i in tree.xpath("//tr/@data-invoice-id")}

    @staticmethod
    def _cards(page):
        """The cards of /my, by title."""
        tree = html.fromstring(page.text)
        return tree.xpath("//div[hasclass('o_portal_index_card')]/a/@title")

    # ------------------------------------------------------------------
    # /my
    # ------------------------------------------------------------------

    def test_home_has_one_card_per_thing(self):
        cards = self._cards(self._get("/my/home"))
        for title in (
            "Pay Invoices",
            "Payment History",
            "Payment Methods and Auto Pay",
            "Scheduled Payments",
            "Invoices to pay",
        ):
            self.assertEqual(cards.count(title), 1, title)
        # Odoo's duplicates give way to ours
        self.assertNotIn("Your Invoices", cards)
        self.assertNotIn("Payment methods", cards)
        self.assertEqual(len(cards), len(set(cards)), cards)

        # With the portal off for the company, Odoo's cards stay, ours go.
        self.company.payment_portal_enabled = False
        cards = self._cards(self._get("/my/home"))
        self.assertIn("Your Invoices", cards)
        self.assertIn("Payment methods", cards)
        self.assertNotIn("Pay Invoices", cards)

    def test_banner_opens_the_selection_with_the_invoices_it_counts(self):
        # an overdue invoice whose payment is in flight is neither counted nor
        # preselected: it cannot be paid again now
        in_flight = self._invoice(self.customer, 70.0, due_in_days=-1)
        self.env["payment.transaction"].sudo().create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.demo_method.id,
                "amount": 70.0,
                "currency_id": self.currency.id,
                "partner_id": self.buyer.id,
                "reference": "ENTRY-IN-FLIGHT",
                "state": "pending",
                "invoice_ids": [Command.set(in_flight.ids)],
            }
        )
        home = self._get("/my/home")
        tree = html.fromstring(home.text)
        banner = tree.xpath("//div[@id='portal_alert_category']//a")
        self.assertEqual(len(banner), 1)
        self.assertEqual(banner[0].get("href"), "/my/invoices/overdue")
        self.assertFalse(banner[0].xpath(".//button"), "no button inside the link")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["overdue_invoice_count"]}
        )
        self.assertEqual(counters["overdue_invoice_count"], 2)

        path, query = self._redirect("/my/invoices/overdue")
        self.assertEqual(path, "/my/pay")
        overdue = sorted((self.inv_2 | self.inv_3).ids)
        self.assertEqual(query["select"], [",".join(map(str, overdue))])
        page = self._get("/my/invoices/overdue")
        self.assertEqual(self._ticked(page), {self.inv_2.id, self.inv_3.id})
        self.assertNotIn(self.rival_invoice.name, page.text)

        # nothing overdue: the overdue filter of the selection
        self._register_payment(self.inv_2 | self.inv_3, 550.5)
        path, query = self._redirect("/my/invoices/overdue")
        self.assertEqual((path, query), ("/my/pay", {"filterby": ["overdue"]}))

    # ------------------------------------------------------------------
    # /my/pay?select=
    # ------------------------------------------------------------------

    def test_select_ticks_only_the_customers_payable_invoices(self):
        select = ",".join(
            map(
                str,
                [
                    self.inv_1.id,
                    self.rival_invoice.id,  # another customer's
                    self.paid.id,  # nothing to pay
                    self.inv_3.id,  # a colleague's: the company's
                    999999999,
                ],
            )
        )
        page = self._get(f"/my/pay?select={select}")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(self._ticked(page), {self.inv_1.id, self.inv_3.id})
        # the listing is narrowed to them, with a way back to all invoices
        self.assertEqual(self._listed(page), {self.inv_1.id, self.inv_3.id})
        self.assertIn("o_payment_portal_preselected", page.text)
        self.assertIn('href="/my/pay"', page.text)
        self.assertNotIn(self.rival_invoice.name, page.text)
        self.assertNotIn(self.paid.name, page.text)

        # the live total counts them: the page says so once the script ran
        # (see the tour); the checkboxes carry their amounts due
        tree = html.fromstring(page.text)
        amounts = tree.xpath("//input[@checked]/@data-amount")
        self.assertEqual(sorted(float(a) for a in amounts), [100.0, 300.0])

    def test_select_ignores_anything_malformed_or_foreign(self):
        all_unpaid = self._listed(self._get("/my/pay"))
        self.assertEqual(all_unpaid, {self.inv_1.id, self.inv_2.id, self.inv_3.id})
        for select in (
            "",
            "abc",
            "-1",
            "0",
            "1e3",
            "٣",  # an Arabic-Indic digit: int() would read it
            "²",
            "1" * 40,
            ",,,",
            str(self.rival_invoice.id),
            str(self.paid.id),
            "9" * 10_000,
            ",".join(["x"] * 5_000),
        ):
            with self.subTest(select=select[:20]):
                page = self._get(f"/my/pay?select={select}")
                self.assertEqual(page.status_code, 200)
                self.assertEqual(self._ticked(page), set())
                self.assertEqual(self._listed(page), all_unpaid)
                self.assertNotIn("o_payment_portal_preselected", page.text)
                self.assertNotIn(self.rival_invoice.name, page.text)
        # a control character is refused before the page reads anything
        # (ir.http: a 400 with a message on every portal page)
        for select in (quote("\x00") + str(self.inv_1.id), "%00"):
            with self.subTest(select=select):
                page = self._get(f"/my/pay?select={select}")
                self.assertEqual(page.status_code, 400)
                self.assertEqual(self._ticked(page), set())
        # a repeated key: one value is read, never a server error
        page = self._get(f"/my/pay?select={self.inv_1.id}&select={self.inv_2.id}")
        self.assertEqual(page.status_code, 200)
        self.assertLessEqual(self._ticked(page), {self.inv_1.id, self.inv_2.id})
        # the links of emails sent before ``select`` existed still work
        page = self._get(f"/my/pay?invoice_ids={self.inv_1.id}&filterby=all")
        self.assertEqual(self._ticked(page), {self.inv_1.id})
        # spaces around ids are fine
        page = self._get(f"/my/pay?select=+{self.inv_1.id}+,+{self.inv_2.id}")
        self.assertEqual(self._ticked(page), {self.inv_1.id, self.inv_2.id})
        # the other customer cannot preselect ours
        self.authenticate(self.rival_user.login, self.password)
        page = self._get(f"/my/pay?select={self.inv_1.id},{self.rival_invoice.id}")
        self.assertEqual(self._ticked(page), {self.rival_invoice.id})
        self.assertNotIn(self.inv_1.name, page.text)

    def test_credit_notes_are_listed_never_selected(self):
        """Odoo's list showed the customer's credit notes: the selection page
        lists them (Credit Notes filter, and All), without a checkbox."""
        credit = self._invoice(self.customer, 30.0, move_type="out_refund")
        page = self._get("/my/pay?filterby=credit")
        self.assertEqual(self._listed(page), {credit.id})
        tree = html.fromstring(page.text)
        row = tree.xpath(f"//tr[@data-invoice-id='{credit.id}']")[0]
        self.assertFalse(row.xpath(".//input"))
        self.assertIn("Credit note", row.text_content())
        self.assertIn("-", row.xpath(".//td[hasclass('text-end')]")[-1].text_content())
        self.assertIn(credit.id, self._listed(self._get("/my/pay?filterby=all")))
        for filterby in ("unpaid", "overdue", "pending", "paid"):
            listed = self._listed(self._get(f"/my/pay?filterby={filterby}"))
            self.assertNotIn(credit.id, listed, filterby)
        # it cannot be preselected, nor paid
        page = self._get(f"/my/pay?select={credit.id}")
        self.assertEqual(self._ticked(page), set())
        page = self._get(f"/my/pay/checkout?invoice_ids={credit.id}&total=30.00")
        self.assertNotIn("o_payment_form", page.text)
        self.assertIn("cannot be paid here", page.text)

    def test_preselection_is_one_payment(self):
        """Invoices of two currencies cannot be paid together: the first
        one's currency wins, the others are left unticked."""
        euro = self.env.ref("base.EUR")
        euro.active = True
        euro_invoice = self._invoice(self.customer, 80.0, currency=euro)
        Move = self.env["account.move"]
        chosen = Move._payment_portal_preselection(
            self.buyer, f"{euro_invoice.id},{self.inv_1.id}"
        )
        self.assertEqual(chosen, euro_invoice)
        chosen = Move._payment_portal_preselection(
            self.buyer, f"{self.inv_1.id},{euro_invoice.id},{self.inv_2.id}"
        )
        self.assertEqual(chosen, self.inv_1 | self.inv_2)
        self.assertEqual(
            chosen._payment_portal_selection_url(),
            f"/my/pay?select={min(chosen.ids)},{max(chosen.ids)}",
        )
        for raw in (None, 12, ["1"], b"1"):
            self.assertFalse(Move._payment_portal_preselection(self.buyer, raw))

    # ------------------------------------------------------------------
    # Odoo's invoice pages
    # ------------------------------------------------------------------

    def test_odoo_invoice_list_leads_to_the_selection(self):
        self.assertEqual(self._redirect("/my/invoices"), ("/my/pay", {}))
        self.assertEqual(self._redirect("/my/invoices/page/2"), ("/my/pay", {}))
        self.assertEqual(
            self._redirect("/my/invoices?filterby=overdue_invoices&sortby=name"),
            ("/my/pay", {"filterby": ["overdue"], "sortby": ["name"]}),
        )
        self.assertEqual(
            self._redirect("/my/invoices?filterby=invoices&sortby=state&search=INV"),
            ("/my/pay", {"filterby": ["all"], "search": ["INV"]}),
        )
        # control characters: refused before anything is read or carried
        self.assertEqual(
            self._get(
                "/my/invoices?filterby=%00&sortby=%00&search=a%00",
                allow_redirects=False,
            ).status_code,
            400,
        )
        self.assertEqual(
            self._redirect("/my/invoices?search=" + "a" * 5000), ("/my/pay", {})
        )
        # vendor bills are not paid here: Odoo's list stays for them
        bills = self._get("/my/invoices?filterby=bills")
        self.assertEqual(urlsplit(bills.url).path, "/my/invoices")
        # with the portal off, Odoo's list stays
        self.company.payment_portal_enabled = False
        native = self._get("/my/invoices")
        self.assertEqual(urlsplit(native.url).path, "/my/invoices")
        self.assertIn(self.inv_1.name, native.text)

    def test_invoice_page_pays_through_the_selection(self):
        page = self._get(f"/my/invoices/{self.inv_2.id}")
        self.assertEqual(page.status_code, 200)
        tree = html.fromstring(page.text)
        pay = tree.xpath("//a[hasclass('o_payment_portal_invoice_pay')]/@href")
        self.assertEqual(pay, [f"/my/pay?select={self.inv_2.id}"])
        self.assertFalse(tree.xpath("//a[@data-bs-target='#pay_with']"))
        crumbs = tree.xpath("//ol[hasclass('o_portal_submenu')]//a/@href")
        self.assertIn("/my/pay", crumbs)
        self.assertFalse([c for c in crumbs if c.startswith("/my/invoices")], crumbs)
        # following it: the selection with that invoice ticked
        selection = self._get(pay[0])
        self.assertEqual(self._ticked(selection), {self.inv_2.id})
        # Odoo's "Pay Now" links (?payment=True) open the selection too
        self.assertEqual(
            self._redirect(f"/my/invoices/{self.inv_2.id}?payment=True"),
            ("/my/pay", {"select": [str(self.inv_2.id)]}),
        )
        # a paid invoice has nothing to pay
        tree = html.fromstring(self._get(f"/my/invoices/{self.paid.id}").text)
        self.assertFalse(tree.xpath("//a[hasclass('o_payment_portal_invoice_pay')]"))
        # the PDF stays Odoo's
        pdf = self._get(f"/my/invoices/{self.inv_2.id}?report_type=pdf")
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

    def test_invoice_page_by_access_token_keeps_odoo_flow(self):
        self.authenticate(None, None)
        token = self.inv_2._portal_ensure_token()
        url = f"/my/invoices/{self.inv_2.id}?access_token={token}"
        tree = html.fromstring(self._get(url).text)
        self.assertTrue(tree.xpath("//a[@data-bs-target='#pay_with']"))
        self.assertFalse(tree.xpath("//a[hasclass('o_payment_portal_invoice_pay')]"))
        self.assertEqual(
            urlsplit(self._get(url + "&payment=True").url).path, urlsplit(url).path
        )
        # another customer, signed in, keeps Odoo's flow for a link to ours
        self.authenticate(self.rival_user.login, self.password)
        tree = html.fromstring(self._get(url).text)
        self.assertFalse(tree.xpath("//a[hasclass('o_payment_portal_invoice_pay')]"))
        self.assertNotIn(
            self.inv_2.id, self._listed(self._get(f"/my/pay?select={self.inv_2.id}"))
        )

    def test_staff_keep_odoo_invoice_pages(self):
        new_test_user(
            self.env,
            login="pp_entry_staff",
            groups="base.group_user,account.group_account_invoice",
            password=self.password,
        )
        self.authenticate("pp_entry_staff", self.password)
        native = self._get("/my/invoices")
        self.assertEqual(urlsplit(native.url).path, "/my/invoices")
        tree = html.fromstring(self._get(f"/my/invoices/{self.inv_2.id}").text)
        self.assertFalse(tree.xpath("//a[hasclass('o_payment_portal_invoice_pay')]"))

    def test_portal_off_keeps_odoo_invoice_pages(self):
        self.company.payment_portal_enabled = False
        tree = html.fromstring(self._get(f"/my/invoices/{self.inv_2.id}").text)
        self.assertTrue(tree.xpath("//a[@data-bs-target='#pay_with']"))
        self.assertFalse(tree.xpath("//a[hasclass('o_payment_portal_invoice_pay')]"))
        overdue = self._get("/my/invoices/overdue")
        self.assertEqual(urlsplit(overdue.url).path, "/my/invoices/overdue")
        self.assertIn("o_payment_form", overdue.text)

    # ------------------------------------------------------------------
    # The same navigation everywhere
    # ------------------------------------------------------------------

    def _assert_navigation(self, url, tab, crumb):
        page = self._get(url)
        self.assertEqual(page.status_code, 200, url)
        tree = html.fromstring(page.text)
        wrap = tree.xpath("//div[@id='wrap']")[0]
        navs = wrap.xpath(".//ul[hasclass('o_payment_portal_nav')]")
        self.assertEqual(len(navs), 1, f"one tab bar on {url}")
        active = navs[0].xpath(".//a[hasclass('active')]")
        self.assertEqual([a.text_content().strip() for a in active], [tab], url)
        self.assertEqual(active[0].get("aria-current"), "page", url)
        crumbs = tree.xpath("//ol[hasclass('o_portal_submenu')]")
        self.assertEqual(len(crumbs), 1, f"one breadcrumb trail on {url}")
        items = [li.text_content().strip() for li in crumbs[0].xpath("./li")]
        self.assertEqual(crumbs[0].xpath("./li[1]/a/@href"), ["/my/home"], url)
        self.assertIn(crumb, items, url)

    def test_every_page_has_the_tab_bar_and_breadcrumbs(self):
        token = self._demo_token(self.buyer, "4242")
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.demo_method.id,
                    "amount": 100.0,
                    "currency_id": self.currency.id,
                    "partner_id": self.buyer.id,
                    "reference": "ENTRY-NAV",
                    "state": "error",
                    "invoice_ids": [Command.set(self.inv_1.ids)],
                }
            )
        )
        schedule = (
            self.env["payment.portal.schedule"]
            .sudo()
            .create(
                {
                    "partner_id": self.customer.id,
                    "token_id": token.id,
                    "date": "2099-01-01",
                    "amount": 50.0,
                    "currency_id": self.currency.id,
                    "invoice_ids": [Command.set(self.inv_1.ids)],
                }
            )
        )
        pages = [
            ("/my/pay", "Invoices", "Pay Invoices"),
            (f"/my/pay?select={self.inv_1.id}", "Invoices", "Pay Invoices"),
            (
                f"/my/pay/checkout?invoice_ids={self.inv_1.id}&total=100.00",
                "Invoices",
                "Payment",
            ),
            ("/my/payments", "History", "Payment History"),
            (f"/my/payments/{tx.id}", "History", "ENTRY-NAV"),
            (
                "/my/payment_profiles",
                "Payment Methods and Auto Pay",
                "Payment Methods and Auto Pay",
            ),
            ("/my/pay/scheduled", "Scheduled", "Scheduled Payments"),
            ("/my/pay/schedule", "Scheduled", "Schedule a Payment"),
            (
                f"/my/pay/scheduled/{schedule.id}/edit",
                "Scheduled",
                "Change the Scheduled Payment",
            ),
            (
                f"/my/pay/installments?invoice_id={self.inv_1.id}",
                "Scheduled",
                "Installment Plan",
            ),
            ("/my/billing_emails", "Billing Emails", "Billing Email Addresses"),
        ]
        for url, tab, crumb in pages:
            with self.subTest(url=url):
                self._assert_navigation(url, tab, crumb)
        # the failed payment's "Try again" reopens the selection with its invoice
        tree = html.fromstring(self._get(f"/my/payments/{tx.id}").text)
        self.assertEqual(
            tree.xpath("//a[hasclass('o_payment_portal_retry')]/@href"),
            [f"/my/pay?select={self.inv_1.id}"],
        )
        # the checkout's breadcrumb goes back to the same selection
        tree = html.fromstring(
            self._get(f"/my/pay/checkout?invoice_ids={self.inv_1.id}&total=100.00").text
        )
        self.assertIn(
            f"/my/pay?select={self.inv_1.id}",
            tree.xpath("//ol[hasclass('o_portal_submenu')]//a/@href"),
        )
        # Odoo's add-a-payment-method page, which the addon extends
        tree = html.fromstring(self._get("/my/payment_method").text)
        navs = tree.xpath("//ul[hasclass('o_payment_portal_nav')]")
        self.assertEqual(len(navs), 1)
        self.assertEqual(
            [
                a.text_content().strip()
                for a in navs[0].xpath(".//a[hasclass('active')]")
            ],
            ["Payment Methods and Auto Pay"],
        )
