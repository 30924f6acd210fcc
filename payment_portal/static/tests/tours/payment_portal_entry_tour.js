/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";

/**
 * From Odoo's page of an invoice to the one selection page and the checkout:
 * the invoice is ticked and counted in the live total.
 */
registry.category("web_tour.tours").add("payment_portal_entry_from_invoice", {
    steps: () => [
        {
            content: "Odoo's invoice page: the breadcrumb goes back to the selection",
            trigger: ".o_payment_portal_invoice_breadcrumb a[href='/my/pay']",
        },
        {
            content: "Pay Now opens the selection",
            trigger: "a.o_payment_portal_invoice_pay",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The invoice is ticked",
            trigger: "tr:contains(TOUR-ENTRY) input.o_payment_portal_select:checked",
        },
        {
            content: "The page says what was chosen",
            trigger: ".o_payment_portal_preselected",
        },
        {
            content: "The live total counts it",
            trigger: ".o_payment_portal_selected_count:contains(1)",
        },
        {
            trigger: ".o_payment_portal_selected_total:contains(250.50)",
        },
        {
            content: "Only the chosen invoice is listed",
            trigger: ".o_payment_portal_selection:not(:has(tr:contains(TOUR-OTHER)))",
        },
        {
            content: "The tab bar is there",
            trigger: ".o_payment_portal_nav a.active[href='/my/pay']",
        },
        {
            content: "Pay Selected Invoices",
            trigger: "button.o_payment_portal_pay:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The checkout shows that invoice and its amount due",
            trigger: ".o_payment_portal_checkout_invoices:contains(TOUR-ENTRY)",
        },
        {
            trigger: ".o_payment_portal_checkout_total:contains(250.50)",
        },
        {
            trigger: ".o_payment_portal_nav a.active[href='/my/pay']",
        },
        {
            content: "Back to the same selection",
            trigger: ".o_portal_submenu a[href*='select=']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "tr:contains(TOUR-ENTRY) input.o_payment_portal_select:checked",
        },
        {
            content: "All invoices again",
            trigger: "a.o_payment_portal_show_all",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "tr:contains(TOUR-OTHER) input.o_payment_portal_select:not(:checked)",
        },
        {
            trigger: ".o_payment_portal_selected_count:contains(0)",
        },
    ],
});
