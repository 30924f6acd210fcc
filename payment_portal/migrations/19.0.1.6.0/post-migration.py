# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Auto Pay records from the data the pre-migration saved: one per customer,
in the company of its Auto Pay method (else the customer's company, else the
main company), with the same state, method, failures, next try and last run.
The open "Auto Pay paused" activities move to the new records; the cron (a
noupdate record) now runs the new model."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools.sql import table_exists

_logger = logging.getLogger(__name__)

SAVED_TABLE = "payment_portal_autopay_v19_0_1_5"
FIELDS = ("state", "token_id", "failures", "retry_date", "last_run", "last_result")


def _create_records(env):
    cr = env.cr
    cr.execute(
        f"""SELECT s.partner_id, COALESCE(t.company_id, s.company_id),
                   {", ".join(f"s.{name}" for name in FIELDS)}
              FROM {SAVED_TABLE} s
              LEFT JOIN payment_token t ON t.id = s.token_id
             ORDER BY s.partner_id"""
    )
    rows = cr.fetchall()
    main_company = env.ref("base.main_company")
    values = [
        {
            "partner_id": partner_id,
            "company_id": company_id or main_company.id,
            **dict(zip(FIELDS, rest, strict=True)),
        }
        for partner_id, company_id, *rest in rows
    ]
    autopays = (
        env["payment.portal.autopay"]
        .with_context(tracking_disable=True, mail_create_nolog=True)
        .create(values)
    )
    _logger.info("Auto Pay: %s records created from the customers", len(autopays))
    return autopays


def _move_activities(env, autopays):
    """The "Auto Pay paused" to-dos of the customers follow their Auto Pay."""
    model_id = env["ir.model"]._get_id("payment.portal.autopay")
    Activity = env["mail.activity"]
    for autopay in autopays.filtered(lambda a: a.state == "paused"):
        Activity.search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", autopay.partner_id.id),
                ("summary", "=", "Auto Pay paused"),
            ]
        ).write({"res_model_id": model_id, "res_id": autopay.id})


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("payment_portal.cron_payment_portal_autopay", False)
    if cron:
        cron.write(
            {
                "model_id": env["ir.model"]._get_id("payment.portal.autopay"),
                "code": "model._cron_run()",
            }
        )
    if not table_exists(cr, SAVED_TABLE):
        return
    autopays = _create_records(env)
    _move_activities(env, autopays)
    cr.execute(f"DROP TABLE {SAVED_TABLE}")
