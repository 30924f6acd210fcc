# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Auto Pay moves from fields of res.partner to its own model
(payment.portal.autopay). Before the module loads (and the fields' columns
are dropped at the end of the update), the Auto Pay data of the customers
(commercial partners) is saved in a table of its own; the post-migration
creates the records from it. The old views showing those fields are
removed (the module loads them again, on the new model), as a view of
res.partner naming a field that no longer exists would fail the update."""

from odoo.tools.sql import column_exists

SAVED_TABLE = "payment_portal_autopay_v19_0_1_5"
OLD_VIEWS = (
    "view_partner_form_payment_portal_autopay",
    "view_res_partner_filter_payment_portal_autopay",
    "view_partner_list_payment_portal_autopay",
)


def migrate(cr, version):
    if not column_exists(cr, "res_partner", "payment_portal_autopay_state"):
        return
    cr.execute(f"DROP TABLE IF EXISTS {SAVED_TABLE}")
    cr.execute(
        f"""CREATE TABLE {SAVED_TABLE} AS
            SELECT id AS partner_id,
                   company_id,
                   COALESCE(payment_portal_autopay_state, 'off') AS state,
                   payment_portal_autopay_token_id AS token_id,
                   COALESCE(payment_portal_autopay_failures, 0) AS failures,
                   payment_portal_autopay_retry_date AS retry_date,
                   payment_portal_autopay_last_run AS last_run,
                   payment_portal_autopay_last_result AS last_result
              FROM res_partner
             WHERE id = commercial_partner_id
               AND (COALESCE(payment_portal_autopay_state, 'off') != 'off'
                    OR payment_portal_autopay_token_id IS NOT NULL
                    OR payment_portal_autopay_last_run IS NOT NULL
                    OR COALESCE(payment_portal_autopay_failures, 0) != 0)"""
    )
    cr.execute(
        """DELETE FROM ir_ui_view
            WHERE id IN (SELECT res_id FROM ir_model_data
                          WHERE module = 'payment_portal' AND model = 'ir.ui.view'
                            AND name IN %s)""",
        (OLD_VIEWS,),
    )
    cr.execute(
        """DELETE FROM ir_model_data
            WHERE module = 'payment_portal' AND model = 'ir.ui.view'
              AND name IN %s""",
        (OLD_VIEWS,),
    )
