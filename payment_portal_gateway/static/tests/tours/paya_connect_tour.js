/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";

/**
 * Select the invoices TOUR-A and TOUR-B, pay them with a card on Paya's hosted
 * payment page (the page is another site: the customer's typing there is done
 * by the simulator's test autopilot), and come back to Odoo.
 */
function payWithCard() {
    return [
        {
            trigger: "tr:contains(TOUR-A) input.o_payment_portal_select",
            run: "click",
        },
        {
            trigger: "tr:contains(TOUR-B) input.o_payment_portal_select",
            run: "click",
        },
        {
            trigger: ".o_payment_portal_selected_total:contains(350.50)",
        },
        {
            content: "Pay Selected Invoices",
            trigger: "button.o_payment_portal_pay:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_payment_portal_checkout_total:contains(350.50)",
        },
        {
            content: "Pay by card with Paya Connect",
            trigger:
                "input[name='o_payment_radio'][data-provider-code='paya_connect'][data-payment-method-code='card']",
            run: "click",
        },
        {
            content: "Off to Paya's hosted payment page, and back",
            trigger: "button[name='o_payment_submit_button']:enabled",
            run: "click",
            expectUnloadPage: true,
        },
    ];
}

registry.category("web_tour.tours").add("paya_connect_card_approved", {
    steps: () => [
        ...payWithCard(),
        {
            content: "Back on Odoo: the confirmation with the transaction ID",
            trigger: ".o_payment_portal_payment:contains(your payment was received)",
            timeout: 30000,
        },
        {
            trigger: ".o_payment_portal_tx_reference:not(:empty)",
        },
        {
            trigger: ".o_payment_portal_tx_invoices:contains(TOUR-A):contains(TOUR-B)",
        },
    ],
});

registry.category("web_tour.tours").add("paya_connect_card_declined", {
    steps: () => [
        ...payWithCard(),
        {
            content: "Back on Odoo: the payment did not go through, and says why",
            trigger: ".o_payment_portal_payment:contains(did not go through):contains(Declined)",
            timeout: 30000,
        },
        {
            content: "The way back to try again",
            trigger: "a.o_payment_portal_retry",
        },
    ],
});
