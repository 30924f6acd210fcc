# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re
from datetime import datetime, timedelta

import odoo
from odoo.tests import tagged
from odoo.tests.common import HttpCase, new_test_user

LOCKED = "Too many login failures"


@tagged("post_install", "-at_install")
class TestLoginCooldownHttp(HttpCase):
    """Odoo's cooldown after failed sign-ins, counted in the database so that
    it holds whichever worker serves the next attempt."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env, login="pp_cooldown", groups="base.group_portal", name="Cora"
        )
        ICP = cls.env["ir.config_parameter"].sudo()
        ICP.set_param("base.login_cooldown_after", 3)
        ICP.set_param("base.login_cooldown_duration", 600)
        cls.Failure = cls.env["payment.portal.login.failure"].sudo()

    def _login(self, password, login="pp_cooldown"):
        """The sign-in form, as a browser posts it: the uid signed in (or
        ``None``) and the page."""
        self.authenticate(None, None)
        page = self.url_open("/web/login").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": csrf},
        )
        sid = self.opener.cookies.get("session_id")
        session = sid and odoo.http.root.session_store.get(sid)
        return session and session.uid, response

    def _row(self):
        return self.Failure.search([("source", "=", "127.0.0.1")])

    def test_failures_are_kept_in_the_database(self):
        for attempt in range(3):
            uid, response = self._login("wrong")
            self.assertFalse(uid)
            self.assertIn("Wrong login/password", response.text)
            self.assertEqual(self._row().failures, attempt + 1)
        # Not in the worker's memory: a fresh worker (an empty map) is refused.
        failures_map = getattr(self.env.registry, "_login_failures", {})
        self.assertNotIn("127.0.0.1", failures_map)
        failures_map.clear()
        uid, response = self._login("pp_cooldown")
        self.assertFalse(uid, "locked out despite the right password")
        self.assertIn(LOCKED, response.text)
        self.assertEqual(self._row().failures, 3, "ignored attempts do not count")

        # After the cooldown the right password works and the count is gone.
        self._row().last_failure = datetime.now() - timedelta(seconds=601)
        self.env.flush_all()
        uid, _response = self._login("pp_cooldown")
        self.assertEqual(uid, self.user.id)
        self.assertFalse(self._row())

    def test_failures_of_another_worker_lock_out(self):
        """A count written by another process (another worker) holds here."""
        self.env.cr.execute(
            """INSERT INTO payment_portal_login_failure
               (source, failures, last_failure) VALUES ('127.0.0.1', 3, %s)""",
            [datetime.now()],
        )
        uid, response = self._login("pp_cooldown")
        self.assertFalse(uid)
        self.assertIn(LOCKED, response.text)
        # Another address is not concerned.
        self.env.cr.execute(
            "UPDATE payment_portal_login_failure SET source = '10.1.2.3'"
        )
        uid, _response = self._login("pp_cooldown")
        self.assertEqual(uid, self.user.id)
        self.assertFalse(self._row(), "nothing from 127.0.0.1")

    def test_success_resets_the_count(self):
        for _attempt in range(2):
            self._login("wrong")
        self.assertEqual(self._row().failures, 2)
        uid, _response = self._login("pp_cooldown")
        self.assertEqual(uid, self.user.id)
        self.assertFalse(self._row())
        for _attempt in range(2):
            self._login("wrong")
        # Two failures since the success: not locked out yet.
        uid, _response = self._login("pp_cooldown")
        self.assertEqual(uid, self.user.id)

    def test_unknown_logins_count_too(self):
        for _attempt in range(3):
            self._login("whatever", login="nobody@example.com")
        uid, response = self._login("pp_cooldown")
        self.assertFalse(uid)
        self.assertIn(LOCKED, response.text)

    def test_old_counts_are_purged(self):
        now = datetime.now()
        self.env.cr.execute(
            """INSERT INTO payment_portal_login_failure
               (source, failures, last_failure)
               VALUES ('10.0.0.1', 9, %s), ('10.0.0.2', 9, %s)""",
            [now - timedelta(days=2), now - timedelta(hours=1)],
        )
        self.Failure._gc_login_failures()
        self.assertEqual(
            self.Failure.search([]).mapped("source"), ["10.0.0.2"], "recent kept"
        )
