# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The /v2 API routes of the simulator's HTTP handler."""

import json
import time
from urllib.parse import parse_qs

from .const import Invalid, _clean


class ApiRoutes:
    """Routes of /v2/{resource}[/{id}], mixed into the HTTP handler."""

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
            sim.check_contact(values)
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
                    **self._processor_data(product),
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

    def _processor_data(self, product):
        """The ACH terminals of a deposit account ("Terminal Requirements"
        of LocationInfos/README.md): one per SEC code it takes."""
        codes = self.sim.product_sec_codes.get(product)
        if not codes:
            return {}
        return {
            "processor_data": {
                "terminals": [
                    {
                        "terminal_id": f"sim-{code.lower()}",
                        "sec_code": code,
                        "actions": ["debit", "refund"]
                        + (["credit"] if code == "CCD" else []),
                        "required": [
                            "account_holder_name",
                            "routing",
                            "account_number",
                            "account_type",
                        ],
                    }
                    for code in sorted(codes)
                ]
            }
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
            and key not in self.sim.credentials  # credentials in the query string
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
