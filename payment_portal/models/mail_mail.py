# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
import re

from markupsafe import escape

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Command

_logger = logging.getLogger(__name__)

# The block the mail layouts add (views/mail_layout_templates.xml), kept for
# customers with portal access, removed for everyone else, like Odoo's
# unfollow link.
PORTAL_LINK_REGEX = re.compile(
    r'<div id="payment_portal_email_link".*?</div>', re.DOTALL
)
# Mail rendering makes local links absolute: match whatever base precedes.
PORTAL_LINK_HREF_REGEX = re.compile(r'href="[^"]*/payment_portal/email_link"')


class MailMail(models.Model):
    _inherit = "mail.mail"

    payment_portal_report_template_id = fields.Many2one(
        "mail.template",
        readonly=True,
        ondelete="set null",
        help="The template whose reports (the PDF receipt) are rendered and "
        "attached when the mail queue sends this mail, not when it is queued.",
    )

    def _send(
        self,
        auto_commit=False,
        raise_exception=False,
        smtp_session=None,
        alias_domain_id=False,
        mail_server=False,
        post_send_callback=None,
    ):
        """Override of `mail` to attach the deferred PDF reports before sending (see
        ``_payment_portal_attach_reports``)."""
        self._payment_portal_attach_reports()
        return super()._send(
            auto_commit=auto_commit,
            raise_exception=raise_exception,
            smtp_session=smtp_session,
            alias_domain_id=alias_domain_id,
            mail_server=mail_server,
            post_send_callback=post_send_callback,
        )

    def _payment_portal_attach_reports(self):
        """Render the reports of the mails that wait for them and attach
        them, as mail.template.send_mail would have when queuing the mail.

        The queue's cron worker runs wkhtmltopdf, not the request or cron
        that completed the payment: a customer's status page does not wait
        for a PDF, and a busy server's HTTP workers stay free to serve the
        report's assets to wkhtmltopdf. A mail whose report cannot be
        rendered is not sent without it: it fails with the reason."""
        for mail in self.filtered(
            lambda m: m.payment_portal_report_template_id and m.state == "outgoing"
        ):
            template = mail.payment_portal_report_template_id
            try:
                values = template._generate_template(
                    [mail.res_id], ["report_template_ids"]
                )[mail.res_id]
            except UserError as error:
                _logger.warning(
                    "Mail %s not sent: its report failed: %s", mail.id, error
                )
                mail.write(
                    {
                        "state": "exception",
                        "failure_type": "unknown",
                        "failure_reason": str(error),
                    }
                )
                continue
            mail.with_context(default_type=None).write(
                {
                    "payment_portal_report_template_id": False,
                    "attachment_ids": [
                        Command.create(
                            {
                                "name": name,
                                "datas": datas,
                                "type": "binary",
                                "res_model": "mail.message",
                                "res_id": mail.mail_message_id.id,
                            }
                        )
                        for name, datas in values.get("attachments", [])
                    ],
                }
            )

    def _personalize_outgoing_body(self, body, partner=False, doc_to_followers=None):
        """Override of `mail` to give each recipient their own portal link in the mail
        layouts."""
        body = super()._personalize_outgoing_body(
            body, partner=partner, doc_to_followers=doc_to_followers
        )
        if "payment_portal_email_link" not in (body or ""):
            return body
        url = partner and self._payment_portal_email_link_url(partner)
        if not url:
            return PORTAL_LINK_REGEX.sub("", body)
        href = f'href="{escape(url)}"'
        return PORTAL_LINK_HREF_REGEX.sub(lambda _match: href, body)

    def _payment_portal_email_link_url(self, partner):
        """The portal address for a customer with portal access whose company
        puts it in every email, else ``False``."""
        # sudo: the recipient's login is not readable by whoever sends.
        user_sudo = partner.sudo().user_ids.filtered(lambda user: user.share)[:1]
        company = user_sudo.company_id
        if (
            not user_sudo
            or not company.payment_portal_email_link
            or not company.payment_portal_enabled
        ):
            return False
        return f"{company.get_base_url()}/my"
