# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Auto Pay and scheduled payments charging Paya Connect account vaults
through the simulator: one charge per run, none twice after a crash."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment.models.payment_transaction import PaymentTransaction

from .common import ACH_RETURNED, PayaConnectMixin


@tagged("post_install", "-at_install")
class TestPayaAutoPay(PayaConnectMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paya()
        cls.autopay_cron = cls.env.ref("payment_portal.cron_payment_portal_autopay")
        cls.schedule_cron = cls.env.ref("payment_portal.cron_payment_portal_schedule")

    def _vault_token(self, method="cc", number="4111111111111111"):
        values = {
            "payment_method": method,
            "account_number": number,
            "location_id": self.sim.location_id,
            "account_holder_name": "Harbor Supplies Inc",
        }
        if method == "cc":
            values["exp_date"] = "1230"
        else:
            values.update(routing="072000326", account_type="checking")
        vault = self.sim.create_vault(values)
        return self.env["payment.token"].create(
            {
                "provider_id": self.paya.id,
                "payment_method_id": (
                    self.card_method if method == "cc" else self.ach_method
                ).id,
                "partner_id": self.buyer.id,
                "payment_details": number[-4:],
                "provider_ref": vault["id"],
            }
        )

    def _autopay(self, token):
        self._set_autopay(self.customer, token)

    def _run(self, cron):
        cron.method_direct_trigger()  # HttpCase: the registry is in test mode
        self.env.invalidate_all()

    def _charges(self):
        return [entry for entry in self.sim.ledger if entry["kind"] == "charge"]

    def test_autopay_charges_the_vault_once(self):
        self._autopay(self._vault_token())
        invoices = self._invoice(self.customer, 100.0, due_in_days=-1) | self._invoice(
            self.colleague, 40.0, due_in_days=0
        )
        self._run(self.autopay_cron)
        tx = invoices.transaction_ids
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.payment_portal_origin, "autopay")
        record = self.sim.record(tx.provider_reference)
        self.assertEqual(record["transaction_amount"], "140.00")
        self.assertEqual(record["transaction_api_id"], tx.reference)
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self._run(self.autopay_cron)
        self.assertEqual(len(self._charges()), 1)

    def test_crash_after_paya_charged_charges_nothing_again(self):
        """Paya charged, then the worker died before Odoo committed: the
        next run sends the same reference, Paya is asked first, one charge."""
        self._autopay(self._vault_token())
        invoice = self._invoice(self.customer, 75.0, due_in_days=-1)
        charge = PaymentTransaction._charge_with_token

        def charge_then_die(tx):
            charge(tx)
            raise RuntimeError("worker killed")

        with patch.object(PaymentTransaction, "_charge_with_token", charge_then_die):
            self._run(self.autopay_cron)
        self.assertEqual(len(self._charges()), 1, "Paya charged once")
        tx = invoice.transaction_ids
        self.assertEqual(tx.state, "draft", "Odoo lost that answer")
        self._run(self.autopay_cron)
        self.assertEqual(tx.state, "done")
        self.assertEqual(len(self._charges()), 1, "and never again")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_returned_ach_autopay_retries_later(self):
        self._autopay(self._vault_token("ach", ACH_RETURNED))
        invoice = self._invoice(self.customer, 60.0, due_in_days=-1)
        self._run(self.autopay_cron)
        tx = invoice.transaction_ids
        self.assertEqual(tx.state, "pending")
        self.sim.advance_ach()
        self.env.ref("payment_portal_gateway.cron_paya_poll").method_direct_trigger()
        self.env.invalidate_all()
        self.assertEqual(tx.state, "error")
        tx._post_process()
        self.assertEqual(self._autopay_of(self.customer).failures, 1)
        self.assertEqual(
            self._autopay_of(self.customer).retry_date,
            fields.Date.context_today(self.customer) + timedelta(days=1),
        )
        self.assertIn("Insufficient funds", self._autopay_of(self.customer).last_result)
        self.assertEqual(invoice.payment_state, "not_paid")

    def test_scheduled_partial_payment_through_paya(self):
        token = self._vault_token()
        invoice = self._invoice(self.customer, 300.0)
        schedule = self.env["payment.portal.schedule"].create(
            {
                "partner_id": self.customer.id,
                "currency_id": self.currency.id,
                "token_id": token.id,
                "amount": 120.0,
                "date": fields.Date.context_today(self.customer),
                "invoice_ids": [(6, 0, invoice.ids)],
            }
        )
        self._run(self.schedule_cron)
        self.assertEqual(schedule.state, "done")
        record = self.sim.record(schedule.transaction_id.provider_reference)
        self.assertEqual(record["transaction_amount"], "120.00")
        self.assertEqual(invoice.amount_residual, 180.0)
        self.assertEqual(invoice.payment_state, "partial")
        self._run(self.schedule_cron)
        self.assertEqual(len(self._charges()), 1)
