# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Odoo with the Paya Connect provider pointed at the local simulator, over
real HTTP both ways (Odoo -> API and hosted page, simulator -> postbacks)."""

import re
from html import unescape
from urllib.parse import urlencode, urljoin

import requests

from odoo.tests.common import _super_send

from odoo.addons.payment_portal.tests.common import PaymentPortalPayMixin

from ..simulators.paya_connect import PayaSimulator

CARD_OK = "4111111111111111"
CARD_DECLINED = "4000000000000002"
ACH_OK = "2079951060953"
ACH_RETURNED = "1234562101"  # ends in 2101: returned R01, insufficient funds
ROUTING = "072000326"
# TestData.md's valid AVS address (any other fails the address check).
AVS_STREET = "5800 NW 39th AVE"
AVS_ZIP = "32606"


class PayaConnectMixin(PaymentPortalPayMixin):
    """The simulator, the provider configured for it, portal customers."""

    @classmethod
    def _request_handler(cls, s, r, /, **kw):
        """Odoo's tests raise every request timeout to 10 s; requests to the
        simulator keep the connector's own (2 s here), so that timeouts are
        tested as they happen, in seconds."""
        sim = getattr(cls, "sim", None)
        if sim and sim.server and r.url.startswith(sim.base_url):
            return _super_send(s, r, **kw)
        return super()._request_handler(s, r, **kw)

    @classmethod
    def _setup_paya(cls):
        cls._setup_pay_data()
        cls.sim = PayaSimulator()
        base = cls.sim.start()
        cls.addClassCleanup(cls.sim.stop)
        (cc_page, cc), (ach_page, ach) = sorted(
            cls.sim.pages.items(), key=lambda item: item[1]["method"], reverse=True
        )
        cls.paya = cls.env.ref("payment_portal_gateway.payment_provider_paya_connect")
        cls.paya.write(
            {
                "state": "test",
                "is_published": True,
                "paya_environment": "custom",
                "paya_api_url": base,
                "paya_developer_id": cls.sim.credentials["developer-id"],
                "paya_user_id": cls.sim.credentials["user-id"],
                "paya_user_api_key": cls.sim.credentials["user-api-key"],
                "paya_location_id": cls.sim.location_id,
                "paya_cc_product_transaction_id": cls.sim.default_products["cc"],
                "paya_ach_product_transaction_id": cls.sim.default_products["ach"],
                "paya_hpp_cc_id": cc_page,
                "paya_hpp_cc_key": cc["key"],
                "paya_hpp_ach_id": ach_page,
                "paya_hpp_ach_key": ach["key"],
                "allow_tokenization": True,
            }
        )
        # Paya processes US dollars.
        cls.company.currency_id = cls.env.ref("base.USD")
        cls.currency = cls.company.currency_id
        # The demo provider stays out of the way of these tests.
        cls.provider.state = "disabled"
        cls.usd = cls.env.ref("base.USD")
        cls.env["ir.config_parameter"].sudo().set_param(
            "payment_portal_gateway.paya_timeout", "2"
        )
        cls.card_method = cls.env.ref("payment.payment_method_card")
        cls.ach_method = cls.env.ref("payment.payment_method_ach_direct_debit")

    def setUp(self):
        self.enable_post_process_patcher = False  # PaymentCommon mocks it otherwise
        super().setUp()
        self.sim.reset()
        self.authenticate(self.buyer_user.login, self.password)

    # --- portal checkout ---------------------------------------------------

    def _checkout(self, invoices):
        total = sum(invoices.mapped("amount_residual"))
        query = urlencode(
            {"invoice_ids": ",".join(map(str, invoices.ids)), "total": f"{total:.2f}"}
        )
        response = self.url_open(f"/my/pay/checkout?{query}")
        self.assertEqual(response.status_code, 200)
        return self._get_payment_context(response)

    def _start_payment(self, invoices, method, tokenize=False):
        """Checkout and create the transaction: returns it and the hosted
        page's URL (the redirect form Odoo would auto-submit)."""
        context = self._checkout(invoices)
        processing = self.make_jsonrpc_request(
            context["transaction_route"],
            {
                "provider_id": self.paya.id,
                "payment_method_id": method.id,
                "token_id": None,
                "amount": context["amount"],
                "flow": "redirect",
                "tokenization_requested": tokenize,
                "landing_route": context["landing_route"],
                "access_token": context["access_token"],
                "payment_reference": context.get("payment_reference"),
            },
        )
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .search([("reference", "=", processing["reference"])])
        )
        form = processing["redirect_form_html"]
        assert "action=" in form, processing
        action = unescape(re.search(r'action="([^"]+)"', form).group(1))
        inputs = {
            name: unescape(value)
            for name, value in re.findall(r'name="([^"]+)"\s+value="([^"]*)"', form)
        }
        return tx, action + "?" + urlencode(inputs)

    def _pay_on_hosted_page(self, page_url, **fields):
        """Fill and submit the hosted page as a customer does; return the
        URL Paya redirects to (not followed)."""
        page = requests.get(page_url, timeout=10)
        self.assertEqual(page.status_code, 200, page.text)
        hidden = dict(
            re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', page.text)
        )
        hidden = {name: unescape(value) for name, value in hidden.items()}
        answer = requests.post(
            urljoin(page_url, "/hostedpaymentpage"),
            data={**hidden, **fields},
            allow_redirects=False,
            timeout=10,
        )
        self.assertEqual(answer.status_code, 302, answer.text)
        return answer.headers["Location"]

    def _return_to_odoo(self, url):
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/payment/status"))
        self.env.invalidate_all()  # the server changed the records

    def _card(self, number=CARD_OK, street=AVS_STREET, zip_code=AVS_ZIP):
        return {
            "account_holder_name": "Hannah Buyer",
            "account_number": number,
            "exp_date": "1230",
            "cvv": "999",
            "billing_street": street,
            "billing_zip": zip_code,
        }

    def _bank(self, number=ACH_OK):
        return {
            "account_holder_name": "Harbor Supplies Inc",
            "account_number": number,
            "routing": ROUTING,
            "account_type": "checking",
        }

    def _pay_card(self, invoices, number=CARD_OK, tokenize=False):
        tx, page_url = self._start_payment(invoices, self.card_method, tokenize)
        self._return_to_odoo(self._pay_on_hosted_page(page_url, **self._card(number)))
        return tx

    def _pay_bank(self, invoices, number=ACH_OK, tokenize=False):
        tx, page_url = self._start_payment(invoices, self.ach_method, tokenize)
        self._return_to_odoo(self._pay_on_hosted_page(page_url, **self._bank(number)))
        return tx

    def _vault_token(self, partner, method="cc", number=CARD_OK):
        """A Paya account vault (made at the simulator) saved as ``partner``'s
        token."""
        values = {
            "payment_method": method,
            "account_number": number,
            "location_id": self.sim.location_id,
            "account_holder_name": partner.name[:32],
        }
        if method == "cc":
            values["exp_date"] = "1230"
        else:
            values.update(routing=ROUTING, account_type="checking")
        vault = self.sim.create_vault(values)
        return self.env["payment.token"].create(
            {
                "provider_id": self.paya.id,
                "payment_method_id": (
                    self.card_method if method == "cc" else self.ach_method
                ).id,
                "partner_id": partner.id,
                "payment_details": number[-4:],
                "provider_ref": vault["id"],
            }
        )

    def _token_tx(self, token, amount, reference, operation="offline"):
        """A charge of ``token`` Odoo sends itself (Auto Pay, schedules) or,
        with ``operation`` online_token, the customer's at checkout."""
        return self.env["payment.transaction"].create(
            {
                "provider_id": self.paya.id,
                "payment_method_id": token.payment_method_id.id,
                "token_id": token.id,
                "amount": amount,
                "currency_id": self.usd.id,
                "partner_id": token.partner_id.id,
                "operation": operation,
                "reference": reference,
            }
        )

    def _run_poll_cron(self):
        self.env.ref("payment_portal_gateway.cron_paya_poll").method_direct_trigger()
        self.env.invalidate_all()

    def _flush_postbacks(self):
        """Deliver the postbacks the simulator held, as Paya would, and
        return the status Odoo answered each with. They carry no test
        cookie: Odoo's test server lets them in meanwhile."""
        self.env.flush_all()
        with self.allow_requests(all_requests=True):
            answers = self.sim.flush_postbacks()
        self.env.invalidate_all()
        return answers
