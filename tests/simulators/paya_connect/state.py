# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The simulator's state: its records, the ledger of money movements and
the fault switches."""

import threading

from .const import _clean, _paya_id


class SimulatorState:
    """Credentials, location, pages and the records of the simulated gateway."""

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
            # The deposit accounts (product transactions): their payment
            # method, the SEC codes of their ACH terminals, and those with
            # "Allow Partial Authorization" enabled (none: TestData.md says
            # it is "not in use at this time").
            self.products = {
                product: method for method, product in self.default_products.items()
            }
            self.product_sec_codes = {
                self.default_products["ach"]: {"WEB", "PPD", "CCD"}
            }
            self.partial_auth_products = set()
            # product -> its surcharge (``configure_surcharge``): none by default
            self.surcharges = {}
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

    def add_ach_product(self, sec_codes):
        """A further ACH deposit account whose terminals take ``sec_codes``
        (until the next reset); returns its id."""
        with self.lock:
            product = _paya_id()
            self.products[product] = "ach"
            self.product_sec_codes[product] = set(sec_codes)
            return product

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
