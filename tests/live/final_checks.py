# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The checks of the whole live run, made by the ``live`` fixture once every
test is done (conftest.py): no secret in any page or log line the run
produced, no unexpected error in the servers' logs. Each adds a line to the
report that conftest's ``pytest_terminal_summary`` prints."""

import glob
import re

from . import scenario
from .server import Browser

# Lock conflicts, handled by retries: two requests locking the same rows
# (Odoo retries the second); two servers' crons taking the company's next
# group payment number at once (Odoo's no-gap sequence locks it NOWAIT; the
# batch engine rolls that customer back and a later run charges it).
LOCK_CONFLICTS = [
    r"could not serialize access",
    r'could not obtain lock on row in relation "ir_sequence_date_range"',
]
# Errors the suite provokes on purpose, and nothing else.
EXPECTED_ERRORS = [
    *LOCK_CONFLICTS,
    # test_faults: the simulator's 500 answers, logged by Odoo's payment
    # logger as it logs any failed answer
    r"payment_provider: Received HTTP 500 Internal Server Error API response",
    # test_faults: PostgreSQL stopped; the cron worker's LISTEN connection
    # breaks and it exits, then the master cannot reach the database
    r"odoo\.service\.server: Worker WorkerCron \(\d+\) Exception occurred, exiting",
    r"odoo\.service\.server: connection to server at \S+, port \d+ failed",
]


def _log_lines(live):
    lines = []
    for path in sorted(glob.glob(f"/tmp/{live.db}-*.log")):
        with open(path, encoding="utf-8", errors="replace") as log:
            lines += log.read().splitlines()
    return lines


def no_secret_in_pages_or_logs(live):
    """test_no_secret_in_pages_or_logs of the whole run."""
    secrets = live.script("secret_values")
    secrets["the customers' password"] = scenario.PASSWORD
    # Short values (a demo token's reference, say) could match by chance.
    secrets = {name: value for name, value in secrets.items() if len(value) >= 8}
    log = _log_lines(live)
    leaks = []
    for url, headers, text in Browser.seen:
        blob = text + repr(headers)
        leaks += [
            f"{name} in {url}" for name, value in secrets.items() if value in blob
        ]
    for number, line in enumerate(log, 1):
        leaks += [
            f"{name} in log line {number}"
            for name, value in secrets.items()
            if value in line
        ]
    live.report(
        f"secrets: {len(secrets)} secrets (gateway keys, saved-method references, "
        f"password hashes, passwords) searched in {len(Browser.seen)} responses "
        f"and {len(log)} log lines: {len(leaks)} found"
    )
    assert not leaks, "\n".join(leaks[:20])


def expected_error(log, index, patterns=EXPECTED_ERRORS):
    """An expected error: its line or the next (a failed query is logged on
    one line, PostgreSQL's message on the next) matches ``patterns``."""
    text = " ".join(log[index : index + 2])
    return any(re.search(pattern, text) for pattern in patterns)


def server_logs_have_no_unexpected_error(live):
    """test_server_logs_have_no_unexpected_error of the whole run."""
    log = _log_lines(live)
    flagged = [
        index
        for index, line in enumerate(log)
        if re.search(r" (ERROR|CRITICAL) ", line)
    ]
    errors = [log[index] for index in flagged if not expected_error(log, index)]
    expected = len(flagged) - len(errors)
    live.report(
        f"server logs: {len(log)} lines, {len(errors)} unexpected errors, "
        f"{expected} expected ones ({', '.join(EXPECTED_ERRORS)})"
    )
    assert not errors, "\n".join(errors[:20])


# The checks, in the order of the report; each raises AssertionError.
CHECKS = (no_secret_in_pages_or_logs, server_logs_have_no_unexpected_error)
