# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class MailTemplate(models.Model):
    _inherit = "mail.template"

    def _generate_template_attachments(
        self, res_ids, render_fields, render_results=None
    ):
        """Override of `mail`.

        With ``payment_portal_defer_reports`` in the context, the
        template's reports are not rendered now: the mail queue renders them
        when it sends the mail (see mail.mail._payment_portal_attach_reports)."""
        if self.env.context.get("payment_portal_defer_reports"):
            render_fields = [
                field for field in render_fields if field != "report_template_ids"
            ]
        return super()._generate_template_attachments(
            res_ids, render_fields, render_results=render_results
        )
