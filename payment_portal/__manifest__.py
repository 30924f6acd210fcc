# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
{
    "name": "Customer Payment Portal",
    "summary": "B2B customer payment portal: activation links, invoice "
    "selection and payment, payment profiles, Auto Pay",
    "version": "19.0.1.6.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/payment-portal/payment-portal",
    "author": "Payment Portal Contributors",
    "maintainers": ["payment-portal"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": False,
    "installable": True,
    "depends": ["account_payment", "portal", "auth_signup"],
    "data": [
        "security/ir.model.access.csv",
        "security/payment_portal_security.xml",
        "data/ir_config_parameter_data.xml",
        "data/mail_template_data.xml",
        "report/payment_receipt_report.xml",
        "data/mail_template_payment_data.xml",
        "data/ir_cron_data.xml",
        "views/res_partner_views.xml",
        "views/payment_portal_autopay_views.xml",
        "views/payment_portal_schedule_views.xml",
        "views/payment_portal_link_views.xml",
        "views/res_config_settings_views.xml",
        "views/auth_signup_templates.xml",
        "views/payment_portal_templates.xml",
        "views/payment_profiles_templates.xml",
        "views/payment_schedule_templates.xml",
        "views/portal_theme_templates.xml",
        "views/billing_email_templates.xml",
        "views/portal_navigation_templates.xml",
        "views/mail_layout_templates.xml",
        "views/accessibility_templates.xml",
        "wizard/payment_portal_activation_report_views.xml",
    ],
    "demo": [
        "demo/payment_portal_demo.xml",
        "demo/payment_portal_demo_history.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "payment_portal/static/src/interactions/**/*",
            "payment_portal/static/src/scss/**/*",
        ],
        "web.assets_tests": [
            "payment_portal/static/tests/tours/**/*",
        ],
    },
}
