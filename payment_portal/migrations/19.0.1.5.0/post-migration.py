# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The payment emails gained their buttons and the receipt its PDF receipt:
their templates (noupdate, so an update leaves them as they were) are loaded
again from the module's data once. They stay noupdate afterwards."""

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    convert_file(
        env,
        "payment_portal",
        "data/mail_template_payment_data.xml",
        {},
        mode="init",
        noupdate=True,
    )
