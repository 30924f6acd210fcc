# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tests.common import HttpCase
from odoo.tools import html2plaintext

from .common import PaymentPortalPayMixin

HREF = re.compile(r'href="([^"]+)"')


@tagged("post_install", "-at_install")
class TestPaymentEmailsHttp(PaymentPortalPayMixin, HttpCase):
    """The buttons of the payment emails, the PDF receipt attached to the
    receipt, and who may open the payment page a button leads to."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_pay_data()
        cls.inv_1 = cls._invoice(cls.customer, 120.0)
        cls.inv_2 = cls._invoice(cls.buyer, 80.0, due_in_days=-3)
        cls.rival_invoice = cls._invoice(cls.rival, 999.0)
        cls.mail_base_url = cls.env["payment.transaction"].get_base_url()

    def _tx(self, invoices, state="done", origin="portal", partner=None):
        """A transaction of the portal paying ``invoices``, ended in
        ``state`` and post-processed (its mails queued)."""
        tx = (
            self.env["payment.transaction"]
            .sudo()
            .create(
                {
                    "provider_id": self.provider.id,
                    "payment_method_id": self.demo_method.id,
                    "reference": f"MAIL-{origin}-{state}-{invoices[:1].id}",
                    "amount": sum(invoices.mapped("amount_residual")),
                    "currency_id": self.currency.id,
                    "partner_id": (partner or self.buyer).id,
                    "invoice_ids": [Command.set(invoices.ids)],
                    "payment_portal_origin": origin,
                }
            )
        )
        if state == "done":
            tx._set_done()
        elif state == "pending":
            tx._set_pending()
        else:
            tx._set_error("Insufficient funds")
        tx._post_process()
        return tx

    def _links(self, mail):
        return [link.replace("&amp;", "&") for link in HREF.findall(mail.body_html)]

    def _payment_url(self, tx):
        token = tx._payment_portal_access_token()
        return f"{self.mail_base_url}/my/payments/{tx.id}?access_token={token}"

    def _make_active(self, user):
        """The customer signed in once (portal access 'active')."""
        self.env["res.users.log"].with_user(user).sudo().create({})
        user.partner_id.invalidate_recordset(["portal_access_state"])
        self.assertEqual(user.partner_id.portal_access_state, "active")

    # ------------------------------------------------------------------
    # The emails
    # ------------------------------------------------------------------

    def test_receipt_has_the_payment_button_and_the_pdf_receipt(self):
        for origin, invoice in (("portal", self.inv_1), ("autopay", self.inv_2)):
            tx = self._tx(invoice, origin=origin)
            mail = self._tx_mails(tx)
            self.assertEqual(len(mail), 1, origin)
            self.assertIn("payment received", mail.subject)
            self.assertIn(self._payment_url(tx), self._links(mail), origin)
            # The plain-text part Odoo sends carries the absolute link too.
            self.assertIn(self._payment_url(tx), html2plaintext(mail.body_html))
            # Rendered by the mail queue when it sends, not when queued.
            self.assertFalse(mail.attachment_ids)
            self.assertTrue(mail.payment_portal_report_template_id)
            mail.send()
            self.assertEqual(len(mail.attachment_ids), 1, "the receipt attached")
            self.assertFalse(mail.payment_portal_report_template_id)
            attachment = mail.attachment_ids
            # A PDF outside tests; Odoo renders reports as HTML in test mode.
            self.assertRegex(
                attachment.name, rf"^Receipt-{re.escape(tx.reference)}\.(pdf|html)$"
            )
            self.assertIn(tx.payment_id.name, attachment.raw.decode())

    def test_receipt_file_name_has_no_slash(self):
        tx = self._tx(self.inv_1)
        tx.reference = "INV/2026/00042"
        report = self.env.ref(
            "payment_portal.action_report_payment_transaction_receipt"
        )
        template = self.env.ref("payment_portal.mail_template_payment_receipt")
        self.assertEqual(template.report_template_ids, report)
        values = template._generate_template([tx.id], ["report_template_ids"])
        names = [name for name, _content in values[tx.id]["attachments"]]
        self.assertEqual(len(names), 1)
        self.assertRegex(names[0], r"^Receipt-INV-2026-00042\.(pdf|html)$")

    def test_pending_then_settled_mails(self):
        tx = self._tx(self.inv_1, state="pending")
        pending = self._tx_mails(tx)
        self.assertIn("pending", pending.subject)
        self.assertIn(self._payment_url(tx), self._links(pending))
        self.assertFalse(pending.payment_portal_report_template_id)
        pending.send()
        self.assertFalse(pending.attachment_ids, "no receipt before the money")
        tx._set_done()
        tx._post_process()
        receipt = self._tx_mails(tx)[1]
        self.assertIn("payment received", receipt.subject)
        self.assertIn(self._payment_url(tx), self._links(receipt))
        receipt.send()
        self.assertEqual(len(receipt.attachment_ids), 1)

    def test_receipt_not_sent_without_its_pdf(self):
        """wkhtmltopdf missing or failing: the receipt is not sent without
        its PDF, it fails with the reason (staff see it in the mail queue)."""
        tx = self._tx(self.inv_1)
        mail = self._tx_mails(tx)
        Report = self.env.registry["ir.actions.report"]

        def _render_qweb_pdf(report, *args, **kwargs):
            raise UserError(report.env._("Unable to find Wkhtmltopdf on this system."))

        with patch.object(Report, "_render_qweb_pdf", _render_qweb_pdf):
            mail.send()
        self.assertEqual(mail.state, "exception")
        self.assertIn("Wkhtmltopdf", mail.failure_reason)
        self.assertFalse(mail.attachment_ids)

    def test_failure_button_reopens_the_selection_for_a_customer_who_signs_in(self):
        self._make_active(self.buyer_user)
        invoices = self.inv_1 | self.inv_2
        tx = self._tx(invoices, state="pending")
        tx._set_error("The bank account was closed.")
        tx._post_process()
        failure = self._tx_mails(tx)[1]
        self.assertIn("payment failed", failure.subject)
        links = self._links(failure)
        ids = ",".join(map(str, sorted(invoices.ids)))
        self.assertIn(f"{self.mail_base_url}/my/pay?select={ids}", links)
        self.assertIn(self._payment_url(tx), links, "and the payment's own page")
        self.assertIn("Pay these invoices", failure.body_html)
        self.assertFalse(failure.attachment_ids)

    def test_failure_button_of_a_customer_without_login_is_the_signed_page(self):
        # Never signed in (invited only): the selection would ask for a
        # password they do not have.
        self.assertNotEqual(self.buyer.portal_access_state, "active")
        tx = self._tx(self.inv_1, state="error", origin="autopay")
        failure = self._tx_mails(tx)
        self.assertIn("payment failed", failure.subject)
        links = self._links(failure)
        self.assertFalse([link for link in links if "/my/pay?" in link], links)
        self.assertIn(self._payment_url(tx), links)
        self.assertNotIn("Pay these invoices", failure.body_html)
        self.assertIn("View your payment", failure.body_html)
        # Every link of the mail is absolute on the base URL (the layout's
        # own links included).
        for link in links:
            if link.startswith(("http://", "https://")):
                continue
            self.assertTrue(link.startswith(("mailto:", "tel:")), link)
        for link in links:
            if "/my/" in link:
                self.assertTrue(link.startswith(self.mail_base_url), link)

    # ------------------------------------------------------------------
    # The payment page the buttons open
    # ------------------------------------------------------------------

    def test_signed_link_opens_that_payment_only(self):
        tx = self._tx(self.inv_1)
        other = self._tx(self.inv_2)
        good = self._payment_url(tx)
        page = self.url_open(good)
        self.assertEqual(page.status_code, 200)
        self.assertIn(tx.reference, page.text)
        self.assertIn(self.inv_1.name, page.text)
        self.assertNotIn(other.reference, page.text)
        # The receipt link of the page keeps the token.
        receipt = re.search(r'href="([^"]*report_type=pdf[^"]*)"', page.text)
        self.assertTrue(receipt)
        pdf = self.url_open(receipt.group(1).replace("&amp;", "&"))
        self.assertEqual(pdf.status_code, 200)
        self.assertEqual(pdf.headers["Content-Type"], "application/pdf")

        token = parse_qs(urlsplit(good).query)["access_token"][0]
        other_token = other._payment_portal_access_token()
        refused = {
            "wrong token": f"/my/payments/{tx.id}?access_token=0{token[1:]}",
            "another payment's token": (
                f"/my/payments/{tx.id}?access_token={other_token}"
            ),
            "token of this payment on another": (
                f"/my/payments/{other.id}?access_token={token}"
            ),
            "token on a missing payment": f"/my/payments/999999?access_token={token}",
            "empty token": f"/my/payments/{tx.id}?access_token=",
            "non-ASCII token": f"/my/payments/{tx.id}?access_token=%C3%A9{token}",
            "NUL in the token": f"/my/payments/{tx.id}?access_token={token}%00",
            "repeated token": (
                f"/my/payments/{tx.id}?access_token=x&access_token={token}"
            ),
            "receipt with a wrong token": (
                f"/my/payments/{tx.id}?report_type=pdf&access_token=x{token}"
            ),
        }
        for case, url in refused.items():
            response = self.url_open(url, allow_redirects=False)
            # 400: a control character is refused before the page runs
            self.assertIn(response.status_code, (303, 400, 403, 404), case)
            if response.status_code == 303:
                self.assertIn("/web/login", response.headers["Location"], case)
            self.assertNotIn(tx.reference, response.text, case)
            self.assertNotIn(other.reference, response.text, case)

    def test_without_token_a_visitor_is_asked_to_sign_in(self):
        tx = self._tx(self.inv_1)
        response = self.url_open(f"/my/payments/{tx.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])
        self.assertNotIn(tx.reference, response.text)

    def test_signed_in_customer_opens_the_mail_link(self):
        tx = self._tx(self.inv_1)
        self.authenticate(self.buyer_user.login, self.password)
        for url in (self._payment_url(tx), f"/my/payments/{tx.id}"):
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200, url)
            self.assertIn(tx.reference, page.text, url)

    def test_another_company_signed_in_gets_404_even_with_the_link(self):
        tx = self._tx(self.inv_1)
        self.authenticate(self.rival_user.login, self.password)
        for url in (
            self._payment_url(tx),
            f"/my/payments/{tx.id}",
            f"{self._payment_url(tx)}&report_type=pdf",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 404, url)
            self.assertNotIn(tx.reference, response.text, url)

    def test_token_rule(self):
        tx = self._tx(self.inv_1)
        rival_tx = self._tx(self.rival_invoice, partner=self.rival)
        get = self.env["payment.transaction"]._payment_portal_get_portal_payment
        public = self.env.ref("base.public_user")
        token = tx._payment_portal_access_token()
        self.assertEqual(get(tx.id, public, token), tx)
        for bad in (
            None,
            "",
            "nope",
            "é" + token,
            rival_tx._payment_portal_access_token(),
            42,
        ):
            self.assertFalse(get(tx.id, public, bad))
        for bad_id in (0, -1, "1", None, 10**12):
            self.assertFalse(get(bad_id, public, token))
        # Signed in: one's own company's payments, whatever the token.
        self.assertEqual(get(tx.id, self.buyer_user), tx)
        self.assertFalse(get(tx.id, self.rival_user, token))
        # A draft (never submitted) is nobody's page, even with its token.
        draft = tx.copy(
            {
                "reference": "MAIL-draft",
                "state": "draft",
                "invoice_ids": [Command.set(self.inv_1.ids)],
            }
        )
        self.assertFalse(get(draft.id, public, draft._payment_portal_access_token()))
        # The token depends on the customer: moved to another, it dies.
        tx.partner_id = self.rival
        self.assertFalse(get(tx.id, public, token))
