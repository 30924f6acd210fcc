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

from ..odoo_process import odoo_script, run_odoo

# The last commit of 19.0.1.5.0, where Auto Pay lives on res.partner.
PREVIOUS = "b8c7e7b"
ADDONS = ("payment_portal", "payment_portal_gateway")
ROOT = Path(__file__).resolve().parents[2]
OLD_FIELDS = ("state", "token_id", "failures", "retry_date", "last_run", "last_result")

SCRIPTS = Path(__file__).resolve().parent / "scripts"


def _git(*args):
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, check=False
    )


def _previous_version(target, commit=PREVIOUS, version="19.0.1.5.0"):
    """Both addons as they were at ``commit`` (of ``version``), extracted
    into ``target`` (a shallow clone first fetches the history it lacks)."""
    archive = _git("archive", "--format=tar", commit, *ADDONS)
    shallow = _git("rev-parse", "--is-shallow-repository").stdout.strip()
    if archive.returncode != 0 and shallow == b"true":
        _git("fetch", "--quiet", "--unshallow")
        archive = _git("archive", "--format=tar", commit, *ADDONS)
    if archive.returncode != 0:
        pytest.fail(
            f"The migration test needs the git history of {ROOT} (commit "
            f"{commit}, version {version}) to install the previous version: "
            f"{archive.stderr.decode()[-500:]}"
        )
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    manifest = ast.literal_eval((target / "payment_portal/__manifest__.py").read_text())
    assert manifest["version"] == version, manifest["version"]


def _install_previous(db, target, commit=PREVIOUS, version="19.0.1.5.0"):
    """Install both addons (and the demo provider) as they were at
    ``commit`` on a new database ``db``; returns the addons path used."""
    _previous_version(target, commit, version)
    old_path = _old_addons_path(target)
    run_odoo(
        "-d",
        db,
        "-i",
        "payment_portal,payment_portal_gateway,payment_demo",
        "--stop-after-init",
        "--log-level=warn",
        "--http-interface=127.0.0.1",
        addons_path=old_path,
    )
    return old_path


def _upgrade(db):
    """Upgrade ``db`` to the current code."""
    run_odoo(
        "-d",
        db,
        "-u",
        "payment_portal",
        "--stop-after-init",
        "--log-level=warn",
        "--http-interface=127.0.0.1",
    )


def _old_addons_path(target):
    """The session's addons path, the current addons' directory replaced by
    ``target`` (the previous version's)."""
    return [str(target)] + [
        path
        for path in config["addons_path"]
        if not (Path(path) / "payment_portal").is_dir()
    ]


@pytest.fixture
def fresh_db():
    name = f"pp_migration_{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run(["dropdb", "--if-exists", name], capture_output=True, check=False)


def test_autopay_data_moves_to_its_model(fresh_db, tmp_path):
    old_path = _install_previous(fresh_db, tmp_path)
    old = odoo_script(
        fresh_db,
        SCRIPTS / "autopay_old_data.py",
        {"fields": OLD_FIELDS},
        addons_path=old_path,
    )
    assert old.pop("activities") == ["Auto Pay paused"]

    _upgrade(fresh_db)
    new = odoo_script(fresh_db, SCRIPTS / "autopay_new_data.py", {"fields": OLD_FIELDS})

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
