/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {payWithDemo} from "@payment_portal/../tests/tours/tour_utils";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("payment_portal_pay_invoices", {
    steps: () => [
        {
            content: "Open the status filter",
            trigger: "#portal_searchbar_filters",
            run: "click",
        },
        {
            content: "Filter the unpaid invoices",
            trigger: ".dropdown-menu a:contains(Unpaid)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "#portal_searchbar_filters:contains(Unpaid)",
        },
        {
            content: "The invoice in another currency is listed too",
            trigger: "tr:contains(TOUR-EUR) input.o_payment_portal_select",
        },
        {
            content: "Select the first invoice",
            trigger: "tr:contains(TOUR-A) input.o_payment_portal_select",
            run: "click",
        },
        {
            content: "Another currency cannot join this payment, and the page says why",
            trigger: "tr:contains(TOUR-EUR) input.o_payment_portal_select:disabled",
        },
        {
            trigger: ".o_payment_portal_incompatible:not(.d-none)",
        },
        {
            trigger: "tr:contains(TOUR-B) input.o_payment_portal_select",
            run: "click",
        },
        {
            trigger: "tr:contains(TOUR-C) input.o_payment_portal_select",
            run: "click",
        },
        {
            content: "The live total is the sum of the amounts due",
            trigger: ".o_payment_portal_selected_count:contains(3)",
        },
        {
            trigger: ".o_payment_portal_selected_total:contains(650.50)",
        },
        {
            content: "Pay Selected Invoices",
            trigger: "button.o_payment_portal_pay:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The checkout shows the same total",
            trigger: ".o_payment_portal_checkout_total:contains(650.50)",
        },
        ...payWithDemo(),
        {
            trigger: ".o_payment_portal_tx_reference:not(:empty)",
        },
        {
            trigger: ".o_payment_portal_tx_invoices:contains(TOUR-A):contains(TOUR-B):contains(TOUR-C)",
        },
    ],
});
