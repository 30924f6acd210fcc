# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import datetime

from odoo import api, fields, models
from odoo.tools import SQL

# Rows of addresses that stopped failing are forgotten after this long (or the
# cooldown, if longer): Odoo's own counter lives until its worker restarts.
FAILURE_MEMORY = datetime.timedelta(days=1)


class PaymentPortalLoginFailure(models.Model):
    """Failed sign-ins per source address, as Odoo counts them for its
    cooldown after failed attempts (``base.login_cooldown_after``,
    ``base.login_cooldown_duration``), but kept in the database: every
    worker of a multi-process server sees the same count, so the lockout
    holds whichever worker serves the next attempt."""

    _name = "payment.portal.login.failure"
    _description = "Failed Sign-ins by Address"
    _log_access = False
    _rec_name = "source"
    _order = "last_failure desc"

    source = fields.Char(string="Address", required=True, readonly=True)
    failures = fields.Integer(readonly=True)
    last_failure = fields.Datetime(readonly=True)

    _source_unique = models.Constraint(
        "UNIQUE (source)", "One count of failed sign-ins per address."
    )

    @api.model
    def _get_failures(self, source):
        """``(failures, last failure)`` of ``source``, as Odoo's own counter
        gives them (``(0, datetime.min)`` when it has none)."""
        self.env.cr.execute(
            SQL(
                "SELECT failures, last_failure FROM %s WHERE source = %s",
                SQL.identifier(self._table),
                source,
            )
        )
        row = self.env.cr.fetchone()
        return tuple(row) if row else (0, datetime.datetime.min)

    @api.model
    def _record_failure(self, source):
        """One more failure for ``source``. In a cursor of its own, committed
        at once: the failed request may roll back (RPC sign-ins do), the
        count stays. Atomic: workers failing at the same instant all count."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    """INSERT INTO %(table)s (source, failures, last_failure)
                       VALUES (%(source)s, 1, %(now)s)
                       ON CONFLICT (source) DO UPDATE
                       SET failures = %(table)s.failures + 1,
                           last_failure = EXCLUDED.last_failure""",
                    table=SQL.identifier(self._table),
                    source=source,
                    now=datetime.datetime.now(),
                )
            )

    @api.model
    def _clear(self, source):
        """A successful sign-in from ``source`` forgets its failures."""
        with self.env.registry.cursor() as cr:
            cr.execute(
                SQL(
                    "DELETE FROM %s WHERE source = %s",
                    SQL.identifier(self._table),
                    source,
                )
            )

    @api.autovacuum
    def _gc_login_failures(self):
        """Forget addresses that stopped failing long ago."""
        duration = datetime.timedelta(
            seconds=int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("base.login_cooldown_duration", 60)
            )
        )
        cutoff = datetime.datetime.now() - max(FAILURE_MEMORY, duration)
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s WHERE last_failure < %s",
                SQL.identifier(self._table),
                cutoff,
            )
        )
