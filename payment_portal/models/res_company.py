# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


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
