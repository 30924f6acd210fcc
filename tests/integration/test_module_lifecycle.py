# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Both addons install with demo data on a fresh database (with
payment_demo, as setup/run: the demo's payment history is made with its
provider), the demo's customers have the history it promises and their
pages show it; the addons upgrade, and uninstall leaving no broken view.
(The test database of setup/test is the install without demo data.)"""

import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from ..live.server import LiveOdoo
from ..odoo_process import odoo_script, run_odoo

ADDONS = "payment_portal,payment_portal_gateway"
# The demo pays with the demo provider, as setup/run installs it.
DEMO_MODULES = "payment_demo"
SCRIPTS = Path(__file__).parent / "scripts"  # run in ``odoo shell``


@pytest.fixture
def fresh_db():
    name = f"pp_lifecycle_{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(["dropdb", "--if-exists", name], capture_output=True, check=False)


def test_install_with_demo_upgrade_uninstall(fresh_db):
    run_odoo(
        "-d",
        fresh_db,
        "-i",
        f"{ADDONS},{DEMO_MODULES}",
        "--with-demo",
        "--stop-after-init",
        "--log-level=warn",
        "--http-interface=127.0.0.1",
    )

    demo = odoo_script(fresh_db, SCRIPTS / "demo_check.py")
    assert set(demo) == {"Northwind Traders", "Globex Industries", "Initech LLC"}
    for customer, facts in demo.items():
        assert facts["logins"] and facts["portal"], customer
        assert "not_paid" in facts["states"] and "paid" in facts["states"], customer
        assert facts["overdue"], customer
    assert any("partial" in facts["states"] for facts in demo.values())
    check_demo_history(fresh_db)

    run_odoo(
        "-d",
        fresh_db,
        "-u",
        ADDONS,
        "--stop-after-init",
        "--log-level=warn",
        "--http-interface=127.0.0.1",
    )

    # Uninstalling tries to delete the demo customers, which their posted
    # invoices still reference: PostgreSQL refuses, Odoo logs it and keeps them,
    # as for any addon whose demo data other records use.
    run_odoo(
        "module",
        "uninstall",
        "-d",
        fresh_db,
        "payment_portal_gateway",
        "payment_portal",
        tolerated=r'odoo\.sql_db: bad query: .*DELETE FROM "res_(partner|users)"',
    )

    after = odoo_script(fresh_db, SCRIPTS / "views_check.py")
    assert after["states"] == {
        "payment_portal": "uninstalled",
        "payment_portal_gateway": "uninstalled",
    }
    assert after["broken"] == []
    assert after["leftovers"] == 0
    assert after["paya"] == 0
    assert after["ach"] is False, "ACH tokenization back to Odoo's default"
    assert after["crons"] == 0


def check_demo_history(db):
    """Alice (Northwind) and Bob (Globex) have the history the demo promises,
    consistent as the real flows leave it, and their pages show it."""
    history = odoo_script(db, SCRIPTS / "history_check.py")
    done = [tx for tx in history["portal"] if tx["state"] == "done"]
    assert len(done) == 2
    for tx in done:
        assert tx["method"] == "card" and tx["token"] == "4242"
        assert len(tx["invoices"]) == 2 and set(tx["invoices"]) <= {
            "paid",
            "in_payment",
        }
        assert tx["payment"] in ("paid", "in_process") and tx["reconciled"]
        assert tx["mails"] == ["receipt"] and tx["past"]
    pending = [tx for tx in history["portal"] if tx["state"] == "pending"]
    assert [tx["method"] for tx in pending] == ["ach_direct_debit"]
    assert pending[0]["invoices"] == ["not_paid", "not_paid"]
    assert pending[0]["mails"] == ["pending"] and pending[0]["payment"] is None
    assert len(history["pending_invoices"]) == 2
    failed = [tx for tx in history["portal"] if tx["state"] == "error"]
    returned = [tx for tx in failed if tx["method"] == "ach_direct_debit"]
    declined = [tx for tx in failed if tx["method"] == "card"]
    assert len(returned) == 1 and returned[0]["mails"] == ["pending", "failure"]
    assert returned[0]["invoices"] == ["partial"]
    assert len(declined) == 1 and declined[0]["invoices"] == ["not_paid"]
    assert history["tokens"] == [
        ["ach_direct_debit", "6789", "demo", True],
        ["card", "4242", "demo", True],
    ]
    assert history["autopay"] == ["on", "4242"]
    one_off, *plan = history["schedules"]
    assert one_off[:3] == ["scheduled", 480.5, 0] and one_off[4] == 7
    assert [s[2:5] for s in plan] == [[1, 3, 10], [2, 3, 40], [3, 3, 70]]
    assert sum(s[1] for s in plan) == 5400.0 and {s[0] for s in plan} == {"scheduled"}
    # posted, dated in the future, shown to Alice unless the company hides it
    assert history["future"] == ["posted", True, True, True]
    assert history["refund"] == ["out_refund", "posted", 150.0]
    bob = history["bob"]
    assert bob["autopay"] == "paused" and bob["failures"] == 3
    assert [tx["state"] for tx in bob["charges"]] == ["error"] * 3
    assert all(tx["mails"] == ["failure"] for tx in bob["charges"])
    assert bob["activities"] == ["Auto Pay paused"]
    check_demo_pages(db, history["company"])


class DemoServer(LiveOdoo):
    """A threaded server without crons (nothing changes the demo meanwhile),
    started as ``python -m odoo`` as setup/run does: only prefork needs
    Odoo's launcher script."""

    def command(self):
        return [sys.executable, "-m", "odoo", *super().command()[2:]]


def check_demo_pages(db, company):
    """The customer pages render the history, as Alice and Bob see them."""
    server = DemoServer(db, workers=0, cron_workers=0).start()
    try:
        pages = {}
        for login in ("alice@northwind.example.com", "bob@globex.example.com"):
            session = requests.Session()
            login_page = session.get(f"{server.url}/web/login", timeout=60).text
            csrf = re.search(r'name="csrf_token" value="([^"]+)"', login_page)
            session.post(
                f"{server.url}/web/login",
                data={"login": login, "password": "portal-demo", "csrf_token": csrf[1]},
                timeout=60,
            )
            for path in ("/my/payments", "/my/payment_profiles", "/my/pay/scheduled"):
                response = session.get(server.url + path, timeout=60)
                assert response.status_code == 200, (login, path)
                pages[login.split("@")[0], path] = response.text
        payments = pages["alice", "/my/payments"]
        assert payments.count("/my/payments/") >= 5
        for status in ("Done", "Pending", "Failed"):
            assert f">{status}<" in re.sub(r"\s+", "", payments), status
        profiles = pages["alice", "/my/payment_profiles"]
        assert "4242" in profiles and "6789" in profiles
        scheduled = pages["alice", "/my/pay/scheduled"]
        assert "480.50" in scheduled and "1,800.00" in scheduled
        assert "0002" in pages["bob", "/my/payment_profiles"]
        assert "4242" not in pages["bob", "/my/payment_profiles"]
        landing = requests.get(
            f"{server.url}/payment_portal/landing/{company}", timeout=60
        )
        assert landing.status_code == 200
    finally:
        server.stop()
