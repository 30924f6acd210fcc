# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The hosted payment page: its encrypted data, its form, its submission."""

import base64
import hashlib
import html
import json
import time
from urllib.parse import urlencode, urlsplit

from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .const import HPP_FORM_FIELDS, HPP_VALIDITY, Invalid


def decrypt_hpp_data(text, passphrase):
    """Decrypt the ``data`` parameter as OpenSSL's ``enc -d -aes-256-cbc
    -md md5`` does; raise ValueError if it is not that."""
    raw = base64.b64decode(text, validate=True)
    if not raw.startswith(b"Salted__") or len(raw) < 32:
        raise ValueError("not OpenSSL salted data")
    salt, cipher = raw[8:16], raw[16:]
    material, block = b"", b""
    while len(material) < 48:
        block = hashlib.md5(block + passphrase.encode() + salt).digest()
        material += block
    decryptor = Cipher(
        algorithms.AES(material[:32]),
        modes.CBC(material[32:48]),
        backend=default_backend(),
    ).decryptor()
    padded = decryptor.update(cipher) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    plain = unpadder.update(padded) + unpadder.finalize()
    return json.loads(plain.decode())


def _messages(error):
    return " ".join(
        message for messages in error.errors.values() for message in messages
    )


def _error_page(error):
    return (
        "<!DOCTYPE html><html><body><h1>Payment not possible</h1>"
        f'<p class="error">{html.escape(_messages(error))}</p></body></html>'
    )


def hpp_url(base_url, page_id, data):
    """The hosted page's URL as Paya's samples build it."""
    return f"{base_url}/hostedpaymentpage?{urlencode({'id': page_id, 'data': data})}"


class HostedPageMixin:
    """/hostedpaymentpage: read, render and submit."""

    def read_page_data(self, page_id, data):
        """Decrypt and validate the data of a hosted page request."""
        page = self.pages.get(page_id or "")
        if not page:
            raise Invalid({"id": ["Hosted Payment Page not found."]}, status=404)
        try:
            payload = decrypt_hpp_data(data or "", page["key"])
        except (ValueError, TypeError) as error:
            raise Invalid(
                {"data": [f"Data could not be decrypted ({error})."]}
            ) from error
        if not isinstance(payload, dict) or payload.get("id") != page_id:
            raise Invalid({"data": ["Data does not belong to this page."]})
        timestamp = payload.get("timestamp")
        if timestamp is not None:
            # HPP gives no format: the simulator takes Unix seconds (sim).
            try:
                age = abs(time.time() - int(timestamp))
            except (TypeError, ValueError) as error:
                raise Invalid({"timestamp": ["Timestamp is invalid."]}) from error
            if age > HPP_VALIDITY:
                raise Invalid({"timestamp": ["This link has expired."]})
        try:
            fields_ = {
                field.get("id"): field
                for field in payload.get("field_configuration", {})
                .get("body", {})
                .get("fields", [])
            }
        except AttributeError as error:
            raise Invalid(
                {"field_configuration": ["Field configuration is invalid."]}
            ) from error
        for forbidden in ("account_number", "exp_date", "cvv", "account_holder_name"):
            if "value" in fields_.get(forbidden, {}):
                raise Invalid({forbidden: ["You cannot override this value."]})
        for name, field in fields_.items():
            if field.get("visible") and name not in HPP_FORM_FIELDS[page["method"]]:
                # "If visible is set to true, and the field is not added to
                # the form through the UI, the field ... will NOT be accepted."
                raise Invalid({name: ["This field is not on the form."]})
        for key in ("redirect_url_on_approve", "redirect_url_on_decline"):
            url = payload.get(key)
            if url and urlsplit(url).scheme not in ("http", "https"):
                raise Invalid({key: ["Url is invalid."]})
        return page, payload, fields_

    def submit_page(self, page_id, data, form):
        """The customer submitted the page: run the transaction."""
        page, payload, fields_ = self.read_page_data(page_id, data)
        method = page["method"]
        values = {
            name: field.get("value")
            for name, field in fields_.items()
            if name and "value" in field
        }
        values.update(
            {
                "action": values.get("action")
                or ("sale" if method == "cc" else "debit"),
                "payment_method": method,
                "transaction_api_id": payload.get("transaction_api_id")
                or values.get("transaction_api_id"),
                "product_transaction_id": self.default_products[method],
                "account_holder_name": form.get("account_holder_name"),
                "account_number": form.get("account_number", "").replace(" ", ""),
            }
        )
        if not fields_.get("transaction_amount", {}).get("readonly"):
            values["transaction_amount"] = form.get("transaction_amount")
        if method == "cc":
            values.update(
                exp_date=form.get("exp_date"),
                cvv=form.get("cvv"),
                billing_street=form.get("billing_street")
                or values.get("billing_street"),
                billing_zip=form.get("billing_zip") or values.get("billing_zip"),
            )
        else:
            values.update(
                routing=form.get("routing"),
                account_type=form.get("account_type"),
                ach_sec_code=values.get("ach_sec_code") or "WEB",
            )
        record = self.create_transaction(values, source_id=10, page_id=page_id)
        approved = record["status_id"] in (101, 121, 131)
        return record, payload.get(
            "redirect_url_on_approve" if approved else "redirect_url_on_decline"
        )

    def render_page(self, page_id, data, error=None):
        page, _payload, fields_ = self.read_page_data(page_id, data)
        amount = fields_.get("transaction_amount", {})
        rows = [
            f'<p>Amount: <strong id="amount">{html.escape(str(amount.get("value")))}'
            "</strong></p>"
            if amount.get("readonly")
            else '<label>Amount <input name="transaction_amount"/></label>'
        ]
        rows.append(
            '<label>Name <input name="account_holder_name" autocomplete="off"/></label>'
        )
        if page["method"] == "cc":
            rows += [
                (
                    '<label>Card number <input name="account_number" '
                    'autocomplete="off"/></label>'
                ),
                '<label>Expiry (MMYY) <input name="exp_date"/></label>',
                '<label>CVV <input name="cvv"/></label>',
                '<label>Billing street <input name="billing_street"/></label>',
                '<label>Billing ZIP <input name="billing_zip"/></label>',
            ]
        else:
            rows += [
                '<label>Routing number <input name="routing"/></label>',
                '<label>Account number <input name="account_number"/></label>',
                (
                    '<label>Account type <select name="account_type">'
                    '<option value="checking">Checking</option>'
                    '<option value="savings">Savings</option></select></label>'
                ),
            ]
        message = f'<p class="error">{html.escape(error)}</p>' if error else ""
        autopilot = ""
        if self.hpp_autopilot and not error:
            autopilot = (
                "<script>window.addEventListener('load', () => {"
                f"const values = {json.dumps(self.hpp_autopilot)};"
                "for (const [name, value] of Object.entries(values)) {"
                "document.querySelector(`[name=${name}]`).value = value; }"
                "document.querySelector('form').submit(); });</script>"
            )
        return (
            "<!DOCTYPE html><html><head><title>Paya Connect Hosted Payment Page"
            "</title></head><body><h1>Payment</h1>"
            f"{message}"
            f'<form method="post" action="/hostedpaymentpage">'
            f'<input type="hidden" name="id" value="{html.escape(page_id)}"/>'
            f'<input type="hidden" name="data" value="{html.escape(data)}"/>'
            + "".join(f"<div>{row}</div>" for row in rows)
            + '<button type="submit" id="paya-pay">Pay</button></form>'
            + autopilot
            + "</body></html>"
        )
