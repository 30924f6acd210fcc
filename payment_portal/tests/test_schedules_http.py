# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from datetime import timedelta
from unittest.mock import patch

from psycopg2.errors import SerializationFailure

from odoo import fields
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment.models.payment_transaction import PaymentTransaction
from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestSchedulesHttp(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.card = cls._demo_token(cls.buyer, "4242")
        cls.rival_card = cls._demo_token(cls.rival_user.partner_id, "9999")
        cls.inv_1 = cls._invoice(cls.customer, 100.0)
        cls.inv_2 = cls._invoice(cls.colleague, 300.0)
        cls.rival_invoice = cls._invoice(cls.rival, 500.0)
        cls.cron = cls.env.ref("payment_portal.cron_payment_portal_schedule")
        cls.today = fields.Date.context_today(cls.env["account.move"])
        cls.Schedule = cls.env["payment.portal.schedule"]

    def setUp(self):
        self.enable_post_process_patcher = False
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _csrf(self):
        page = self.url_open("/my/pay/schedule")
        return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)

    def _submit(self, url="/my/pay/schedule", invoices=None, **values):
        data = [("csrf_token", self._csrf())]
        invoices = self.inv_1 if invoices is None else invoices
        data += [("invoice_ids", str(i)) for i in invoices.ids]
        data += list(
            {
                "token_id": str(self.card.id),
                "amount": "50.00",
                "date": fields.Date.to_string(self.today + timedelta(days=3)),
                **values,
            }.items()
        )
        response = self.url_open(url, data=data)
        self.env.invalidate_all()
        return response

    def _run(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()
        self.env.invalidate_all()

    def _schedules(self):
        return self.Schedule.search([("partner_id", "=", self.customer.id)])

    # ------------------------------------------------------------------

    def test_schedule_edit_cancel(self):
        response = self._submit(invoices=self.inv_1 | self.inv_2, amount="150")
        self.assertIn("scheduled", response.text)
        schedule = self._schedules()
        self.assertEqual(schedule.amount, 150.0)
        self.assertEqual(schedule.invoice_ids, self.inv_1 | self.inv_2)
        self.assertEqual(schedule.token_id, self.card)
        self.assertEqual(schedule.requested_by_id, self.buyer)
        self.assertEqual(schedule.state, "scheduled")
        page = self.url_open("/my/pay/scheduled")
        self.assertIn(f'data-schedule-id="{schedule.id}"', page.text)

        self._submit(
            url=f"/my/pay/scheduled/{schedule.id}/edit",
            invoices=self.inv_2,
            amount="200",
        )
        self.assertEqual(schedule.amount, 200.0)
        self.assertEqual(schedule.invoice_ids, self.inv_2)

        self.url_open(
            f"/my/pay/scheduled/{schedule.id}/cancel", data={"csrf_token": self._csrf()}
        )
        self.env.invalidate_all()
        self.assertEqual(schedule.state, "cancelled")
        response = self._submit(
            url=f"/my/pay/scheduled/{schedule.id}/edit", amount="10"
        )
        self.assertIn("can no longer be changed", response.text)
        self.assertEqual(schedule.amount, 200.0)

    def test_refused_schedules_create_nothing(self):
        yesterday = fields.Date.to_string(self.today - timedelta(days=1))
        cases = {
            "today or later": {"date": yesterday},
            "above what is left": {"amount": "100.01"},
            "greater than zero": {"amount": "0"},
            "as a number": {"amount": "lots"},
            "saved payment methods": {"token_id": str(self.rival_card.id)},
        }
        for message, values in cases.items():
            with self.subTest(message=message):
                response = self._submit(**values)
                self.assertIn(message, response.text)
        response = self._submit(invoices=self.rival_invoice)
        self.assertIn("cannot be paid here", response.text)
        response = self._submit(invoices=self.env["account.move"])
        self.assertIn("at least one invoice", response.text)
        self.assertFalse(self._schedules())
        # Two schedules may not promise more than is due.
        self._submit(amount="60")
        response = self._submit(amount="50")
        self.assertIn("already scheduled", response.text)
        self.assertEqual(len(self._schedules()), 1)

    def test_others_schedules_are_not_found(self):
        theirs = self.Schedule.create(
            {
                "partner_id": self.rival.id,
                "currency_id": self.currency.id,
                "token_id": self.rival_card.id,
                "amount": 10.0,
                "date": self.today,
                "invoice_ids": [(6, 0, self.rival_invoice.ids)],
            }
        )
        for url in (
            f"/my/pay/scheduled/{theirs.id}/edit",
            f"/my/pay/scheduled/{theirs.id}/cancel",
        ):
            with self.subTest(url=url):
                response = self.url_open(url, data={"csrf_token": self._csrf()})
                self.assertEqual(response.status_code, 404)
        self.assertNotIn(
            f'data-schedule-id="{theirs.id}"', self.url_open("/my/pay/scheduled").text
        )
        self.assertEqual(theirs.state, "scheduled")

    def test_setting_off_hides_the_tab_but_schedules_still_run(self):
        self._submit(amount="40", date=fields.Date.to_string(self.today))
        schedule = self._schedules()
        self.company.payment_portal_schedule = False
        for url in ("/my/pay/scheduled", "/my/pay/schedule"):
            self.assertEqual(self.url_open(url).status_code, 404)
        self.assertNotIn("/my/pay/scheduled", self.url_open("/my").text)
        self._run()
        self.assertEqual(schedule.state, "done")

    def test_cron_pays_partially_once(self):
        self._submit(
            invoices=self.inv_1 | self.inv_2,
            amount="150",
            date=fields.Date.to_string(self.today),
        )
        later = self._submit(invoices=self.inv_2, amount="20")
        self.assertIn("scheduled", later.text)
        schedule, future = self._schedules().sorted("date")
        self._run()
        self.assertEqual(schedule.state, "done")
        tx = schedule.transaction_id
        self.assertEqual(tx.payment_portal_origin, "schedule")
        self.assertEqual(tx.operation, "offline")
        self.assertEqual(tx.amount, 150.0)
        self.assertTrue(tx.payment_id)
        self.assertEqual(
            sum((self.inv_1 | self.inv_2).mapped("amount_residual")), 250.0
        )
        self.assertEqual(len(self._tx_mails(tx)), 1, "receipt")
        self.assertEqual(future.state, "scheduled", "not its day")
        self._run()
        self.assertEqual(
            self.env["payment.transaction"].search_count(
                [("payment_portal_schedule_id", "=", schedule.id)]
            ),
            1,
        )

    def test_failed_charge(self):
        declined = self._demo_token(self.buyer, "0002", "error")
        self._submit(
            amount="30",
            token_id=str(declined.id),
            date=fields.Date.to_string(self.today),
        )
        schedule = self._schedules()
        self._run()
        self.assertEqual(schedule.state, "failed")
        self.assertTrue(schedule.failure_reason)
        self.assertEqual(len(self._tx_mails(schedule.transaction_id)), 1)
        self.assertIn("failed", self.customer.message_ids[0].body)
        self.assertEqual(self.inv_1.amount_residual, 100.0)

    def test_installment_plan(self):
        dates = [self.today + timedelta(days=d) for d in (0, 30, 60)]
        data = [("csrf_token", self._csrf()), ("token_id", str(self.card.id))]
        data += [("dates", fields.Date.to_string(d)) for d in dates]
        response = self.url_open(
            f"/my/pay/installments?invoice_id={self.inv_2.id}", data=data
        )
        self.assertIn("3 payments", response.text)
        plan = self._schedules().sorted("date")
        self.assertEqual(plan.mapped("amount"), [100.0, 100.0, 100.0])
        self.assertEqual(plan.mapped("installment_number"), [1, 2, 3])
        self.assertEqual(plan.mapped("date"), dates)

        too_many = [self.today + timedelta(days=d) for d in range(7)]
        data = [("csrf_token", self._csrf()), ("token_id", str(self.card.id))]
        data += [("dates", fields.Date.to_string(d)) for d in too_many]
        response = self.url_open(
            f"/my/pay/installments?invoice_id={self.inv_1.id}", data=data
        )
        self.assertIn("between 2 and 6", response.text)
        too_far = [self.today, self.today + timedelta(days=181)]
        data = [("csrf_token", self._csrf()), ("token_id", str(self.card.id))]
        data += [("dates", fields.Date.to_string(d)) for d in too_far]
        response = self.url_open(
            f"/my/pay/installments?invoice_id={self.inv_1.id}", data=data
        )
        self.assertIn("Choose dates from today", response.text)
        self.assertEqual(len(self._schedules()), 3)
        self.assertEqual(
            self.url_open(
                f"/my/pay/installments?invoice_id={self.rival_invoice.id}"
            ).status_code,
            404,
        )
        self._run()
        self.assertEqual(plan[0].state, "done")
        self.assertEqual(self.inv_2.amount_residual, 200.0)
        self.assertEqual(plan[1:].mapped("state"), ["scheduled", "scheduled"])

    def test_payment_term_installments_are_listed(self):
        term = self.env["account.payment.term"].create(
            {
                "name": "30/70",
                "line_ids": [
                    (0, 0, {"value": "percent", "value_amount": 30.0, "nb_days": 0}),
                    (0, 0, {"value": "percent", "value_amount": 70.0, "nb_days": 30}),
                ],
            }
        )
        invoice = self._invoice(
            self.customer, 1000.0, invoice_payment_term_id=term.id, ref="TERMS"
        )
        page = self.url_open("/my/pay/scheduled")
        self.assertIn("o_payment_portal_term_installments", page.text)
        self.assertIn(invoice.name, page.text)
        self.assertIn("700.00", page.text)

    def test_crash_between_charge_and_commit_charges_once(self):
        self._submit(amount="40", date=fields.Date.to_string(self.today))
        schedule = self._schedules()
        charge = PaymentTransaction._charge_with_token

        def charge_then_die(tx):
            charge(tx)
            raise RuntimeError("worker killed")

        with patch.object(PaymentTransaction, "_charge_with_token", charge_then_die):
            self._run()
        self.assertEqual(schedule.state, "processing")
        self.assertEqual(schedule.transaction_id.state, "draft")
        self._run()
        self.assertEqual(schedule.state, "done")
        self.assertEqual(
            self.env["payment.transaction"].search_count(
                [("payment_portal_schedule_id", "=", schedule.id)]
            ),
            1,
        )
        self.assertEqual(self.inv_1.amount_residual, 60.0)

    def test_invoices_being_paid_leave_the_schedule_for_the_next_run(self):
        """Its invoices' rows held by a payment in progress: the schedule
        stays scheduled (not failed) and runs next time."""
        self._submit(amount="40", date=fields.Date.to_string(self.today))
        schedule = self._schedules()
        Schedule = type(schedule)

        def busy(record):
            raise SerializationFailure("could not serialize access")

        with patch.object(Schedule, "_payment_portal_run", busy):
            self._run()
        self.assertEqual(schedule.state, "scheduled")
        self.assertFalse(schedule.transaction_id)
        self._run()
        self.assertEqual(schedule.state, "done")
        self.assertEqual(self.inv_1.amount_residual, 60.0)

    def test_conflict_after_the_charge_completes_it_at_once(self):
        self._submit(amount="40", date=fields.Date.to_string(self.today))
        schedule = self._schedules()
        charge = PaymentTransaction._charge_with_token
        sent = []

        def charge_then_conflict(tx):
            charge(tx)
            sent.append(tx.reference)
            if len(sent) == 1:
                raise SerializationFailure("could not serialize access")

        with patch.object(
            PaymentTransaction, "_charge_with_token", charge_then_conflict
        ):
            self._run()
        self.assertEqual(schedule.state, "done")
        self.assertEqual(sent, [schedule.transaction_id.reference] * 2)
        self.assertEqual(
            self.env["payment.transaction"].search_count(
                [("payment_portal_schedule_id", "=", schedule.id)]
            ),
            1,
        )
        self.assertEqual(self.inv_1.amount_residual, 60.0)

    def test_invoices_being_paid_by_autopay_leave_the_schedule_for_later(self):
        """Auto Pay's charge of the same invoice is in flight: the schedule
        stays scheduled (it once failed on an empty selection); once that
        charge paid the invoice, the next run cancels it."""
        self._submit(amount="40", date=fields.Date.to_string(self.today))
        schedule = self._schedules()
        autopay = self.env["payment.transaction"]._payment_portal_create_offline(
            self.card, self.inv_1, self.inv_1.currency_id, origin="autopay"
        )
        self._run()
        self.assertEqual(schedule.state, "scheduled")
        self.assertFalse(schedule.transaction_id)
        autopay._payment_portal_charge()
        self.assertEqual(self.inv_1.amount_residual, 0.0)
        self._run()
        self.assertEqual(schedule.state, "cancelled")
        self.assertFalse(schedule.transaction_id)

    def test_installments_link(self):
        page = self.url_open("/my/pay/schedule")
        self.assertIn(f"/my/pay/installments?invoice_id={self.inv_1.id}", page.text)
        form = self.url_open(f"/my/pay/installments?invoice_id={self.inv_1.id}")
        self.assertEqual(form.status_code, 200)
        self.assertIn("in installments", form.text)
