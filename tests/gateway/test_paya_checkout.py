# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paying invoices from the portal with Paya Connect: the hosted page, card
and ACH, tokenization, off-session charges, refunds and voids, all through
real HTTP to the simulator."""

import json
import re
import subprocess
from datetime import timedelta
from html import unescape
from unittest.mock import patch
from urllib.parse import parse_qs, urlencode, urlsplit

from odoo import fields
from odoo.exceptions import LockError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import ACH_RETURNED, CARD_DECLINED, PayaConnectMixin


@tagged("post_install", "-at_install")
class TestPayaCheckout(PayaConnectMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paya()
        cls.inv_1 = cls._invoice(cls.customer, 100.0)
        cls.inv_2 = cls._invoice(cls.buyer, 250.5, due_in_days=-10)
        cls.inv_3 = cls._invoice(cls.colleague, 300.0)

    def setUp(self):
        super().setUp()

    def _assert_paid(self, tx, invoices):
        tx._post_process()
        self.assertEqual(tx.state, "done")
        self.assertTrue(tx.payment_id)
        self.assertEqual(tx.payment_id.reconciled_invoice_ids, invoices)
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    # ------------------------------------------------------------------

    def test_hosted_page_data_decrypts_with_openssl(self):
        """The data parameter is OpenSSL's salted AES-256-CBC (MD5 key
        derivation): OpenSSL itself decrypts it to the expected JSON."""
        invoices = self.inv_1 | self.inv_3
        tx, page_url = self._start_payment(invoices, self.card_method)
        query = {k: v[0] for k, v in parse_qs(urlsplit(page_url).query).items()}
        self.assertEqual(query["id"], self.paya.paya_hpp_cc_id)
        self.assertTrue(page_url.startswith(f"{self.sim.base_url}/hostedpaymentpage?"))
        plain = subprocess.run(
            [
                "openssl",
                "enc",
                "-d",
                "-aes-256-cbc",
                "-md",
                "md5",
                "-a",
                "-A",
                "-pass",
                f"pass:{self.paya.paya_hpp_cc_key}",
            ],
            input=query["data"].encode(),
            capture_output=True,
            check=True,
        ).stdout
        payload = json.loads(plain)
        self.assertEqual(payload["id"], self.paya.paya_hpp_cc_id)
        self.assertEqual(payload["transaction_api_id"], tx.reference)
        fields = {f["id"]: f for f in payload["field_configuration"]["body"]["fields"]}
        self.assertEqual(
            fields["transaction_amount"],
            {
                "id": "transaction_amount",
                "value": "400.00",
                "label": "Amount",
                "readonly": True,
                "visible": True,
            },
        )
        self.assertEqual(fields["description"]["value"], tx.reference)
        self.assertFalse(fields["description"]["visible"])
        for key in ("redirect_url_on_approve", "redirect_url_on_decline"):
            self.assertIn("/payment/paya_connect/return?reference=", payload[key])
        self.assertNotIn("save_account", fields)

    def test_card_payment_of_three_invoices(self):
        invoices = self.inv_1 | self.inv_2 | self.inv_3
        tx = self._pay_card(invoices)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.amount, 650.5)
        record = self.sim.transactions[tx.provider_reference]
        self.assertEqual(record["transaction_api_id"], tx.reference)
        self.assertEqual(record["transaction_amount"], "650.50")
        self.assertEqual(record["trx_source_id"], 10)
        self.assertEqual(tx.paya_status_id, 101)
        self.assertEqual(tx.paya_last_four, "1111")
        self.assertEqual(tx.payment_method_id.code, "visa")
        self._assert_paid(tx, invoices)
        self.assertEqual(
            [entry["kind"] for entry in self.sim.ledger], ["charge"], "one charge"
        )
        receipt = self._tx_mails(tx)
        self.assertEqual(len(receipt), 1)
        self.assertIn(tx.provider_reference or tx.reference, receipt.body_html)
        self.assertIn("1111", receipt.body_html)

    def test_return_while_a_postback_updates_the_transaction(self):
        """The customer comes back while Paya's postback holds the
        transaction (a LockError for the return): the customer is sent to
        the status page, not shown a 409 error; the postback applies it."""
        tx, page_url = self._start_payment(self.inv_1, self.card_method)
        back = self._pay_on_hosted_page(page_url, **self._card())

        def busy(tx):
            raise LockError("Cannot grab a lock on records")

        with patch.object(type(tx), "_paya_sync", busy):
            self._return_to_odoo(back)
        self.assertEqual(tx.state, "draft", "left to the postback")
        tx._paya_sync()
        self.assertEqual(tx.state, "done")

    def test_card_decline_leaves_the_invoices_due(self):
        invoices = self.inv_1 | self.inv_3
        tx = self._pay_card(invoices, number=CARD_DECLINED)
        self.assertEqual(tx.state, "error")
        self.assertIn("Declined", tx.state_message)
        self.assertIn("1615", tx.state_message)
        tx._post_process()
        self.assertFalse(tx.payment_id)
        self.assertEqual(set(invoices.mapped("payment_state")), {"not_paid"})
        self.assertFalse(self.sim.ledger)
        # The customer tries again with another card: paid.
        tx = self._pay_card(invoices)
        self._assert_paid(tx, invoices)

    def test_ach_pending_then_settled(self):
        invoices = self.inv_1 | self.inv_2
        tx = self._pay_bank(invoices)
        self.assertEqual(tx.state, "pending")
        self.assertEqual(tx.paya_status_id, 131)
        tx._post_process()
        self.assertEqual(set(invoices._payment_portal_statuses().values()), {"pending"})
        self.sim.advance_ach()
        self._run_poll_cron()
        self.assertEqual(tx.paya_status_id, 134)
        self._assert_paid(tx, invoices)
        mails = self._tx_mails(tx)
        self.assertEqual(len(mails), 2, "pending, then receipt")

    def test_ach_pending_then_returned(self):
        invoices = self.inv_1 | self.inv_2
        tx = self._pay_bank(invoices, number=ACH_RETURNED)
        self.assertEqual(tx.state, "pending")
        tx._post_process()
        self.sim.advance_ach()
        self._run_poll_cron()
        self.assertEqual(tx.state, "error")
        self.assertEqual(tx.paya_status_id, 136)
        self.assertIn("2101", tx.state_message)
        self.assertIn("Insufficient funds", tx.state_message)
        tx._post_process()
        self.assertFalse(tx.payment_id)
        self.assertEqual(set(invoices.mapped("payment_state")), {"not_paid"})
        mails = self._tx_mails(tx)
        self.assertEqual(len(mails), 2, "pending, then failure")
        self.assertIn("Insufficient funds", mails[-1].body_html)

    def test_tokenize_then_charge_off_session(self):
        tx = self._pay_card(self.inv_1, tokenize=True)
        self.assertEqual(tx.state, "done")
        token = tx.token_id
        self.assertTrue(token, "the saved card became a token")
        vault = self.sim.vaults[token.provider_ref]
        self.assertEqual(token.payment_details, "1111")
        self.assertEqual(vault["last_four"], "1111")
        contact = self.sim.contacts[vault["contact_id"]]
        self.assertEqual(contact["last_name"], self.buyer.name)
        self.assertEqual(
            contact["contact_api_id"], self.paya._paya_contact_api_id(self.buyer)
        )
        self.assertNotIn(CARD_DECLINED[:6], json.dumps(token.read()[0], default=str))

        offline = self.env["payment.transaction"].create(
            {
                "provider_id": self.paya.id,
                "payment_method_id": tx.payment_method_id.id,
                "token_id": token.id,
                "amount": 300.0,
                "currency_id": self.usd.id,
                "partner_id": self.buyer.id,
                "operation": "offline",
                "reference": "PP-OFFLINE-1",
                "invoice_ids": [(6, 0, self.inv_3.ids)],
            }
        )
        offline._charge_with_token()
        self.assertEqual(offline.state, "done")
        record = self.sim.transactions[offline.provider_reference]
        self.assertEqual(record["account_vault_id"], token.provider_ref)
        self.assertEqual(record["transaction_api_id"], "PP-OFFLINE-1")
        self.assertTrue(record["is_accountvault"])
        # A retry of the same charge finds it at Paya and charges nothing.
        offline._send_payment_request()
        self.assertEqual(len(self.sim.ledger), 2)

    def test_ach_token_is_saved_while_pending(self):
        tx = self._pay_bank(self.inv_1, tokenize=True)
        self.assertEqual(tx.state, "pending")
        self.assertTrue(tx.token_id)
        self.assertEqual(tx.token_id.payment_details, "0953")
        self.assertEqual(
            self.sim.vaults[tx.token_id.provider_ref]["payment_method"], "ach"
        )

    def test_refund_same_day_is_a_void_then_a_refund_after_settlement(self):
        tx = self._pay_card(self.inv_1)
        self._assert_paid(tx, self.inv_1)
        refund = tx._refund()
        self.assertEqual(refund.state, "done")
        self.assertEqual(self.sim.transactions[tx.provider_reference]["status_id"], 201)
        self.assertEqual([e["kind"] for e in self.sim.ledger], ["charge", "void"])
        # A replayed record of the voided sale changes nothing on the sale.
        self.assertTrue(tx._paya_sync())
        self.assertEqual(tx.state, "done")
        self.assertFalse(tx.paya_reversal_notified)

        tx = self._pay_card(self.inv_3)
        self.sim.settle_batch()
        refund = tx._refund(amount_to_refund=50.0)
        self.assertEqual(refund.state, "done")
        record = self.sim.transactions[refund.provider_reference]
        self.assertEqual(record["type_id"], 30)
        self.assertEqual(record["previous_transaction_id"], tx.provider_reference)
        self.assertEqual(record["transaction_amount"], "50.00")

    def test_amount_changed_at_the_gateway_is_refused(self):
        """Paya's record is the truth only if it is for the amount asked."""
        tx, _page_url = self._start_payment(self.inv_1, self.card_method)
        self.sim.create_transaction(
            {
                "action": "sale",
                "payment_method": "cc",
                "transaction_amount": "1.00",
                "account_number": "4111111111111111",
                "exp_date": "1230",
                "transaction_api_id": tx.reference,
            }
        )
        tx._paya_sync()
        self.assertEqual(tx.state, "error")
        self.assertIn("amount", tx.state_message)

    def test_check_credentials_reads_the_location(self):
        action = self.paya.action_paya_check_credentials()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(self.paya.paya_location_name, "Simulated Location")
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(
            settings.payment_portal_gateway_location,
            f"Simulated Location ({self.sim.location_id})",
        )
        self.paya.paya_ach_product_transaction_id = self.sim.default_products["cc"]
        with self.assertRaisesRegex(ValidationError, "not a ACH deposit account"):
            self.paya.action_paya_check_credentials()
        self.paya.paya_location_id = "11e9ffffffffffffffffffff"
        with self.assertRaisesRegex(ValidationError, "not one of this user"):
            self.paya.action_paya_check_credentials()
        self.paya.paya_user_api_key = "wrong"
        with self.assertRaisesRegex(ValidationError, "HTTP 401"):
            self.paya.action_paya_check_credentials()

    def test_second_tab_waits_for_the_open_hosted_page(self):
        """The customer may still pay on the hosted page opened in another
        tab: the same invoices cannot be paid again until its link expired,
        then the old attempt is superseded and can no longer complete."""
        first, _page_url = self._start_payment(self.inv_1, self.card_method)
        query = urlencode({"invoice_ids": self.inv_1.id, "total": "100.00"})
        checkout = self.url_open(f"/my/pay/checkout?{query}")
        self.assertIn("already being processed", checkout.text)
        self.assertNotIn('id="o_payment_form"', checkout.text)
        self.assertEqual(first.state, "draft")
        self.env.cr.execute(
            "UPDATE payment_transaction SET create_date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(minutes=21), first.id),
        )
        second = self._pay_card(self.inv_1)
        self.assertEqual(second.state, "done")
        self.assertEqual(first.state, "cancel")
        # The expired link of the first tab is refused by Paya's page.
        self.assertEqual(self.sim.record(second.provider_reference)["status_id"], 101)
        self.assertEqual(len(self.sim.ledger), 1)

    def _start_validation(self, method, autopay=False):
        """Odoo's add-a-method flow (/my/payment_method) with Paya."""
        processing = self.make_jsonrpc_request(
            "/payment/transaction",
            {
                "provider_id": self.paya.id,
                "payment_method_id": method.id,
                "token_id": None,
                "amount": None,
                "currency_id": None,
                "partner_id": self.buyer.id,
                "access_token": payment_utils.generate_access_token(
                    self.buyer.id, None, None, env=self.env
                ),
                "flow": "redirect",
                "tokenization_requested": True,
                "landing_route": "/my/payment_method",
                "is_validation": True,
                "payment_portal_autopay": autopay,
            },
        )
        return processing

    def test_save_a_card_without_paying_for_autopay(self):
        processing = self._start_validation(self.card_method, autopay=True)
        form = processing["redirect_form_html"]
        action = unescape(re.search(r'action="([^"]+)"', form).group(1))
        inputs = dict(re.findall(r'name="([^"]+)"\s+value="([^"]*)"', form))
        page_url = action + "?" + urlencode({k: unescape(v) for k, v in inputs.items()})
        self._return_to_odoo(self._pay_on_hosted_page(page_url, **self._card()))
        tx = self.env["payment.transaction"].search(
            [("reference", "=", processing["reference"])]
        )
        self.assertEqual(tx.operation, "validation")
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.paya_status_id, 121, "an AVS-only check")
        self.assertTrue(tx.token_id)
        self.assertFalse(self.sim.ledger, "nothing charged")
        self.assertEqual(self._autopay_of(self.customer).state, "on")
        self.assertEqual(self._autopay_of(self.customer).token_id, tx.token_id)

    def test_bank_accounts_are_saved_with_a_payment(self):
        with self.assertRaises(JsonRpcException):
            self._start_validation(self.ach_method)
        self.assertFalse(
            self.env["payment.transaction"].search(
                [("operation", "=", "validation"), ("provider_id", "=", self.paya.id)]
            )
        )
