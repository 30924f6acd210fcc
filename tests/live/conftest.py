# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A throwaway database with both addons and demo data, the Paya Connect
simulator, and a prefork Odoo (2 HTTP workers, a cron worker) serving it."""

import subprocess
import uuid

import pytest

from ..odoo_process import odoo_shell, run_odoo
from ..paya_simulator import PayaSimulator
from . import scenario
from .server import Browser, LiveOdoo


@pytest.fixture(scope="session")
def live():
    db = f"pp_live_{uuid.uuid4().hex[:8]}"
    simulator = PayaSimulator()
    server = None
    try:
        run_odoo(
            "-d",
            db,
            "-i",
            "payment_portal,payment_portal_gateway,payment_demo",
            "--with-demo",
            "--stop-after-init",
            "--log-level=warn",
            "--http-interface=127.0.0.1",
        )
        data = odoo_shell(db, scenario.SETUP % {"password": scenario.PASSWORD})
        simulator.start()
        server = LiveOdoo(db).start()
        yield LiveContext(db, server, simulator, data)
    finally:
        if server:
            server.stop()
        simulator.stop()
        subprocess.run(["dropdb", "--if-exists", db], capture_output=True, check=False)


class LiveContext:
    def __init__(self, db, server, simulator, data):
        self.db = db
        self.server = server
        self.simulator = simulator
        self.data = data

    def browser(self, role=None):
        """A client signed in as ``role`` (a, b, colleague, invoicing, admin),
        or anonymous."""
        client = Browser(self.server.url)
        if role:
            login = self.data[role]["login"]
            assert client.login(login, scenario.PASSWORD), f"{role} cannot sign in"
        return client

    def sql(self, query):
        result = subprocess.run(
            ["psql", "-X", "-At", "-d", self.db, "-c", query],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()
