/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {payWithDemo} from "@payment_portal/../tests/tours/tour_utils";
import {registry} from "@web/core/registry";

/* Tick the invoices of refs ``refs`` and the credit of ``amount`` on /my/pay. */
function selectSteps(refs, amount) {
    return [
        ...refs.map((ref) => ({
            content: `Select ${ref}`,
            trigger: `tr:contains(${ref}) input.o_payment_portal_select`,
            run: "click",
        })),
        {
            content: "Apply the credit note",
            trigger: `tr.o_payment_portal_credit_row:contains(${amount}) input.o_payment_portal_select_credit`,
            run: "click",
        },
        {
            trigger: `.o_payment_portal_selected_count:contains(${refs.length})`,
        },
        {
            trigger: ".o_payment_portal_selected_credit_count:contains(1)",
        },
    ];
}

registry.category("web_tour.tours").add("payment_portal_pay_with_credits", {
    steps: () => [
        {
            content: "The customer's credits are listed under the invoices",
            trigger: "tr.o_payment_portal_credit_row:contains(Unapplied payment)",
        },
        ...selectSteps(["TOUR-A", "TOUR-B"], "150.00"),
        {
            content: "The live total is the invoices due minus the credit",
            trigger: ".o_payment_portal_selected_total:contains(500.00)",
        },
        {
            content: "Pay Selected Invoices",
            trigger: "button.o_payment_portal_pay:enabled:contains(Pay Selected Invoices)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The checkout lists the credit and charges the net total",
            trigger: ".o_payment_portal_checkout_credit:contains(150.00)",
        },
        {
            trigger: ".o_payment_portal_checkout_total:contains(500.00)",
        },
        ...payWithDemo(),
        {
            trigger: ".o_payment_portal_tx_invoices:contains(TOUR-A):contains(TOUR-B)",
        },
        {
            trigger: ".o_payment_portal_tx_credits:contains(150.00)",
        },
    ],
});

registry.category("web_tour.tours").add("payment_portal_apply_credits", {
    steps: () => [
        ...selectSteps(["TOUR-S"], "150.00"),
        {
            content: "Credits covering the invoices: nothing to charge",
            trigger: ".o_payment_portal_credit_rest:not(.d-none)",
        },
        {
            content: "The button applies the credits",
            trigger: "button.o_payment_portal_pay:enabled .o_payment_portal_apply_label:not(.d-none):contains(Apply Credits)",
        },
        {
            trigger: "button.o_payment_portal_pay",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The Apply Credits page: the invoice, the credit, nothing to pay",
            trigger: "h3:contains(Apply credits to 1 invoice)",
        },
        {
            trigger: ".o_payment_portal_checkout_credit:contains(150.00)",
        },
        {
            trigger: "p:contains(stays available for later):contains(90.00)",
        },
        {
            trigger: "button.o_payment_portal_apply_credits",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The confirmation",
            trigger: ".o_payment_portal_credits_applied:contains(Your credits were applied)",
        },
        {
            trigger: ".o_payment_portal_credits_applied:contains(Still available):contains(90.00)",
        },
    ],
});
