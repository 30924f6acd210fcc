# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Accounts of a transaction, account vaults and contacts."""

import re
import time

from .const import CONTACT_LENGTHS, DEBIT_CARDS, Invalid, _paya_id


class VaultsMixin:
    """/v2/accountvaults and /v2/contacts, and the account a transaction uses."""

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
        if method == "cc" and number in DEBIT_CARDS:
            card_type = "debit"
        elif method == "cc":
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

    @staticmethod
    def check_contact(values):
        """422 for contact fields outside the Contacts README's limits (a
        field sent empty counts as not sent)."""
        errors = {}
        for field, (least, most) in CONTACT_LENGTHS.items():
            value = values.get(field)
            if value in (None, ""):
                continue
            if not least <= len(str(value)) <= most:
                errors[field] = [
                    f"{field} should contain {least} to {most} characters."
                ]
        zip_code = values.get("zip")
        if zip_code and not re.fullmatch(r"[A-Za-z0-9 -]+", str(zip_code)):
            errors["zip"] = ["Zip may contain letters, digits, spaces and dashes."]
        state = values.get("state")
        if state and not str(state).isalpha():
            errors["state"] = ["State must be a valid two character state."]
        if errors:
            raise Invalid(errors)

    def save_contact(self, values):
        if values.get("location_id") != self.location_id:
            raise Invalid({"location_id": ["location_id provided is not valid"]})
        if not values.get("last_name"):
            raise Invalid({"last_name": ["Last Name cannot be blank."]})
        self.check_contact(values)
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
