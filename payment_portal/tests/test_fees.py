# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import PaymentPortalActivationMixin, PaymentPortalPayMixin


class PaymentPortalFeeMixin:
    @classmethod
    def _setup_fee_data(cls):
        cls.fee_account = cls.env["account.account"].create(
            {
                "name": "Card fees earned",
                "code": "PPFEE1",
                "account_type": "income_other",
            }
        )
        cls.ach_method = cls.env.ref("payment.payment_method_ach_direct_debit")
        cls.us = cls.env.ref("base.us")
        cls.connecticut = cls.env.ref("base.state_us_5")
        cls.customer.write({"country_id": cls.us.id, "state_id": False})

    @classmethod
    def _demo_takes_bank_debits(cls):
        """The demo provider also offers ACH: a method without fee."""
        cls.provider.payment_method_ids |= cls.ach_method
        cls.ach_method.active = True

    @classmethod
    def _surcharge(cls, rate=3.0, **values):
        cls.company.write(
            {
                "payment_portal_fee_mode": "surcharge",
                "payment_portal_surcharge_rate": rate,
                "payment_portal_surcharge_cap": 3.0,
                "payment_portal_fee_account_id": cls.fee_account.id,
                **values,
            }
        )
        cls.provider.payment_portal_surcharge_unknown_cards = True

    @classmethod
    def _convenience(cls, fee=5.0, **values):
        cls.company.write(
            {
                "payment_portal_fee_mode": "convenience",
                "payment_portal_convenience_fee": fee,
                "payment_portal_fee_account_id": cls.fee_account.id,
                **values,
            }
        )


@tagged("post_install", "-at_install")
class TestFees(
    PaymentPortalFeeMixin,
    PaymentPortalPayMixin,
    PaymentPortalActivationMixin,
    TransactionCase,
):
    """Card surcharges and convenience fees: the rules, the accounting, the
    refunds."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls._setup_fee_data()
        cls.inv_a = cls._invoice(cls.customer, 600.0)
        cls.inv_b = cls._invoice(cls.customer, 400.0, due_in_days=-3)

    def _fee(self, amount=1000.0, method=None, partner=None, origin="portal"):
        return self.company._payment_portal_card_fee(
            amount,
            self.currency,
            self.provider,
            method or self.demo_method,
            partner or self.buyer,
            origin=origin,
        )

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------

    def test_settings_refuse_what_the_rules_forbid(self):
        base = {
            "payment_portal_fee_mode": "surcharge",
            "payment_portal_surcharge_rate": 2.0,
            "payment_portal_surcharge_cap": 2.5,
            "payment_portal_fee_account_id": self.fee_account.id,
        }
        for values, message in (
            ({"payment_portal_surcharge_rate": 3.5}, "at most your card processing"),
            ({"payment_portal_surcharge_rate": 2.6}, "at most your card processing"),
            ({"payment_portal_surcharge_rate": 0.0}, "more than 0"),
            ({"payment_portal_surcharge_cap": 3.01}, "between 0 and 3.0"),
            ({"payment_portal_fee_account_id": False}, "income account"),
            ({"payment_portal_surcharge_max_amount": -1}, "cannot be negative"),
            (
                {
                    "payment_portal_fee_mode": "convenience",
                    "payment_portal_convenience_fee": 0.0,
                },
                "more than zero",
            ),
        ):
            with (
                self.subTest(values=values),
                self._assert_refused(ValidationError, message),
                self.env.cr.savepoint(),
            ):
                self.company.write({**base, **values})
        self.assertEqual(self.company.payment_portal_fee_mode, "none")
        self.company.write(base)
        self.assertEqual(self.company.payment_portal_fee_mode, "surcharge")

    def test_settings_form_shows_the_fee_block(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"][
            "form"
        ]["arch"]
        for name in (
            "payment_portal_fee_mode",
            "payment_portal_surcharge_cap",
            "payment_portal_surcharge_state_ids",
            "payment_portal_convenience_fee",
            "payment_portal_fee_account_id",
        ):
            self.assertIn(f'name="{name}"', arch)
        provider_arch = self.env["payment.provider"].get_views([(False, "form")])[
            "views"
        ]["form"]["arch"]
        self.assertIn('name="payment_portal_surcharge_unknown_cards"', provider_arch)

    def test_settings_propose_an_income_account(self):
        settings = self.env["res.config.settings"].new(
            {"payment_portal_fee_mode": "surcharge"}
        )
        settings._onchange_payment_portal_fee_mode()
        self.assertIn(
            settings.payment_portal_fee_account_id.account_type,
            ("income", "income_other"),
        )

    # ------------------------------------------------------------------
    # The rule
    # ------------------------------------------------------------------

    def test_no_fee_by_default_nor_on_bank_payments(self):
        self.assertEqual(self._fee(), {})
        self._surcharge()
        self.assertEqual(self._fee(method=self.ach_method), {})
        self._convenience()
        self.assertEqual(self._fee(method=self.ach_method), {})

    def test_surcharge_is_the_rate_of_the_amount(self):
        self._surcharge(rate=2.5)
        self.assertEqual(
            self._fee(1234.56), {"kind": "surcharge", "amount": 30.86, "rate": 2.5}
        )
        # a maximum per payment, in the company's currency
        self.company.payment_portal_surcharge_max_amount = 20.0
        self.assertEqual(self._fee(1234.56)["amount"], 20.0)
        self.assertEqual(self._fee(100.0)["amount"], 2.5)

    def test_no_surcharge_where_forbidden_nor_through_blind_providers(self):
        self._surcharge()
        # a provider that cannot tell debit cards: only if the admin says so
        self.provider.payment_portal_surcharge_unknown_cards = False
        self.assertEqual(self._fee(), {})
        self.provider.payment_portal_surcharge_unknown_cards = True
        self.assertTrue(self._fee())
        # the billing address of the customer's company decides
        self.company.payment_portal_surcharge_state_ids = self.connecticut
        self.assertTrue(self._fee())
        self.customer.state_id = self.connecticut
        self.assertEqual(self._fee(), {})
        self.assertEqual(self._fee(partner=self.colleague), {})
        # its invoice address, when it has one
        self.env["res.partner"].create(
            {
                "name": "Harbor Billing",
                "type": "invoice",
                "parent_id": self.customer.id,
                "country_id": self.us.id,
                "state_id": self.env.ref("base.state_us_6").id,
            }
        )
        self.assertTrue(self._fee())
        self.company.payment_portal_surcharge_country_ids = self.us
        self.assertEqual(self._fee(), {})

    def test_off_session_rules(self):
        self._convenience()
        self.assertEqual(self._fee()["amount"], 5.0)
        for origin in ("autopay", "schedule"):
            self.assertEqual(self._fee(origin=origin), {}, origin)
        self._surcharge()
        self.assertEqual(self._fee(origin="autopay"), {})
        self.company.payment_portal_surcharge_off_session = True
        self.assertEqual(self._fee(origin="autopay")["amount"], 30.0)
        self.assertEqual(self._fee(origin="schedule")["amount"], 30.0)

    def test_notices(self):
        self.assertEqual(self.company._payment_portal_fee_notice(), "")
        self._surcharge(rate=2.0)
        self.assertIn("2.00 % surcharge", self.company._payment_portal_fee_notice())
        self.assertEqual(self.company._payment_portal_fee_notice("autopay"), "")
        self.company.payment_portal_surcharge_off_session = True
        self.assertIn(
            "made automatically carry a 2.00 %",
            self.company._payment_portal_fee_notice("autopay"),
        )
        self._convenience(fee=4.5)
        self.assertIn("convenience fee of", self.company._payment_portal_fee_notice())
        self.assertEqual(self.company._payment_portal_fee_notice("schedule"), "")

    def test_off_session_transactions_carry_only_allowed_fees(self):
        token = self._demo_token(self.buyer, "4242")
        Tx = self.env["payment.transaction"]
        invoices = self.inv_a | self.inv_b
        self._convenience()
        tx = Tx._payment_portal_create_offline(
            token, invoices, self.currency, origin="autopay"
        )
        self.assertEqual((tx.amount, tx.payment_portal_fee_kind), (1000.0, False))
        self._surcharge(payment_portal_surcharge_off_session=True)
        tx = Tx._payment_portal_create_offline(
            token, invoices, self.currency, origin="autopay"
        )
        self.assertEqual(tx.amount, 1030.0)
        self.assertEqual(tx.payment_portal_fee_amount, 30.0)

    # ------------------------------------------------------------------
    # Accounting and refunds
    # ------------------------------------------------------------------

    def _priced_tx(self, net, invoices=None, **values):
        """A portal transaction settling ``net`` by card, priced by the
        company's rules (its fee fields set)."""
        Tx = self.env["payment.transaction"].sudo()
        amount, fee_values = Tx._payment_portal_price(
            self.company,
            net,
            self.currency,
            self.provider,
            self.demo_method,
            self.buyer,
            "portal",
        )
        return Tx.create(
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.demo_method.id,
                "amount": amount,
                "currency_id": self.currency.id,
                "partner_id": self.buyer.id,
                "reference": Tx._compute_reference("demo"),
                "operation": "online_direct",
                "invoice_ids": [(6, 0, invoices.ids if invoices else [])],
                "payment_portal_origin": "portal",
                **fee_values,
                **values,
            }
        )

    def _paid_with_fee(self, invoices, rate=3.0, **company_values):
        """A done portal transaction paying ``invoices`` with a surcharge, and
        its payment."""
        self._surcharge(rate=rate, **company_values)
        tx = self._priced_tx(invoices._payment_portal_amount_due(), invoices)
        tx._set_done()
        tx._post_process()
        return tx

    def test_fee_is_booked_as_income_and_invoices_get_their_amounts(self):
        invoices = self.inv_a | self.inv_b
        tx = self._paid_with_fee(invoices)
        payment = tx.payment_id
        self.assertEqual(payment.amount, 1030.0)
        for invoice in invoices:
            self.assertIn(invoice.payment_state, ("paid", "in_payment"))
            self.assertEqual(invoice.amount_residual, 0.0)
        lines = payment.move_id.line_ids
        fee_line = lines.filtered(lambda line: line.account_id == self.fee_account)
        self.assertEqual(fee_line.credit, 30.0)
        self.assertIn("Card surcharge", fee_line.name)
        receivable = lines.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(sum(receivable.mapped("credit")), 1000.0)
        self.assertTrue(all(receivable.mapped("reconciled")))
        self.assertEqual(tx._payment_portal_fee_label(), "Card surcharge (3.00 %)")
        self.assertTrue(payment.is_reconciled)

    def test_fee_with_a_short_payment_and_credits(self):
        self.company.payment_portal_short_payments = True
        credit = self._credit_line(self._credit_note(self.customer, 100.0))
        reason = self.env["payment.portal.reason"].search(
            [("usage", "=", "short_payment"), ("is_other", "=", False)], limit=1
        )
        short = self.env["payment.portal.short.payment"]._payment_portal_choose(
            self.buyer, self.inv_a | self.inv_b, {self.inv_a.id: (500.0, reason.id, "")}
        )
        invoices = self.inv_a | self.inv_b
        net = invoices._payment_portal_net_amount(credit, short)
        self.assertEqual(net, 800.0)
        self._surcharge(rate=2.0)
        tx = self._priced_tx(
            net,
            invoices,
            payment_portal_credit_line_ids=[(6, 0, credit.ids)],
            payment_portal_short_ids=[(6, 0, short.ids)],
        )
        self.assertEqual(tx.amount, 816.0)
        tx._set_done()
        tx._post_process()
        self.assertEqual(self.inv_a.amount_residual, 100.0)
        self.assertEqual(self.inv_b.amount_residual, 0.0)
        self.assertTrue(credit.reconciled)
        fee_line = tx.payment_id.move_id.line_ids.filtered(
            lambda line: line.account_id == self.fee_account
        )
        self.assertEqual(fee_line.credit, 16.0)

    def test_refund_keeps_the_fee_unless_the_company_returns_it(self):
        tx = self._paid_with_fee(self.inv_a | self.inv_b)
        payment = tx.payment_id
        self.assertEqual(payment.amount_available_for_refund, 1000.0)
        with self._assert_refused(UserError, "At most"):
            tx._refund(amount_to_refund=1030.0)
        refund = tx._refund()
        self.assertEqual(refund.amount, -1000.0)
        self.assertEqual(refund.payment_portal_fee_amount, 0.0)
        self.assertEqual(tx._payment_portal_refundable(), 0.0)

    def test_refund_returns_the_fee_in_proportion(self):
        tx = self._paid_with_fee(
            self.inv_a | self.inv_b, payment_portal_fee_refund=True
        )
        self.assertEqual(tx.payment_id.amount_available_for_refund, 1030.0)
        first = tx._refund(amount_to_refund=515.0)
        self.assertEqual(first.payment_portal_fee_amount, 15.0)
        rest = tx._refund()
        self.assertEqual(rest.amount, -515.0)
        self.assertEqual(rest.payment_portal_fee_amount, 15.0)
        # the refund's payment takes the fee back out of the income account
        rest._set_done()
        rest._post_process()
        fee_line = rest.payment_id.move_id.line_ids.filtered(
            lambda line: line.account_id == self.fee_account
        )
        self.assertEqual(fee_line.debit, 15.0)
        self.assertEqual(rest.payment_id.amount, 515.0)

    def test_provider_charging_less_fee_is_booked_as_charged(self):
        self._surcharge()
        tx = self._priced_tx(1000.0)
        tx._payment_portal_fee_charged(0.0)
        self.assertEqual(tx.amount, 1000.0)
        self.assertEqual(tx.payment_portal_fee_quoted, 30.0)
        self.assertEqual(
            tx._payment_portal_fee_label(), "No surcharge (debit or prepaid card)"
        )
