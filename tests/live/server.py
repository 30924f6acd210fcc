# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Real Odoo servers for the live suite: prefork (HTTP workers and a cron
worker) on a throwaway database, driven from outside over HTTP."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import ClassVar

import requests

from odoo.tools import config

# The live servers run this Python on a launcher file (see its docstring),
# whatever way Odoo was installed.
ODOO_LAUNCHER = os.path.join(os.path.dirname(__file__), "odoo_launcher.py")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveOdoo:
    """One Odoo server process (prefork) on ``db``."""

    def __init__(self, db, *, db_options=(), workers=2, cron_workers=1, log_dir="/tmp"):
        self.db = db
        self.db_options = list(db_options)
        self.workers = workers
        self.cron_workers = cron_workers
        self.port = free_port()
        self.gevent_port = free_port()
        self.logfile = os.path.join(log_dir, f"{db}-{self.port}.log")
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        addons_path = ",".join(config["addons_path"])
        return [
            sys.executable,
            ODOO_LAUNCHER,
            f"--addons-path={addons_path}",
            "-d",
            self.db,
            f"--db-filter=^{re.escape(self.db)}$",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={self.gevent_port}",
            f"--workers={self.workers}",
            f"--max-cron-threads={self.cron_workers}",
            "--limit-time-real=300",
            "--limit-time-cpu=240",
            "--log-level=info",
            f"--logfile={self.logfile}",
            "--no-database-list",
            *self.db_options,
        ]

    def start(self, timeout=120):
        self.process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            # A prefork worker drops a connection whose request has not
            # arrived within 2 s: in production a reverse proxy sends it
            # whole; here the load generator shares two cores with the
            # servers and may be late, so the servers wait as long as the
            # proxy would (Odoo's own setting).
            env={**os.environ, "ODOO_HTTP_SOCKET_TIMEOUT": "30"},
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Odoo exited: see {self.logfile}")
            try:
                if requests.get(f"{self.url}/web/health", timeout=2).ok:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"Odoo did not answer in {timeout} s: see {self.logfile}")

    def children(self):
        """The pids of the server's workers (HTTP, cron)."""
        result = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)],
            capture_output=True,
            text=True,
            check=False,
        )
        return [int(pid) for pid in result.stdout.split()]

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)

    def log_lines(self):
        with open(self.logfile, encoding="utf-8", errors="replace") as log:
            return log.read().splitlines()


class Browser:
    """A customer's (or attacker's) HTTP client with Odoo's CSRF handling.

    Every response's headers and body are kept in ``Browser.seen`` (url,
    headers, text), for the suite's check that no page carries a secret."""

    seen: ClassVar[list] = []

    def __init__(self, base_url):
        self.base_url = base_url
        self.session = requests.Session()
        self.session.hooks["response"].append(self._record)

    @classmethod
    def _record(cls, response, *args, **kwargs):
        cls.seen.append((response.url, dict(response.headers), response.text))

    def get(self, path, **kwargs):
        kwargs.setdefault("timeout", 60)
        return self.session.get(self.base_url + path, **kwargs)

    def post(self, path, data=None, **kwargs):
        kwargs.setdefault("timeout", 60)
        return self.session.post(self.base_url + path, data=data, **kwargs)

    def csrf(self, path="/web/login"):
        page = self.get(path).text
        match = re.search(r'csrf_token: "([^"]+)"', page) or re.search(
            r'name="csrf_token" value="([^"]+)"', page
        )
        return match.group(1)

    def login(self, login, password):
        response = self.post(
            "/web/login",
            data={
                "login": login,
                "password": password,
                "csrf_token": self.csrf(),
            },
        )
        return "session_id" in self.session.cookies and "/web/login" not in response.url

    def jsonrpc(self, path, params=None):
        response = self.session.post(
            self.base_url + path,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params or {}},
            timeout=60,
        )
        return response


def parallel(functions, timeout=180):
    """Run the functions at the same instant, one thread each; a function's
    exception is its result."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[index] = error

    threads = [
        threading.Thread(target=run, args=(index, function))
        for index, function in enumerate(functions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results


def transaction_params(context, provider, method, flow="direct", token=None):
    """What Odoo's payment form sends to the checkout's transaction route."""
    return {
        "provider_id": provider,
        "payment_method_id": method,
        "token_id": token,
        "amount": float(context["amount"]),
        "flow": flow,
        "tokenization_requested": False,
        "landing_route": context["landing_route"],
        "access_token": context["access_token"],
        "payment_reference": context.get("payment_reference"),
    }
