/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";

/**
 * The customer disputes an invoice from the selection page: reason, message,
 * then Odoo's invoice page confirms it, with no way to pay it.
 */
registry.category("web_tour.tours").add("payment_portal_dispute_raise", {
    steps: () => [
        {
            content: "The invoice can be selected and disputed",
            trigger: "tr:contains(TOUR-DISPUTE) input.o_payment_portal_select",
        },
        {
            content: "Dispute it",
            trigger: "tr:contains(TOUR-DISPUTE) a.o_payment_portal_dispute_link",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose a reason",
            trigger: "select.o_payment_portal_dispute_reason",
            run: "selectByLabel Wrong price or quantity",
        },
        {
            content: "Say what is wrong",
            trigger: "textarea.o_payment_portal_dispute_message",
            run: "edit We ordered 10 units, not 12.",
        },
        {
            trigger: "button.o_payment_portal_dispute_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Odoo's invoice page confirms it",
            trigger: ".o_payment_portal_dispute_raised",
        },
        {
            content: "No Pay Now for a disputed invoice",
            trigger: "body:not(:has(.o_payment_portal_invoice_pay)):not(:has(a[data-bs-target='#pay_with']))",
        },
        {
            content: "The customer's message is in the invoice's chatter",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(We ordered 10 units)",
        },
        {
            content: "Back on the selection: Disputed, no checkbox",
            trigger: "body",
            run: () => (window.location.href = "/my/pay"),
            expectUnloadPage: true,
        },
        {
            trigger: "tr:contains(TOUR-DISPUTE) .o_payment_portal_status[data-status='disputed']",
        },
        {
            trigger: "tr:contains(TOUR-DISPUTE):not(:has(input.o_payment_portal_select))",
        },
    ],
});

/**
 * Staff rejected the dispute: the customer reads why on the invoice, and
 * pays it again from the selection.
 */
registry.category("web_tour.tours").add("payment_portal_dispute_rejected", {
    steps: () => [
        {
            content: "Staff's answer is in the invoice's chatter",
            trigger: "#chatterRoot:shadow .o-mail-Message:contains(Delivered as ordered)",
        },
        {
            content: "Pay Now is back: it opens the selection",
            trigger: "a.o_payment_portal_invoice_pay",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The invoice is selected again",
            trigger: "tr:contains(TOUR-DISPUTE) input.o_payment_portal_select:checked",
        },
        {
            trigger: "tr:contains(TOUR-DISPUTE) .o_payment_portal_status:not([data-status='disputed'])",
        },
    ],
});
