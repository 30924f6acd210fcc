# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_autopay_migration.py, in ``odoo shell`` after the upgrade: the Auto
Pay records, what is left of the old columns, and one run of the cron.
params: ``fields`` (the Auto Pay fields to read back)."""


def _records(autopays, names):
    records = {}
    for autopay in autopays:
        values = {}
        for name in names:
            value = autopay[name]
            values[name] = str(value.id if name == "token_id" else value)
        records[autopay.partner_id.name] = {
            "id": autopay.partner_id.id,
            "company": autopay.company_id.id,
            **values,
        }
    return records


def main(env, params):
    Autopay = env["payment.portal.autopay"]
    cron = env.ref("payment_portal.cron_payment_portal_autopay")
    result = {
        "records": _records(Autopay.search([]), params["fields"]),
        "cron": [cron.model_id.model, cron.code, cron.active],
    }
    paused = Autopay.search([("state", "=", "paused")])
    result["activities"] = paused.activity_ids.mapped("summary")
    result["partner_activities"] = paused.partner_id.activity_ids.mapped("summary")
    env.cr.execute(
        "SELECT count(*) FROM information_schema.columns WHERE "
        "table_name = 'res_partner' "
        "AND column_name LIKE 'payment_portal_autopay%'"
    )
    result["old_columns"] = env.cr.fetchone()[0]
    env.cr.execute("SELECT to_regclass('payment_portal_autopay_v19_0_1_5') IS NULL")
    result["saved_table_dropped"] = env.cr.fetchone()[0]
    result["company"] = env.company.id
    cron.method_direct_trigger()
    # The job ran on a cursor of its own: a new transaction sees what it did.
    env.cr.commit()
    env.invalidate_all()
    charged = Autopay.search([("partner_id.name", "=", "Migrated Charged")])
    retrying = Autopay.search([("partner_id.name", "=", "Migrated Retrying")])
    invoices = env["account.move"].search(
        [
            ("partner_id", "=", charged.partner_id.id),
            ("move_type", "=", "out_invoice"),
        ]
    )
    result["after_cron"] = {
        "invoices": invoices.mapped("payment_state"),
        "last_result": charged.last_result or "",
        "retrying_charged": bool(
            env["payment.transaction"].search_count(
                [
                    ("partner_id", "child_of", retrying.partner_id.id),
                    ("payment_portal_origin", "=", "autopay"),
                ]
            )
        ),
    }
    return result
