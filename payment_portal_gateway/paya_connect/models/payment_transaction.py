# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya Connect transactions: their fields and the hosted payment page.

Reading Paya's records is in ``payment_transaction_sync``, charges and
refunds in ``payment_transaction_charges``."""

import time

from werkzeug.urls import url_encode

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import urls

from odoo.addons.payment import utils as payment_utils

from .. import const, hosted_page
from ..controllers.main import PayaConnectController


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    paya_status_id = fields.Integer(
        readonly=True,
        copy=False,
        help="The status_id of the transaction at Paya when Odoo last read it.",
    )
    paya_last_four = fields.Char(
        string="Last Four Digits",
        readonly=True,
        copy=False,
        help="The last four digits of the card or bank account, as Paya returns them.",
    )
    paya_outcome_unknown = fields.Boolean(
        readonly=True,
        copy=False,
        help="The charge request got no answer (timeout, server error): Odoo looks "
        "the transaction up at Paya until it knows whether it exists.",
    )
    paya_reversal_notified = fields.Boolean(readonly=True, copy=False)
    paya_ach_sec_code = fields.Char(
        string="ACH SEC Code",
        readonly=True,
        copy=False,
        help="The SEC code of a bank (ACH) transaction: WEB when the customer "
        "authorized it online, PPD or CCD when Odoo initiated it (consumer or "
        "business account), CCD for a credit.",
    )
    paya_card_type = fields.Char(
        string="Card Type",
        readonly=True,
        copy=False,
        help="Paya's type of the card (visa, mc, disc, amex, jcb, diners or debit).",
    )
    paya_avs = fields.Char(
        string="AVS Result",
        readonly=True,
        copy=False,
        help="Paya's address check of the card: GOOD, BAD, STREET or ZIP (the "
        "part that did not match).",
    )

    def _paya_is_debit_card(self):
        """True if Paya reported this card payment's card as a debit card."""
        self.ensure_one()
        return self.paya_card_type == const.DEBIT_CARD_TYPE

    def _payment_portal_masked_details(self):
        """Override of `payment_portal` to show the last four digits: Paya
        returns the last four digits of every payment."""
        if self.provider_code == "paya_connect" and self.paya_last_four:
            return self.paya_last_four
        return super()._payment_portal_masked_details()

    # === HOSTED PAYMENT PAGE === #

    def _paya_method(self):
        """This transaction's Paya payment_method: "cc" or "ach"."""
        self.ensure_one()
        method = self.payment_method_id.primary_payment_method_id or (
            self.payment_method_id
        )
        return const.PAYMENT_METHODS_MAPPING.get(method.code, "cc")

    def _get_specific_rendering_values(self, processing_values):
        """Override of `payment` to send the customer to Paya's hosted payment page: the
        amount fixed and read-only, the reference hidden, the data encrypted with the
        page's key; approval and decline both come back to Odoo, which then reads the
        result from the API."""
        if self.provider_code != "paya_connect":
            return super()._get_specific_rendering_values(processing_values)
        provider = self.provider_id.sudo()  # sudo: the page's key is admin-only.
        paya_method = self._paya_method()
        page_id, key = provider._paya_hosted_page(paya_method)
        page_fields = [
            {
                "id": "transaction_amount",
                "value": f"{self.amount:.2f}",
                "label": self.env._("Amount"),
                "readonly": True,
                "visible": True,
            },
            {
                "id": "description",
                "value": self.reference[:64],
                "readonly": True,
                "visible": False,
            },
            # the card surcharge: Paya takes it out for debit cards
            *(
                {"id": key, "value": value, "readonly": True, "visible": False}
                for key, value in self._paya_surcharge_fields().items()
            ),
        ]
        if paya_method == "ach":
            if self.operation == "validation":
                # Paya has no zero-amount check of a bank account.
                raise ValidationError(
                    self.env._(
                        "A bank account is saved with a first payment: pay an invoice "
                        "with it and tick 'Save my payment details'."
                    )
                )
            # The customer authorizes this debit online: WEB ("customer-
            # initiated"), whatever Odoo later debits off-session.
            self.paya_ach_sec_code = const.ACH_SEC_ONLINE
            page_fields.append(
                {"id": "ach_sec_code", "value": const.ACH_SEC_ONLINE, "visible": False}
            )
        elif self.operation == "validation":
            # Saving a card without paying: an AVS-only check ("Alternate
            # Actions" of the hosted page), amount 0.
            page_fields.append({"id": "action", "value": "avsonly", "visible": False})
        else:
            # A partial approval would charge less than the invoices: never.
            page_fields.append(
                {
                    "id": "allow_partial_authorization_override",
                    "value": False,
                    "visible": False,
                }
            )
        if self.tokenize:
            page_fields += [
                {
                    "id": "contact_api_id",
                    "value": provider._paya_sync_contact(self.partner_id),
                    "visible": False,
                },
                {"id": "save_account", "value": True, "visible": False},
                {
                    "id": "save_account_title",
                    "value": self.env._("Saved from Odoo")[:16],
                    "visible": False,
                },
            ]
        return_url = urls.urljoin(
            provider.get_base_url(), PayaConnectController._return_url
        )
        return_url += "?" + url_encode(
            {
                "reference": self.reference,
                "access_token": payment_utils.generate_access_token(self.reference),
            }
        )
        payload = {
            "id": page_id,
            "transaction_api_id": self.reference,
            "timestamp": int(time.time()),
            "field_configuration": {"body": {"fields": page_fields}},
            "redirect_url_on_approve": return_url,
            "redirect_url_on_decline": return_url,
        }
        return {
            "api_url": provider._paya_get_api_url() + const.HOSTED_PAYMENT_PAGE_PATH,
            "hpp_id": page_id,
            "data": hosted_page.encrypt_hpp_data(payload, key),
        }
