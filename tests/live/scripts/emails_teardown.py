# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""test_emails.py, in ``odoo shell``: remove its SMTP server; returns how
many there were."""


def main(env, params):
    servers = env["ir.mail_server"].search(
        [("name", "=", "live suite SMTP (test_emails)")]
    )
    servers.unlink()
    env.cr.commit()
    return len(servers)
