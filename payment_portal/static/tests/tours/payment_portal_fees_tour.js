/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {payWithDemo} from "@payment_portal/../tests/tours/tour_utils";
import {registry} from "@web/core/registry";

/* From /my/pay, tick the invoice of ``ref`` and open its checkout. */
function checkoutSteps(ref) {
    return [
        {
            content: `Select ${ref}`,
            trigger: `tr:contains(${ref}) input.o_payment_portal_select`,
            run: "click",
        },
        {
            trigger: "button.o_payment_portal_pay:enabled:contains(Pay Selected Invoices)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Before paying, each method's fee and total are shown",
            trigger: "#o_payment_portal_fees tr[data-fee-kind='surcharge']:contains(3.00 % surcharge):contains(30.00):contains(1,030.00)",
        },
        {
            trigger: "#o_payment_portal_fees tr[data-fee-kind='none']:contains(No fee):contains(1,000.00)",
        },
    ];
}

registry.category("web_tour.tours").add("payment_portal_pay_with_surcharge", {
    steps: () => [
        ...checkoutSteps("TOUR-FEE-CARD"),
        ...payWithDemo(),
        {
            content: "The confirmation shows the amount with the surcharge in it",
            trigger: ".o_payment_portal_tx_amount:contains(1,030.00)",
        },
        {
            trigger: ".o_payment_portal_tx_fee:contains(Card surcharge (3.00 %)):contains(30.00)",
        },
    ],
});

registry.category("web_tour.tours").add("payment_portal_pay_by_bank_without_fee", {
    steps: () => [
        ...checkoutSteps("TOUR-FEE-BANK"),
        ...payWithDemo("ach_direct_debit"),
        {
            content: "A bank payment: the invoice's amount, no fee",
            trigger: ".o_payment_portal_tx_amount:contains(1,000.00)",
        },
        {
            trigger: "body:not(:has(.o_payment_portal_tx_fee))",
        },
    ],
});
