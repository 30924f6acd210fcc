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

import pytest
import requests

from ..live.server import LiveOdoo
from ..odoo_process import odoo_shell, run_odoo

ADDONS = "payment_portal,payment_portal_gateway"
# The demo pays with the demo provider, as setup/run installs it.
DEMO_MODULES = "payment_demo"

DEMO_CHECK = """
import json
Move = env["account.move"]
customers = env["res.partner"].search([
    ("is_company", "=", True),
    ("email", "in", ["billing@northwind.example.com", "ap@globex.example.com",
                     "accounts@initech.example.com"]),
])
result = {}
for customer in customers:
    invoices = Move.search([
        ("partner_id", "=", customer.id), ("move_type", "=", "out_invoice"),
        ("state", "=", "posted"),
    ])
    logins = env["res.users"].search([
        ("partner_id", "child_of", customer.id), ("share", "=", True),
    ])
    result[customer.name] = {
        "logins": logins.mapped("login"),
        "portal": all(user._is_portal() for user in logins),
        "states": sorted(set(invoices.mapped("payment_state"))),
        "overdue": bool(invoices.filtered(
            lambda m: m.payment_state != "paid"
            and m.invoice_date_due < __import__("datetime").date.today())),
    }
print("RESULT=" + json.dumps(result))
"""

# The demo's payment history (demo/payment_portal_demo_history.xml), as the
# portal's flows leave it.
HISTORY_CHECK = """
import json
from odoo import fields
ref = env.ref
Move = env["account.move"]
Tx = env["payment.transaction"]
northwind = ref("payment_portal.demo_partner_northwind")
globex = ref("payment_portal.demo_partner_globex")
today = fields.Date.context_today(Move)
northwind_autopay = northwind._payment_portal_autopay()
globex_autopay = globex._payment_portal_autopay()

def txs(customer, **domain):
    return Tx.search([("partner_id", "child_of", customer.id)]
                     + [(k, "=", v) for k, v in domain.items()], order="id")

def tx_facts(tx):
    return {
        "state": tx.state, "method": tx.payment_method_id.code,
        "token": tx.token_id.payment_details or None,
        "invoices": tx.invoice_ids.mapped("payment_state"),
        "payment": tx.payment_id.state or None,
        "reconciled": bool(tx.invoice_ids) and all(
            tx.payment_id in m.matched_payment_ids for m in tx.invoice_ids),
        "mails": [k for k in ("receipt", "pending", "failure")
                  if tx["payment_portal_%s_sent" % k]],
        "past": tx.create_date.date() < today,
    }

alice = ref("payment_portal.demo_user_northwind")
future = ref("payment_portal.demo_invoice_northwind_future")
pending = Move.browse(Move._search(
    Move._payment_portal_status_domain("pending")
    & Move._payment_portal_domain(northwind)))
shown = bool(Move.with_user(alice).search([("id", "=", future.id)]))
future.company_id.payment_portal_hide_future_invoices = True
env.flush_all()
hidden = not Move.with_user(alice).search([("id", "=", future.id)])
env.cr.rollback()
refund = ref("payment_portal.demo_refund_northwind")
schedules = env["payment.portal.schedule"].search(
    [("partner_id", "=", northwind.id)], order="date")
result = {
    "portal": [tx_facts(tx) for tx in txs(northwind, payment_portal_origin="portal")],
    "tokens": sorted((t.payment_method_id.code, t.payment_details, t.provider_id.code,
                      t.create_date.date() < today)
                     for t in env["payment.token"].search(
                         [("partner_id", "child_of", northwind.id)])),
    "autopay": [northwind_autopay.state,
                northwind_autopay.token_id.payment_details],
    "pending_invoices": pending.mapped("name"),
    "schedules": [(s.state, s.amount, s.installment_number, s.installment_count,
                   (s.date - today).days, s.invoice_ids.mapped("name"))
                  for s in schedules],
    "future": [future.state, future.invoice_date > today, shown, hidden],
    "refund": [refund.move_type, refund.state, refund.amount_total],
    "bob": {
        "autopay": globex_autopay.state,
        "failures": globex_autopay.failures,
        "charges": [tx_facts(t) for t in txs(globex, payment_portal_origin="autopay")],
        "activities": globex_autopay.activity_ids.mapped("summary"),
        "last_result": globex_autopay.last_result,
    },
    "company": future.company_id.id,
}
print("RESULT=" + json.dumps(result))
"""

VIEWS_CHECK = """
import json
broken = []
models = ["res.partner", "res.users", "res.config.settings", "payment.provider"]
for view in env["ir.ui.view"].search([("model", "in", models)]):
    try:
        view._check_xml()
    except Exception as error:
        broken.append(f"{view.xml_id or view.id}: {error}")
for model in models:
    try:
        env[model].get_views([(False, "form"), (False, "list"), (False, "search")])
    except Exception as error:
        broken.append(f"{model} views: {error}")
for xmlid in ["web.login", "auth_signup.signup", "auth_signup.reset_password",
              "portal.portal_my_home", "portal.portal_my_details"]:
    try:
        env["ir.qweb"]._get_template(xmlid)
    except Exception as error:
        broken.append(f"{xmlid}: {error}")
leftovers = env["ir.model.data"].search_count([
    ("module", "in", ["payment_portal", "payment_portal_gateway"]),
    ("model", "not in", ["res.partner", "res.users", "account.move"]),
])
states = dict(env["ir.module.module"].search(
    [("name", "in", ["payment_portal", "payment_portal_gateway"])]).mapped(
    lambda m: (m.name, m.state)))
paya = env["payment.provider"].search_count([("code", "=", "paya_connect")])
ach = env.ref("payment.payment_method_ach_direct_debit").support_tokenization
crons = env["ir.cron"].with_context(active_test=False).search_count(
    [("code", "ilike", "_cron_paya_poll")])
print("RESULT=" + json.dumps({"broken": broken, "leftovers": leftovers,
                              "states": states, "paya": paya, "ach": ach,
                              "crons": crons}))
"""


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

    demo = odoo_shell(fresh_db, DEMO_CHECK)
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

    after = odoo_shell(fresh_db, VIEWS_CHECK)
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
    history = odoo_shell(db, HISTORY_CHECK)
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
