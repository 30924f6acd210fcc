# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import time
from datetime import timedelta

from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import urls

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.logging import get_payment_logger

from .. import const, utils
from ..controllers.main import PayaConnectController

_logger = get_payment_logger(__name__, const.SENSITIVE_KEYS)


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

    def _payment_portal_masked_details(self):
        """Paya returns the last four digits of every payment."""
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
        """Send the customer to Paya's hosted payment page: the amount fixed
        and read-only, the reference hidden, the data encrypted with the
        page's key; approval and decline both come back to Odoo, which then
        reads the result from the API."""
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
            page_fields.append(
                {
                    "id": "ach_sec_code",
                    "value": provider.paya_ach_sec_code or "WEB",
                    "visible": False,
                }
            )
        elif self.operation == "validation":
            # Saving a card without paying: an AVS-only check ("Alternate
            # Actions" of the hosted page), amount 0.
            page_fields.append({"id": "action", "value": "avsonly", "visible": False})
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
            "data": utils.encrypt_hpp_data(payload, key),
        }

    # === READING PAYA === #

    def _paya_find_remote(self):
        """Return Paya's record of this transaction, read from the API (by id
        when known, else by our transaction_api_id), or None if Paya has none.

        List filters are "like" filters: only an exact transaction_api_id
        match counts.
        """
        self.ensure_one()
        provider = self.provider_id.sudo()
        if self.provider_reference and not self.provider_reference.endswith(":void"):
            answer = provider._send_api_request(
                "GET",
                f"transactions/{self.provider_reference}",
                reference=self.reference,
            )
            record = answer.get("transaction")
            return record if isinstance(record, dict) else None
        answer = provider._send_api_request(
            "GET",
            "transactions",
            params={"transaction_api_id": self.reference},
            reference=self.reference,
        )
        matches = [
            record
            for record in answer.get("transactions") or []
            if isinstance(record, dict)
            and record.get("transaction_api_id") == self.reference
        ]
        if not matches:
            return None
        return max(matches, key=lambda record: record.get("created_ts") or 0)

    def _paya_sync(self):
        """Read this transaction at Paya and apply what Paya says. Returns
        True when Paya has it. The row is locked first: a postback, the
        customer's return and the cron never apply the same change twice."""
        self.ensure_one()
        self.lock_for_update()
        record = self._paya_find_remote()
        if record is None:
            return False
        self._process("paya_connect", record)
        return True

    @api.model
    def _search_by_reference(self, provider_code, payment_data):
        """Paya echoes our transaction_api_id; records that come back without
        it (as Paya's refund example does) are matched by Paya's id."""
        if provider_code != "paya_connect":
            return super()._search_by_reference(provider_code, payment_data)
        reference = payment_data.get("transaction_api_id")
        domain = Domain("provider_code", "=", "paya_connect")
        if reference:
            tx = self.search(domain & Domain("reference", "=", reference))
        elif payment_data.get("id"):
            tx = self.search(
                domain & Domain("provider_reference", "=", str(payment_data["id"])),
                limit=1,
            )
        else:
            tx = self.browse()
        if not tx:
            _logger.warning(
                "No Paya Connect transaction matches %s / %s",
                reference,
                payment_data.get("id"),
            )
        return tx

    def _extract_amount_data(self, payment_data):
        if self.provider_code != "paya_connect":
            return super()._extract_amount_data(payment_data)
        if int(payment_data.get("status_id") or 0) in const.REVERSAL_STATUSES:
            return None  # A void zeroes the amount: nothing to compare.
        try:
            amount = float(payment_data.get("transaction_amount"))
        except (TypeError, ValueError):
            amount = None
        # Paya processes US dollars only (const.SUPPORTED_CURRENCIES).
        return {"amount": amount, "currency_code": const.SUPPORTED_CURRENCIES[0]}

    def _apply_updates(self, payment_data):
        """Update the transaction from Paya's record, by status_id only."""
        if self.provider_code != "paya_connect":
            return super()._apply_updates(payment_data)
        status = int(payment_data.get("status_id") or 0)
        if payment_data.get("id") and not self.source_transaction_id.filtered(
            lambda source: source.provider_reference == str(payment_data["id"])
        ):
            self.provider_reference = str(payment_data["id"])
        self.paya_status_id = status
        self.paya_outcome_unknown = False
        if payment_data.get("last_four"):
            self.paya_last_four = str(payment_data["last_four"])[-4:]
        brand = const.CARD_BRANDS.get(payment_data.get("account_type"))
        if brand and self._paya_method() == "cc":
            brand_method = self.env["payment.method"]._get_from_code(brand)
            if brand_method:
                self.payment_method_id = brand_method

        if self.state == "done" and status in const.REVERSAL_STATUSES:
            self._paya_handle_reversal(status, payment_data)
            return
        state = const.STATUS_BY_ID.get(status)
        message = self._paya_status_message(status, payment_data)
        if state == "done":
            self._set_done(state_message=None)
        elif state == "pending":
            self._set_pending(state_message=message)
            if self.tokenize:
                # The vault exists as soon as the debit is accepted.
                self._tokenize(payment_data)
        elif state == "authorized":
            self._set_authorized(state_message=message)
        elif state == "cancel":
            self._set_canceled(state_message=message)
        elif state == "error":
            self._set_error(message)
        else:
            _logger.warning(
                "Paya Connect status %s of transaction %s is unknown; left as is.",
                status,
                self.reference,
            )

    def _paya_status_message(self, status, payment_data):
        """A readable reason: Paya's status and its response message."""
        label = const.STATUS_LABELS.get(status, str(status))
        reason = payment_data.get("response_message") or payment_data.get("verbiage")
        code = payment_data.get("reason_code_id")
        if status in const.STATUS_MAPPING["error"]:
            return self.env._(
                "Paya Connect: %(status)s (reason %(code)s) %(reason)s",
                status=label,
                code=code or "-",
                reason=reason or "",
            ).strip()
        return self.env._("Paya Connect: %(status)s", status=label)

    def _paya_handle_reversal(self, status, payment_data):
        """Money received then taken back (a return, a chargeback, a void not
        asked by Odoo): the Odoo payment stays as it is, and staff are told,
        once, on the payment and its invoices."""
        refunded = self.child_transaction_ids.filtered(
            lambda child: child.operation == "refund" and child.state == "done"
        )
        if status == 201 and refunded:
            return  # Our own void (see _send_refund_request).
        if self.paya_reversal_notified:
            return
        self.paya_reversal_notified = True
        message = self._paya_status_message(status, payment_data)
        note = self.env._(
            "Paya Connect reversed transaction %(ref)s after it was paid: %(reason)s. "
            "The payment must be reversed in Odoo.",
            ref=self.reference,
            reason=message,
        )
        _logger.warning(
            "Paya Connect reversed transaction %s (status %s)", self.reference, status
        )
        invoices = self.invoice_ids
        # sudo: postbacks run as the public user; staff need the note.
        for record in (self.payment_id | invoices).sudo():
            record.message_post(body=note)
        if self.payment_id:
            responsible = invoices[:1].invoice_user_id or self.env.ref(
                "base.user_admin", raise_if_not_found=False
            )
            self.payment_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Payment reversed by Paya Connect"),
                note=note,
                user_id=responsible.id if responsible else self.env.uid,
            )

    def _extract_token_values(self, payment_data):
        """The account vault Paya created (save_account) becomes the token;
        only the last four digits are kept."""
        if self.provider_code != "paya_connect":
            return super()._extract_token_values(payment_data)
        vault = payment_data.get("account_vault_id")
        if not vault:
            _logger.warning(
                "Paya Connect created no account vault for transaction %s",
                self.reference,
            )
            return {}
        return {
            "provider_ref": str(vault),
            "payment_details": str(payment_data.get("last_four") or "")[-4:],
        }

    # === CHARGES, REFUNDS AND VOIDS === #

    def _paya_post_transaction(self, values):
        """POST a transaction that moves money, at most once per reference.

        Paya is asked first whether it already has this reference (an
        earlier attempt that timed out may have gone through: "it's best to
        determine if your request was successful before attempting it a
        second time"). A request whose outcome is unknown (timeout, server
        error, unreadable answer) leaves the transaction pending and flagged;
        the cron looks it up until Paya answers. Returns Paya's record or None.
        """
        self.ensure_one()
        provider = self.provider_id.sudo()
        existing = self._paya_find_remote()
        if existing is not None:
            return existing
        payload = {
            "location_id": provider.paya_location_id,
            "transaction_api_id": self.reference,
            **values,
        }
        try:
            answer = provider._send_api_request(
                "POST",
                "transactions",
                json={"transaction": {k: v for k, v in payload.items() if v}},
                reference=self.reference,
            )
        except utils.PayaRefused:
            raise  # Refused: nothing was charged.
        except ValidationError as error:
            self.paya_outcome_unknown = True
            self._set_pending(
                state_message=self.env._(
                    "Paya Connect did not confirm the request (%(error)s); Odoo checks "
                    "it again shortly.",
                    error=str(error),
                )
            )
            return None
        record = answer.get("transaction")
        if not isinstance(record, dict):
            raise ValidationError(
                self.env._("Paya Connect sent an answer that could not be read.")
            )
        return record

    def _send_payment_request(self):
        """Charge the token off-session: a card sale or an ACH debit on the
        account vault, the Odoo reference as transaction_api_id."""
        if self.provider_code != "paya_connect":
            return super()._send_payment_request()
        if not self.token_id:
            raise UserError(self.env._("The transaction is not linked to a token."))
        provider = self.provider_id.sudo()
        paya_method = self._paya_method()
        values = {
            "action": const.CHARGE_ACTIONS[paya_method],
            "payment_method": paya_method,
            "account_vault_id": self.token_id.provider_ref,
            "transaction_amount": f"{self.amount:.2f}",
            "product_transaction_id": provider._paya_product_transaction_id(
                paya_method
            ),
            "description": self.reference[:64],
        }
        if paya_method == "ach":
            values["ach_sec_code"] = provider.paya_ach_sec_code or "WEB"
        record = self._paya_post_transaction(values)
        if record is not None:
            self._process("paya_connect", record)

    def _refund(self, amount_to_refund=None):
        """Paya refunds ACH debits in full only ("Only a full refund is
        permitted"): refuse a partial one before anything is created."""
        if self.provider_code == "paya_connect" and self._paya_method() == "ach":
            refunded = self.child_transaction_ids.filtered(
                lambda child: (
                    child.operation == "refund"
                    and child.state in ("draft", "pending", "done")
                )
            )
            amount = amount_to_refund or self.amount
            if refunded or self.currency_id.compare_amounts(amount, self.amount):
                raise UserError(
                    self.env._(
                        "Paya Connect refunds bank (ACH) payments in full only: "
                        "refund %(amount)s or nothing.",
                        amount=self.amount,
                    )
                )
        return super()._refund(amount_to_refund=amount_to_refund)

    def _send_refund_request(self):
        """Refund from Odoo's refund button: a full refund of a transaction
        not yet settled is a void (nothing is charged at all); otherwise a
        refund referencing the original. Paya refunds ACH debits in full only
        ("Only a full refund is permitted")."""
        if self.provider_code != "paya_connect":
            return super()._send_refund_request()
        source = self.source_transaction_id
        provider = self.provider_id.sudo()
        paya_method = source._paya_method()
        amount = -self.amount
        refunded = sum(
            source.child_transaction_ids.filtered(
                lambda child: (
                    child.operation == "refund"
                    and child.state in ("pending", "done")
                    and child != self
                )
            ).mapped("amount")
        )
        full = (
            source.currency_id.compare_amounts(amount, source.amount) == 0
            and not refunded
        )
        if full and source.provider_reference:
            try:
                answer = provider._send_api_request(
                    "PUT",
                    f"transactions/{source.provider_reference}",
                    json={"transaction": {"action": "void"}},
                    reference=self.reference,
                )
            except ValidationError as error:
                _logger.info(
                    "Paya Connect refused to void %s (%s); refunding it instead.",
                    source.reference,
                    error,
                )
            else:
                record = answer.get("transaction") or {}
                if int(record.get("status_id") or 0) == 201:
                    self.provider_reference = f"{source.provider_reference}:void"
                    self.paya_status_id = 201
                    self._set_done(
                        state_message=self.env._(
                            "Voided at Paya Connect before settlement."
                        )
                    )
                    return
        values = {
            "action": "refund",
            "payment_method": paya_method,
            "previous_transaction_id": source.provider_reference,
            "transaction_amount": f"{amount:.2f}",
        }
        if paya_method == "ach":
            values["ach_sec_code"] = provider.paya_ach_sec_code or "WEB"
            values["product_transaction_id"] = provider._paya_product_transaction_id(
                "ach"
            )
        record = self._paya_post_transaction(values)
        if record is not None:
            self._process("paya_connect", record)

    # === POLLING === #

    @api.model
    def _cron_paya_poll(self, batch_size=100):
        """Read at Paya the transactions still waiting for it: pending ACH
        debits and refunds, requests whose outcome is unknown, redirect
        payments whose customer never came back, and saved-method charges
        left in draft by a request that died (committed before being sent,
        they may have been charged). Nothing depends on a postback arriving.
        Each transaction commits on its own."""
        now = fields.Datetime.now()
        domain = (
            Domain("provider_code", "=", "paya_connect")
            & (
                Domain("state", "=", "pending")
                | (
                    Domain("state", "=", "draft")
                    & Domain("operation", "in", ("online_redirect", "online_token"))
                    & Domain("create_date", "<", now - timedelta(minutes=2))
                )
            )
            & Domain("create_date", ">", now - timedelta(days=30))
        )
        txs = self.search(domain, order="last_state_change, id", limit=batch_size)
        cron = self.env["ir.cron"]
        cron._commit_progress(remaining=len(txs))
        # One record at a time (browse by id): iterating the list would prefetch
        # it all again after each batch's invalidation.
        for tx_id in txs.ids:
            tx = self.browse(tx_id)
            try:
                with self.env.cr.savepoint():
                    found = tx._paya_sync()
                    if (
                        not found
                        and (
                            tx.paya_outcome_unknown
                            or (tx.state == "draft" and tx.operation == "online_token")
                        )
                        and tx.last_state_change < now - timedelta(minutes=30)
                    ):
                        tx._set_error(
                            self.env._(
                                "Paya Connect never recorded this request: nothing "
                                "was charged."
                            )
                        )
            except (ValidationError, UserError) as error:
                _logger.warning(
                    "Could not read transaction %s at Paya Connect: %s",
                    tx.reference,
                    error,
                )
            if not cron._commit_progress(1):
                break
            # Committed: forget the records done, memory stays flat.
            self.env.invalidate_all()
