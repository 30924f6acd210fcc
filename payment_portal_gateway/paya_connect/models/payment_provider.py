# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import hashlib
import hmac
import re
import time
from json import JSONDecodeError
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .. import client, const


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
        help="Signs Paya's PayForm and AccountForm requests (HMAC-SHA256 of the "
        "user id and a timestamp). The hosted payment page does not use it.",
        copy=False,
        groups="base.group_system",
    )
    paya_location_id = fields.Char(
        string="Location ID",
        required_if_provider="paya_connect",
        copy=False,
        groups="base.group_system",
    )

    paya_location_name = fields.Char(
        string="Location Name",
        readonly=True,
        copy=False,
        help="The name Paya gives the location, read by Check Credentials.",
    )
    paya_cc_product_transaction_id = fields.Char(
        string="Card Product Transaction ID",
        help="The card deposit account (product_transaction_id). Empty: the "
        "location's default card account.",
        copy=False,
        groups="base.group_system",
    )
    paya_ach_product_transaction_id = fields.Char(
        string="ACH Product Transaction ID",
        help="The ACH deposit account (product_transaction_id) of the debits "
        "customers authorize online (SEC code WEB: the ACH hosted payment page) "
        "and of their refunds; also of Auto Pay and scheduled debits when the "
        "two fields below are empty. Paya requires one for every ACH "
        "transaction.",
        copy=False,
        groups="base.group_system",
    )
    paya_ach_ppd_product_transaction_id = fields.Char(
        string="ACH PPD Product Transaction ID",
        help="The ACH deposit account of the debits Odoo initiates (Auto Pay, "
        "scheduled payments) from consumers' bank accounts: SEC code PPD. "
        "Empty: the ACH Product Transaction ID, which must then take PPD.",
        copy=False,
        groups="base.group_system",
    )
    paya_ach_ccd_product_transaction_id = fields.Char(
        string="ACH CCD Product Transaction ID",
        help="The ACH deposit account of the debits Odoo initiates from "
        "companies' bank accounts, and of partial refunds of bank payments (ACH "
        "credits): SEC code CCD. Empty: the ACH Product Transaction ID, which "
        "must then take CCD.",
        copy=False,
        groups="base.group_system",
    )
    paya_hpp_cc_id = fields.Char(
        string="Card Hosted Payment Page ID",
        help="The id of the hosted payment page of the card deposit account.",
        copy=False,
        groups="base.group_system",
    )
    paya_hpp_cc_key = fields.Char(
        string="Card Hosted Payment Page Encryption Key",
        copy=False,
        groups="base.group_system",
    )
    paya_hpp_ach_id = fields.Char(
        string="ACH Hosted Payment Page ID",
        help="The id of the hosted payment page of the ACH deposit account.",
        copy=False,
        groups="base.group_system",
    )
    paya_hpp_ach_key = fields.Char(
        string="ACH Hosted Payment Page Encryption Key",
        copy=False,
        groups="base.group_system",
    )
    paya_postback_username = fields.Char(
        string="Postback Username",
        help="If set, postbacks must come with this basic-auth user and password, "
        "as configured in Paya's postback configuration.",
        copy=False,
        groups="base.group_system",
    )
    paya_postback_password = fields.Char(
        string="Postback Password",
        copy=False,
        groups="base.group_system",
    )

    # === REGISTRY HOOK === #

    def _register_hook(self):
        """Override of `base` to mask Paya's keys in Odoo's payment loggers
        once the registry is loaded, rather than when the code is imported
        (idempotent: see ``client.install_log_filters``)."""
        super()._register_hook()
        client.install_log_filters()

    # === COMPUTE METHODS === #

    def _compute_feature_support_fields(self):
        """Override of `payment` to enable Paya's features: card sales and ACH
        debits are one-step; both refund, also partially (an ACH debit once
        settled, partially by a credit: see _send_refund_request), and
        tokenize (vaults)."""
        res = super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "paya_connect").update(
            {
                "support_refund": "partial",
                "support_tokenization": True,
            }
        )
        return res

    def _get_supported_currencies(self):
        """Override of `payment` to return the currencies Paya processes."""
        supported = super()._get_supported_currencies()
        if self.code == "paya_connect":
            supported = supported.filtered(
                lambda c: c.name in const.SUPPORTED_CURRENCIES
            )
        return supported

    def _get_default_payment_method_codes(self):
        """Override of `payment` to return Paya's default payment methods."""
        self.ensure_one()
        if self.code != "paya_connect":
            return super()._get_default_payment_method_codes()
        return const.DEFAULT_PAYMENT_METHOD_CODES

    # === CONSTRAINT METHODS === #

    def write(self, vals):
        """Override of `payment` so that a Paya Connect provider being enabled gets its
        journal's payment method line at once. Odoo creates it lazily, the first time
        ``journal_id`` is read: done by the first payments, two workers post-processing
        at the same instant each create one, and every later payment then fails on two
        lines for one provider (found by the live suite's load run). The provider form
        reads it on save; enabling it by code or import did not."""
        res = super().write(vals)
        if "state" in vals:
            # reading the journal creates the line (account_payment's compute)
            self.filtered(
                lambda p: p.code == "paya_connect" and p.state in ("enabled", "test")
            ).mapped("journal_id")
        return res

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
        """Override of `payment` to build the URL of Paya's API (version 2)."""
        if self.code != "paya_connect":
            return super()._build_request_url(endpoint, **kwargs)
        return f"{self._paya_get_api_url()}/v2/{endpoint.lstrip('/')}"

    def _send_api_request(
        self, method, endpoint, *, params=None, data=None, json=None, **kwargs
    ):
        """Override of `payment` to send Paya's requests with Paya's timeout
        and to tell its failures apart (see the ``client`` module's docstring for
        what core's sender cannot express).

        The request is built, logged and parsed by core's hooks; only the
        exchange and the status check are Paya's own. Any failure (connection,
        timeout after the configured seconds, HTTP error with Paya's error
        object, body that is not JSON) becomes a ValidationError with a
        readable message (``PayaRefused`` when Paya refused the request); the
        caller decides the transaction's state.
        """
        if self.code != "paya_connect":
            return super()._send_api_request(
                method, endpoint, params=params, data=data, json=json, **kwargs
            )
        self.ensure_one()
        url = self._build_request_url(endpoint, **kwargs)
        payload = params or data or json
        headers = self._build_request_headers(method, endpoint, payload, **kwargs)
        self._log_request(method, url, payload, reference=kwargs.get("reference"))
        response = client.send(
            self.env,
            method,
            url,
            params=params,
            data=data,
            json=json,
            headers=headers,
            auth=self._build_request_auth(**kwargs),
            timeout=self._paya_timeout(),
        )
        self._log_response(response, reference=kwargs.get("reference"))
        client.check_status(self.env, response, self._parse_response_error)
        return self._parse_response_content(response, **kwargs)

    def _paya_timeout(self):
        """Seconds to wait for Paya: 15 by default, longer than the 10 seconds
        after which Paya's API gives up and answers a decline, so that this
        late answer is read; tests set less to see time-outs quickly."""
        # sudo: system parameters are admin-only; only a number leaves here.
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "payment_portal_gateway.paya_timeout", str(const.DEFAULT_TIMEOUT)
            )
        )
        try:
            return max(float(value), 1.0)
        except ValueError:
            return float(const.DEFAULT_TIMEOUT)

    def _parse_response_content(self, response, **kwargs):
        """Override of `payment` to read Paya's JSON object: an empty answer
        is an empty dict, anything but a JSON object a ValidationError."""
        if self.code != "paya_connect":
            return super()._parse_response_content(response, **kwargs)
        if response.status_code == 204 or not response.content:
            return {}
        try:
            content = response.json()
        except (JSONDecodeError, ValueError) as error:
            raise ValidationError(
                self.env._("Paya Connect sent an answer that could not be read.")
            ) from error
        if not isinstance(content, dict):
            raise ValidationError(
                self.env._("Paya Connect sent an answer that could not be read.")
            )
        return content

    def _parse_response_error(self, response):
        """Override of `payment` to read Paya's error object (Error
        Handling.md): ``{"errors": {field: [message, ...]}}``, flattened to
        "field: message; ..."."""
        if self.code != "paya_connect":
            return super()._parse_response_error(response)
        try:
            errors = response.json().get("errors")
        except (JSONDecodeError, ValueError, AttributeError):
            errors = None
        if isinstance(errors, dict) and errors:
            return "; ".join(
                f"{field}: {' '.join(map(str, messages))}"
                if isinstance(messages, list)
                else f"{field}: {messages}"
                for field, messages in errors.items()
            )
        return response.reason or self.env._("no details given")

    def _build_request_headers(self, method, endpoint, payload, **kwargs):
        """Override of `payment` to authenticate with Paya's headers."""
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
        """Return ``(timestamp, hash_key)`` for a PayForm/AccountForm request.

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

    # === ACTION METHODS === #

    def action_paya_check_credentials(self):
        """Read the user's locations (``GET /v2/locationinfos``): the
        credentials work, the location is one of them, and the deposit
        accounts belong to it with the right payment method. Stores the
        location's name, shown in the portal's settings."""
        self.ensure_one()
        answer = self._send_api_request("GET", "locationinfos")
        location = next(
            (
                info
                for info in answer.get("locationinfos") or []
                if isinstance(info, dict) and info.get("id") == self.paya_location_id
            ),
            None,
        )
        if location is None:
            raise ValidationError(
                self.env._(
                    "The credentials work, but location %(location)s is not one of "
                    "this user's locations.",
                    location=self.paya_location_id,
                )
            )
        products = {
            product.get("id"): product
            for product in location.get("product_transactions") or []
            if isinstance(product, dict)
        }
        for field, method, sec_codes in self._paya_deposit_accounts():
            product = self[field]
            if not product:
                continue
            label = self._fields[field].get_description(self.env)["string"]
            found = products.get(product) or {}
            if found.get("payment_method") != method:
                raise ValidationError(
                    self.env._(
                        "%(field)s %(product)s is not a %(method)s deposit account of "
                        "location %(location)s.",
                        field=label,
                        product=product,
                        method=method.upper(),
                        location=location.get("name") or self.paya_location_id,
                    )
                )
            missing = sec_codes - self._paya_terminal_sec_codes(found, sec_codes)
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(field)s %(product)s has no terminal for the SEC code "
                        "%(codes)s, which Odoo sends through it: set the deposit "
                        "account of that code.",
                        field=label,
                        product=product,
                        codes=", ".join(sorted(missing)),
                    )
                )
        self.paya_location_name = location.get("name")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._(
                    "Paya Connect answered: location %(name)s.",
                    name=self.paya_location_name,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _paya_deposit_accounts(self):
        """``(field, payment method, SEC codes)`` of each deposit account
        field: the SEC codes Odoo sends through it."""
        self.ensure_one()
        ach_codes = {const.ACH_SEC_ONLINE}
        if not self.paya_ach_ppd_product_transaction_id:
            ach_codes.add(const.ACH_SEC_CONSUMER)
        if not self.paya_ach_ccd_product_transaction_id:
            ach_codes.add(const.ACH_SEC_BUSINESS)
        return [
            ("paya_cc_product_transaction_id", "cc", set()),
            ("paya_ach_product_transaction_id", "ach", ach_codes),
            ("paya_ach_ppd_product_transaction_id", "ach", {const.ACH_SEC_CONSUMER}),
            ("paya_ach_ccd_product_transaction_id", "ach", {const.ACH_SEC_BUSINESS}),
        ]

    @staticmethod
    def _paya_terminal_sec_codes(product, default):
        """The SEC codes of a deposit account's ACH terminals, as location
        infos list them ("Terminal Requirements"); ``default`` when Paya
        lists no terminal (nothing to check)."""
        processor_data = product.get("processor_data")
        terminals = (
            processor_data.get("terminals")
            if isinstance(processor_data, dict)
            else None
        )
        if not isinstance(terminals, list) or not terminals:
            return set(default)
        return {
            terminal.get("sec_code")
            for terminal in terminals
            if isinstance(terminal, dict)
        }

    # === BUSINESS METHODS === #

    def _paya_product_transaction_id(self, paya_method, sec_code=None):
        """The deposit account of a Paya payment method ("cc" or "ach"); for
        an ACH transaction, the one of its SEC code (PPD and CCD have their
        own if set, see the fields)."""
        self.ensure_one()
        if paya_method != "ach":
            return self.paya_cc_product_transaction_id or None
        specific = {
            const.ACH_SEC_CONSUMER: self.paya_ach_ppd_product_transaction_id,
            const.ACH_SEC_BUSINESS: self.paya_ach_ccd_product_transaction_id,
        }.get(sec_code)
        if specific:
            return specific
        if not self.paya_ach_product_transaction_id:
            raise ValidationError(
                self.env._(
                    "Set the ACH Product Transaction ID of %(provider)s to accept "
                    "bank payments.",
                    provider=self.name,
                )
            )
        return self.paya_ach_product_transaction_id

    def _paya_contact_api_id(self, partner):
        """Our id of the Paya contact of a partner: alphanumeric, unique per
        database so that two databases may share a location."""
        uuid = (
            self.env["ir.config_parameter"].sudo().get_param("database.uuid", "")
        ).replace("-", "")[:12]
        return f"odoo{uuid}p{partner.id}"

    def _paya_contact_values(self, partner):
        """The fields of the Paya contact of ``partner``, within the limits
        of Paya's Contacts endpoint: names and addresses cut to their
        length; an email or zip Paya would refuse (too short or long, a zip
        with other characters) is not sent, as cutting it would make it
        wrong; the state only for a US address (a "valid two character
        state")."""
        commercial = partner.commercial_partner_id
        candidates = {
            "last_name": partner.name or commercial.name or "-",
            "company_name": commercial.name,
            "email": partner.email_normalized,
            "address": partner.street,
            "city": partner.city,
            "zip": partner.zip,
        }
        values = {}
        for field, value in candidates.items():
            least, most = const.CONTACT_LENGTHS[field]
            value = (value or "").strip()
            if field in ("email", "zip"):
                if not least <= len(value) <= most:
                    continue
            else:
                value = value[:most]
            if value:
                values[field] = value
        if "zip" in values and not re.fullmatch(
            const.CONTACT_ZIP_PATTERN, values["zip"]
        ):
            del values["zip"]
        state = partner.state_id.code or ""
        if (
            partner.country_id.code in const.CONTACT_STATE_COUNTRIES
            and len(state) == 2
            and state.isalpha()
        ):
            values["state"] = state.upper()
        return values

    def _paya_sync_contact(self, partner):
        """Create or update the Paya contact of ``partner`` (Contacts endpoint,
        ``update_if_exists``) and return its contact_api_id."""
        self.ensure_one()
        contact_api_id = self._paya_contact_api_id(partner)
        self._send_api_request(
            "POST",
            "contacts",
            json={
                "contact": {
                    "location_id": self.paya_location_id,
                    "contact_api_id": contact_api_id,
                    **self._paya_contact_values(partner),
                    "update_if_exists": 1,
                }
            },
        )
        return contact_api_id

    def _paya_hosted_page(self, paya_method):
        """Return ``(page id, encryption key)`` of a payment method's page."""
        self.ensure_one()
        if paya_method == "ach":
            page, key = self.paya_hpp_ach_id, self.paya_hpp_ach_key
        else:
            page, key = self.paya_hpp_cc_id, self.paya_hpp_cc_key
        if not (page and key):
            raise ValidationError(
                self.env._(
                    "The hosted payment page of %(provider)s for this payment method "
                    "is not configured (page id and encryption key).",
                    provider=self.name,
                )
            )
        return page, key
