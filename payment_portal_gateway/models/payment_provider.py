# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import hashlib
import hmac
import time
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import const


class PaymentProvider(models.Model):
    _inherit = "payment.provider"

    code = fields.Selection(
        selection_add=[("paya_connect", "Paya Connect")],
        ondelete={"paya_connect": "set default"},
    )
    paya_environment = fields.Selection(
        [
            ("sandbox", "Sandbox"),
            ("production", "Production"),
            ("custom", "Custom URL"),
        ],
        default="sandbox",
        required_if_provider="paya_connect",
        help="Sandbox and Production are Paya's own servers. Custom URL points "
        "the connector at another server speaking Paya's API, such as a local "
        "simulator for tests.",
    )
    paya_api_url = fields.Char(
        string="Custom API URL",
        help="Base URL of the API, without /v2 (only with the Custom URL environment).",
        copy=False,
    )
    paya_developer_id = fields.Char(
        string="Developer ID",
        required_if_provider="paya_connect",
        copy=False,
        groups="base.group_system",
    )
    paya_user_id = fields.Char(
        string="User ID",
        required_if_provider="paya_connect",
        copy=False,
        groups="base.group_system",
    )
    paya_user_api_key = fields.Char(
        string="User API Key",
        required_if_provider="paya_connect",
        copy=False,
        groups="base.group_system",
    )
    paya_user_hash_key = fields.Char(
        string="User Hash Key",
        help="Signs the hosted payment page requests (HMAC-SHA256).",
        copy=False,
        groups="base.group_system",
    )
    paya_location_id = fields.Char(
        string="Location ID",
        required_if_provider="paya_connect",
        copy=False,
        groups="base.group_system",
    )

    @api.constrains("code", "paya_environment", "paya_api_url")
    def _check_paya_api_url(self):
        for provider in self.filtered(lambda p: p.code == "paya_connect"):
            if provider.paya_environment != "custom":
                continue
            url = urlsplit(provider.paya_api_url or "")
            if url.scheme not in ("http", "https") or not url.netloc:
                raise ValidationError(
                    self.env._(
                        "The custom API URL of %(provider)s must be an http:// or "
                        "https:// address, such as https://paya.example.com.",
                        provider=provider.name,
                    )
                )

    # === REQUEST HELPERS === #

    def _paya_get_api_url(self):
        self.ensure_one()
        if self.paya_environment == "custom":
            return self.paya_api_url.rstrip("/")
        return const.API_URLS[self.paya_environment or "sandbox"]

    def _build_request_url(self, endpoint, **kwargs):
        if self.code != "paya_connect":
            return super()._build_request_url(endpoint, **kwargs)
        return f"{self._paya_get_api_url()}/v2/{endpoint.lstrip('/')}"

    def _build_request_headers(self, method, endpoint, payload, **kwargs):
        if self.code != "paya_connect":
            return super()._build_request_headers(method, endpoint, payload, **kwargs)
        return {
            "Content-Type": "application/json",
            "Accept": "application/json",
            const.HEADER_DEVELOPER_ID: self.paya_developer_id,
            const.HEADER_USER_ID: self.paya_user_id,
            const.HEADER_USER_API_KEY: self.paya_user_api_key,
        }

    def _paya_compute_hash_key(self, timestamp=None):
        """Return ``(timestamp, hash_key)`` for a hosted page request.

        The hash key is the hex HMAC-SHA256 of the user id followed by the UNIX
        timestamp, keyed with the user hash key ("HMAC Authentication Process").
        """
        self.ensure_one()
        if not self.paya_user_hash_key:
            raise ValidationError(
                self.env._(
                    "Set the User Hash Key of %(provider)s first.", provider=self.name
                )
            )
        timestamp = int(timestamp if timestamp is not None else time.time())
        salt = f"{self.paya_user_id}{timestamp}"
        digest = hmac.new(
            self.paya_user_hash_key.encode(), salt.encode(), hashlib.sha256
        ).hexdigest()
        return timestamp, digest
