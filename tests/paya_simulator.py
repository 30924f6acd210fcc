# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A local Paya Connect: the subset of the v2 API the connector uses, as
Paya's public developer documentation (github.com/PayaDev/PayaConnect)
describes it, for tests and demos on machines that reach no gateway.

Implemented, with the documented envelopes, fields and status codes:

- ``/v2/contacts`` (POST with ``update_if_exists``, GET, PUT),
- ``/v2/accountvaults`` (POST card and ACH, GET one or a filtered list, PUT,
  DELETE),
- ``/v2/transactions`` (POST sale, debit, refund, credit with an account
  number, a vault or a previous transaction; PUT void; GET one or a
  filtered list such as ``?transaction_api_id=``),
- ``/v2/postbackconfigs`` (POST) and the postbacks themselves: form fields
  ``type``, ``resource``, ``number_of_attempts`` and ``data`` (the record as
  a JSON string), optional basic auth, retries on non-2xx answers,
- ``/hostedpaymentpage?id=&data=``: decrypts ``data`` with the page's key
  ("Salted__" AES-256-CBC, EVP_BytesToKey MD5, implemented here on its own
  so that the connector's encryption is checked, not reused), validates it,
  renders a plain card or bank form and, once submitted, runs the
  transaction and redirects to ``redirect_url_on_approve`` / ``_decline``.

Authentication: the ``developer-id``, ``user-id`` and ``user-api-key``
headers (401 otherwise). Validation errors: HTTP 422 with
``{"errors": {field: [message]}}``.

Deterministic outcomes (Paya's TestData.md, plus the simulator's own
conventions, marked "sim"):

- card amount 5.00 declines (reason 1500); 6.01 to 6.31 decline with reason
  1601 to 1631 (TestData.md);
- card number 4000000000000002 declines with reason 1615 "Do Not Honor"
  (sim); other cards approve (status 101); an ``avsonly`` check (amount 0,
  to save a card without paying) answers 121 AvsOnly;
- ACH debits start Pending Origination (131); :meth:`advance_ach` settles
  them (134), except accounts ending in 2101 to 2129, which are returned
  with that reason code, "Rejected-Rnn" (status 136) (sim);
- a transaction_api_id used twice in a location is refused with 422 (the
  docs say api ids are "forced unique per Location"; the message is sim).

Fault switches (:meth:`add_fault`): ``timeout`` (processes, then answers
too late), ``timeout_before`` (answers too late, processes nothing),
``error500`` (nothing processed), ``error500_after`` (processed, then 500),
``malformed`` (processed, body not JSON), ``reset`` (connection closed,
nothing processed), ``slow`` (answers after ``delay`` seconds). Postbacks
can be sent several times (``postback_copies``) and replayed out of order
(:meth:`replay_postbacks`). The ledger (:attr:`ledger`) records every money
movement, to compare with Odoo's payments.

Control over HTTP for other processes (demo, live tests): ``POST
/_sim/faults`` (JSON of :meth:`add_fault`), ``POST /_sim/ach/advance``,
``POST /_sim/batch/settle``, ``POST /_sim/postbacks/replay``, ``GET
/_sim/ledger``. Run ``python3 tests/paya_simulator.py --help`` to serve it.
"""

import argparse
import base64
import hashlib
import html
import json
import secrets
import socket
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

CARD_DECLINE = "4000000000000002"
DECLINE_AMOUNTS = {"5.00": 1500, **{f"6.{n:02d}": 1600 + n for n in range(1, 32)}}
REASON_MESSAGES = {
    1000: "Approved and complete",
    1200: "Voided",
    1500: "Do not honor",
    1601: "Generic Decline",
    1615: "Do Not Honor",
    1616: "NSF",
    1622: "Expired card",
    2101: "Insufficient funds",
    2102: "Bank account closed",
    2103: "No bank account/unable to locate account",
    2104: "Invalid bank account number",
}
CHARGE_ACTIONS = {"sale", "debit"}
ALL_ACTIONS = {"sale", "refund", "debit", "credit", "authonly", "avsonly"}
HPP_VALIDITY = 15 * 60


def _paya_id():
    return secrets.token_hex(12)


def _money(value):
    return f"{float(value):.2f}"


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


class Invalid(Exception):
    """A 422 answer: ``errors`` maps fields to messages."""

    def __init__(self, errors, status=422):
        super().__init__(errors)
        self.errors = errors
        self.status = status


class PayaSimulator:
    """The simulated gateway; :meth:`start` serves it on 127.0.0.1."""

    def __init__(
        self,
        *,
        developer_id="dev-sim",
        user_id="11e9aaaa0000000000000001",
        user_api_key="sim-user-api-key",
        location_id="11e9aaaa0000000000000002",
        cc_product_transaction_id="11e9aaaa0000000000000003",
        ach_product_transaction_id="11e9aaaa0000000000000004",
        pages=None,
    ):
        self.credentials = {
            "developer-id": developer_id,
            "user-id": user_id,
            "user-api-key": user_api_key,
        }
        self.location_id = location_id
        self.location_name = "Simulated Location"
        self.products = {
            cc_product_transaction_id: "cc",
            ach_product_transaction_id: "ach",
        }
        self.default_products = {
            "cc": cc_product_transaction_id,
            "ach": ach_product_transaction_id,
        }
        self.pages = pages or {
            "11e9aaaa00000000000000c1": {"key": "sim-cc-page-key", "method": "cc"},
            "11e9aaaa00000000000000a1": {"key": "sim-ach-page-key", "method": "ach"},
        }
        self.lock = threading.RLock()
        self.reset()
        self.server = None
        self.thread = None

    # --- state ---------------------------------------------------------

    def reset(self):
        with self.lock:
            self.contacts = {}
            self.vaults = {}
            self.transactions = {}
            self.card_numbers = {}  # vault id -> number (never returned)
            self.settled_batches = set()
            self.postback_configs = []
            self.postbacks_sent = []
            self.postback_copies = 1
            # Held postbacks wait for flush_postbacks() instead of leaving
            # at once (tests deliver them at a moment of their choosing).
            self.postback_hold = False
            self.postback_queue = []
            # Browser tests: the fields a customer types on the hosted page,
            # filled and submitted by a script of the page (a tour cannot
            # run on another site).
            self.hpp_autopilot = None
            self.faults = []
            self.ledger = []
            self.requests = []

    @property
    def base_url(self):
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self, port=0):
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.server.daemon_threads = True
        self.server.simulator = self
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self.base_url

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.thread.join(timeout=10)
            self.server = None

    def add_fault(self, mode, path="/v2/transactions", method="POST", count=1, delay=0):
        """Make the next ``count`` requests matching ``method`` and ``path``
        (a prefix) fail as ``mode`` says (see the module's docstring)."""
        with self.lock:
            self.faults.append(
                {
                    "mode": mode,
                    "path": path,
                    "method": method.upper(),
                    "count": count,
                    "delay": delay,
                }
            )

    def _take_fault(self, method, path):
        with self.lock:
            for fault in self.faults:
                if fault["method"] == method and path.startswith(fault["path"]):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        self.faults.remove(fault)
                    return fault
        return None

    # --- records ---------------------------------------------------------

    def _book(self, kind, record, amount=None):
        """Write a money movement in the ledger."""
        self.ledger.append(
            {
                "kind": kind,
                "id": record["id"],
                "transaction_api_id": record["transaction_api_id"],
                "amount": amount or record["transaction_amount"],
            }
        )

    def _links(self, resource, record_id):
        return {"self": {"href": f"{self.base_url}/v2/{resource}/{record_id}"}}

    def record(self, transaction_id):
        """A transaction as the API returns it (without the simulator's
        private keys and links)."""
        return _clean(self.transactions[transaction_id])

    def _public(self, resource, record):
        return {**record, "_links": self._links(resource, record["id"])}

    def _new_transaction(self, values, *, source_id=12, page_id=None):
        now = int(time.time())
        record = {
            "id": _paya_id(),
            "payment_method": values["payment_method"],
            "account_vault_id": values.get("account_vault_id"),
            "recurring_id": None,
            "first_six": values.get("first_six"),
            "last_four": values.get("last_four"),
            "account_holder_name": values.get("account_holder_name"),
            "transaction_amount": _money(values["transaction_amount"]),
            "description": values.get("description"),
            "transaction_code": None,
            "avs": None,
            "batch": None,
            "order_num": values.get("order_num") or str(secrets.randbelow(10**12)),
            "verbiage": values.get("verbiage"),
            "transaction_settlement_status": None,
            "effective_date": values.get("effective_date"),
            "routing": values.get("routing"),
            "return_date": None,
            "created_ts": now,
            "modified_ts": now,
            "transaction_api_id": values.get("transaction_api_id"),
            "terms_agree": None,
            "notification_email_address": None,
            "notification_email_sent": False,
            "response_message": values.get("response_message"),
            "auth_amount": _money(values["transaction_amount"]),
            "auth_code": secrets.token_hex(3),
            "status_id": values["status_id"],
            "type_id": values["type_id"],
            "location_id": self.location_id,
            "reason_code_id": values["reason_code_id"],
            "contact_id": values.get("contact_id"),
            "billing_zip": values.get("billing_zip"),
            "billing_street": values.get("billing_street"),
            "product_transaction_id": values["product_transaction_id"],
            "tax": "0.00",
            "customer_ip": None,
            "customer_id": None,
            "po_number": None,
            "previous_transaction_id": values.get("previous_transaction_id"),
            "settle_date": None,
            "charge_back_date": None,
            "void_date": None,
            "account_type": values.get("account_type"),
            "is_recurring": False,
            "is_accountvault": bool(values.get("is_accountvault")),
            "transaction_c1": None,
            "transaction_c2": None,
            "transaction_c3": None,
            "entry_mode_id": "K",
            "ach_sec_code": values.get("ach_sec_code"),
            "custom_data": None,
            "hosted_payment_page_id": page_id,
            "trx_source_id": source_id,
        }
        self.transactions[record["id"]] = record
        return record

    def _account(self, values, method):
        """Resolve the account of a transaction: a vault, a previous
        transaction or account details. Returns (fields, card number)."""
        errors = {}
        if values.get("account_vault_id") or values.get("account_vault_api_id"):
            vault = self._find_vault(
                values.get("account_vault_id"), values.get("account_vault_api_id")
            )
            if not vault or vault["location_id"] != self.location_id:
                raise Invalid({"account_vault_id": ["Account Vault Id is invalid."]})
            if vault["payment_method"] != method:
                raise Invalid(
                    {"account_vault_id": ["Account vault payment method mismatch."]}
                )
            return (
                {
                    "account_vault_id": vault["id"],
                    "is_accountvault": True,
                    "first_six": vault["first_six"],
                    "last_four": vault["last_four"],
                    "account_holder_name": vault["account_holder_name"],
                    "account_type": vault["account_type"],
                    "routing": vault.get("_routing"),
                },
                self.card_numbers.get(vault["id"], ""),
            )
        number = str(values.get("account_number") or "")
        if not number:
            errors["account_number"] = [
                "Account Number cannot be blank when no account vault is given."
            ]
        elif not (
            number.isdigit() and (13 if method == "cc" else 4) <= len(number) <= 19
        ):
            errors["account_number"] = ["Account Number is invalid."]
        if method == "cc" and not str(values.get("exp_date") or "").isdigit():
            errors["exp_date"] = ["Exp Date cannot be blank."]
        if method == "ach":
            if len(str(values.get("routing") or "")) != 9:
                errors["routing"] = ["Routing must be 9 digits."]
            if values.get("account_type") not in ("checking", "savings"):
                errors["account_type"] = ["Account Type must be checking or savings."]
            if not values.get("account_holder_name"):
                errors["account_holder_name"] = ["Account Holder Name cannot be blank."]
        if errors:
            raise Invalid(errors)
        card_type = None
        if method == "cc":
            card_type = {"4": "visa", "5": "mc", "6": "disc", "3": "amex"}.get(
                number[0], "visa"
            )
        return (
            {
                "first_six": number[:6],
                "last_four": number[-4:],
                "account_holder_name": values.get("account_holder_name"),
                "account_type": card_type or values.get("account_type"),
                "routing": values.get("routing"),
            },
            number,
        )

    def _find_vault(self, vault_id=None, api_id=None):
        if vault_id:
            return self.vaults.get(vault_id)
        for vault in self.vaults.values():
            if api_id and vault.get("account_vault_api_id") == api_id:
                return vault
        return None

    def _check_api_id(self, api_id):
        if api_id and any(
            record.get("transaction_api_id") == api_id
            for record in self.transactions.values()
        ):
            raise Invalid(
                {"transaction_api_id": ["Transaction Api Id has already been taken."]}
            )

    def _validate_transaction(self, values):
        """The checks of POST /v2/transactions; returns (method, amount,
        product_transaction_id) or raises a 422."""
        action = values.get("action")
        errors = {}
        if action not in ALL_ACTIONS:
            errors["action"] = ["Action is invalid."]
        method = values.get("payment_method")
        if method not in ("cc", "ach"):
            errors["payment_method"] = ["Payment Method must be cc or ach."]
        try:
            amount = float(values.get("transaction_amount"))
        except (TypeError, ValueError):
            amount = 0.0
        if amount <= 0 and action != "avsonly":
            errors["transaction_amount"] = [
                (
                    "Transaction amount must be greater than zero for the following "
                    "actions: [sale, authonly, authcomplete, authincrement, debit, "
                    "credit, refund, tipadjust]"
                )
            ]
        if values.get("location_id") not in (None, self.location_id):
            errors["location_id"] = ["location_id provided is not valid"]
        if errors:
            raise Invalid(errors)
        product = values.get("product_transaction_id") or (
            self.default_products[method] if method == "cc" else None
        )
        if method == "ach" and not product:
            errors["product_transaction_id"] = [
                "Product Transaction Id cannot be blank."
            ]
        elif self.products.get(product) != method:
            errors["product_transaction_id"] = [
                "The Product's method (cc/ach) has to match the action."
            ]
        if method == "ach" and not values.get("ach_sec_code"):
            errors["ach_sec_code"] = ["ach_sec_code cannot be blank"]
        if (method, action) in (("cc", "debit"), ("ach", "sale"), ("ach", "avsonly")):
            errors["action"] = ["Action is invalid for this payment method."]
        if errors:
            raise Invalid(errors)
        return method, amount, product

    @staticmethod
    def _outcome(method, amount, number, action="sale"):
        """Status, reason and messages of a new charge (see the docstring)."""
        if action == "avsonly":
            declined = number == CARD_DECLINE
            return {
                "status_id": 301 if declined else 121,
                "type_id": 21,
                "reason_code_id": 1615 if declined else 1000,
                "verbiage": "DENY" if declined else "APPROVAL",
                "response_message": "1615 Do Not Honor" if declined else "00",
            }
        if method == "ach":
            return {
                "status_id": 131,
                "reason_code_id": 1000,
                "verbiage": "ACH - Accepted",
                "response_message": "ACH - Accepted",
                "effective_date": date.today().isoformat(),
            }
        reason = 1615 if number == CARD_DECLINE else DECLINE_AMOUNTS.get(_money(amount))
        if not reason:
            return {
                "status_id": 101,
                "reason_code_id": 1000,
                "verbiage": "APPROVAL",
                "response_message": "00",
            }
        return {
            "status_id": 301,
            "reason_code_id": reason,
            "verbiage": "DENY",
            "response_message": f"{reason} {REASON_MESSAGES.get(reason, 'Declined')}",
        }

    def create_transaction(self, values, *, source_id=12, page_id=None):
        """POST /v2/transactions (and the hosted page's submission)."""
        method, amount, product = self._validate_transaction(values)
        with self.lock:
            self._check_api_id(values.get("transaction_api_id"))
            if values["action"] == "refund":
                return self._refund(values, method, amount, product)
            account, number = self._account(values, method)
            record = self._new_transaction(
                {
                    **values,
                    **account,
                    "type_id": 20 if method == "cc" else 50,
                    **self._outcome(method, amount, number, values["action"]),
                    "transaction_amount": amount,
                    "product_transaction_id": product,
                },
                source_id=source_id,
                page_id=page_id,
            )
            if method == "ach":
                record["_return_code"] = self._ach_return_code(number)
            if record["status_id"] in (101, 131):
                self._book("charge", record)
            if record["status_id"] in (101, 121, 131) and values.get("save_account"):
                vault = self._store_vault(values, method, account, number)
                record["account_vault_id"] = vault["id"]
            self._postback("CREATE", record)
            return record

    @staticmethod
    def _ach_return_code(number):
        tail = number[-4:]
        if tail.isdigit() and 2101 <= int(tail) <= 2129:
            return int(tail)
        return None

    def _refund(self, values, method, amount, product):
        previous = self.transactions.get(values.get("previous_transaction_id") or "")
        if not previous or previous["location_id"] != self.location_id:
            raise Invalid(
                {"previous_transaction_id": ["Previous Transaction Id is invalid."]}
            )
        if previous["status_id"] not in (101, 134):
            raise Invalid(
                {
                    "previous_transaction_id": [
                        "Only approved or settled transactions can be refunded."
                    ]
                }
            )
        refunded = sum(
            float(record["transaction_amount"])
            for record in self.transactions.values()
            if record.get("previous_transaction_id") == previous["id"]
            and record["type_id"] == 30
            and record["status_id"] not in (201, 301, 136)
        )
        if amount - (float(previous["transaction_amount"]) - refunded) > 0.005:
            raise Invalid(
                {"transaction_amount": ["Refund amount exceeds the refundable amount."]}
            )
        ach_partial = (
            method == "ach"
            and abs(amount - float(previous["transaction_amount"])) > 0.005
        )
        record = self._new_transaction(
            {
                **values,
                "transaction_amount": amount,
                "product_transaction_id": product or previous["product_transaction_id"],
                "first_six": previous["first_six"],
                "last_four": previous["last_four"],
                "account_type": previous["account_type"],
                "account_vault_id": previous["account_vault_id"],
                "type_id": 30,
                "status_id": 111 if method == "cc" else 131,
                "reason_code_id": 1000,
                "verbiage": "APPROVAL",
                "response_message": "00",
            }
        )
        if ach_partial:
            # "Partial refunds will appear to approve, but will be rejected
            # within a few days."
            record["_return_code"] = 2106
        self._book("refund", record)
        self._postback("CREATE", record)
        return record

    def void_transaction(self, transaction_id):
        """PUT /v2/transactions/{id} {"action": "void"}: same day only."""
        with self.lock:
            record = self.transactions.get(transaction_id)
            if not record:
                raise Invalid({"id": ["Transaction not found."]}, status=404)
            voidable = (
                (record["status_id"] == 101 and not record.get("_settled"))
                or (record["status_id"] in (111,) and not record.get("_settled"))
                or record["status_id"] == 131
            )
            if not voidable:
                raise Invalid({"action": ["Transaction cannot be voided."]})
            record.update(
                status_id=201,
                reason_code_id=1200,
                transaction_amount="0.00",
                void_date=time.strftime("%Y-%m-%d %H:%M:%S"),
                modified_ts=int(time.time()),
            )
            self._book("void", record, amount=record["auth_amount"])
            self._postback("UPDATE", record)
            return record

    def settle_batch(self):
        """Close the card batch: approved sales can no longer be voided."""
        with self.lock:
            for record in self.transactions.values():
                if record["payment_method"] == "cc" and record["status_id"] in (
                    101,
                    111,
                ):
                    record["_settled"] = True
                    record["settle_date"] = date.today().isoformat()

    def advance_ach(self, ids=None):
        """Finish every pending ACH transaction (or those of ``ids``):
        settled (134), or returned (136, "Rejected-Rnn") for the accounts
        that say so."""
        with self.lock:
            changed = []
            for record in self.transactions.values():
                if ids is not None and record["id"] not in ids:
                    continue
                if record["payment_method"] != "ach" or record["status_id"] not in (
                    131,
                    132,
                    133,
                ):
                    continue
                code = record.get("_return_code")
                if code:
                    record.update(
                        status_id=136,
                        reason_code_id=code,
                        verbiage=f"Rejected-R{code - 2100:02d}",
                        response_message=(
                            f"Rejected-R{code - 2100:02d} "
                            f"{REASON_MESSAGES.get(code, 'Returned')}"
                        ),
                        return_date=date.today().isoformat(),
                    )
                    self._book("return", record)
                else:
                    record.update(status_id=134, settle_date=date.today().isoformat())
                record["modified_ts"] = int(time.time())
                changed.append(record)
                self._postback("UPDATE", record)
            return changed

    # --- vaults and contacts --------------------------------------------

    def _store_vault(self, values, method, account, number):
        contact = self._find_contact(
            values.get("contact_id"), values.get("contact_api_id")
        )
        return self.create_vault(
            {
                "payment_method": method,
                "account_number": number,
                "exp_date": values.get("exp_date"),
                "account_holder_name": values.get("account_holder_name")
                or account.get("account_holder_name")
                or "-",
                "routing": values.get("routing"),
                "account_type": values.get("account_type") or "checking",
                "contact_id": contact["id"] if contact else None,
                "title": values.get("save_account_title"),
                "location_id": self.location_id,
            }
        )

    def create_vault(self, values):
        method = values.get("payment_method")
        errors = {}
        if method not in ("cc", "ach"):
            errors["payment_method"] = ["Payment Method must be cc or ach."]
        if values.get("location_id") != self.location_id:
            errors["location_id"] = ["location_id provided is not valid"]
        if errors:
            raise Invalid(errors)
        account, number = self._account(values, method)
        with self.lock:
            api_id = values.get("account_vault_api_id")
            if api_id and self._find_vault(api_id=api_id):
                raise Invalid(
                    {
                        "account_vault_api_id": [
                            "Account Vault Api Id has already been taken."
                        ]
                    }
                )
            if values.get("contact_id") and values["contact_id"] not in self.contacts:
                raise Invalid({"contact_id": ["Contact Id is invalid."]})
            now = int(time.time())
            vault = {
                "id": _paya_id(),
                "payment_method": method,
                "title": values.get("title"),
                "account_holder_name": account.get("account_holder_name"),
                "first_six": account["first_six"],
                "last_four": account["last_four"],
                "billing_address": values.get("billing_address"),
                "billing_zip": values.get("billing_zip"),
                "exp_date": values.get("exp_date") if method == "cc" else None,
                "routing": None,
                "account_type": account.get("account_type"),
                "location_id": self.location_id,
                "contact_id": values.get("contact_id"),
                "created_ts": now,
                "modified_ts": now,
                "account_vault_api_id": api_id,
                "expiring_in_months": 12 if method == "cc" else None,
                "has_recurring": False,
                "ach_sec_code": "WEB" if method == "ach" else None,
                "active": 1,
                "_routing": values.get("routing"),
            }
            self.vaults[vault["id"]] = vault
            self.card_numbers[vault["id"]] = number
            return vault

    def _find_contact(self, contact_id=None, api_id=None):
        if contact_id:
            return self.contacts.get(contact_id)
        for contact in self.contacts.values():
            if api_id and contact.get("contact_api_id") == api_id:
                return contact
        return None

    def save_contact(self, values):
        if values.get("location_id") != self.location_id:
            raise Invalid({"location_id": ["location_id provided is not valid"]})
        if not values.get("last_name"):
            raise Invalid({"last_name": ["Last Name cannot be blank."]})
        with self.lock:
            existing = self._find_contact(api_id=values.get("contact_api_id"))
            if existing and str(values.get("update_if_exists")) != "1":
                raise Invalid(
                    {"contact_api_id": ["Contact Api Id has already been taken."]}
                )
            fields_ = (
                "account_number",
                "contact_api_id",
                "company_name",
                "first_name",
                "last_name",
                "email",
                "address",
                "city",
                "state",
                "zip",
                "cell_phone",
            )
            if existing:
                existing.update({f: values[f] for f in fields_ if f in values})
                existing["modified_ts"] = int(time.time())
                return existing, 200
            contact = {
                "id": _paya_id(),
                "location_id": self.location_id,
                **{f: values.get(f) for f in fields_},
                "home_phone": None,
                "office_phone": None,
                "office_ext_phone": None,
                "contact_balance": None,
                "email_trx_receipt": False,
                "created_ts": int(time.time()),
                "modified_ts": None,
                "date_of_birth": None,
                "header_message": None,
                "header_message_type": 0,
            }
            self.contacts[contact["id"]] = contact
            return contact, 201

    # --- postbacks ---------------------------------------------------------

    def _postback(self, event, record):
        for config in self.postback_configs:
            if config["resource"] != "transaction" or not config.get(
                "on_create" if event == "CREATE" else "on_update"
            ):
                continue
            data = {k: v for k, v in record.items() if not k.startswith("_")}
            body = {
                "type": event,
                "resource": "transaction",
                "data": json.dumps(data),
            }
            for _copy in range(self.postback_copies):
                self.postbacks_sent.append((config, body))
                if self.postback_hold:
                    self.postback_queue.append((config, body))
                    continue
                threading.Thread(
                    target=self._deliver, args=(config, body), daemon=True
                ).start()

    def flush_postbacks(self):
        """Deliver the held postbacks, oldest first, synchronously; return
        the last HTTP status (or error) of each."""
        queue, self.postback_queue = self.postback_queue, []
        return [self._deliver(config, body) for config, body in queue]

    def _deliver(self, config, body):
        auth = None
        if config.get("basic_auth_username"):
            auth = (config["basic_auth_username"], config.get("basic_auth_password"))
        attempts = int(config.get("number_of_attempts") or 1)
        answer = None
        for attempt in range(1, attempts + 1):
            try:
                response = requests.post(
                    config["url"],
                    data={**body, "number_of_attempts": str(attempt)},
                    auth=auth,
                    timeout=30,
                )
                answer = response.status_code
            except requests.RequestException as error:
                answer = repr(error)
            config.setdefault("_answers", []).append(answer)
            if isinstance(answer, int) and 200 <= answer < 300:
                break
            time.sleep(float(config.get("attempt_interval") or 0))
        return answer

    def replay_postbacks(self, reverse=True):
        """Deliver again every postback sent so far (newest first by
        default: out of order), synchronously."""
        sent = list(self.postbacks_sent)
        return [
            self._deliver(config, body)
            for config, body in (reversed(sent) if reverse else sent)
        ]

    def add_postback_config(self, values):
        if values.get("location_id") not in (None, self.location_id):
            raise Invalid({"location_id": ["location_id provided is not valid"]})
        if not values.get("url"):
            raise Invalid({"url": ["Url cannot be blank."]})
        config = {
            "id": _paya_id(),
            "location_id": self.location_id,
            "resource": values.get("resource"),
            "on_create": int(values.get("on_create", 1)),
            "on_update": int(values.get("on_update", 1)),
            "on_delete": int(values.get("on_delete", 0)),
            "url": values["url"],
            "is_active": int(values.get("is_active", 1)),
            "format": "api-default",
            "number_of_attempts": int(values.get("number_of_attempts") or 1),
            "attempt_interval": int(values.get("attempt_interval") or 300),
            "expands": values.get("expands") or "",
            "created_ts": int(time.time()),
            "modified_ts": int(time.time()),
            "product_transaction_id": values.get("product_transaction_id"),
        }
        self.postback_configs.append(
            {
                **config,
                "basic_auth_username": values.get("basic_auth_username"),
                "basic_auth_password": values.get("basic_auth_password"),
            }
        )
        return config

    # --- hosted payment page -------------------------------------------

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
        if timestamp is not None and abs(time.time() - int(timestamp)) > HPP_VALIDITY:
            raise Invalid({"timestamp": ["This link has expired."]})
        fields_ = {
            field.get("id"): field
            for field in payload.get("field_configuration", {})
            .get("body", {})
            .get("fields", [])
        }
        for forbidden in ("account_number", "exp_date", "cvv", "account_holder_name"):
            if "value" in fields_.get(forbidden, {}):
                raise Invalid({forbidden: ["You cannot override this value."]})
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
            values.update(exp_date=form.get("exp_date"), cvv=form.get("cvv"))
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


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    @property
    def sim(self):
        return self.server.simulator

    def log_message(self, *args):
        pass

    # --- plumbing --------------------------------------------------------

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(self, status, body=b"", content_type="application/json", headers=()):
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
        elif isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        if body or status not in (204, 302):
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(body)

    def _dispatch(self):
        url = urlsplit(self.path)
        method = self.command
        body = self._body()
        self.sim.requests.append((method, url.path, dict(self.headers)))
        if url.path.startswith("/_sim/"):
            return self._control(method, url.path, body)
        if url.path == "/hostedpaymentpage":
            return self._page(method, url, body)
        fault = self._take_fault_for(method, url.path)
        if fault and fault["mode"] in ("timeout_before", "reset", "error500"):
            if fault["mode"] == "timeout_before":
                time.sleep(fault["delay"] or 12)
                return self._send(504, {"errors": {"timeout": ["Gateway timeout"]}})
            if fault["mode"] == "reset":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return None
            return self._send(500, b"<html>Internal Server Error</html>", "text/html")
        if fault and fault["mode"] == "slow":
            time.sleep(fault["delay"] or 2)
        if not self._authenticated():
            return self._send(
                401,
                {
                    "errors": {
                        "user-api-key": [
                            (
                                "Your credentials are invalid (developer-id, "
                                "user-id, and/or user-api-key)"
                            )
                        ]
                    }
                },
            )
        try:
            status, answer = self._api(method, url, body)
        except Invalid as error:
            status, answer = error.status, {"errors": error.errors}
        if fault and fault["mode"] == "timeout":
            time.sleep(fault["delay"] or 12)
        if fault and fault["mode"] == "error500_after":
            return self._send(500, b"<html>Internal Server Error</html>", "text/html")
        if fault and fault["mode"] == "malformed":
            return self._send(status, b'{"transaction": {"id": "', "application/json")
        return self._send(status, answer if answer is not None else b"")

    def _take_fault_for(self, method, path):
        return self.sim._take_fault(method, path)

    def _authenticated(self):
        return all(
            self.headers.get(name) == value
            for name, value in self.sim.credentials.items()
        )

    do_GET = do_POST = do_PUT = do_DELETE = lambda self: self._dispatch()

    # --- API -----------------------------------------------------------

    def _json(self, body, envelope):
        try:
            content = json.loads(body or b"{}")
        except ValueError as error:
            raise Invalid({"body": ["Invalid JSON."]}, status=400) from error
        values = content.get(envelope) if isinstance(content, dict) else None
        if not isinstance(values, dict):
            raise Invalid({envelope: [f"{envelope} is required."]}, status=400)
        return values

    def _api(self, method, url, body):
        parts = [part for part in url.path.split("/") if part]
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        if len(parts) < 2 or parts[0] != "v2":
            raise Invalid({"path": ["Not found."]}, status=404)
        resource, record_id = parts[1], (parts[2] if len(parts) > 2 else None)
        handler = {
            "transactions": self._api_transactions,
            "accountvaults": self._api_vaults,
            "contacts": self._api_contacts,
            "postbackconfigs": self._api_postbackconfigs,
            "locationinfos": self._api_locationinfos,
        }.get(resource)
        answer = handler(method, record_id, body, query, url) if handler else None
        if answer is None:
            raise Invalid(
                {"path": ["The Endpoint or record does not exist."]}, status=404
            )
        return answer

    def _api_transactions(self, method, record_id, body, query, url):
        sim = self.sim
        if method == "POST" and not record_id:
            record = sim.create_transaction(self._json(body, "transaction"))
            return 201, {"transaction": sim._public("transactions", _clean(record))}
        if method == "PUT" and record_id:
            values = self._json(body, "transaction")
            if values.get("action") != "void":
                raise Invalid({"action": ["Only void is simulated on PUT."]})
            record = sim.void_transaction(record_id)
            return 200, {"transaction": sim._public("transactions", _clean(record))}
        if method == "GET" and record_id:
            record = sim.transactions.get(record_id)
            if not record:
                raise Invalid({"id": ["Transaction not found."]}, status=404)
            return 200, {"transaction": sim._public("transactions", _clean(record))}
        if method == "GET":
            return 200, self._list(
                "transactions", sim.transactions.values(), query, url
            )
        return None

    def _api_vaults(self, method, record_id, body, query, url):
        sim = self.sim
        if method == "POST" and not record_id:
            vault = sim.create_vault(self._json(body, "accountvault"))
            return 201, {"accountvault": sim._public("accountvaults", _clean(vault))}
        if not record_id:
            if method == "GET":
                return 200, self._list("accountvaults", sim.vaults.values(), query, url)
            return None
        vault = sim._find_vault(record_id)
        if not vault:
            raise Invalid({"id": ["Account vault not found."]}, status=404)
        if method == "PUT":
            values = self._json(body, "accountvault")
            for field in ("title", "exp_date", "account_holder_name"):
                if field in values:
                    vault[field] = values[field]
            vault["modified_ts"] = int(time.time())
        elif method == "DELETE":
            with sim.lock:
                sim.vaults.pop(vault["id"], None)
                sim.card_numbers.pop(vault["id"], None)
            return 204, None
        elif method != "GET":
            return None
        return 200, {"accountvault": sim._public("accountvaults", _clean(vault))}

    def _api_contacts(self, method, record_id, body, query, url):
        sim = self.sim
        if method == "POST" and not record_id:
            contact, status = sim.save_contact(self._json(body, "contact"))
            return status, {"contact": sim._public("contacts", _clean(contact))}
        contact = sim.contacts.get(record_id or "")
        if not contact:
            raise Invalid({"id": ["Contact not found."]}, status=404)
        if method == "PUT":
            values = self._json(body, "contact")
            contact.update({k: v for k, v in values.items() if k != "location_id"})
        elif method != "GET":
            return None
        return 200, {"contact": sim._public("contacts", _clean(contact))}

    def _api_locationinfos(self, method, record_id, body, query, url):
        """GET /v2/locationinfos: the user's location and its deposit
        accounts (Recommended Path, Obtaining Location Details)."""
        if method != "GET" or record_id:
            return None
        sim = self.sim
        location = {
            "id": sim.location_id,
            "name": sim.location_name,
            "tz": "America/New_York",
            "product_transactions": [
                {
                    "id": product,
                    "payment_method": method_,
                    "processor": "ach" if method_ == "ach" else "tsys",
                    "title": f"{method_.upper()} Product",
                    "active": 1,
                }
                for product, method_ in sim.products.items()
            ],
            "_links": {
                "self": {"href": f"{sim.base_url}/v2/locationinfos/{sim.location_id}"}
            },
        }
        return 200, {
            "locationinfos": [location],
            "meta": {
                "pagination": {
                    "totalCount": 1,
                    "perPage": 20,
                    "pageCount": 1,
                    "currentPage": 1,
                }
            },
        }

    def _api_postbackconfigs(self, method, record_id, body, query, url):
        if method != "POST" or record_id:
            return None
        config = self.sim.add_postback_config(self._json(body, "postbackconfig"))
        return 201, {"postbackconfig": self.sim._public("postbackconfigs", config)}

    def _list(self, resource, records, query, url):
        filters = {
            key: value
            for key, value in query.items()
            if key not in ("page", "page_size", "sort", "expand")
        }
        selected = []
        for record in records:
            if all(
                str(value).lower() in str(record.get(key) or "").lower()
                if key not in ("status_id",)
                else str(record.get(key)) in value.split(",")
                for key, value in filters.items()
            ):  # "Most of the filters use a like or similar to filter"
                selected.append(_clean(record))
        selected.sort(key=lambda record: record["id"], reverse=True)
        page_size = int(query.get("page_size") or 20)
        page = int(query.get("page") or 1)
        chunk = selected[(page - 1) * page_size : page * page_size]
        return {
            resource: [self.sim._public(resource, record) for record in chunk],
            "meta": {
                "pagination": {
                    "links": {
                        "self": {"href": f"{self.sim.base_url}{url.path}?{url.query}"}
                    },
                    "totalCount": len(selected),
                    "perPage": page_size,
                    "pageCount": max(1, -(-len(selected) // page_size)),
                    "currentPage": page,
                },
                "sort": {"attributes": {"id": "desc"}},
            },
        }

    # --- hosted page ------------------------------------------------------

    def _page(self, method, url, body):
        sim = self.sim
        if method == "GET":
            query = {key: values[-1] for key, values in parse_qs(url.query).items()}
            try:
                page = sim.render_page(query.get("id"), query.get("data"))
            except Invalid as error:
                return self._send(error.status, _error_page(error), "text/html")
            return self._send(200, page, "text/html; charset=utf-8")
        if method == "POST":
            form = {key: values[-1] for key, values in parse_qs(body.decode()).items()}
            try:
                record, target = sim.submit_page(form.get("id"), form.get("data"), form)
            except Invalid as error:
                if error.status == 422 and "transaction_api_id" not in error.errors:
                    try:
                        page = sim.render_page(
                            form.get("id"), form.get("data"), _messages(error)
                        )
                        return self._send(422, page, "text/html; charset=utf-8")
                    except Invalid:
                        pass
                return self._send(error.status, _error_page(error), "text/html")
            if target:
                return self._send(302, headers=[("Location", target)])
            approved = record["status_id"] in (101, 131)
            return self._send(
                200,
                f"<p>{'Approved' if approved else 'Declined'}</p>",
                "text/html",
            )
        return self._send(405, {"errors": {"method": ["Method not allowed"]}})

    # --- control -----------------------------------------------------------

    def _control(self, method, path, body):
        sim = self.sim
        try:
            values = json.loads(body or b"{}")
        except ValueError:
            values = {}
        if path == "/_sim/faults" and method == "POST":
            sim.add_fault(**values)
            return self._send(200, {"faults": len(sim.faults)})
        if path == "/_sim/ach/advance" and method == "POST":
            return self._send(200, {"changed": [r["id"] for r in sim.advance_ach()]})
        if path == "/_sim/batch/settle" and method == "POST":
            sim.settle_batch()
            return self._send(200, {})
        if path == "/_sim/postbacks/replay" and method == "POST":
            sim.replay_postbacks()
            return self._send(200, {"replayed": len(sim.postbacks_sent)})
        if path == "/_sim/ledger" and method == "GET":
            return self._send(200, {"ledger": sim.ledger})
        if path == "/_sim/reset" and method == "POST":
            sim.reset()
            return self._send(200, {})
        return self._send(404, {"errors": {"path": ["Unknown control."]}})


def _clean(record):
    return {k: v for k, v in record.items() if not k.startswith("_")}


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


def main():
    parser = argparse.ArgumentParser(description="Serve a local Paya Connect.")
    parser.add_argument("--port", type=int, default=8099)
    parser.add_argument("--postback-url", help="Odoo's /payment/paya_connect/postback")
    args = parser.parse_args()
    simulator = PayaSimulator()
    base = simulator.start(args.port)
    if args.postback_url:
        simulator.add_postback_config(
            {"resource": "transaction", "url": args.postback_url, "attempt_interval": 5}
        )
    print(f"Paya Connect simulator on {base}")
    print(
        json.dumps(
            {
                **simulator.credentials,
                "location_id": simulator.location_id,
                "products": simulator.default_products,
                "pages": simulator.pages,
            },
            indent=2,
        )
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        simulator.stop()


if __name__ == "__main__":
    main()
