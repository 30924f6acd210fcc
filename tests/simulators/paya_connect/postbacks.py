# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Postbacks: the configurations and the deliveries to them."""

import json
import threading
import time

import requests

from .const import Invalid, _paya_id


class PostbacksMixin:
    """/v2/postbackconfigs and the postbacks of transactions."""

    def _postback(self, event, record):
        for config in self.postback_configs:
            if (
                config["resource"] != "transaction"
                or not config.get("on_create" if event == "CREATE" else "on_update")
                or config["product_transaction_id"] != record["product_transaction_id"]
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
        if values.get("resource") in ("transaction", "transactionbatch") and (
            values.get("product_transaction_id") not in self.products
        ):
            # PB: "Required when using "transaction" or "transactionbatch"
            # resource".
            raise Invalid(
                {
                    "product_transaction_id": [
                        "Product Transaction Id is required for this resource."
                    ]
                }
            )
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
