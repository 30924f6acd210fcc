# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The exactly-once batch engine shared by the addons' money paths.

Auto Pay, scheduled payments, a gateway's polling and the portal's saved-method
payment all follow the same two rules:

* **Commit, then charge.** An off-session charge's transaction is committed
  (draft, with the reference the provider will know the charge by) before the
  charge is sent. A worker killed or a database lost after the provider charged
  leaves that draft behind; the next run (or the gateway's polling) asks the
  provider by reference and completes it, it never charges again.
* **One unit, one commit.** A batch commits after each record through
  ``ir.cron._commit_progress`` (progress and time budget of Odoo's cron), rolls
  back only that record on a PostgreSQL concurrency error (another server, the
  customer paying the same invoices) or on any other error, and forgets the
  cache after each commit so memory stays flat however long the list.

Models describe *what* to do per record; this module decides *how* it is run.
"""

import logging

from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)


def commit_then(env, send):
    """Commit what was prepared (a draft transaction), then call ``send``.

    Through ``ir.cron._commit_progress``: inside a cron it commits without
    counting progress, outside one it is a plain commit (Odoo's documented
    behaviour), so routes, crons and RPC share one path.
    """
    env["ir.cron"]._commit_progress()
    return send()


class ExactlyOnceBatch:
    """Run one unit of work per record, each committed on its own.

    ``label`` names the batch in the logs. Typical use in a cron::

        batch = ExactlyOnceBatch(self.env, "Auto Pay")
        batch.plan(leftovers, customers)
        if batch.run(leftovers, lambda tx: tx._payment_portal_charge_again()):
            batch.run(customers, run_one, on_conflict=..., on_error=...)
    """

    def __init__(self, env, label):
        self.env = env
        self.label = label
        self.cron = env["ir.cron"]

    def plan(self, *record_lists):
        """Tell Odoo's cron progress how many records the run will process."""
        self.cron._commit_progress(
            remaining=sum(len(records) for records in record_lists)
        )

    def run(self, records, unit, *, on_conflict=None, on_error=None, expected=()):
        """Call ``unit(record)`` for each record, committing after each.

        - A PostgreSQL concurrency error (a row locked or changed by another
          transaction) rolls that record back and calls ``on_conflict(record)``
          (for instance to complete a charge already committed); the next run
          does what is still to do.
        - Any other error rolls that record back, is logged with its
          traceback, and calls ``on_error(record, error)``: one record never
          stops the run. Errors of the ``expected`` classes (a gateway
          answering with an error, say) are logged as warnings, without
          traceback.
        - After each commit the cache is forgotten (memory stays flat); records
          are browsed one id at a time, as iterating the recordset would
          prefetch it all again after each invalidation.

        Returns False when Odoo's cron asked to stop (its time budget is
        spent; the rest is for the next run), True otherwise.
        """
        model = records.browse()
        for record_id in records.ids:
            record = model.browse(record_id)
            try:
                unit(record)
                # A conflict with another transaction surfaces here, not in
                # the commit below.
                self.env.flush_all()
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                self.env.cr.rollback()
                _logger.info(
                    "%s: %s %s is changed by another run, rolled back",
                    self.label,
                    model._name,
                    record_id,
                )
                if on_conflict is not None:
                    on_conflict(record)
            except Exception as error:  # one record never stops the run
                self.env.cr.rollback()
                if isinstance(error, expected):
                    _logger.warning(
                        "%s: %s %s: %s", self.label, model._name, record_id, error
                    )
                else:
                    _logger.exception(
                        "%s: %s %s failed", self.label, model._name, record_id
                    )
                if on_error is not None:
                    on_error(record, error)
            if not self.cron._commit_progress(1):
                return False
            # Committed: forget the records done, memory stays flat.
            self.env.invalidate_all()
        return True
