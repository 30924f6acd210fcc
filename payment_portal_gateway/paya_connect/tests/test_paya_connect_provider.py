# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pprint import pformat

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase, new_test_user
from odoo.tools import file_open

from odoo.addons.payment.const import SENSITIVE_KEYS as PAYMENT_SENSITIVE_KEYS

from .. import client, const


class _RecordingHandler(BaseHTTPRequestHandler):
    """A loopback HTTP server answering like Paya's API, recording requests."""

    def do_GET(self):
        self.server.requests.append((self.command, self.path, dict(self.headers)))
        status, body = self.server.answers.pop(0)
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestPayaConnectProvider(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.provider = cls.env.ref(
            "payment_portal_gateway.payment_provider_paya_connect"
        )
        cls.credentials = {
            "paya_developer_id": "dev-123",
            "paya_user_id": "11e9a4c1f4b6d2a8a1b2c3d4",
            "paya_user_api_key": "api-key-secret",
            "paya_user_hash_key": "my_user_hash_key",
            "paya_location_id": "11e9a4c1f4b6d2a8a1b2c3d5",
        }

    def _serve(self, answers):
        server = HTTPServer(("127.0.0.1", 0), _RecordingHandler)
        server.requests, server.answers = [], list(answers)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        self.addCleanup(thread.join)
        self.addCleanup(server.server_close)
        self.addCleanup(server.shutdown)
        return server

    def test_provider_is_registered_disabled(self):
        self.assertEqual(self.provider.code, "paya_connect")
        self.assertEqual(self.provider.state, "disabled")
        self.assertEqual(self.provider.paya_environment, "sandbox")
        self.assertEqual(
            self.provider._build_request_url("transactions"),
            "https://api.sandbox.payaconnect.com/v2/transactions",
        )
        self.provider.paya_environment = "production"
        self.assertEqual(
            self.provider._build_request_url("/accountvaults/1"),
            "https://api.payaconnect.com/v2/accountvaults/1",
        )

    def test_enabling_requires_credentials(self):
        with self.assertRaises(ValidationError):
            self.provider.state = "test"
        self.provider.write({**self.credentials, "state": "test"})
        self.assertEqual(self.provider.state, "test")

    def test_enabling_creates_the_payment_method_line_at_once(self):
        """Not lazily at the first payment, where two workers would each
        create one."""
        Line = self.env["account.payment.method.line"]
        self.assertFalse(Line.search([("payment_provider_id", "=", self.provider.id)]))
        self.provider.write({**self.credentials, "state": "test"})
        self.env.flush_all()
        # read straight from the database: no compute of journal_id involved
        self.env.cr.execute(
            "SELECT count(*) FROM account_payment_method_line "
            "WHERE payment_provider_id = %s AND journal_id IS NOT NULL",
            [self.provider.id],
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1)

    def test_custom_url_must_be_http(self):
        for url in (
            "ftp://paya.example.com",
            "javascript:alert(1)",
            "paya.example.com",
            "",
        ):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                self.provider.write({"paya_environment": "custom", "paya_api_url": url})
        self.provider.write(
            {"paya_environment": "custom", "paya_api_url": "http://127.0.0.1:8123/"}
        )
        self.assertEqual(
            self.provider._build_request_url("transactions"),
            "http://127.0.0.1:8123/v2/transactions",
        )

    def test_credentials_are_admin_only(self):
        self.provider.write(self.credentials)
        invoicing_user = new_test_user(
            self.env, login="pp_gw_invoicing", groups="account.group_account_invoice"
        )
        provider = self.provider.with_user(invoicing_user)
        for field in ("paya_user_api_key", "paya_user_hash_key", "paya_developer_id"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                provider.read([field])

    def test_api_request_sends_paya_auth_headers(self):
        server = self._serve(
            [
                (200, {"transaction": {"id": "11ea0b2a", "status_id": 101}}),
                (422, {"errors": {"transaction_amount": ["Must be greater than 0"]}}),
            ]
        )
        host, port = server.server_address
        self.provider.write(
            {
                **self.credentials,
                "paya_environment": "custom",
                "paya_api_url": f"http://{host}:{port}",
            }
        )
        answer = self.provider._send_api_request("GET", "transactions/11ea0b2a")
        self.assertEqual(answer["transaction"]["status_id"], 101)
        method, path, headers = server.requests[0]
        self.assertEqual((method, path), ("GET", "/v2/transactions/11ea0b2a"))
        self.assertEqual(headers["developer-id"], "dev-123")
        self.assertEqual(headers["user-id"], "11e9a4c1f4b6d2a8a1b2c3d4")
        self.assertEqual(headers["user-api-key"], "api-key-secret")

        with self.assertRaisesRegex(ValidationError, "rejected the request"):
            self.provider._send_api_request("GET", "transactions/0")

    def test_api_log_masks_saved_methods_and_keys(self):
        """What Odoo's payment loggers write of Paya's requests and answers
        (payloads pretty-printed, answers as text) never shows a saved
        method's vault id, a card or bank number, nor a key."""
        vault = "c994c8d6df4e02b137e01aa7"
        payload = pformat(
            {"transaction": {"account_vault_id": vault, "account_number": "4111"}}
        )
        answer = json.dumps({"accountvault": {"account_vault_id": vault}})
        for name in const.PAYMENT_LOGGERS:
            logger = logging.getLogger(name)
            record = logger.makeRecord(
                name, logging.INFO, __file__, 0, "%(payload)s %(data)s", None, None
            )
            record.args = {"payload": payload, "data": answer}
            for log_filter in logger.filters:
                log_filter.filter(record)
            text = record.getMessage()
            self.assertNotIn(vault, text, name)
            self.assertNotIn("4111", text, name)
            self.assertIn("[REDACTED]", text, name)

    def test_log_filters_are_attached_once_by_the_registry(self):
        """Attached when the registry loads (not on import), once however
        many times it loads."""
        self.env["payment.provider"]._register_hook()
        self.env["payment.provider"]._register_hook()
        for name in const.PAYMENT_LOGGERS:
            filters = [
                log_filter
                for log_filter in logging.getLogger(name).filters
                if isinstance(log_filter, client.PayaSensitiveDataFilter)
            ]
            self.assertEqual(len(filters), 1, name)
        self.assertLessEqual(const.SENSITIVE_KEYS, PAYMENT_SENSITIVE_KEYS)

    def test_hash_key_follows_paya_hmac_process(self):
        self.provider.write(self.credentials)
        timestamp, hash_key = self.provider._paya_compute_hash_key(timestamp=1422283692)
        self.assertEqual(timestamp, 1422283692)
        # hash_hmac('sha256', user_id . timestamp, user_hash_key) as in Paya's
        # PHP sample; the value was checked with `openssl dgst -sha256 -hmac`.
        self.assertEqual(
            hash_key, "b92b6981506e73da483afcf63f15dfaab8f6eee7c2ba7f68193355e43edd7c0d"
        )
        self.provider.paya_user_hash_key = False
        with self.assertRaises(ValidationError):
            self.provider._paya_compute_hash_key()

    def test_settings_show_the_gateway_for_reference_only(self):
        self.provider.write({**self.credentials, "state": "test"})
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.payment_portal_gateway_id, self.provider)
        self.assertEqual(
            settings.payment_portal_gateway_location, "(11e9a4c1f4b6d2a8a1b2c3d5)"
        )
        self.assertEqual(
            settings.payment_portal_gateway_user, "11e9a4c1f4b6d2a8a1b2c3d4"
        )
        self.assertEqual(settings.payment_portal_gateway_key, "••••cret")
        self.assertEqual(settings.payment_portal_gateway_state, "Test Mode")
        self.assertNotIn("api-key-secret", str(settings.read()))
        # Read-only: writing there changes nothing on the provider.
        settings.write({"payment_portal_gateway_location": "other"})
        settings.execute()
        self.assertEqual(self.provider.paya_location_id, "11e9a4c1f4b6d2a8a1b2c3d5")
        action = settings.action_payment_portal_open_gateway()
        self.assertEqual(
            (action["res_model"], action["res_id"]),
            ("payment.provider", self.provider.id),
        )

    def test_neutralize_blanks_every_credential(self):
        self.provider.write(
            {
                **self.credentials,
                "paya_hpp_cc_id": "page",
                "paya_hpp_cc_key": "key",
                "paya_hpp_ach_id": "page2",
                "paya_hpp_ach_key": "key2",
                "paya_cc_product_transaction_id": "cc",
                "paya_ach_product_transaction_id": "ach",
                "paya_postback_username": "user",
                "paya_postback_password": "password",
            }
        )
        self.env.flush_all()
        sql = file_open("payment_portal_gateway/data/neutralize.sql").read()
        self.env.cr.execute(sql)
        self.env.invalidate_all()
        secret_fields = [
            name
            for name, field in self.provider._fields.items()
            if name.startswith("paya_") and field.groups == "base.group_system"
        ]
        self.assertGreaterEqual(len(secret_fields), 13)
        for name in secret_fields:
            with self.subTest(field=name):
                self.assertFalse(self.provider[name])

    def test_error_object_is_readable(self):
        server = self._serve(
            [
                (
                    422,
                    {
                        "errors": {
                            "location_id": ["location_id provided is not valid"],
                            "product_transaction_id": [
                                "Product Transaction Id cannot be blank."
                            ],
                        }
                    },
                ),
                (200, ["not", "an", "object"]),
            ]
        )
        host, port = server.server_address
        self.provider.write(
            {
                **self.credentials,
                "paya_environment": "custom",
                "paya_api_url": f"http://{host}:{port}",
            }
        )
        with self.assertRaisesRegex(
            ValidationError,
            r"HTTP 422.*location_id: location_id provided is not valid; "
            r"product_transaction_id: Product Transaction Id cannot be blank",
        ):
            self.provider._send_api_request("GET", "transactions/1")
        with self.assertRaisesRegex(ValidationError, "could not be read"):
            self.provider._send_api_request("GET", "transactions/2")
