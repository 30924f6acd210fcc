/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */

/**
 * Pay the checkout with the demo provider's method of ``code`` and a test
 * card number, then wait for the payment's page.
 */
export function payWithDemo(code = "demo") {
    return [
        {
            content: "Pay with the demo provider",
            trigger: `input[name='o_payment_radio'][data-payment-method-code='${code}']`,
            run: "click",
        },
        {
            trigger: "input#customer_input",
            run: "edit 4242424242424242",
        },
        {
            trigger: "button[name='o_payment_submit_button']:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The payment's page",
            trigger: ".o_payment_portal_payment:contains(your payment was received)",
            timeout: 20000,
        },
    ];
}
