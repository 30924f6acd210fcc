# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""setup/run, in ``odoo shell`` (this file on stdin): point the Paya Connect
provider at the simulator whose settings (written by ``python3 -m
tests.simulators.paya_connect --config-file``) are in the file named by
$PAYA_CONFIG."""

import json
import os


def main(env, config):
    pages = {
        page["method"]: (page_id, page["key"])
        for page_id, page in config["pages"].items()
    }
    env.ref("payment_portal_gateway.payment_provider_paya_connect").write(
        {
            "state": "test",
            "is_published": True,
            "paya_environment": "custom",
            "paya_api_url": config["base_url"],
            "paya_developer_id": config["developer-id"],
            "paya_user_id": config["user-id"],
            "paya_user_api_key": config["user-api-key"],
            "paya_location_id": config["location_id"],
            "paya_cc_product_transaction_id": config["products"]["cc"],
            "paya_ach_product_transaction_id": config["products"]["ach"],
            "paya_hpp_cc_id": pages["cc"][0],
            "paya_hpp_cc_key": pages["cc"][1],
            "paya_hpp_ach_id": pages["ach"][0],
            "paya_hpp_ach_key": pages["ach"][1],
        }
    )
    env.cr.commit()


if __name__ == "__main__":
    with open(os.environ["PAYA_CONFIG"], encoding="utf-8") as file:
        main(env, json.load(file))  # noqa: F821 (odoo shell runs this file with its `env`)
