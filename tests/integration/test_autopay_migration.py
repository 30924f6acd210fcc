# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Auto Pay moved from fields of res.partner (19.0.1.5.0) to its own model
(19.0.1.6.0): a database made with the previous version, its customers'
Auto Pay on, retrying, paused and off, is upgraded with the current code; the
new records carry exactly the old data, the paused customer's to-do follows,
and the cron (a noupdate record) runs the new model and still charges."""

import ast
import io
import subprocess
import tarfile
import uuid
from pathlib import Path

import pytest

from odoo.tools import config

from ..odoo_process import odoo_shell, run_odoo

# The last commit of 19.0.1.5.0, where Auto Pay lives on res.partner.
PREVIOUS = "b8c7e7b"
ADDONS = ("payment_portal", "payment_portal_gateway")
ROOT = Path(__file__).resolve().parents[2]
OLD_FIELDS = ("state", "token_id", "failures", "retry_date", "last_run", "last_result")

OLD_DATA = """
import json
from datetime import datetime, timedelta
from odoo import Command, fields
provider = env.ref("payment.payment_provider_demo")
provider.write({"state": "test", "allow_tokenization": True})
method = env.ref("payment_demo.payment_method_demo")
today = fields.Date.context_today(env["res.partner"])
Partner = env["res.partner"]

def customer(name, due_days=None):
    company = Partner.create({"name": f"Migrated {name}", "is_company": True,
                              "email": f"ap@{name.lower()}.example.com"})
    contact = Partner.create({"name": f"{name} Buyer", "parent_id": company.id,
                              "email": f"buyer@{name.lower()}.example.com"})
    token = env["payment.token"].create({
        "provider_id": provider.id, "payment_method_id": method.id,
        "partner_id": contact.id, "payment_details": "4242",
        "provider_ref": f"migrated-{company.id}", "demo_simulated_state": "done"})
    if due_days is not None:
        env["account.move"].create({
            "move_type": "out_invoice", "partner_id": company.id,
            "invoice_date": today - timedelta(days=10),
            "invoice_date_due": today + timedelta(days=due_days),
            "invoice_line_ids": [Command.create(
                {"name": "Service", "price_unit": 125.0, "tax_ids": []})],
        }).action_post()
    return company, token

def autopay(partner, token, state, **values):
    partner.write({"payment_portal_autopay_state": state,
                   "payment_portal_autopay_token_id": token.id})
    partner.write({f"payment_portal_autopay_{k}": v for k, v in values.items()})

charged, charged_token = customer("Charged", due_days=-1)
autopay(charged, charged_token, "on")
retrying, retrying_token = customer("Retrying", due_days=-2)
autopay(retrying, retrying_token, "on", failures=1,
        retry_date=today + timedelta(days=3),
        last_run=datetime(2026, 3, 1, 6, 30, 0),
        last_result="R-1 of $125.00 failed: declined")
paused, paused_token = customer("Paused")
autopay(paused, paused_token, "paused", failures=3,
        last_run=datetime(2026, 3, 2, 6, 30, 0),
        last_result="R-3 of $90.00 failed: expired card")
paused._payment_portal_autopay_alert_staff("Auto Pay failed three times.")
off, off_token = customer("Off")
autopay(off, off_token, "off", last_run=datetime(2026, 2, 27, 6, 0, 0),
        last_result="Paid $40.00 (R-0).")
never, _never_token = customer("Never")
env.cr.commit()
result = {}
for partner in (charged, retrying, paused, off, never):
    result[partner.name] = {"id": partner.id, **{
        name: str(partner[f"payment_portal_autopay_{name}"].id
                  if name == "token_id" else partner[f"payment_portal_autopay_{name}"])
        for name in %(fields)r}}
result["activities"] = paused.activity_ids.mapped("summary")
print("RESULT=" + json.dumps(result))
"""

NEW_DATA = """
import json
Autopay = env["payment.portal.autopay"]
cron = env.ref("payment_portal.cron_payment_portal_autopay")
result = {"records": {}, "cron": [cron.model_id.model, cron.code, cron.active]}
for autopay in Autopay.search([]):
    result["records"][autopay.partner_id.name] = {
        "id": autopay.partner_id.id, "company": autopay.company_id.id,
        **{name: str(autopay[name].id if name == "token_id" else autopay[name])
           for name in %(fields)r}}
paused = Autopay.search([("state", "=", "paused")])
result["activities"] = paused.activity_ids.mapped("summary")
result["partner_activities"] = paused.partner_id.activity_ids.mapped("summary")
env.cr.execute("SELECT count(*) FROM information_schema.columns WHERE "
               "table_name = 'res_partner' "
               "AND column_name LIKE 'payment_portal_autopay%%'")
result["old_columns"] = env.cr.fetchone()[0]
env.cr.execute("SELECT to_regclass('payment_portal_autopay_v19_0_1_5') IS NULL")
result["saved_table_dropped"] = env.cr.fetchone()[0]
result["company"] = env.company.id
cron.method_direct_trigger()
# The job ran on a cursor of its own: a new transaction sees what it did.
env.cr.commit()
env.invalidate_all()
charged = Autopay.search([("partner_id.name", "=", "Migrated Charged")])
invoices = env["account.move"].search(
    [("partner_id", "=", charged.partner_id.id), ("move_type", "=", "out_invoice")])
result["after_cron"] = {
    "invoices": invoices.mapped("payment_state"),
    "last_result": charged.last_result or "",
    "retrying_charged": bool(env["payment.transaction"].search_count([
        ("partner_id", "child_of", Autopay.search(
            [("partner_id.name", "=", "Migrated Retrying")]).partner_id.id),
        ("payment_portal_origin", "=", "autopay")])),
}
print("RESULT=" + json.dumps(result))
"""


def _previous_version(target):
    """Both addons as they were at ``PREVIOUS``, extracted into ``target``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", PREVIOUS, *ADDONS],
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        pytest.fail(
            f"The migration test needs the git history of {ROOT} (commit "
            f"{PREVIOUS}, version 19.0.1.5.0, with Auto Pay on res.partner) to "
            f"install the previous version: {archive.stderr.decode()[-500:]}"
        )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    manifest = ast.literal_eval((target / "payment_portal/__manifest__.py").read_text())
    assert manifest["version"] == "19.0.1.5.0", manifest["version"]


@pytest.fixture
def fresh_db():
    name = f"pp_migration_{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(["dropdb", "--if-exists", name], capture_output=True, check=False)


def test_autopay_data_moves_to_its_model(fresh_db, tmp_path):
    _previous_version(tmp_path)
    # The session's addons path, the current addons' directory replaced by
    # the previous version's.
    old_path = [str(tmp_path)] + [
        path
        for path in config["addons_path"]
        if not (Path(path) / "payment_portal").is_dir()
    ]
    run_odoo(
        "-d",
        fresh_db,
        "-i",
        "payment_portal,payment_portal_gateway,payment_demo",
        "--stop-after-init",
        "--log-level=warn",
        "--http-interface=127.0.0.1",
        addons_path=old_path,
    )
    old = odoo_shell(fresh_db, OLD_DATA % {"fields": OLD_FIELDS}, addons_path=old_path)
    assert old.pop("activities") == ["Auto Pay paused"]

    run_odoo(
        "-d",
        fresh_db,
        "-u",
        "payment_portal",
        "--stop-after-init",
        "--log-level=warn",
        "--http-interface=127.0.0.1",
    )
    new = odoo_shell(fresh_db, NEW_DATA % {"fields": OLD_FIELDS})

    records = new["records"]
    # A customer who never used Auto Pay gets no record; every other one
    # gets exactly its old data, in the company of its method.
    never = old.pop("Migrated Never")
    assert never["state"] == "off" and never["token_id"] == "False", never
    assert set(records) == set(old), (records, old)
    for name, values in old.items():
        assert records[name].pop("company") == new["company"], name
        assert records[name] == values, name
    assert records["Migrated Retrying"]["failures"] == "1"
    assert records["Migrated Paused"]["state"] == "paused"
    assert records["Migrated Off"]["token_id"] != "False"
    assert new["activities"] == ["Auto Pay paused"], "the to-do follows"
    assert new["partner_activities"] == []
    assert new["old_columns"] == 0, "the old fields are gone"
    assert new["saved_table_dropped"]
    assert new["cron"] == ["payment.portal.autopay", "model._cron_run()", True]
    # The cron runs on the new model: the due invoice is charged; the
    # retrying customer waits for its next try.
    after = new["after_cron"]
    assert after["invoices"] in (["paid"], ["in_payment"]), after
    assert after["last_result"].startswith("Paid"), after
    assert not after["retrying_charged"], after
