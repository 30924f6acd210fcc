# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tests.common import TransactionCase

from .common import PaymentPortalActivationMixin


@tagged("post_install", "-at_install")
class TestPortalActivation(PaymentPortalActivationMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_activation_data()

    def _send(self, partner):
        return partner.with_user(self.invoicing_user).action_portal_send_activation()

    def _login_of(self, partner):
        return partner.with_context(active_test=False).user_ids

    def _simulate_first_login(self, user):
        self.env["res.users.log"].with_user(user).sudo().create({})
        user.invalidate_recordset(["login_date"])
        user.partner_id.invalidate_recordset()

    # ------------------------------------------------------------------
    # Send Activation Link
    # ------------------------------------------------------------------

    def test_send_activation_creates_login_and_queues_branded_mail(self):
        contact = self.customer_contact
        self.assertEqual(contact.portal_access_state, "none")
        self.assertFalse(contact.portal_is_user)

        action = self._send(contact)

        self.assertEqual(action["tag"], "display_notification")
        user = self._login_of(contact)
        self.assertEqual(len(user), 1)
        self.assertEqual(user.login, "jane.doe@blueocean.example.com")
        self.assertTrue(user._is_portal())
        self.assertFalse(user._is_internal())
        contact.invalidate_recordset()
        self.assertEqual(contact.portal_access_state, "invited")
        self.assertTrue(contact.portal_is_user)
        self.assertEqual(contact.portal_login, "jane.doe@blueocean.example.com")
        self.assertTrue(contact.portal_link_sent_date)
        self.assertFalse(contact.portal_last_login)

        mail = self._queued_link_mails(contact)
        self.assertEqual(len(mail), 1, "exactly one activation mail")
        self.assertEqual(mail.state, "outgoing", "queued, not sent inline")
        self.assertEqual(mail.recipient_ids, contact)
        self.assertIn("Portal Test Company", mail.subject)
        self.assertIn("Portal Test Company", mail.body_html)
        self.assertIn("jane.doe@blueocean.example.com", mail.body_html)
        self.assertIn("billing@ptc.example.com", mail.email_from)
        self.assertIn("72", mail.body_html, "the validity is announced")

        link = self._extract_link(mail)
        self.assertIn("/web/signup?", link)
        query = self._link_query(link)
        self.assertEqual(query["redirect"], "/my")
        info = self.env["res.partner"].sudo()._signup_retrieve_info(query["token"])
        self.assertEqual(info["login"], "jane.doe@blueocean.example.com")

        note = contact.message_ids.filtered(
            lambda m: "activation link" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.invoicing_user.partner_id)
        self.assertNotIn(query["token"], note.body, "the chatter never shows the token")

    def test_send_activation_company_and_individual(self):
        """A company and a person of that company each get their own login."""
        self._send(self.customer_company)
        self._send(self.customer_contact)
        company_user = self._login_of(self.customer_company)
        contact_user = self._login_of(self.customer_contact)
        self.assertEqual(company_user.login, "accounts@blueocean.example.com")
        self.assertEqual(contact_user.login, "jane.doe@blueocean.example.com")
        self.assertNotEqual(company_user, contact_user)

    def test_send_activation_errors_change_nothing(self):
        Partner = self.env["res.partner"]
        no_email = Partner.create({"name": "No Mail Inc", "is_company": True})
        bad_email = Partner.create({"name": "Bad Mail", "email": "not-an-email"})
        archived = Partner.create({"name": "Gone Corp", "email": "gone@example.com"})
        archived.action_archive()
        duplicate = Partner.create(
            {"name": "Jane Again", "email": "pp_portal@example.com"}
        )
        self.portal_user.login = "pp_portal@example.com"
        internal = self.internal_user.partner_id
        cases = [
            (no_email, "has no email address"),
            (bad_email, "is not valid"),
            (archived, "is archived"),
            (duplicate, "already the login of"),
            (internal, "is an internal user"),
        ]
        users_before = (
            self.env["res.users"].with_context(active_test=False).search_count([])
        )
        mails_before = self.env["mail.mail"].sudo().search_count([])
        for partner, message in cases:
            with (
                self.subTest(partner=partner.name),
                self._assert_refused(UserError, message),
            ):
                self._send(partner)
        self.assertEqual(
            self.env["res.users"].with_context(active_test=False).search_count([]),
            users_before,
            "no login was created",
        )
        self.assertEqual(
            self.env["mail.mail"].sudo().search_count([]),
            mails_before,
            "no mail queued",
        )

    def test_send_activation_twice_is_refused(self):
        self._send(self.customer_contact)
        with self._assert_refused(UserError, "already invited"):
            self._send(self.customer_contact)
        user = self._login_of(self.customer_contact)
        self._simulate_first_login(user)
        with self._assert_refused(UserError, "already uses the portal"):
            self._send(self.customer_contact)
        self.assertEqual(len(self._queued_link_mails(self.customer_contact)), 1)

    def test_failure_leaves_no_login_and_no_mail(self):
        """If the mail cannot be queued, the login is not created either."""
        self.env.ref("payment_portal.mail_template_portal_activation").unlink()
        with self._assert_refused(ValueError, "mail_template_portal_activation"):
            self._send(self.customer_contact)
        self.assertFalse(self._login_of(self.customer_contact))
        self.assertFalse(self._queued_link_mails(self.customer_contact))

    # ------------------------------------------------------------------
    # Resend, reset, revoke
    # ------------------------------------------------------------------

    def _link_sent_minutes_ago(self, partner, minutes=6):
        """The last link went out ``minutes`` ago (past the 5 minutes cooldown)."""
        partner.sudo().portal_link_sent_date = datetime.now() - timedelta(
            minutes=minutes
        )

    def test_resend_activation_link(self):
        contact = self.customer_contact.with_user(self.invoicing_user)
        with self._assert_refused(UserError, "no pending invitation"):
            contact.action_portal_resend_activation()
        self._send(self.customer_contact)
        self._link_sent_minutes_ago(self.customer_contact)
        contact.action_portal_resend_activation()
        mails = self._queued_link_mails(self.customer_contact)
        self.assertEqual(len(mails), 2)
        self.assertIn("/web/signup?", self._extract_link(mails[1]))
        self._simulate_first_login(self._login_of(self.customer_contact))
        with self._assert_refused(UserError, "no pending invitation"):
            contact.action_portal_resend_activation()

    def test_reset_password(self):
        contact = self.customer_contact.with_user(self.invoicing_user)
        with self._assert_refused(UserError, "no active portal login"):
            contact.action_portal_reset_password()
        self._send(self.customer_contact)
        with self._assert_refused(UserError, "no active portal login"):
            contact.action_portal_reset_password()
        self._simulate_first_login(self._login_of(self.customer_contact))
        self._link_sent_minutes_ago(self.customer_contact)
        contact.action_portal_reset_password()
        mail = self._queued_link_mails(self.customer_contact)[-1]
        self.assertIn("Reset your Portal Test Company", mail.subject)
        link = self._extract_link(mail)
        self.assertIn("/web/reset_password?", link)
        token = self._link_query(link)["token"]
        info = self.env["res.partner"].sudo()._signup_retrieve_info(token)
        self.assertEqual(info["login"], "jane.doe@blueocean.example.com")
        self.customer_contact.invalidate_recordset()
        self.assertEqual(self.customer_contact.portal_access_state, "active")

    def test_staff_resends_are_rate_limited_per_contact(self):
        """Resend and Reset Password: one link per contact within the
        cooldown (double clicks, two colleagues, a customer who just asked
        for one), with a clear message; another contact is not concerned."""
        contact = self.customer_contact.with_user(self.invoicing_user)
        self._send(self.customer_contact)
        with self._assert_refused(
            UserError, r"already emailed to .*Jane Doe.* in 5 minutes"
        ):
            contact.action_portal_resend_activation()
        self._link_sent_minutes_ago(self.customer_contact, minutes=3.5)
        with self._assert_refused(UserError, r"another in 2 minutes"):
            contact.action_portal_resend_activation()
        self._send(self.customer_company)  # another contact: sent at once
        self._link_sent_minutes_ago(self.customer_contact)
        contact.action_portal_resend_activation()
        with self._assert_refused(UserError, "already emailed"):
            contact.action_portal_resend_activation()
        self.assertEqual(len(self._queued_link_mails(self.customer_contact)), 2)
        self.assertEqual(len(self._queued_link_mails(self.customer_company)), 1)

        # A customer's own request counts too, and the reset link likewise.
        self._simulate_first_login(self._login_of(self.customer_contact))
        self._link_sent_minutes_ago(self.customer_contact)
        self.assertTrue(
            self.env["res.partner"]._portal_request_new_link(
                "jane.doe@blueocean.example.com"
            )
        )
        with self._assert_refused(UserError, "already emailed"):
            contact.action_portal_reset_password()
        self._link_sent_minutes_ago(self.customer_contact)
        contact.action_portal_reset_password()
        self.assertEqual(len(self._queued_link_mails(self.customer_contact)), 4)

    def test_revoke_and_invite_again(self):
        contact = self.customer_contact
        self._send(contact)
        token = self._link_query(self._extract_link(self._queued_link_mails(contact)))[
            "token"
        ]
        contact.with_user(self.invoicing_user).action_portal_revoke_access()
        contact.invalidate_recordset()
        user = self._login_of(contact)
        self.assertEqual(contact.portal_access_state, "revoked")
        self.assertFalse(contact.portal_is_user)
        self.assertFalse(user.active)
        self.assertFalse(
            self.env["res.partner"].sudo()._signup_retrieve_info(token),
            "the activation link dies with the access",
        )
        with self._assert_refused(UserError, "no portal access to revoke"):
            contact.with_user(self.invoicing_user).action_portal_revoke_access()

        self._send(contact)
        contact.invalidate_recordset()
        self.assertEqual(contact.portal_access_state, "invited")
        self.assertEqual(self._login_of(contact), user, "the same login comes back")
        self.assertTrue(user.active)
        self.assertTrue(user._is_portal())

    # ------------------------------------------------------------------
    # Status, filters, bulk
    # ------------------------------------------------------------------

    def test_status_search(self):
        Partner = self.env["res.partner"]
        invited = Partner.create({"name": "Invited Co", "email": "inv@example.com"})
        active = Partner.create({"name": "Active Co", "email": "act@example.com"})
        revoked = Partner.create({"name": "Revoked Co", "email": "rev@example.com"})
        for partner in invited | active | revoked:
            self._send(partner)
        self._simulate_first_login(self._login_of(active))
        revoked.with_user(self.invoicing_user).action_portal_revoke_access()
        (invited | active | revoked).invalidate_recordset()
        ours = invited | active | revoked | self.customer_contact
        for state, expected in [
            ("invited", invited),
            ("active", active),
            ("revoked", revoked),
            ("none", self.customer_contact),
        ]:
            with self.subTest(state=state):
                found = Partner.with_user(self.invoicing_user).search(
                    [("portal_access_state", "=", state), ("id", "in", ours.ids)]
                )
                self.assertEqual(found, expected)
                self.assertEqual(expected.portal_access_state, state)
        internal = Partner.search([("portal_access_state", "=", "internal")])
        self.assertIn(self.internal_user.partner_id, internal)
        not_invited = Partner.search(
            [("portal_access_state", "!=", "none"), ("id", "in", ours.ids)]
        )
        self.assertEqual(not_invited, invited | active | revoked)

    def test_bulk_send_reports_each_skipped_contact(self):
        Partner = self.env["res.partner"]
        ok_1 = Partner.create({"name": "Ok One", "email": "ok1@example.com"})
        ok_2 = Partner.create({"name": "Ok Two", "email": "ok2@example.com"})
        no_email = Partner.create({"name": "No Email"})
        bad_email = Partner.create({"name": "Bad Email", "email": "nope@"})
        taken = Partner.create({"name": "Taken", "email": "ok1@example.com"})
        active = Partner.create({"name": "Already Active", "email": "act@example.com"})
        self._send(active)
        self._simulate_first_login(self._login_of(active))
        partners = ok_1 | ok_2 | no_email | bad_email | taken | active

        action = partners.with_user(self.invoicing_user).action_portal_send_activation()

        report = self.env[action["res_model"]].browse(action["res_id"])
        self.assertEqual(report.sent_count, 2)
        self.assertEqual(report.skipped_count, 4)
        reasons = {line.partner_id: line.reason for line in report.line_ids}
        self.assertIn("no email address", reasons[no_email])
        self.assertIn("is not valid", reasons[bad_email])
        self.assertIn("already the login of", reasons[taken])
        self.assertIn("already uses the portal", reasons[active])
        self.assertFalse(reasons[ok_1])
        self.assertEqual(self._login_of(ok_1).login, "ok1@example.com")
        self.assertEqual(self._login_of(ok_2).login, "ok2@example.com")
        self.assertFalse(self._login_of(taken | no_email | bad_email))
        self.assertEqual(len(self._queued_link_mails(ok_1 | ok_2)), 2)

    # ------------------------------------------------------------------
    # Who may act
    # ------------------------------------------------------------------

    def test_only_invoicing_users_manage_portal_access(self):
        self._send(self.customer_company)
        methods = [
            "action_portal_send_activation",
            "action_portal_resend_activation",
            "action_portal_reset_password",
            "action_portal_revoke_access",
        ]
        public_user = self.env.ref("base.public_user")
        for user in (self.portal_user, self.internal_user, public_user):
            for method in methods:
                with (
                    self.subTest(user=user.login, method=method),
                    self.assertRaises(AccessError),
                ):
                    getattr(
                        (self.customer_contact | self.customer_company).with_user(user),
                        method,
                    )()
        with self.assertRaises(AccessError):
            self.env["payment.portal.activation.report"].with_user(
                self.portal_user
            )._send_and_report(self.customer_contact)
        self.assertFalse(self._login_of(self.customer_contact))

    # ------------------------------------------------------------------
    # Login follows the primary email; link validity
    # ------------------------------------------------------------------

    def test_login_follows_primary_email(self):
        self._send(self.customer_contact)
        user = self._login_of(self.customer_contact)
        self.customer_contact.with_user(user).sudo().write(
            {"email": "Jane.New@BlueOcean.example.com"}
        )
        self.assertEqual(user.login, "jane.new@blueocean.example.com")

        self.portal_user.login = "taken@example.com"
        with self._assert_refused(UserError, "already used to sign in"):
            self.customer_contact.write({"email": "taken@example.com"})
        self.assertEqual(user.login, "jane.new@blueocean.example.com")
        self.assertEqual(self.customer_contact.email, "Jane.New@BlueOcean.example.com")

    def test_internal_login_does_not_follow_email(self):
        login = self.internal_user.login
        self.internal_user.partner_id.email = "someone.else@example.com"
        self.assertEqual(self.internal_user.login, login)

    def test_activation_link_validity_setting(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.payment_portal_activation_validity_hours, 72)
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"payment_portal_activation_validity_hours": 0}
            )
        form = Form(self.env["res.config.settings"])
        form.payment_portal_activation_validity_hours = 24
        form.save().execute()
        self.assertEqual(
            self.env["ir.config_parameter"].get_param(
                "auth_signup.signup.validity.hours"
            ),
            "24",
        )

        now = datetime.now()
        with freeze_time(now):
            self._send(self.customer_contact)
        token = self._link_query(
            self._extract_link(self._queued_link_mails(self.customer_contact))
        )["token"]
        Partner = self.env["res.partner"].sudo()
        with freeze_time(now + timedelta(hours=23)):
            self.assertTrue(Partner._signup_retrieve_info(token))
        with freeze_time(now + timedelta(hours=25)):
            self.assertIsNone(Partner._signup_retrieve_info(token), "expired")

    def test_request_new_link_is_rate_limited_and_silent(self):
        Partner = self.env["res.partner"]
        self.assertFalse(Partner._portal_request_new_link("nobody@example.com"))
        self.assertFalse(Partner._portal_request_new_link(self.internal_user.login))
        self._send(self.customer_contact)
        # within the cooldown of the first link: nothing more
        self.assertFalse(
            Partner._portal_request_new_link("jane.doe@blueocean.example.com")
        )
        later = datetime.now() + timedelta(minutes=6)
        with freeze_time(later):
            self.assertTrue(
                Partner._portal_request_new_link("JANE.DOE@blueocean.example.com")
            )
            self.assertFalse(
                Partner._portal_request_new_link("jane.doe@blueocean.example.com")
            )
        mails = self._queued_link_mails(self.customer_contact)
        self.assertEqual(len(mails), 2)
        self.assertIn("/web/signup?", self._extract_link(mails[1]))
