# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Paya Connect transactions: reading Paya's records (customer's return,
postbacks, polling) and applying them."""

from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain

from odoo.addons.payment.logging import get_payment_logger
from odoo.addons.payment_portal.batch import ExactlyOnceBatch

from .. import const

_logger = get_payment_logger(__name__, const.SENSITIVE_KEYS)

# One concern per file: payment_transaction.py holds the fields.
# pylint: disable=consider-merging-classes-inherited


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

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
        """Override of `payment` to find the transaction of Paya's record: Paya
        echoes our transaction_api_id; records that come back without
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
        """Override of `payment` to read the amount of Paya's record (none for
        a reversal)."""
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
        """Override of `payment` to update the transaction from Paya's record,
        by status_id only."""
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
        self._paya_apply_account(payment_data)

        if self.state == "done" and status in const.REVERSAL_STATUSES:
            self._paya_handle_reversal(status, payment_data)
            return
        state = const.STATUS_BY_ID.get(status)
        if (
            status == 121
            and self.operation == "validation"
            and payment_data.get("avs") != const.AVS_GOOD
        ):
            self._paya_refuse_unverified_card(payment_data)
            return
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

    def _paya_apply_account(self, payment_data):
        """Keep what Paya's record says of the account: a card's type (and
        its Odoo brand) and AVS result, a bank transaction's SEC code."""
        account_type = payment_data.get("account_type")
        if self._paya_method() == "cc":
            if account_type:
                self.paya_card_type = str(account_type)
            if payment_data.get("avs"):
                self.paya_avs = str(payment_data["avs"])
            brand = const.CARD_BRANDS.get(account_type)
            brand_method = brand and self.env["payment.method"]._get_from_code(brand)
            if brand_method:
                self.payment_method_id = brand_method
        elif payment_data.get("ach_sec_code"):
            self.paya_ach_sec_code = str(payment_data["ach_sec_code"])

    def _paya_refuse_unverified_card(self, payment_data):
        """An AVS-only check whose address did not match ("Any other AVS will
        decline the AVS but not decline the transaction"): the card is not
        saved, so it can serve neither Auto Pay nor any charge without the
        customer; the customer is told why and adds it again with the card's
        billing address. The account vault Paya stored is deleted."""
        refused = self._set_error(
            self.env._(
                "Your card was not saved: its billing address does not match the "
                "one its bank has (address check: %(avs)s). Add the card again with "
                "its billing street and ZIP code.",
                avs=payment_data.get("avs") or "-",
            )
        )
        vault = payment_data.get("account_vault_id")
        if not (refused and vault):
            return  # Refused before: its vault was deleted then.
        # sudo: the provider's keys are admin-only; a postback runs as public.
        provider = self.provider_id.sudo()
        try:
            provider._send_api_request(
                "DELETE", f"accountvaults/{vault}", reference=self.reference
            )
        except ValidationError as error:
            _logger.warning(
                "Could not delete the account vault of %s (AVS %s) at Paya Connect: %s",
                self.reference,
                payment_data.get("avs"),
                error,
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
        """Override of `payment` to make the account vault Paya created
        (save_account) the token; only the last four digits are kept."""
        if self.provider_code != "paya_connect":
            return super()._extract_token_values(payment_data)
        vault = payment_data.get("account_vault_id")
        if not vault:
            _logger.warning(
                "Paya Connect created no account vault for transaction %s",
                self.reference,
            )
            return {}
        values = {
            "provider_ref": str(vault),
            "payment_details": str(payment_data.get("last_four") or "")[-4:],
        }
        if self._paya_method() == "cc" and payment_data.get("account_type"):
            values["paya_card_type"] = str(payment_data["account_type"])
        return values

    # === POLLING === #

    @api.model
    def _cron_paya_poll(self, batch_size=100):
        """Read at Paya the transactions still waiting for it: pending ACH
        debits and refunds, requests whose outcome is unknown, redirect
        payments whose customer never came back, and saved-method charges
        left in draft by a request that died (committed before being sent,
        they may have been charged). Nothing depends on a postback arriving.
        Each transaction commits on its own (the shared ExactlyOnceBatch)."""
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
        batch = ExactlyOnceBatch(self.env, "Paya Connect polling")
        batch.plan(txs)
        batch.run(
            txs,
            lambda tx: tx._paya_poll(now),
            # Paya answering with an error, or the row being updated right
            # now (LockError): the next run reads it again.
            expected=(ValidationError, UserError),
        )

    def _paya_poll(self, now):
        """Read this transaction at Paya. A request Paya never recorded half an
        hour on (its outcome unknown, or a saved-method charge left in draft)
        is in error: nothing was charged."""
        found = self._paya_sync()
        if (
            not found
            and (
                self.paya_outcome_unknown
                or (self.state == "draft" and self.operation == "online_token")
            )
            and self.last_state_change < now - timedelta(minutes=30)
        ):
            self._set_error(
                self.env._(
                    "Paya Connect never recorded this request: nothing was charged."
                )
            )
