# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The receipt email shows the card fee of a payment: its template is a
noupdate record, so the fee row is added here to the body as it is in the
database (every language), after its Amount row, keeping any change staff
made; a body without that row is left alone."""

import json
import logging
import re

_logger = logging.getLogger(__name__)

AMOUNT_ROW = re.compile(r"(<tr>\s*<td[^>]*>\s*Amount\s*</td>.*?</tr>)", re.DOTALL)
FEE_ROW = (
    '<tr t-if="object.payment_portal_fee_kind"><td style="color: #888888;" '
    "t-out=\"object._payment_portal_fee_label() or ''\">Card surcharge (3.00 %)</td>"
    '<td t-out="format_amount(object.payment_portal_fee_amount, object.currency_id) '
    "or ''\">$ 37.50</td></tr>"
)


def migrate(cr, version):
    cr.execute(
        """SELECT t.id, t.body_html FROM mail_template t
             JOIN ir_model_data d ON d.model = 'mail.template' AND d.res_id = t.id
            WHERE d.module = 'payment_portal' AND d.name = %s""",
        ("mail_template_payment_receipt",),
    )
    for template_id, body in cr.fetchall():
        changed = False
        for lang, html in (body or {}).items():
            if not html or "payment_portal_fee_kind" in html:
                continue
            new_html, count = AMOUNT_ROW.subn(r"\1" + FEE_ROW, html, count=1)
            if count:
                body[lang] = new_html
                changed = True
        if changed:
            cr.execute(
                "UPDATE mail_template SET body_html = %s::jsonb WHERE id = %s",
                (json.dumps(body), template_id),
            )
            _logger.info("Receipt email template %s: card fee row added", template_id)
