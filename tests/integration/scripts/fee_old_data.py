# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_fee_migration.py, in ``odoo shell`` on 19.0.1.7.0: staff edit the
receipt email."""


def main(env, params):
    template = env.ref("payment_portal.mail_template_payment_receipt")
    template.body_html = template.body_html.replace(
        "Thank you: we received your payment.",
        "Thank you: we received your payment (edited by staff).",
    )
    env.cr.commit()
    return {}
