# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import tagged
from odoo.tests.common import HttpCase, JsonRpcException

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PaymentPortalPayMixin


@tagged("post_install", "-at_install")
class TestShortPaymentsHttp(PaymentPortalPayMixin, PaymentHttpCommon, HttpCase):
    """Paying less than the amount due, with a reason, when allowed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.company.payment_portal_short_payments = True
        cls.inv_a = cls._invoice(cls.customer, 100.0)
        cls.inv_b = cls._invoice(cls.buyer, 250.0, due_in_days=-10)  # the oldest
        cls.inv_c = cls._invoice(cls.customer, 80.0, due_in_days=-20)
        cls.damaged = cls.env.ref("payment_portal.reason_short_payment_damaged")
        cls.other = cls.env.ref("payment_portal.reason_short_payment_other")
        cls.Short = cls.env["payment.portal.short.payment"]

    def setUp(self):
        self.enable_post_process_patcher = False  # PaymentCommon mocks it otherwise
        super().setUp()
        self.authenticate(self.buyer_user.login, self.password)

    def _choose(self, invoices, choices, credits=None):
        """POST the checkout's 'pay less' form: {invoice: (amount, reason, text)}."""
        data = {
            "csrf_token": self._csrf(),
            "invoice_ids": ",".join(map(str, invoices.ids)),
            "credit_ids": ",".join(map(str, credits.ids)) if credits else "",
        }
        for invoice in invoices:
            amount, reason, text = choices.get(
                invoice, (invoice.amount_residual, "", "")
            )
            data[f"amount_{invoice.id}"] = str(amount)
            data[f"reason_{invoice.id}"] = str(reason.id if reason else "")
            data[f"reason_text_{invoice.id}"] = text
        return self.url_open("/my/pay/checkout", data=data)

    def _csrf(self):
        page = self.url_open("/my/pay")
        return page.text.split('csrf_token: "', 1)[1].split('"', 1)[0]

    def _pay(self, page):
        return self._demo_pay(
            self._transaction_request(self._get_payment_context(page))
        )

    def test_short_pay_two_invoices_exactly(self):
        invoices = self.inv_a | self.inv_b | self.inv_c
        page = self._choose(
            invoices,
            {
                self.inv_b: (150.0, self.damaged, ""),
                self.inv_c: ("30", self.other, "Half the crates were missing"),
            },
        )
        self.assertEqual(page.status_code, 200)
        self.assertNotIn("alert-danger", page.text)
        context = self._get_payment_context(page)
        self.assertEqual(context["amount"], 280.0, "100 + 150 + 30")
        tx = self._pay(page)
        self.assertEqual(tx.amount, 280.0)
        self.assertEqual(len(tx.payment_portal_short_ids), 2)
        # each invoice got exactly what was chosen, whatever their ages
        self.assertIn(self.inv_a.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.inv_b.amount_residual, 100.0)
        self.assertEqual(self.inv_c.amount_residual, 50.0)
        self.assertEqual(self.inv_b.payment_state, "partial")
        self.assertTrue(tx.payment_id.is_reconciled)
        self.assertEqual(set(tx.payment_portal_short_ids.mapped("state")), {"done"})
        # the reason on the chatter, an activity for staff
        note = self.inv_c.message_ids.filtered(lambda m: "Short payment" in str(m.body))
        self.assertIn("Half the crates were missing", str(note.body))
        self.assertTrue(
            self.inv_c.activity_ids.filtered(
                lambda a: a.summary == "Short payment to follow up"
            )
        )
        # the receipt says what was paid in part
        self.assertIn("Paid in part", self._tx_mails(tx).body_html)
        # the rest stays due and can be paid later
        self.assertIn(
            f'data-invoice-id="{self.inv_b.id}"', self.url_open("/my/pay").text
        )

    def test_short_payment_with_credits(self):
        credit = self._credit_line(self._credit_note(self.customer, 40.0))
        page = self._choose(
            self.inv_a | self.inv_b,
            {self.inv_b: (100.0, self.damaged, "")},
            credits=credit,
        )
        context = self._get_payment_context(page)
        self.assertEqual(context["amount"], 160.0, "100 + 100 - 40")
        self._pay(page)
        self.assertIn(self.inv_a.payment_state, ("paid", "in_payment"))
        self.assertEqual(self.inv_b.amount_residual, 150.0)
        self.assertTrue(credit.reconciled)
        # credits covering what is chosen: paid in full with them instead
        big = self._credit_line(self._credit_note(self.customer, 500.0))
        page = self._choose(
            self.inv_b, {self.inv_b: (100.0, self.damaged, "")}, credits=big
        )
        self.assertIn("pay these invoices in full with your credits", page.text)
        self.assertFalse(self.Short.sudo().search([("state", "=", "draft")]))

    def test_refusals_record_nothing(self):
        self.company.payment_portal_short_min_amount = 20.0
        self.company.payment_portal_short_min_percent = 10.0
        for choice, message in (
            ((100.0, self.damaged, ""), None),  # the amount due: not short
            ((0, self.damaged, ""), "more than zero"),
            ((-5, self.damaged, ""), "more than zero"),
            ((120.0, self.damaged, ""), "more than zero"),
            (("ten", self.damaged, ""), "more than zero"),
            ((15.0, self.damaged, ""), "least you may pay"),  # min amount 20
            ((20.0, None, ""), "Choose one of the reasons"),
            ((50.0, self.other, "  "), "Describe the reason"),
            (
                (50.0, self.env.ref("payment_portal.reason_dispute_other"), "x"),
                "Choose one of the reasons",
            ),
        ):
            with self.subTest(choice=choice):
                page = self._choose(self.inv_a, {self.inv_a: choice})
                if message:
                    self.assertIn(message, page.text)
                else:
                    self.assertNotIn("alert-danger", page.text)
                self.assertFalse(self.Short.sudo().search([]))
        # 10% of 250 = 25 > 20
        page = self._choose(self.inv_b, {self.inv_b: (22.0, self.damaged, "")})
        self.assertIn("25.00", page.text)
        self.company.payment_portal_short_payments = False
        page = self._choose(self.inv_a, {self.inv_a: (50.0, self.damaged, "")})
        self.assertIn("not available", page.text)
        self.assertNotIn("o_payment_portal_short_form", page.text)
        self.assertFalse(self.Short.sudo().search([]))

    def test_tampering_at_the_transaction(self):
        page = self._choose(
            self.inv_a | self.inv_b, {self.inv_b: (150.0, self.damaged, "")}
        )
        context = self._get_payment_context(page)
        short = self.Short.sudo().search([])
        self.assertEqual(len(short), 1)
        base = f"/my/pay/transaction/{self.inv_a.id}-{self.inv_b.id}"
        rival_short = self.Short.sudo().create(
            {
                "partner_id": self.rival.id,
                "requested_by_id": self.rival_user.partner_id.id,
                "invoice_id": self.inv_a.id,
                "amount": 1.0,
                "reason_id": self.damaged.id,
            }
        )
        for route, amount in (
            (f"{base}/0/{rival_short.id}", None),  # another's choice
            (base, 350.0),  # the short payment dropped: signed snapshot
            (f"{base}/0/{short.id}", 10.0),  # a lower amount
        ):
            with self.subTest(route=route), self.assertRaises(JsonRpcException):
                self._transaction_request(context, route=route, amount=amount)
        self.assertFalse((self.inv_a | self.inv_b).transaction_ids)
        # the setting turned off meanwhile: the chosen short payment is refused
        self.company.payment_portal_short_payments = False
        with self.assertRaises(JsonRpcException):
            self._pay(page)
        self.assertFalse((self.inv_a | self.inv_b).transaction_ids)
