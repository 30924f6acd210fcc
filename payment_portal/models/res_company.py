# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import base64
import io
import re
from urllib.parse import urlsplit

from PIL import Image

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

# Raster formats only: an SVG may carry scripts, and the logo is shown on
# pages anyone can open (the landing page).
LOGO_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


def _luminance(rgb):
    """WCAG 2 relative luminance of an (r, g, b) colour of 0-255 channels."""

    def linear(channel):
        channel /= 255
        if channel <= 0.03928:
            return channel / 12.92
        return ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _contrast_ratio(first, second):
    """WCAG 2 contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _hex(rgb):
    return "#" + "".join(f"{channel:02x}" for channel in rgb)


def _rgb_list(rgb):
    return ", ".join(str(channel) for channel in rgb)


HOST_LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
ORIGIN_HOST_PATTERN = re.compile(rf"^(\*\.)?{HOST_LABEL}(\.{HOST_LABEL})*$")


class ResCompany(models.Model):
    _inherit = "res.company"

    payment_portal_card_failure_email = fields.Boolean(
        string="Email Customers About Declined Cards",
        help="Email the customer when a card payment of the portal is declined "
        "or fails. The portal always tells them on the page. Failures of bank "
        "(ACH) payments, which are known only later, are always emailed.",
    )
    payment_portal_profile_delete = fields.Boolean(
        string="Customers May Delete Payment Profiles",
        default=True,
        help="Customers may delete their saved cards and bank accounts in the "
        "portal. Off: the button is hidden and the server refuses.",
    )
    payment_portal_autopay_change = fields.Boolean(
        string="Customers May Change Auto Pay",
        default=True,
        help="Customers may turn Auto Pay on or off and choose its payment "
        "method in the portal. Staff can always change it on the contact.",
    )
    payment_portal_autopay_default = fields.Boolean(
        string="Auto Pay Ticked by Default",
        default=True,
        help="When a customer adds a payment method, 'Use this payment method "
        "for Auto Pay' is ticked by default; the customer can untick it.",
    )
    payment_portal_credits_first = fields.Boolean(
        string="Auto Pay and Schedules Apply Credits First",
        help="Before charging a customer, Auto Pay and scheduled payments apply "
        "its open credits (credit notes, unapplied payments) to the invoices "
        "and charge only the rest; credits covering everything settle the "
        "invoices without a charge.",
    )
    payment_portal_short_payments = fields.Boolean(
        string="Customers May Pay Less Than Due",
        help="At checkout, customers may lower the amount paid on an invoice, "
        "choosing a reason from the list staff keep; the invoice becomes "
        "partially paid, the reason goes on its chatter and staff get an "
        "activity. The rest stays due.",
    )
    payment_portal_short_min_amount = fields.Float(
        string="Least Amount Paid per Invoice",
        digits="Account",
        help="A short payment pays at least this amount on an invoice.",
    )
    payment_portal_short_min_percent = fields.Float(
        string="Least Per Cent Paid per Invoice",
        digits=(5, 2),
        help="A short payment pays at least this per cent of the amount due.",
    )
    payment_portal_schedule = fields.Boolean(
        string="Customers May Schedule Payments",
        default=True,
        help="Customers may schedule payments and installment plans in the "
        "portal. Off: the tab and routes are gone for customers; existing "
        "schedules keep running unless staff cancel them.",
    )
    payment_portal_installments_max = fields.Integer(
        string="Most Installments per Plan",
        default=6,
        help="An installment plan splits an invoice into at most this many "
        "scheduled payments.",
    )
    payment_portal_installments_days = fields.Integer(
        string="Installment Plan Span (days)",
        default=180,
        help="The last installment of a plan is at most this many days away.",
    )

    payment_portal_enabled = fields.Boolean(
        string="Self-Serve Customer Portal",
        default=True,
        help="Customers may use the payment portal (invoice selection and "
        "payment, payment history, payment profiles, scheduled payments, "
        "landing page) and staff may send activation links. Off: those pages "
        "answer 'not found' and no activation link is offered.",
    )
    payment_portal_manage_emails = fields.Boolean(
        string="Customers May Manage Email Addresses",
        default=True,
        help="Customers add, edit and remove the billing email addresses that "
        "receive invoices and receipts, and change their primary email (their "
        "login follows). Off: read-only.",
    )
    payment_portal_manage_address = fields.Boolean(
        string="Customers May Manage Addresses",
        default=True,
        help="Customers edit, add and delete their addresses in the portal. "
        "Off: read-only, the server refuses changes.",
    )
    payment_portal_email_link = fields.Boolean(
        string="Portal Link in Customer Emails",
        help="Every email sent to a customer with portal access ends with a "
        "link to the customer portal.",
    )
    payment_portal_hide_future_invoices = fields.Boolean(
        string="Hide Future-Dated Invoices",
        help="The portal only shows invoices dated today or earlier (the due "
        "date plays no part). Scheduled payments and installments still show "
        "in the Scheduled tab.",
    )
    payment_portal_color = fields.Char(
        string="Portal Theme Colour",
        help="Colour of the portal's buttons, headers and links. Empty: Odoo's "
        "colours.",
    )
    payment_portal_link_ids = fields.One2many(
        "payment.portal.link", "company_id", string="Portal Links"
    )
    payment_portal_logo = fields.Image(
        string="Portal Logo",
        max_width=512,
        max_height=512,
        help="Shown to customers on the portal's landing page and pages. PNG, "
        "JPEG, GIF or WebP. Empty: the company logo.",
    )
    payment_portal_landing_text = fields.Text(
        string="Landing Page Text",
        translate=True,
        help="A short text shown on the portal's landing page, above the "
        "sign-in button.",
    )
    payment_portal_frame_origins = fields.Text(
        string="Sites Allowed to Embed the Landing Page",
        help="One origin per line, such as https://www.example.com. Only these "
        "sites may show the landing page in a frame; every other portal page "
        "refuses to be framed.",
    )
    payment_portal_login_ref = fields.Boolean(
        string="Sign In with Account Number",
        help="The portal's sign-in accepts the customer's account number (the "
        "Reference of the contact's company) as well as the email, with the "
        "password.",
    )

    @api.constrains("payment_portal_login_ref")
    def _check_payment_portal_login_ref(self):
        """Turning on the sign-in with account numbers needs them unique."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        for company in self.filtered("payment_portal_login_ref"):
            groups = Partner._read_group(
                [
                    ("ref", "!=", False),
                    ("parent_id", "=", False),
                    ("company_id", "in", [company.id, False]),
                ],
                ["ref"],
                having=[("__count", ">", 1)],
                limit=5,
            )
            if groups:
                raise ValidationError(
                    self.env._(
                        "Customers cannot sign in with their account number while "
                        "several contacts share one: %(numbers)s. Make each "
                        "Reference unique first.",
                        numbers=", ".join(ref for (ref,) in groups),
                    )
                )

    @api.constrains("payment_portal_color")
    def _check_payment_portal_color(self):
        for company in self:
            color = company.payment_portal_color
            if color and not COLOR_PATTERN.match(color):
                raise ValidationError(
                    self.env._("The portal theme colour must be a colour like #1f6f8b.")
                )

    @api.constrains("payment_portal_logo")
    def _check_payment_portal_logo(self):
        for company in self:
            if not company.payment_portal_logo:
                continue
            try:
                data = base64.b64decode(company.payment_portal_logo)
                with Image.open(io.BytesIO(data)) as image:
                    image_format = image.format
                    image.verify()
            except Exception as error:  # any decoding failure refuses the file
                raise ValidationError(self._payment_portal_logo_error()) from error
            if image_format not in LOGO_FORMATS:
                raise ValidationError(self._payment_portal_logo_error())

    def _payment_portal_next_batch_reference(self):
        """The company's next group payment number (Odoo's gapless
        sequence, as the Register Payment wizard's), taken when a payment of
        several invoices is created.

        Odoo takes a gapless number with ``FOR UPDATE NOWAIT``: two customers
        paying at the same instant make one of them fail and log an error
        before Odoo retries. The sequence's row is locked here first, waiting
        for the other payment instead (a concurrent update still ends in a
        serialization failure, which Odoo retries without logging an error).
        """
        self.ensure_one()
        # sudo: the sequence belongs to accounting; the customer only gets
        # the number.
        sequence = self.sudo().batch_payment_sequence_id
        if sequence.implementation == "no_gap":
            row = sequence._get_current_sequence()
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id = %s FOR UPDATE",
                    SQL.identifier(row._table),
                    row.id,
                ),
                log_exceptions=False,
            )
        return self.get_next_batch_payment_communication()

    def _payment_portal_logo_error(self):
        return self.env._(
            "The portal logo must be a PNG, JPEG, GIF or WebP image. This file "
            "is not one (SVG and other files are refused); the previous logo "
            "is kept."
        )

    @api.constrains("payment_portal_frame_origins")
    def _check_payment_portal_frame_origins(self):
        for company in self:
            company._payment_portal_frame_origins()

    def _payment_portal_frame_origins(self):
        """The origins that may frame the landing page, validated: scheme
        and host (with an optional port and leading ``*.``), nothing else, so
        that nothing an admin types can change the header's meaning."""
        self.ensure_one()
        origins = []
        for line in (self.payment_portal_frame_origins or "").splitlines():
            line = line.strip().rstrip("/")
            if not line:
                continue
            parts = urlsplit(line.lower())
            try:
                port = parts.port
            except ValueError:
                port = -1
            host = parts.netloc.rsplit(":", 1)[0] if port else parts.netloc
            if (
                parts.scheme not in ("http", "https")
                or parts.path
                or parts.query
                or parts.fragment
                or parts.username
                or parts.password
                or port == -1
                or not ORIGIN_HOST_PATTERN.match(host)
            ):
                raise ValidationError(
                    self.env._(
                        "%(origin)s is not a site origin. Write one per line, "
                        "like https://www.example.com (no path).",
                        origin=line,
                    )
                )
            origins.append(f"{parts.scheme}://{parts.netloc}")
        return origins

    def _payment_portal_landing_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/payment_portal/landing/{self.id}"

    def _payment_portal_theme_style(self):
        """The CSS variables of the portal's theme colour (validated hex), for
        a ``style`` attribute; empty when the company keeps Odoo's colours."""
        self.ensure_one()
        color = self.payment_portal_color
        if not color or not COLOR_PATTERN.match(color):
            return ""
        rgb = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
        # Text on the colour: black or white, whichever contrasts more (WCAG
        # contrast ratio: one of the two always reaches 4.5:1).
        contrast = (
            "#000000"
            if _contrast_ratio(rgb, (0, 0, 0)) > _contrast_ratio(rgb, (255, 255, 255))
            else "#ffffff"
        )
        # Text in the colour on the page's white: darkened until it reads.
        text = rgb
        while _contrast_ratio(text, (255, 255, 255)) < 4.5:
            text = tuple(int(channel * 0.9) for channel in text)
        return (
            f"--o-pp-color: {color.lower()}; --o-pp-color-rgb: {_rgb_list(rgb)}; "
            f"--o-pp-contrast: {contrast}; --o-pp-text: {_hex(text)}; "
            f"--o-pp-text-rgb: {_rgb_list(text)};"
        )

    def _payment_portal_links_sudo(self):
        """The portal links to show customers."""
        self.ensure_one()
        # sudo: customers read the links of their company, which only admins
        # may edit; they are shown on the portal pages anyway.
        return self.sudo().payment_portal_link_ids
