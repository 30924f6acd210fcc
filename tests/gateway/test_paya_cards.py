# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Cards and contacts as Paya's documents say: a card failing the address
check of an AVS-only check is not saved, debit cards are told apart, a
partial approval never happens, Paya's late answers are read, and contacts
stay within the Contacts endpoint's limits. Real HTTP to the simulator."""

import re
import time
from html import unescape
from urllib.parse import urlencode

from odoo.tests import tagged
from odoo.tests.common import HttpCase

from odoo.addons.payment import utils as payment_utils
from odoo.addons.payment.tests.http_common import PaymentHttpCommon

from .common import PayaConnectMixin

VISA_DEBIT = "4556773060150333"  # TestData.md: Visa Debit Classic


@tagged("post_install", "-at_install")
class TestPayaCards(PayaConnectMixin, PaymentHttpCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_paya()
        cls.inv_1 = cls._invoice(cls.customer, 100.0)

    def _save_card(self, **card):
        """Odoo's add-a-method flow with 'Use for Auto Pay' ticked: the card
        page runs an AVS-only check. Returns the validation transaction."""
        processing = self.make_jsonrpc_request(
            "/payment/transaction",
            {
                "provider_id": self.paya.id,
                "payment_method_id": self.card_method.id,
                "token_id": None,
                "amount": None,
                "currency_id": None,
                "partner_id": self.buyer.id,
                "access_token": payment_utils.generate_access_token(
                    self.buyer.id, None, None, env=self.env
                ),
                "flow": "redirect",
                "tokenization_requested": True,
                "landing_route": "/my/payment_method",
                "is_validation": True,
                "payment_portal_autopay": True,
            },
        )
        tx = self.env["payment.transaction"].search(
            [("reference", "=", processing["reference"])]
        )
        page_url = self._redirect_url(processing["redirect_form_html"])
        self._return_to_odoo(self._pay_on_hosted_page(page_url, **self._card(**card)))
        return tx

    def _redirect_url(self, form):
        action = unescape(re.search(r'action="([^"]+)"', form).group(1))
        inputs = dict(re.findall(r'name="([^"]+)"\s+value="([^"]*)"', form))
        return action + "?" + urlencode({k: unescape(v) for k, v in inputs.items()})

    # --- the address check of a saved card -------------------------------------

    def test_card_failing_the_address_check_is_not_saved(self):
        for street, zip_code, avs in (
            ("1 Wrong Street", "32606", "STREET"),
            ("5800 NW 39th AVE", "99999", "ZIP"),
            ("", "", "BAD"),
        ):
            with self.subTest(avs=avs):
                tx = self._save_card(street=street, zip_code=zip_code)
                self.assertEqual(tx.paya_status_id, 121, "Paya approved the check")
                self.assertEqual(tx.paya_avs, avs)
                self.assertEqual(tx.state, "error")
                self.assertIn("billing address does not match", tx.state_message)
                self.assertFalse(tx.token_id, "not saved: no charge can use it")
                self.assertFalse(
                    self.env["payment.token"].search(
                        [("partner_id", "=", self.buyer.id)]
                    )
                )
                self.assertNotEqual(self._autopay_of(self.customer).state, "on")
                self.assertFalse(self.sim.vaults, "its vault deleted at Paya")
                # The customer is told on the status page.
                status = self.url_open("/payment/status")
                self.assertIn("billing address does not match", status.text)
        self.assertFalse(self.sim.ledger, "nothing charged")
        # Read again (a postback, the cron), the refused check stays refused,
        # saves nothing and deletes nothing twice.
        deletes = self._deletes()
        self.assertTrue(tx._paya_sync())
        self.assertEqual(tx.state, "error")
        self.assertFalse(tx.token_id)
        self.assertEqual(self._deletes(), deletes)
        # Corrected, the card is saved and becomes the Auto Pay method.
        tx = self._save_card()
        self.assertEqual((tx.state, tx.paya_avs), ("done", "GOOD"))
        self.assertTrue(tx.token_id)
        self.assertEqual(self._autopay_of(self.customer).token_id, tx.token_id)
        self.assertEqual(len(self.sim.vaults), 1)
        self.assertEqual(self._deletes(), deletes)

    def _deletes(self):
        return sum(1 for method, _path, _h in self.sim.requests if method == "DELETE")

    def test_address_that_declines_the_check(self):
        tx = self._save_card(street="2831 NW 41st St STE J", zip_code="32615")
        self.assertEqual((tx.state, tx.paya_status_id), ("error", 301))
        self.assertFalse(tx.token_id)

    # --- debit cards ------------------------------------------------------------

    def test_debit_card_is_told_apart(self):
        tx = self._pay_card(self.inv_1, number=VISA_DEBIT, tokenize=True)
        self.assertEqual(tx.state, "done")
        self.assertEqual(tx.paya_card_type, "debit")
        self.assertTrue(tx._paya_is_debit_card())
        # Odoo has no debit brand: the payment method stays Card.
        self.assertEqual(tx.payment_method_id, self.card_method)
        self.assertTrue(tx.token_id._paya_is_debit_card())
        visa = self._pay_card(self._invoice(self.customer, 30.0), tokenize=True)
        self.assertEqual(
            (visa.payment_method_id.code, visa.paya_card_type), ("visa",) * 2
        )
        self.assertFalse(visa._paya_is_debit_card())
        self.assertFalse(visa.token_id._paya_is_debit_card())

    # --- partial approvals ------------------------------------------------------

    def test_partial_approval_is_never_accepted(self):
        """TestData.md's 2.01 approves 1.00 where the deposit account allows
        partial authorization: Odoo asks Paya never to do it."""
        self.sim.partial_auth_products.add(self.sim.default_products["cc"])
        token = self._vault_token(self.buyer)
        tx = self._token_tx(token, 2.01, "PP-PARTIAL-1")
        tx._charge_with_token()
        self.assertEqual(tx.state, "error")
        self.assertIn("1201", tx.state_message)
        invoice = self._invoice(self.customer, 2.01)
        tx = self._pay_card(invoice)
        self.assertEqual(tx.state, "error")
        self.assertIn("1201", tx.state_message)
        self.assertFalse(self.sim.ledger, "nothing charged")
        # Without Odoo's override the simulator would approve 1.00.
        record = self.sim.create_transaction(
            {
                "action": "sale",
                "payment_method": "cc",
                "account_vault_id": token.provider_ref,
                "transaction_amount": "2.01",
            }
        )
        self.assertEqual(
            (record["status_id"], record["transaction_amount"]), (101, "1.00")
        )

    # --- Paya's late answers ----------------------------------------------------

    def test_paya_time_out_decline_is_read(self):
        """Paya gives up after 10 seconds and answers a decline (TestData.md,
        8.10 and up): Odoo waits 15 seconds by default, so the charge is
        declined at once rather than left unknown."""
        self.env["ir.config_parameter"].sudo().set_param(
            "payment_portal_gateway.paya_timeout", False
        )
        self.assertEqual(self.paya._paya_timeout(), 15.0)
        token = self._vault_token(self.buyer)
        tx = self._token_tx(token, 8.10, "PP-LATE-1")
        started = time.monotonic()
        tx._charge_with_token()
        self.assertGreaterEqual(time.monotonic() - started, 10)
        self.assertEqual(tx.state, "error")
        self.assertFalse(tx.paya_outcome_unknown)
        self.assertIn("1500", tx.state_message)

    def test_answer_later_than_odoo_waits_is_found(self):
        """An answer later than Odoo waits (8.03: three seconds; the tests
        wait two) leaves the charge unknown until the cron reads it."""
        token = self._vault_token(self.buyer)
        tx = self._token_tx(token, 8.03, "PP-LATE-2")
        tx._charge_with_token()
        self.assertEqual(tx.state, "pending")
        self.assertTrue(tx.paya_outcome_unknown)
        deadline = time.monotonic() + 10
        while not self.sim.transactions and time.monotonic() < deadline:
            time.sleep(0.2)
        self._run_poll_cron()
        self.assertEqual(tx.state, "error")
        self.assertIn("1500", tx.state_message)

    # --- contacts ---------------------------------------------------------------

    def test_contact_fields_within_paya_limits(self):
        State = self.env["res.country.state"]
        us, canada = self.env.ref("base.us"), self.env.ref("base.ca")
        ontario = State.search([("country_id", "=", canada.id), ("code", "=", "ON")])
        new_york = State.search([("country_id", "=", us.id), ("code", "=", "NY")])
        partner = self.env["res.partner"].create(
            {
                "name": "N" * 80,
                "email": f"{'a' * 60}@example.com",
                "zip": "123",
                "street": "1 Main Street",
                "country_id": canada.id,
                "state_id": ontario.id,
            }
        )
        values = self.paya._paya_contact_values(partner)
        self.assertEqual(values["last_name"], "N" * 64)
        for field in ("email", "zip", "state"):
            self.assertNotIn(field, values)
        self.paya._paya_sync_contact(partner)  # Paya accepts it
        partner.write(
            {
                "email": "p@ex.io",
                "zip": "10001-1234",
                "country_id": us.id,
                "state_id": new_york.id,
            }
        )
        values = self.paya._paya_contact_values(partner)
        self.assertEqual(values["email"], "p@ex.io")
        self.assertEqual(values["zip"], "10001-1234")
        self.assertEqual(values["state"], "NY")
        partner.zip = "12345#"  # Paya takes letters, digits, spaces, dashes
        self.assertNotIn("zip", self.paya._paya_contact_values(partner))
        api_id = self.paya._paya_sync_contact(partner)
        contact = next(
            c for c in self.sim.contacts.values() if c["contact_api_id"] == api_id
        )
        self.assertEqual(contact["email"], "p@ex.io")
        self.assertEqual(contact["state"], "NY")
