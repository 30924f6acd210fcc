# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""setup/run, in ``odoo shell`` (this file on stdin): the demo payment
provider lets customers pay the demo invoices."""


def main(env):
    env.ref("payment.payment_provider_demo").write({"state": "test"})
    env.cr.commit()


if __name__ == "__main__":
    main(env)  # noqa: F821 (odoo shell runs this file with its `env`)
