# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
import time

from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestGuestPayHttp(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    """A pay link: one customer's invoices paid without signing in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.inv_1 = cls._invoice(cls.customer, 300.0, ref="GUEST-1")
        cls.inv_2 = cls._invoice(cls.buyer, 200.0, due_in_days=-5, ref="GUEST-2")
        cls.rival_invoice = cls._invoice(cls.rival, 90.0, ref="RIVAL-1")
        cls.credit = cls._credit_line(cls._credit_note(cls.customer, 50.0))
        cls.token = cls._demo_token(cls.buyer, "4242")

    def setUp(self):
        self.enable_post_process_patcher = False  # PaymentCommon mocks it otherwise
        super().setUp()

    def _path(self, partner=None):
        url, _expiry = (partner or self.buyer)._payment_portal_pay_link()
        return "/pay/" + url.split("/pay/", 1)[1]

    def _checkout(self, path, invoices, credits=()):
        query = "&".join(
            [f"invoice_ids={i}" for i in invoices.ids]
            + [f"credit_ids={c}" for c in getattr(credits, "ids", credits)]
        )
        return self.url_open(f"{path}/checkout?{query}")

    def _pay(self, context, **overrides):
        return self._transaction_request(context, **overrides)

    def test_the_link_lists_its_customer_only(self):
        page = self.url_open(self._path())
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.headers["X-Frame-Options"], "SAMEORIGIN")
        for name in ("GUEST-1", "GUEST-2", self.credit.move_id.name):
            self.assertIn(name, page.text)
        self.assertNotIn("RIVAL-1", page.text)
        # nothing of an account: no saved methods, tabs, history
        for absent in (
            "4242",
            "/my/payments",
            "/my/payment_profiles",
            "o_payment_portal_nav",
        ):
            self.assertNotIn(absent, page.text)

    def test_refused_links(self):
        path = self._path()
        customer, expiry, signature = path.split("/")[2:]
        expired = int(time.time()) - 10
        for url, status, kind in (
            (f"/pay/{self.rival.id}/{expiry}/{signature}", 403, "invalid"),
            (f"/pay/{customer}/{int(expiry) + 1}/{signature}", 403, "invalid"),
            (f"/pay/{customer}/{expiry}/{signature[:-2]}xx", 403, "invalid"),
            (
                f"/pay/{customer}/{expired}/"
                + self.customer._payment_portal_pay_link_signature(expired),
                410,
                "expired",
            ),
        ):
            with self.subTest(url=url):
                page = self.url_open(url)
                self.assertEqual(page.status_code, status)
                self.assertIn(f'data-kind="{kind}"', page.text)
                self.assertNotIn("GUEST-1", page.text)
        # revoked: every earlier link stops
        self.customer.action_payment_portal_revoke_pay_links()
        self.assertEqual(self.url_open(path).status_code, 403)

    def test_too_many_bad_links_are_refused_for_a_while(self):
        path = self._path()
        customer, expiry, _signature = path.split("/")[2:]
        for n in range(10):
            self.url_open(f"/pay/{customer}/{expiry}/forged{n}")
        page = self.url_open(path)
        self.assertEqual(page.status_code, 429)
        self.assertIn('data-kind="busy"', page.text)
        # another customer's link from the same address still opens
        self.assertEqual(self.url_open(self._path(self.rival)).status_code, 200)

    def test_a_guest_pays_two_invoices_and_a_credit(self):
        path = self._path()
        invoices = self.inv_1 | self.inv_2
        page = self._checkout(path, invoices, self.credit)
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("4242", page.text, "no saved method offered")
        context = self._get_payment_context(page)
        self.assertEqual(context["amount"], 450.0)
        processing = self._pay(context)
        tx = self._demo_pay(processing)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.partner_id, self.customer)
        self.assertEqual(tx.invoice_ids, invoices)
        for invoice in invoices:
            self.assertEqual(invoice.amount_residual, 0.0)
        self.assertTrue(self.credit.reconciled)
        self.assertFalse(tx.token_id)
        # the signed confirmation page, and the receipt email
        self.assertIn("/my/payments/", tx.landing_route)
        self.assertIn("access_token=", tx.landing_route)
        confirmation = self.url_open(tx.landing_route)
        self.assertEqual(confirmation.status_code, 200)
        self.assertIn(tx.reference, confirmation.text)
        self.assertEqual(len(self._tx_mails(tx)), 1)
        # paid: nothing left on the link's page
        self.assertIn("o_payment_portal_guest_nothing", self.url_open(path).text)

    def test_tampering_is_refused_and_changes_nothing(self):
        path = self._path()
        # another customer's invoice in the selection
        page = self._checkout(path, self.inv_1 | self.rival_invoice)
        self.assertIn("cannot be paid here", page.text)
        context = self._get_payment_context(self._checkout(path, self.inv_1))
        rival_path = self._path(self.rival)
        for route, overrides in (
            # the transaction route of another link with this snapshot
            (f"{rival_path}/transaction/{self.inv_1.id}", {}),
            # another invoice than the page showed
            (f"{path}/transaction/{self.inv_2.id}", {}),
            # a lower amount
            (context["transaction_route"], {"amount": 10.0}),
            # a saved method, or saving one
            (
                context["transaction_route"],
                {"flow": "token", "token_id": self.token.id},
            ),
            (context["transaction_route"], {"tokenization_requested": True}),
            # a forged link
            (
                re.sub(
                    r"/pay/(\d+)/(\d+)/\w+/",
                    r"/pay/\1/\2/forged/",
                    context["transaction_route"],
                ),
                {},
            ),
        ):
            with (
                self.subTest(route=route, overrides=overrides),
                self.assertRaises(JsonRpcException),
            ):
                self._pay({**context, "transaction_route": route}, **overrides)
        self.assertFalse((self.inv_1 | self.inv_2).transaction_ids)

    def test_a_guest_reaches_no_portal_page(self):
        for url in ("/my", "/my/pay", "/my/payments", "/my/payment_profiles"):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertIn(response.status_code, (302, 303))
                self.assertIn("/web/login", response.headers["Location"])

    def test_the_link_staff_copy_opens(self):
        action = self.customer.action_payment_portal_copy_pay_link()
        wizard = self.env[action["res_model"]].browse(action["res_id"])
        page = self.url_open("/pay/" + wizard.url.split("/pay/", 1)[1])
        self.assertEqual(page.status_code, 200)
        self.assertIn("GUEST-1", page.text)
