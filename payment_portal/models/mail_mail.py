# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import re

from markupsafe import escape

from odoo import models

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

    def _personalize_outgoing_body(self, body, partner=False, doc_to_followers=None):
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
