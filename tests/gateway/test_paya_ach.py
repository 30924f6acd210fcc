# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Bank (ACH) payments as Paya's Transactions README says: the SEC code of
each debit (WEB when the customer authorizes it online, PPD or CCD when Odoo
initiates it), the deposit account of each code, refunds only once settled
(a same-day void before), partial refunds as CCD credits. All through real
HTTP to the simulator."""

from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from ..simulators.paya_connect import decrypt_hpp_data
from .common import ACH_OK, PayaConnectMixin


@tagged("post_install", "-at_install")
class TestPayaAch(PayaConnectMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paya()
        cls.inv_1 = cls._invoice(cls.customer, 100.0)
        cls.inv_2 = cls._invoice(cls.buyer, 80.0)
        # A person paying for themselves (the test customer is a company).
        cls.consumer = cls.env["res.partner"].create(
            {"name": "Connie Consumer", "email": "connie@example.com"}
        )

    def _posts(self):
        """How many transactions Odoo has sent Paya so far."""
        return sum(
            1
            for method, path, _headers in self.sim.requests
            if (method, path) == ("POST", "/v2/transactions")
        )

    def _settle(self, *txs):
        self.sim.advance_ach([tx.provider_reference for tx in txs])
        self._run_poll_cron()

    # --- SEC codes -----------------------------------------------------------

    def test_sec_code_of_each_debit(self):
        # On the hosted page the customer authorizes the debit online: WEB.
        tx, page_url = self._start_payment(self.inv_1, self.ach_method)
        query = {k: v[0] for k, v in parse_qs(urlsplit(page_url).query).items()}
        payload = decrypt_hpp_data(query["data"], self.paya.paya_hpp_ach_key)
        fields = {f["id"]: f for f in payload["field_configuration"]["body"]["fields"]}
        self.assertEqual(fields["ach_sec_code"]["value"], "WEB")
        self._return_to_odoo(self._pay_on_hosted_page(page_url, **self._bank()))
        self.assertEqual(self.sim.record(tx.provider_reference)["ach_sec_code"], "WEB")
        self.assertEqual(tx.paya_ach_sec_code, "WEB")
        # Odoo debits a company's saved bank account (Auto Pay, schedules):
        # CCD; a person's: PPD. The customer paying with a saved account at
        # checkout authorizes it online: WEB.
        business = self._vault_token(self.buyer, "ach", ACH_OK)
        consumer = self._vault_token(self.consumer, "ach", ACH_OK)
        for token, operation, code in (
            (business, "offline", "CCD"),
            (consumer, "offline", "PPD"),
            (business, "online_token", "WEB"),
            (consumer, "online_token", "WEB"),
        ):
            with self.subTest(partner=token.partner_id.name, operation=operation):
                tx = self._token_tx(
                    token, 40.0, f"PP-SEC-{token.id}-{operation}", operation
                )
                tx._charge_with_token()
                self.assertEqual(tx.state, "pending")
                record = self.sim.record(tx.provider_reference)
                self.assertEqual(record["ach_sec_code"], code)
                self.assertEqual(tx.paya_ach_sec_code, code)
                self.assertEqual(
                    record["product_transaction_id"], self.sim.default_products["ach"]
                )

    def test_deposit_account_of_each_sec_code(self):
        main = self.sim.default_products["ach"]
        ppd = self.sim.add_ach_product({"PPD"})
        ccd = self.sim.add_ach_product({"CCD"})
        self.sim.product_sec_codes[main] = {"WEB"}
        # The online deposit account takes WEB only: Odoo's own debits need
        # theirs, Check Credentials says so, and Paya refuses them.
        with self.assertRaisesRegex(
            ValidationError, "no terminal for the SEC code CCD, PPD"
        ):
            self.paya.action_paya_check_credentials()
        token = self._vault_token(self.consumer, "ach", ACH_OK)
        tx = self._token_tx(token, 40.0, "PP-SEC-REFUSED")
        tx._charge_with_token()
        self.assertEqual(tx.state, "error")
        self.assertIn("no terminal for SEC code PPD", tx.state_message)
        self.assertFalse(self.sim.ledger)

        self.paya.write(
            {
                "paya_ach_ppd_product_transaction_id": ppd,
                "paya_ach_ccd_product_transaction_id": ccd,
            }
        )
        action = self.paya.action_paya_check_credentials()
        self.assertEqual(action["params"]["type"], "success")
        for partner, product in ((self.consumer, ppd), (self.buyer, ccd)):
            with self.subTest(partner=partner.name):
                token = self._vault_token(partner, "ach", ACH_OK)
                tx = self._token_tx(token, 40.0, f"PP-SEC-{partner.id}")
                tx._charge_with_token()
                self.assertEqual(tx.state, "pending")
                record = self.sim.record(tx.provider_reference)
                self.assertEqual(record["product_transaction_id"], product)
        # A deposit account set for a code its terminals do not take.
        self.paya.paya_ach_ppd_product_transaction_id = ccd
        with self.assertRaisesRegex(
            ValidationError, "no terminal for the SEC code PPD"
        ):
            self.paya.action_paya_check_credentials()

    # --- refunds -------------------------------------------------------------

    def test_before_settlement_only_a_same_day_void(self):
        tx = self._pay_bank(self.inv_1)
        self.assertEqual(tx.paya_status_id, 131)
        with self.assertRaisesRegex(UserError, "has not settled"):
            tx._refund(amount_to_refund=10.0)
        self.assertFalse(tx.child_transaction_ids, "refused before anything")
        refund = tx._refund()
        self.assertEqual(refund.state, "done")
        self.assertEqual(refund.provider_reference, f"{tx.provider_reference}:void")
        self.assertEqual(self.sim.record(tx.provider_reference)["status_id"], 201)
        self.assertEqual([e["kind"] for e in self.sim.ledger], ["charge", "void"])

    def test_no_refund_while_the_debit_is_on_its_way(self):
        originating = self._pay_bank(self.inv_1)
        self.sim.advance_ach([originating.provider_reference], status=132)
        posts = self._posts()
        with self.assertRaisesRegex(UserError, r"has not settled .*\(Originating\)"):
            originating._refund()
        self.assertFalse(originating.child_transaction_ids)
        # A debit of yesterday still Pending Origination: past Paya's cutoff
        # the void is refused, and nothing is refunded instead.
        yesterday = self._pay_bank(self.inv_2)
        self.sim.transactions[yesterday.provider_reference]["created_ts"] -= 86400
        with (
            self.assertRaisesRegex(UserError, "has not settled"),
            self.env.cr.savepoint(),
        ):
            yesterday._refund()
        self.assertEqual(self._posts(), posts, "nothing sent but the void")
        self.assertEqual([e["kind"] for e in self.sim.ledger], ["charge", "charge"])
        self.assertEqual(
            self.sim.record(yesterday.provider_reference)["status_id"], 131
        )

    def test_full_refund_after_settlement_takes_the_debit_sec_code(self):
        web = self._pay_bank(self.inv_1)
        token = self._vault_token(self.consumer, "ach", ACH_OK)
        ppd = self._token_tx(token, 40.0, "PP-REFUND-PPD")
        ppd._charge_with_token()
        self._settle(web, ppd)
        self.assertEqual((web.state, ppd.state), ("done", "done"))
        for tx, code in ((web, "WEB"), (ppd, "PPD")):
            with self.subTest(code=code):
                refund = tx._refund()
                self.assertEqual(refund.state, "pending", "it settles later")
                record = self.sim.record(refund.provider_reference)
                self.assertEqual(record["type_id"], 30)
                self.assertEqual(record["ach_sec_code"], code)
                self.assertEqual(
                    record["previous_transaction_id"], tx.provider_reference
                )
                self.assertEqual(refund.paya_ach_sec_code, code)
                self._settle(refund)
                self.assertEqual(refund.state, "done")

    def test_partial_refunds_are_ccd_credits(self):
        tx = self._pay_bank(self.inv_1)
        self._settle(tx)
        first = tx._refund(amount_to_refund=30.0)
        record = self.sim.record(first.provider_reference)
        self.assertEqual(
            (record["type_id"], record["ach_sec_code"], record["transaction_amount"]),
            (40, "CCD", "30.00"),
        )
        self.assertEqual(record["previous_transaction_id"], tx.provider_reference)
        self.assertEqual(
            record["product_transaction_id"], self.sim.default_products["ach"]
        )
        # With a CCD deposit account, credits go through it; the rest of the
        # debit is a credit too (Paya refunds a debit only in full).
        ccd = self.sim.add_ach_product({"CCD"})
        self.paya.paya_ach_ccd_product_transaction_id = ccd
        rest = tx._refund(amount_to_refund=70.0)
        record = self.sim.record(rest.provider_reference)
        self.assertEqual((record["type_id"], record["ach_sec_code"]), (40, "CCD"))
        self.assertEqual(record["product_transaction_id"], ccd)
        self._settle(first, rest)
        self.assertEqual((first.state, rest.state), ("done", "done"))
        refunds = [e for e in self.sim.ledger if e["kind"] == "refund"]
        self.assertEqual(sum(float(e["amount"]) for e in refunds), 100.0)
