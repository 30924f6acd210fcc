# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

from odoo.tests.common import new_test_user


class PaymentPortalActivationMixin:
    """Customers, an invoicing user and a portal user, shared by the tests of
    both test layers (the addon's and the repository's top-level ``tests/``)."""

    @classmethod
    def _setup_activation_data(cls):
        cls.company = cls.env.company
        cls.company.write(
            {"name": "Portal Test Company", "email": "billing@ptc.example.com"}
        )
        cls.invoicing_user = new_test_user(
            cls.env,
            login="pp_invoicing",
            groups="account.group_account_invoice",
            name="Ivy Invoicing",
        )
        cls.internal_user = new_test_user(
            cls.env, login="pp_internal", groups="base.group_user", name="Ian Internal"
        )
        cls.portal_user = new_test_user(
            cls.env, login="pp_portal", groups="base.group_portal", name="Pat Portal"
        )
        Partner = cls.env["res.partner"]
        cls.customer_company = Partner.create(
            {
                "name": "Blue Ocean Ltd",
                "is_company": True,
                "email": "Accounts@BlueOcean.example.com",
            }
        )
        cls.customer_contact = Partner.create(
            {
                "name": "Jane Doe",
                "parent_id": cls.customer_company.id,
                "email": "jane.doe@blueocean.example.com",
            }
        )

    @contextmanager
    def _assert_refused(self, exception, regex):
        """Like assertRaisesRegex, inside Odoo's savepoint: whatever the refused
        call wrote is rolled back, so the test can check nothing changed."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def _queued_link_mails(self, partner):
        return (
            self.env["mail.mail"]
            .sudo()
            .search([("recipient_ids", "in", partner.ids)], order="id")
        )

    @staticmethod
    def _extract_link(mail):
        """The activation/reset link of a queued mail, as sent to the customer."""
        links = re.findall(
            r'href="([^"]*/web/(?:signup|reset_password)\?[^"]*)"', mail.body_html
        )
        assert len(links) == 1, "exactly one portal link expected, found %s" % links
        return links[0].replace("&amp;", "&")

    @staticmethod
    def _link_query(link):
        return {
            key: values[0] for key, values in parse_qs(urlsplit(link).query).items()
        }
