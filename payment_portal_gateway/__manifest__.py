# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Customer Payment Portal: Gateways",
    "summary": "Paya Connect payment provider for the customer payment portal",
    "version": "19.0.1.3.0",
    "category": "Accounting/Payment Providers",
    "website": "https://github.com/payment-portal/payment-portal",
    "author": "Payment Portal Contributors",
    "maintainers": ["payment-portal"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "installable": True,
    "depends": ["payment_portal", "payment"],
    "external_dependencies": {"python": ["requests", "cryptography"]},
    "data": [
        "paya_connect/views/payment_provider_views.xml",
        "paya_connect/views/payment_paya_templates.xml",
        "paya_connect/views/res_config_settings_views.xml",
        "paya_connect/data/payment_method_data.xml",
        "paya_connect/data/payment_provider_data.xml",
        "paya_connect/data/ir_cron_data.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "payment_portal_gateway/static/src/paya_connect/interactions/post_processing.js",
        ],
        "web.assets_tests": [
            "payment_portal_gateway/static/tests/tours/**/*",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
