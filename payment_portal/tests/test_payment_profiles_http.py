# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re

from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestPaymentProfilesHttp(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.card = cls._demo_token(cls.buyer, "4242")
        cls.colleague_card = cls._demo_token(cls.colleague, "1881")
        cls.rival_card = cls._demo_token(cls.rival_user.partner_id, "9999")

    def setUp(self):
        self.enable_post_process_patcher = False
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _post(self, url, **data):
        """Post a form of the profiles page with the page's CSRF token."""
        page = self.url_open("/my/payment_profiles")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        response = self.url_open(
            url, data={**data, "csrf_token": csrf}, allow_redirects=True
        )
        self.env.invalidate_all()
        return response

    # ------------------------------------------------------------------

    def test_page_lists_the_customers_methods(self):
        self._set_autopay(self.customer, self.colleague_card)
        page = self.url_open("/my/payment_profiles")
        self.assertEqual(page.status_code, 200)
        for token in (self.card, self.colleague_card):
            self.assertIn(f'data-token-id="{token.id}"', page.text)
        self.assertNotIn(f'data-token-id="{self.rival_card.id}"', page.text)
        self.assertIn("1881", page.text)
        self.assertIn("o_payment_portal_autopay_badge", page.text)
        self.assertIn("Invoices are charged on", page.text)
        home = self.url_open("/my")
        self.assertIn("/my/payment_profiles", home.text)

    def test_delete_when_allowed_and_only_ones_own(self):
        self._set_autopay(self.customer, self.card)
        response = self._post(f"/my/payment_profiles/{self.card.id}/delete")
        self.assertIn("Auto Pay is now off", response.text)
        self.assertFalse(self.card.active)
        self.assertEqual(self._autopay_of(self.customer).state, "off")
        # Another customer's method: not found, untouched.
        response = self._post(f"/my/payment_profiles/{self.rival_card.id}/delete")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(self.rival_card.active)
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request(
                "/payment/archive_token", {"token_id": "not an id"}
            )
        self.make_jsonrpc_request(
            "/payment/archive_token", {"token_id": self.rival_card.id}
        )
        self.env.invalidate_all()
        self.assertTrue(self.rival_card.active)

    def test_delete_refused_when_not_allowed(self):
        self.company.payment_portal_profile_delete = False
        page = self.url_open("/my/payment_profiles")
        self.assertNotIn("o_payment_portal_delete", page.text)
        response = self._post(f"/my/payment_profiles/{self.card.id}/delete")
        self.assertIn("can only be deleted by", response.text)
        self.assertTrue(self.card.active)
        # Odoo's own delete route refuses too, and its page hides the button.
        with self.assertRaisesRegex(JsonRpcException, "UserError"):
            self.make_jsonrpc_request(
                "/payment/archive_token", {"token_id": self.card.id}
            )
        self.env.invalidate_all()
        self.assertTrue(self.card.active)
        native = self.url_open("/my/payment_method")
        self.assertNotIn("o_payment_delete_token", native.text)
        self.company.payment_portal_profile_delete = True
        native = self.url_open("/my/payment_method")
        self.assertIn("o_payment_delete_token", native.text)

    def test_change_autopay_when_allowed(self):
        response = self._post(
            "/my/payment_profiles/autopay", token_id=self.colleague_card.id, enabled="1"
        )
        self.assertIn("Auto Pay is on with", response.text)
        self.assertEqual(self._autopay_of(self.customer).state, "on")
        self.assertEqual(self._autopay_of(self.customer).token_id, self.colleague_card)
        response = self._post("/my/payment_profiles/autopay", enabled="0")
        self.assertIn("Auto Pay is off", response.text)
        self.assertEqual(self._autopay_of(self.customer).state, "off")
        response = self._post(
            "/my/payment_profiles/autopay", token_id=self.rival_card.id, enabled="1"
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self._autopay_of(self.customer).state, "off")

        self.company.payment_portal_autopay_change = False
        page = self.url_open("/my/payment_profiles")
        self.assertNotIn("o_payment_portal_autopay_form", page.text)
        response = self._post(
            "/my/payment_profiles/autopay", token_id=self.card.id, enabled="1"
        )
        self.assertIn("can only be changed by", response.text)
        self.assertEqual(self._autopay_of(self.customer).state, "off")

    def _validate(self, autopay):
        """Odoo's add-a-method flow (a validation) with the demo provider."""
        processing = self.make_jsonrpc_request(
            "/payment/transaction",
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.demo_method.id,
                "token_id": None,
                "amount": None,
                "currency_id": None,
                "partner_id": self.buyer.id,
                "access_token": payment_utils.generate_access_token(
                    self.buyer.id, None, None, env=self.env
                ),
                "flow": "direct",
                "tokenization_requested": True,
                "landing_route": "/my/payment_method",
                "is_validation": True,
                "payment_portal_autopay": autopay,
            },
        )
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {
                "reference": processing["reference"],
                "payment_details": "7777",
                "simulated_state": "done",
            },
        )
        self.env.invalidate_all()
        return (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", processing["reference"])])
        )

    def test_new_method_for_autopay(self):
        page = self.url_open("/my/payment_method")
        self.assertIn('id="payment_portal_autopay"', page.text)
        self.assertRegex(page.text, r'id="payment_portal_autopay"[^>]*checked')
        tx = self._validate(autopay=False)
        self.assertTrue(tx.token_id)
        self.assertEqual(self._autopay_of(self.customer).state, "off")

        tx = self._validate(autopay=True)
        self.assertTrue(tx.payment_portal_autopay_requested)
        self.assertEqual(self._autopay_of(self.customer).state, "on")
        self.assertEqual(self._autopay_of(self.customer).token_id, tx.token_id)
        self.assertEqual(tx.token_id.payment_details, "7777")

    def test_autopay_choice_follows_the_settings(self):
        self.company.payment_portal_autopay_default = False
        page = self.url_open("/my/payment_method")
        self.assertNotRegex(page.text, r'id="payment_portal_autopay"[^>]*checked')
        self.company.payment_portal_autopay_change = False
        page = self.url_open("/my/payment_method")
        self.assertNotIn('id="payment_portal_autopay"', page.text)
        tx = self._validate(autopay=True)  # forced through the browser's tools
        self.assertTrue(tx.token_id)
        self.assertFalse(tx.payment_portal_autopay_requested)
        self.assertEqual(self._autopay_of(self.customer).state, "off")
