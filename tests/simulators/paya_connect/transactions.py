# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Transactions: charges, refunds, voids, the card batch and ACH settlement."""

import secrets
import time
from datetime import date

from .const import CHARGE_ACTIONS, REASON_MESSAGES, Invalid, _money, _paya_id
from .outcomes import card_delay


class TransactionsMixin:
    """POST and PUT /v2/transactions and what happens to them later."""

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
            "avs": values.get("avs"),
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
            # surcharges (see ``surcharges``): null when none applies
            "subtotal_amount": values.get("subtotal_amount"),
            "surcharge_amount": values.get("surcharge_amount"),
            "is_surcharge": values.get("is_surcharge"),
            "auth_surcharge_fee": values.get("auth_surcharge_fee"),
            "auth_surcharge_rate": values.get("auth_surcharge_rate"),
            "trx_source_id": source_id,
        }
        self.transactions[record["id"]] = record
        return record

    def create_transaction(self, values, *, source_id=12, page_id=None):
        """POST /v2/transactions (and the hosted page's submission)."""
        method, amount, product = self._validate_transaction(values)
        delay = card_delay(amount) if method == "cc" else None
        if delay and values["action"] in CHARGE_ACTIONS:
            time.sleep(delay)  # TestData.md's $8.XX: Paya answers late
        with self.lock:
            self._check_api_id(values.get("transaction_api_id"))
            if values["action"] == "refund":
                return self._refund(values, method, amount, product)
            if values["action"] == "credit" and values.get("previous_transaction_id"):
                return self._credit(values, amount, product)
            account, number = self._account(values, method)
            amount, surcharge = self._apply_surcharge(
                values, method, amount, account, product
            )
            type_id = (
                20 if method == "cc" else 40 if values["action"] == "credit" else 50
            )
            record = self._new_transaction(
                {
                    **values,
                    **account,
                    "type_id": type_id,
                    "transaction_amount": amount,
                    "product_transaction_id": product,
                    **self._outcome(values, method, amount, number, product),
                    **surcharge,
                },
                source_id=source_id,
                page_id=page_id,
            )
            if method == "ach":
                record["_return_code"] = self._ach_return_code(number)
            if record["status_id"] in (101, 131):
                self._book("charge" if type_id != 40 else "refund", record)
            if record["status_id"] in (101, 121, 131) and values.get("save_account"):
                vault = self._store_vault(values, method, account, number)
                record["account_vault_id"] = vault["id"]
            self._postback("CREATE", record)
            return record

    def _previous(self, values):
        previous = self.transactions.get(values.get("previous_transaction_id") or "")
        if not previous or previous["location_id"] != self.location_id:
            raise Invalid(
                {"previous_transaction_id": ["Previous Transaction Id is invalid."]}
            )
        return previous

    def _refundable(self, previous):
        """What is left to refund of ``previous`` (its refunds and credits
        that were not voided, declined or returned taken off)."""
        refunded = sum(
            float(record["transaction_amount"])
            for record in self.transactions.values()
            if record.get("previous_transaction_id") == previous["id"]
            and record["type_id"] in (30, 40)
            and record["status_id"] not in (201, 301, 136)
        )
        return self._refund_base(previous) - refunded

    def _credit(self, values, amount, product):
        """An ACH credit from a previous debit ("Perform a Credit from a
        Previous Transaction"): money back to the debited account, at most
        what is left of the debit (sim)."""
        previous = self._previous(values)
        if previous["payment_method"] != "ach" or previous["type_id"] != 50:
            raise Invalid(
                {"previous_transaction_id": ["Only an ACH debit can be credited."]}
            )
        if previous["status_id"] not in (131, 132, 133, 134):
            raise Invalid(
                {"previous_transaction_id": ["This debit can no longer be credited."]}
            )
        if amount - self._refundable(previous) > 0.005:
            raise Invalid(
                {"transaction_amount": ["Credit amount exceeds the debit amount."]}
            )
        record = self._new_transaction(
            {
                **values,
                "transaction_amount": amount,
                "product_transaction_id": product,
                "first_six": previous["first_six"],
                "last_four": previous["last_four"],
                "account_holder_name": previous["account_holder_name"],
                "account_type": previous["account_type"],
                "account_vault_id": previous["account_vault_id"],
                "routing": previous["routing"],
                "type_id": 40,
                "status_id": 131,
                "reason_code_id": 1000,
                "verbiage": "ACH - Accepted",
                "response_message": "ACH - Accepted",
                "effective_date": date.today().isoformat(),
            }
        )
        self._book("refund", record)
        self._postback("CREATE", record)
        return record

    def _refund(self, values, method, amount, product):
        previous = self._previous(values)
        if previous["status_id"] not in (101, 134):
            raise Invalid(
                {
                    "previous_transaction_id": [
                        "Only approved or settled transactions can be refunded."
                    ]
                }
            )
        if method == "ach" and values.get("ach_sec_code") != previous["ach_sec_code"]:
            # T's WEB Refund of a WEB debit: a refund takes its debit's code
            # (sim).
            raise Invalid(
                {"ach_sec_code": ["The refund's SEC code must be the debit's."]}
            )
        if amount - self._refundable(previous) > 0.005:
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
        """PUT /v2/transactions/{id} {"action": "void"}: a card transaction
        before its batch closed; an ACH one while Pending Origination, on the
        day it was created ("prior to settlement within the same day"; the
        simulator's day ends at midnight, Paya's ACH cutoff at 2am EST)."""
        with self.lock:
            record = self.transactions.get(transaction_id)
            if not record:
                raise Invalid({"id": ["Transaction not found."]}, status=404)
            if record["payment_method"] == "ach":
                voidable = (
                    record["status_id"] == 131
                    and date.fromtimestamp(record["created_ts"]) == date.today()
                )
            else:
                voidable = record["status_id"] in (101, 111) and not record.get(
                    "_settled"
                )
            if not voidable:
                raise Invalid({"action": ["Transaction cannot be voided."]})
            record.update(
                status_id=201,
                # T's void samples answer reason 1000.
                reason_code_id=1000,
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

    def advance_ach(self, ids=None, status=None):
        """Finish every pending ACH transaction (or those of ``ids``):
        settled (134), or returned (136, "Rejected-Rnn") for the accounts
        that say so. With ``status`` 132 (Originating) or 133 (Originated),
        move them that far only: on their way, not settled."""
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
                if status in (132, 133):
                    record["status_id"] = max(record["status_id"], status)
                elif code:
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
