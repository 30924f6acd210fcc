# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Surcharges (Paya's ``Fee Details.md``; ``Endpoints/Transactions/README.md``:
``subtotal_amount`` and ``surcharge_amount``, "allowed and required" for card
sales of a product where surcharge is configured; the response's
``is_surcharge``, ``auth_surcharge_fee``, ``auth_surcharge_rate``; the
product's surcharge object: ``surcharge_rate`` or ``surcharge_fee``,
``min_fee_amount``, ``max_fee_amount``, ``max_transaction_amount``,
``refund_surcharges``).

- A card sale on a product with a surcharge must send both fields, and
  ``transaction_amount`` must be their sum; a product without one refuses
  a surcharge (sim). The surcharge must be within the product's limits: at
  most its rate of the subtotal (or its flat fee), between the minimum and
  maximum fee, on a subtotal of at most the maximum transaction amount
  (sim: Paya documents the fields, not the messages).
- A debit card (by its number, or the card of a vault: Paya reads the BIN
  "for both new and tokenized payment cards") is charged the subtotal only:
  the surcharge is taken out, ``is_surcharge`` false.
- Refunds of a surcharged sale return at most its subtotal unless the
  product refunds surcharges.
"""

from .const import Invalid, _money

SURCHARGE_ACTIONS = ("sale", "authonly")


class SurchargesMixin:
    """The surcharge rules of card charges and refunds."""

    def configure_surcharge(
        self,
        rate=None,
        *,
        fee=None,
        product=None,
        min_fee=0.0,
        max_fee=None,
        max_transaction=None,
        refund_surcharges=False,
    ):
        """Give the card product (the default one) a surcharge: ``rate`` (per
        cent of the subtotal) or a flat ``fee``, with Paya's limits."""
        with self.lock:
            self.surcharges[product or self.default_products["cc"]] = {
                "surcharge_rate": rate,
                "surcharge_fee": fee,
                "min_fee_amount": min_fee,
                "max_fee_amount": max_fee,
                "max_transaction_amount": max_transaction,
                "refund_surcharges": refund_surcharges,
            }

    def _apply_surcharge(self, values, method, amount, account, product):
        """Check the surcharge fields of a new charge; returns the amount
        charged and the record's surcharge fields."""
        sent = {
            key: values.get(key)
            for key in ("subtotal_amount", "surcharge_amount")
            if values.get(key) not in (None, "")
        }
        config = self.surcharges.get(product)
        if method != "cc" or values.get("action") not in SURCHARGE_ACTIONS:
            if sent:
                raise Invalid({key: ["This field is not allowed."] for key in sent})
            return amount, {}
        if not config:
            if sent:
                raise Invalid(
                    {
                        key: ["Surcharge is not configured for this product."]
                        for key in sent
                    }
                )
            return amount, {}
        missing = {
            key: ["This field is required for a product with a surcharge."]
            for key in ("subtotal_amount", "surcharge_amount")
            if key not in sent
        }
        if missing:
            raise Invalid(missing)
        try:
            subtotal = float(sent["subtotal_amount"])
            surcharge = float(sent["surcharge_amount"])
        except (TypeError, ValueError) as error:
            raise Invalid({"surcharge_amount": ["Amounts must be numbers."]}) from error
        if abs(subtotal + surcharge - amount) > 0.005:
            raise Invalid(
                {
                    "transaction_amount": [
                        "Transaction amount must be the subtotal plus the surcharge."
                    ]
                }
            )
        self._check_surcharge_limits(config, subtotal, surcharge)
        if account.get("account_type") == "debit":
            # Paya "will automatically remove the surcharge from the
            # transaction request and update the transaction amount field
            # to reflect the subtotal".
            return subtotal, {
                "subtotal_amount": _money(subtotal),
                "surcharge_amount": "0.00",
                "is_surcharge": False,
                "auth_surcharge_fee": "0.00",
                "auth_surcharge_rate": None,
            }
        return amount, {
            "subtotal_amount": _money(subtotal),
            "surcharge_amount": _money(surcharge),
            "is_surcharge": True,
            "auth_surcharge_fee": _money(surcharge),
            "auth_surcharge_rate": config["surcharge_rate"],
        }

    @staticmethod
    def _check_surcharge_limits(config, subtotal, surcharge):
        rate, flat = config["surcharge_rate"], config["surcharge_fee"]
        limit = round(subtotal * rate / 100.0, 2) if rate is not None else flat or 0.0
        max_fee, max_tx = config["max_fee_amount"], config["max_transaction_amount"]
        if (
            surcharge < 0
            or surcharge - limit > 0.005
            or surcharge - config["min_fee_amount"] < -0.005
            or (max_fee is not None and surcharge - max_fee > 0.005)
        ):
            raise Invalid(
                {
                    "surcharge_amount": [
                        "Surcharge amount is outside the allowed limits."
                    ]
                }
            )
        if max_tx is not None and subtotal - max_tx > 0.005:
            raise Invalid(
                {
                    "subtotal_amount": [
                        "Subtotal exceeds the surcharge's maximum amount."
                    ]
                }
            )

    def _refund_base(self, previous):
        """What a refund of ``previous`` may return in all: its amount, or
        its subtotal where the product keeps surcharges."""
        config = self.surcharges.get(previous.get("product_transaction_id")) or {}
        if previous.get("is_surcharge") and not config.get("refund_surcharges"):
            return float(previous["subtotal_amount"])
        return float(previous["transaction_amount"])
