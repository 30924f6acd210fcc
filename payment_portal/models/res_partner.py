# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import logging
from datetime import timedelta
from math import ceil

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command, Domain
from odoo.tools import SQL, email_normalize

_logger = logging.getLogger(__name__)

PORTAL_ACCESS_STATES = [
    ("none", "Not Invited"),
    ("invited", "Invited"),
    ("active", "Active"),
    ("revoked", "Revoked"),
    ("internal", "Internal User"),
]
# Signup types of auth_signup: the mail template announcing each link, and
# Odoo's parameter and default for the link's validity in hours.
LINK_TEMPLATES = {
    "signup": "payment_portal.mail_template_portal_activation",
    "reset": "payment_portal.mail_template_portal_password_reset",
}
LINK_VALIDITY = {
    "signup": ("auth_signup.signup.validity.hours", 144),
    "reset": ("auth_signup.reset_password.validity.hours", 4),
}


class ResPartner(models.Model):
    _inherit = "res.partner"

    portal_access_state = fields.Selection(
        PORTAL_ACCESS_STATES,
        string="Portal Status",
        compute="_compute_portal_access",
        search="_search_portal_access_state",
        help="Not Invited: no portal login yet. Invited: an activation link was "
        "sent and the customer has not signed in yet. Active: the customer "
        "signed in at least once. Revoked: staff removed the portal access.",
    )
    portal_is_user = fields.Boolean(
        string="Is Portal User", compute="_compute_portal_access"
    )
    payment_portal_enabled = fields.Boolean(
        compute="_compute_payment_portal_enabled",
        help="The self-serve customer portal is on for the contact's company.",
    )
    portal_login = fields.Char(compute="_compute_portal_access")
    portal_last_login = fields.Datetime(
        string="Last Portal Login", compute="_compute_portal_access"
    )
    portal_link_sent_date = fields.Datetime(
        string="Last Link Sent",
        readonly=True,
        copy=False,
        help="When the last activation or password link was emailed to this contact.",
    )
    # Auto Pay is the customer's (the commercial partner's), one per company:
    # see payment.portal.autopay.
    payment_portal_autopay_ids = fields.One2many(
        "payment.portal.autopay",
        "partner_id",
        string="Auto Pay",
        groups="account.group_account_invoice,account.group_account_readonly",
    )

    # ------------------------------------------------------------------
    # Portal access status
    # ------------------------------------------------------------------

    def _portal_get_user_sudo(self):
        """The login of this contact, archived ones included (active first)."""
        self.ensure_one()
        users = self.sudo().with_context(active_test=False).user_ids
        return users.sorted(lambda u: not u.active)[:1]

    @api.model
    def _portal_user_state(self, user_sudo):
        if not user_sudo:
            return "none"
        if not user_sudo.share:
            return "internal"
        if not user_sudo.active or not user_sudo._is_portal():
            return "revoked"
        return "active" if user_sudo.login_date else "invited"

    @api.depends("user_ids")
    def _compute_portal_access(self):
        # sudo: the logins of a contact may be archived or live in another
        # company; the status shows only their login and last sign-in date.
        users_sudo = (
            self.env["res.users"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", self._origin.ids)])
        )
        users_by_partner = users_sudo.grouped("partner_id")
        for partner in self:
            users = users_by_partner.get(partner._origin, users_sudo.browse())
            user_sudo = users.sorted(lambda u: not u.active)[:1]
            state = self._portal_user_state(user_sudo)
            partner.portal_access_state = state
            partner.portal_is_user = state in ("invited", "active")
            partner.portal_login = user_sudo.login if user_sudo else False
            partner.portal_last_login = user_sudo.login_date if user_sudo else False

    def _search_portal_access_state(self, operator, value):
        if operator != "in":
            return NotImplemented
        # sudo: searching contacts by the state of their login must see
        # archived logins too; only partner ids come out of the subquery.
        users_sudo = self.env["res.users"].sudo().with_context(active_test=False)
        portal_group = self.env.ref("base.group_portal")
        user_domains = {
            "internal": [("share", "=", False)],
            "revoked": [
                ("share", "=", True),
                "|",
                ("active", "=", False),
                ("group_ids", "not in", portal_group.ids),
            ],
            "invited": [
                ("share", "=", True),
                ("active", "=", True),
                ("group_ids", "in", portal_group.ids),
                ("log_ids", "=", False),
            ],
            "active": [
                ("share", "=", True),
                ("active", "=", True),
                ("group_ids", "in", portal_group.ids),
                ("log_ids", "!=", False),
            ],
        }
        domains = []
        for state in value:
            if state == "none":
                query = users_sudo._search([])
                domains.append(Domain("id", "not in", query.subselect("partner_id")))
            elif state in user_domains:
                query = users_sudo._search(user_domains[state])
                domains.append(Domain("id", "in", query.subselect("partner_id")))
        return Domain.OR(domains) if domains else Domain.FALSE

    # ------------------------------------------------------------------
    # Staff actions
    # ------------------------------------------------------------------

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_payment_portal_enabled(self):
        for partner in self:
            partner.payment_portal_enabled = (
                partner._payment_portal_company().payment_portal_enabled
            )

    def _payment_portal_company(self):
        """The company whose portal settings apply to this contact."""
        self.ensure_one()
        return self.company_id or self.env.company

    def _payment_portal_check_enabled(self):
        for partner in self:
            company = partner._payment_portal_company()
            if not company.payment_portal_enabled:
                raise UserError(
                    self.env._(
                        "The self-serve customer portal is turned off for "
                        "%(company)s: turn it on in Settings (Customer Payment "
                        "Portal) before sending activation links.",
                        company=company.name,
                    )
                )

    @api.constrains("ref", "company_id", "parent_id", "is_company")
    def _check_payment_portal_account_number(self):
        """Account numbers sign customers in: unique per company where that is
        on (the Reference of the company contact)."""
        for partner in self.filtered(lambda p: p.ref and not p.parent_id):
            company = partner._payment_portal_company()
            if not company.payment_portal_login_ref:
                continue
            duplicate = self.with_context(active_test=False).search(
                [
                    ("id", "!=", partner.id),
                    ("ref", "=", partner.ref),
                    ("parent_id", "=", False),
                    ("company_id", "in", [company.id, False]),
                ],
                limit=1,
            )
            if duplicate:
                raise ValidationError(
                    self.env._(
                        "The account number %(number)s is already the Reference of "
                        "%(other)s: customers sign in with it, so it must be unique.",
                        number=partner.ref,
                        other=duplicate.display_name,
                    )
                )

    def _portal_check_manager(self):
        """Invoicing users manage portal access; portal and public users never."""
        if self.env.su:
            return
        user = self.env.user
        if (
            user._is_public()
            or user.share
            or not user.has_group("account.group_account_invoice")
        ):
            raise AccessError(
                self.env._(
                    "Only invoicing users can manage the portal access of customers."
                )
            )

    def _portal_activation_error(self):
        """Why this contact cannot get an activation link now, or ``False``."""
        self.ensure_one()
        name = self.display_name
        if not self._payment_portal_company().payment_portal_enabled:
            return self.env._(
                "The self-serve customer portal is turned off for %(company)s: "
                "turn it on in Settings (Customer Payment Portal) first.",
                company=self._payment_portal_company().name,
            )
        if not self.active:
            return self.env._(
                "%(contact)s is archived. Restore the contact before inviting it "
                "to the portal.",
                contact=name,
            )
        if not self.email:
            return self.env._(
                "%(contact)s has no email address. Enter the customer's primary "
                "email first: it becomes their portal login.",
                contact=name,
            )
        email = email_normalize(self.email, strict=True)
        if not email:
            return self.env._(
                "The email address “%(email)s” of %(contact)s is not valid.",
                email=self.email,
                contact=name,
            )
        state = self.portal_access_state
        if state == "internal":
            return self.env._(
                "%(contact)s is an internal user and signs in to the back office, "
                "not to the customer portal.",
                contact=name,
            )
        if state == "active":
            return self.env._(
                "%(contact)s already uses the portal (login %(login)s). Use "
                "Reset Password to send a new password link.",
                contact=name,
                login=self.portal_login,
            )
        if state == "invited":
            return self.env._(
                "%(contact)s was already invited and has not signed in yet. Use "
                "Resend Activation Link.",
                contact=name,
            )
        other_user_sudo = self.env["res.users"]._payment_portal_login_owner(
            email, partner=self
        )
        if other_user_sudo:
            return self.env._(
                "The email address %(email)s of %(contact)s is already the login of "
                "%(other)s. Each customer signs in with their own primary email.",
                email=email,
                contact=name,
                other=other_user_sudo.partner_id.display_name,
            )
        return False

    def _portal_grant_access(self):
        """Create (or reactivate) the portal login and queue the activation mail."""
        self.ensure_one()
        # sudo: the portal wizard requires "Contact Creation" rights, which an
        # invoicing user may not have; _portal_check_manager() ran before.
        wizard_sudo = (
            self.env["portal.wizard"]
            .sudo()
            .create({"partner_ids": [Command.set(self.ids)]})
        )
        wizard_user_sudo = wizard_sudo.user_ids.filtered(
            lambda wizard_user: wizard_user.partner_id == self
        )
        wizard_user_sudo.with_context(
            payment_portal_activation=True
        ).action_grant_access()

    def action_portal_send_activation(self):
        """Send Activation Link: one contact raises, several are reported."""
        self._portal_check_manager()
        if len(self) != 1:
            return self.env["payment.portal.activation.report"]._send_and_report(self)
        error = self._portal_activation_error()
        if error:
            raise UserError(error)
        self._portal_grant_access()
        return self._portal_notification(
            self.env._("Activation link sent to %(email)s.", email=self.portal_login)
        )

    def action_portal_resend_activation(self):
        self._portal_check_manager()
        self._payment_portal_check_enabled()
        for partner in self:
            if partner.portal_access_state != "invited":
                raise UserError(
                    self.env._(
                        "%(contact)s has no pending invitation: only invited "
                        "customers who have not signed in yet can get a new "
                        "activation link.",
                        contact=partner.display_name,
                    )
                )
            partner._portal_check_link_cooldown()
            partner._portal_send_link("signup")
        return self._portal_notification(self.env._("Activation link sent again."))

    def action_portal_reset_password(self):
        self._portal_check_manager()
        for partner in self:
            if partner.portal_access_state != "active":
                raise UserError(
                    self.env._(
                        "%(contact)s has no active portal login. Send an "
                        "activation link instead.",
                        contact=partner.display_name,
                    )
                )
            partner._portal_check_link_cooldown()
            partner._portal_send_link("reset")
        return self._portal_notification(self.env._("Password reset link sent."))

    def action_portal_revoke_access(self):
        self._portal_check_manager()
        for partner in self:
            if partner.portal_access_state not in ("invited", "active"):
                raise UserError(
                    self.env._(
                        "%(contact)s has no portal access to revoke.",
                        contact=partner.display_name,
                    )
                )
            # sudo: see _portal_grant_access().
            wizard_sudo = (
                self.env["portal.wizard"]
                .sudo()
                .create({"partner_ids": [Command.set(partner.ids)]})
            )
            wizard_sudo.user_ids.filtered(
                lambda wizard_user, p=partner: wizard_user.partner_id == p
            ).action_revoke_access()
            partner._portal_log(self.env._("Portal access revoked."))
        return self._portal_notification(self.env._("Portal access revoked."))

    def _portal_notification(self, message):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": message,
                "sticky": False,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Links and mails
    # ------------------------------------------------------------------

    def _portal_send_link(self, signup_type):
        """Queue the activation (``signup``) or password (``reset``) mail.

        The link is a fresh auth_signup token: it dies after its validity, at
        its first use and at the next sign-in of the customer.
        """
        self.ensure_one()
        # sudo: signup tokens and the login are only readable by admins; the
        # caller checked the rights of the acting user (or is the public
        # "new link" request, which never reveals anything).
        partner_sudo = self.sudo()
        user_sudo = self._portal_get_user_sudo()
        if not user_sudo or not user_sudo.active:
            raise UserError(
                self.env._(
                    "%(contact)s has no portal login.", contact=self.display_name
                )
            )
        partner_sudo.signup_prepare(signup_type=signup_type)
        url = partner_sudo._get_signup_url_for_action(url="/my")[self.id]
        param, default = LINK_VALIDITY[signup_type]
        validity = int(self.env["ir.config_parameter"].sudo().get_param(param, default))
        template = self.env.ref(LINK_TEMPLATES[signup_type])
        template.sudo().with_context(
            portal_link_url=url,
            portal_link_validity_hours=validity,
            lang=user_sudo.lang,
        ).send_mail(user_sudo.id, force_send=False)
        partner_sudo.portal_link_sent_date = fields.Datetime.now()
        if signup_type == "signup":
            note = self.env._(
                "Portal activation link sent to %(email)s.", email=user_sudo.login
            )
        else:
            note = self.env._(
                "Portal password reset link sent to %(email)s.", email=user_sudo.login
            )
        self._portal_log(note)
        _logger.info(
            "Portal %s link queued for partner %s by user %s",
            signup_type,
            self.id,
            self.env.uid,
        )

    def _portal_log(self, message):
        # sudo: invoicing users may not write contacts, the note records
        # who acted as its author.
        self.sudo().message_post(
            body=Markup("<p>%s</p>") % message,
            author_id=self.env.user.partner_id.id,
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _portal_request_new_link(self, email):
        """A customer whose link expired asks for a new one by email.

        Returns whether a mail was queued; the caller never tells the visitor,
        so that nobody learns which addresses have an account.
        """
        login = email_normalize(email)
        if not login:
            return False
        # sudo: called from a public page; only portal logins are considered.
        user_sudo = (
            self.env["res.users"]
            .sudo()
            .search([("login", "=", login), ("share", "=", True)], limit=1)
        )
        if not user_sudo or not user_sudo._is_portal():
            return False
        partner_sudo = user_sudo.partner_id.sudo()
        if not partner_sudo._portal_claim_link_slot():
            return False
        partner_sudo._portal_send_link("reset" if user_sudo.login_date else "signup")
        return True

    @api.model
    def _portal_link_cooldown(self):
        """How long after a link another may be sent to the same contact."""
        return timedelta(
            minutes=int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("payment_portal.link_request_cooldown_minutes", 5)
            )
        )

    def _portal_claim_link_slot(self):
        """Whether a new link may go to this contact now (none sent within
        the cooldown); if so, its last-link date becomes now. One
        conditional UPDATE: of requests racing for the same contact (several
        tabs, both workers), one gets the slot; the others wait for its row
        lock, then PostgreSQL refuses their update (concurrent update), Odoo
        retries them and they see the new date."""
        self.ensure_one()
        self.flush_recordset(["portal_link_sent_date"])
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """UPDATE res_partner SET portal_link_sent_date = %(now)s
                    WHERE id = %(id)s
                      AND (portal_link_sent_date IS NULL
                           OR portal_link_sent_date <= %(cutoff)s)
                RETURNING id""",
                now=now,
                id=self.id,
                cutoff=now - self._portal_link_cooldown(),
            ),
            # The concurrent update is expected (the race this settles): Odoo
            # retries the request, no need for an error in the log.
            log_exceptions=False,
        )
        claimed = bool(self.env.cr.fetchone())
        self.invalidate_recordset(["portal_link_sent_date"])
        return claimed

    def _portal_check_link_cooldown(self):
        """Staff resending a link: at most one per contact within the
        cooldown, like the customers' own requests (double clicks, two
        colleagues, a customer who just asked for one)."""
        self.ensure_one()
        # sudo: the date is read-only for staff; only this contact's row.
        if self.sudo()._portal_claim_link_slot():
            return
        cooldown = self._portal_link_cooldown()
        now = fields.Datetime.now()
        last_sent = self.sudo().portal_link_sent_date or now
        wait = max(1, ceil((last_sent + cooldown - now).total_seconds() / 60))
        raise UserError(
            self.env._(
                "A link was already emailed to %(contact)s less than %(cooldown)s "
                "minutes ago: ask them to check their inbox (and spam folder). "
                "You can send another in %(wait)s minutes.",
                contact=self.display_name,
                cooldown=int(cooldown.total_seconds() // 60),
                wait=wait,
            )
        )

    # ------------------------------------------------------------------
    # The login follows the primary email
    # ------------------------------------------------------------------

    def write(self, vals):
        """Override of `base` to keep the portal login equal to the contact's primary
        email, refusing one another account signs in with."""
        if "email" not in vals:
            return super().write(vals)
        # sudo: the login lives on res.users, which a customer editing their
        # own details cannot read or write.
        following_users_sudo = (
            self.sudo()
            .with_context(active_test=False)
            .user_ids.filtered(
                lambda u: u.share and u.login == email_normalize(u.partner_id.email)
            )
        )
        res = super().write(vals)
        for user_sudo in following_users_sudo:
            new_login = email_normalize(user_sudo.partner_id.email, strict=True)
            if not new_login or new_login == user_sudo.login:
                continue
            if user_sudo._payment_portal_login_owner(new_login, user=user_sudo):
                raise UserError(
                    self.env._(
                        "The email address %(email)s is already used to sign in by "
                        "another account. Choose another email address.",
                        email=new_login,
                    )
                )
            user_sudo.login = new_login
        return res

    def _payment_portal_autopay(self, company=None):
        """The Auto Pay of this contact's customer in ``company`` (the
        current one by default); empty if it never had one."""
        self.ensure_one()
        return self.env["payment.portal.autopay"]._payment_portal_get(
            self, company or self.env.company
        )
