# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""A PostgreSQL cluster of the live suite's own (initdb in a temporary
directory, its own port), so that a test may stop, kill or restart
PostgreSQL without touching any other database of the machine."""

import glob
import os
import shutil
import subprocess
import tempfile
import time

from .server import free_port

ROLE = "odoo_live"  # Odoo refuses to connect as "postgres"


def _bindir():
    try:
        result = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, check=True
        )
        bindir = result.stdout.strip()
        if os.path.exists(os.path.join(bindir, "initdb")):
            return bindir
    except (OSError, subprocess.CalledProcessError):
        pass
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise RuntimeError("PostgreSQL's initdb was not found (pg_config --bindir)")
    return os.path.dirname(candidates[-1])


class PgCluster:
    """initdb + pg_ctl; as root, PostgreSQL runs as the ``postgres`` user."""

    def __init__(self):
        self.bindir = _bindir()
        self.port = free_port()
        self.host = "127.0.0.1"
        self.root = tempfile.mkdtemp(prefix="pp_live_pg_")
        self.data = os.path.join(self.root, "data")
        self.logfile = os.path.join(self.root, "postgresql.log")

    def _run(self, *args, check=True):
        command = [os.path.join(self.bindir, args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, check=check)

    def init(self):
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
        self._run(
            "initdb",
            "-D",
            self.data,
            "-U",
            ROLE,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        with open(os.path.join(self.data, "postgresql.conf"), "a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '{self.host}'\n"
                "unix_socket_directories = ''\nfsync = off\n"
                "synchronous_commit = off\nfull_page_writes = off\n"
                "max_connections = 200\n"
            )
        return self.start()

    def start(self, timeout=60):
        self._run("pg_ctl", "-D", self.data, "-l", self.logfile, "-w", "start")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.ready():
                return self
            time.sleep(0.2)
        raise RuntimeError(f"PostgreSQL did not start: see {self.logfile}")

    def ready(self):
        result = subprocess.run(
            [
                os.path.join(self.bindir, "pg_isready"),
                "-h",
                self.host,
                "-p",
                str(self.port),
            ],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "stop", check=False)

    def restart(self, mode="fast"):
        self.stop(mode)
        return self.start()

    def destroy(self):
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def odoo_args(self):
        """Odoo's command-line options for this cluster."""
        return [
            f"--db_host={self.host}",
            f"--db_port={self.port}",
            f"--db_user={ROLE}",
            "--db_password=",
        ]

    def psql(self, db, query):
        result = subprocess.run(
            [
                "psql",
                "-X",
                "-At",
                "-h",
                self.host,
                "-p",
                str(self.port),
                "-U",
                ROLE,
                "-d",
                db,
                "-c",
                query,
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()
