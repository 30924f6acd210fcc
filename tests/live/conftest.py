# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A throwaway database with both addons and demo data, on a PostgreSQL
cluster of the suite's own (so a test may restart it), the Paya Connect
simulator, and a prefork Odoo (2 HTTP workers, a cron worker) serving it."""

import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest
from lxml import html

from ..odoo_process import odoo_script, run_odoo
from ..simulators.paya_connect import PayaSimulator
from . import final_checks, scenario
from .pgcluster import PgCluster
from .server import Browser, LiveOdoo

SCRIPTS = Path(__file__).parent / "scripts"  # run in ``odoo shell``
REPORT = []  # the [live] lines of every test, printed again at the end


def pytest_terminal_summary(terminalreporter):
    """The report of the whole live suite, after every test and the final
    checks of the ``live`` fixture (printed past pytest's capture, so that
    setup/test shows it)."""
    if not REPORT:
        return
    terminalreporter.write("\n\n===== live suite report =====\n")
    for line in REPORT:
        terminalreporter.write(f"  - {line}\n")
    terminalreporter.write("=============================\n")


@pytest.fixture(scope="session")
def live():
    db = f"pp_live_{uuid.uuid4().hex[:8]}"
    cluster = PgCluster()
    simulator = PayaSimulator()
    server = None
    try:
        cluster.init()
        run_odoo(
            "-d",
            db,
            "-i",
            "payment_portal,payment_portal_gateway,payment_demo",
            "--with-demo",
            "--stop-after-init",
            "--log-level=warn",
            "--http-interface=127.0.0.1",
            options=cluster.odoo_args,
        )
        server = LiveOdoo(db, db_options=cluster.odoo_args)
        data = odoo_script(
            db,
            SCRIPTS / "scenario_setup.py",
            {"password": scenario.PASSWORD, "base_url": server.url},
            options=cluster.odoo_args,
        )
        simulator.start()
        server.start()
        context = LiveContext(db, cluster, server, simulator, data)
        context.paya()  # the gateway's secrets are in the database from the start
        yield context
        # Once every live test is done, with the servers still up: the checks
        # of the whole run (each adds its line to the report).
        failures = []
        for check in final_checks.CHECKS:
            try:
                check(context)
            except AssertionError as error:
                failures.append(f"{check.__name__}: {error}")
    finally:
        if server:
            server.stop()
        simulator.stop()
        cluster.destroy()
    assert not failures, "\n\n".join(failures)
    assert REPORT


class LiveContext:
    def __init__(self, db, cluster, server, simulator, data):
        self.db = db
        self.cluster = cluster
        self.server = server
        self.simulator = simulator
        self.data = data
        self._paya = None

    def report(self, line):
        """A line of the suite's final report (printed now, and again at the
        end by pytest_terminal_summary)."""
        REPORT.append(line)
        print(f"\n[live] {line}")

    def paya(self):
        """Configure the Paya Connect provider on the simulator (once) and
        return its id."""
        if self._paya is None:
            (cc_page, cc), (ach_page, ach) = sorted(
                self.simulator.pages.items(),
                key=lambda item: item[1]["method"],
                reverse=True,
            )
            sim = self.simulator
            self._paya = self.script(
                "paya_setup",
                {
                    "values": {
                        "state": "test",
                        "is_published": True,
                        "paya_environment": "custom",
                        "paya_api_url": sim.base_url,
                        "paya_developer_id": sim.credentials["developer-id"],
                        "paya_user_id": sim.credentials["user-id"],
                        "paya_user_api_key": sim.credentials["user-api-key"],
                        "paya_location_id": sim.location_id,
                        "paya_cc_product_transaction_id": sim.default_products["cc"],
                        "paya_ach_product_transaction_id": sim.default_products["ach"],
                        "paya_hpp_cc_id": cc_page,
                        "paya_hpp_cc_key": cc["key"],
                        "paya_hpp_ach_id": ach_page,
                        "paya_hpp_ach_key": ach["key"],
                        "allow_tokenization": True,
                    }
                },
            )
        return self._paya

    def script(self, name, params=None):
        """Run ``main(env, params)`` of scripts/``name``.py in ``odoo shell``
        on the live database; returns its result."""
        return odoo_script(
            self.db, SCRIPTS / f"{name}.py", params, options=self.cluster.odoo_args
        )

    def browser(self, role=None):
        """A client signed in as ``role`` (a, b, colleague, invoicing, admin),
        or anonymous."""
        client = Browser(self.server.url)
        if role:
            login = self.data[role]["login"]
            assert client.login(login, scenario.PASSWORD), f"{role} cannot sign in"
        return client

    def net_amount(self, invoice_ids, credit_ids=()):
        """The amounts due of ``invoice_ids`` minus what the credit lines
        ``credit_ids`` still take off (from the database)."""
        ids = ",".join(map(str, invoice_ids))
        lines = ",".join(map(str, credit_ids)) or "0"
        return self.sql(
            f"SELECT (SELECT sum(amount_residual) FROM account_move WHERE id IN "
            f"({ids})) + (SELECT coalesce(sum(amount_residual), 0) FROM "
            f"account_move_line WHERE id IN ({lines}))"
        )

    def checkout_page(self, client, invoice_ids, total=None, credit_ids=()):
        """``client`` opens the checkout of ``invoice_ids`` with the credits
        ``credit_ids`` (shown total: the net amount by default)."""
        if total is None:
            total = self.net_amount(invoice_ids, credit_ids)
        query = {"invoice_ids": ",".join(map(str, invoice_ids)), "total": total}
        if credit_ids:
            query["credit_ids"] = ",".join(map(str, credit_ids))
        page = client.get("/my/pay/checkout?" + urlencode(query))
        assert page.status_code == 200, page.text[:500]
        return page

    def checkout(self, client, invoice_ids, total=None, credit_ids=()):
        """``client`` opens the checkout of ``invoice_ids`` (and credits
        ``credit_ids``; shown total: the net amount by default); returns the
        payment form's context (its ``data-`` attributes)."""
        page = self.checkout_page(client, invoice_ids, total, credit_ids)
        form = html.fromstring(page.text).xpath('//form[@id="o_payment_form"]')
        assert form, page.text[:2000]
        return {
            key[5:].replace("-", "_"): value
            for key, value in form[0].items()
            if key.startswith("data-")
        }

    def apply_credits_form(self, client, invoice_ids, credit_ids, total=None):
        """``client`` opens the checkout of ``invoice_ids`` with credits that
        cover them: the Apply Credits page; returns its form's fields."""
        page = self.checkout_page(client, invoice_ids, total, credit_ids)
        form = html.fromstring(page.text).xpath(
            '//form[contains(@class, "o_payment_portal_apply_credits_form")]'
        )
        assert form, page.text[:2000]
        return {
            field.get("name"): field.get("value") or ""
            for field in form[0].xpath(".//input[@name]")
        }

    @staticmethod
    def selection_error(text):
        """The message of the selection page a refused checkout or Apply
        Credits goes back to (None: no message)."""
        alerts = html.fromstring(text).xpath(
            '//div[contains(@class, "alert-warning") and @role="alert"]'
        )
        return alerts[0].text_content().strip() if alerts else None

    def sql(self, query):
        return self.cluster.psql(self.db, query)
