# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_signin.py's contacts, in ``odoo shell``: eight contacts of one
company, three of them active portal users.

params: ``password`` (the users')."""

from odoo import Command

KEYS = ("invitee", "late", "intruder", "holder", "resetter", "burst1", "burst2", "lock")
USERS = ("holder", "resetter", "lock")


def main(env, params):
    portal = env.ref("base.group_portal")
    Partner = env["res.partner"]
    company = Partner.create(
        {
            "name": "Signin Test Co",
            "is_company": True,
            "email": "ap@signin.example.com",
        }
    )
    people = {
        key: Partner.create(
            {
                "name": f"Signin {key.title()}",
                "parent_id": company.id,
                "email": f"{key}@signin.example.com",
            }
        )
        for key in KEYS
    }
    users = {}
    for key in USERS:
        users[key] = env["res.users"].create(
            {
                "name": people[key].name,
                "login": people[key].email,
                "partner_id": people[key].id,
                "password": params["password"],
                "group_ids": [Command.set(portal.ids)],
            }
        )
        # Signed in once: an active portal user (Reset Password applies).
        env["res.users.log"].with_user(users[key]).sudo().create({})
    env.cr.commit()
    return {
        key: {
            "partner": partner.id,
            "email": partner.email,
            "user": users[key].id if key in users else None,
        }
        for key, partner in people.items()
    }
