# Copyright 2026 Payment Portal Contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The portal's theme colour keeps its text readable (WCAG AA, 4.5:1)."""

import re

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from odoo.addons.payment_portal.models.res_company import _contrast_ratio

WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def _rgb(value):
    return tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))


@tagged("post_install", "-at_install")
class TestThemeContrast(TransactionCase):
    def _style(self, color):
        self.env.company.payment_portal_color = color
        style = self.env.company._payment_portal_theme_style()
        return dict(re.findall(r"--o-pp-([a-z-]+): ([^;]+);", style))

    def test_contrast_ratio_is_wcag(self):
        self.assertAlmostEqual(_contrast_ratio(WHITE, BLACK), 21.0)
        self.assertAlmostEqual(_contrast_ratio(WHITE, WHITE), 1.0)
        # Bootstrap's grey #6c757d on white: 4.69:1
        self.assertAlmostEqual(_contrast_ratio(_rgb("#6c757d"), WHITE), 4.69, 2)

    def test_text_in_and_on_the_colour_reads(self):
        for color in ("#1f6f8b", "#ffcc00", "#808080", "#ffffff", "#000000", "#00ff00"):
            values = self._style(color)
            self.assertEqual(values["color"], color)
            on_colour = _contrast_ratio(_rgb(color), _rgb(values["contrast"]))
            self.assertGreaterEqual(on_colour, 4.5, color)
            text = _rgb(values["text"])
            self.assertGreaterEqual(_contrast_ratio(text, WHITE), 4.5, color)
            self.assertEqual(values["text-rgb"], ", ".join(map(str, text)))
        # a colour that reads already is kept as is
        self.assertEqual(self._style("#1f6f8b")["text"], "#1f6f8b")
        self.assertEqual(self._style("#1f6f8b")["contrast"], "#ffffff")
        # mid grey: black reads better on it (5.3:1) than white (3.9:1)
        self.assertEqual(self._style("#808080")["contrast"], "#000000")
