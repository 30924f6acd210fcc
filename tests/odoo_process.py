# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Run Odoo in a subprocess, for the tests that need a database of their own."""

import json
import re
import subprocess
import sys

from odoo.tools import config


def run_odoo(
    *args, stdin=None, tolerated=None, timeout=1800, options=(), addons_path=None
):
    """Run ``python -m odoo`` with the test session's addons path (global
    options first, as subcommands need) and fail on a non-zero exit or an
    ERROR/CRITICAL log line, except those matching the regex ``tolerated``.
    ``options`` (database connection, say) follow the subcommand's.
    ``addons_path`` (a list) replaces the session's: Odoo only ever adds to
    its addons path, so another version of an addon needs its own."""
    addons_path = ",".join(addons_path or config["addons_path"])
    result = subprocess.run(
        [sys.executable, "-m", "odoo", f"--addons-path={addons_path}", *args, *options],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    errors = [
        line
        for line in result.stderr.splitlines()
        if re.search(r" (ERROR|CRITICAL) ", line)
        and not (tolerated and re.search(tolerated, line))
    ]
    assert result.returncode == 0 and not errors, result.stderr[-4000:]
    return result


# What ``odoo_script`` feeds ``odoo shell``: run the file's ``main``.
BOOTSTRAP = """
import json, runpy
main = runpy.run_path(%(path)r, run_name="odoo_script")["main"]
print("RESULT=" + json.dumps(main(env, json.loads(%(params)r))))
"""


def odoo_script(db, path, params=None, options=(), addons_path=None):
    """Run ``main(env, params)`` of the Python file ``path`` in ``odoo shell``
    on ``db`` and return its result. ``params`` and the result travel as JSON;
    ``main`` commits what it must keep (the shell rolls back at exit)."""
    params = json.dumps(params or {})
    return odoo_shell(
        db,
        BOOTSTRAP % {"path": str(path), "params": params},
        options,
        addons_path=addons_path,
    )


def odoo_shell(db, script, options=(), addons_path=None):
    """Run ``script`` in ``odoo shell``; it prints ``RESULT=<json>``."""
    result = run_odoo(
        "shell",
        "-d",
        db,
        "--no-http",
        "--log-level=warn",
        stdin=script,
        options=options,
        addons_path=addons_path,
    )
    line = next(
        line for line in result.stdout.splitlines() if line.startswith("RESULT=")
    )
    return json.loads(line[len("RESULT=") :])
