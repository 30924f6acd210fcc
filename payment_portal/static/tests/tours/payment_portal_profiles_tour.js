/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("payment_portal_profiles_and_schedule", {
    steps: () => [
        {
            content: "No saved method yet: add one",
            trigger: "a.o_payment_portal_add_method",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "'Use this payment method for Auto Pay' is ticked by default",
            trigger: "input#payment_portal_autopay:checked",
        },
        {
            trigger: "input[name='o_payment_radio'][data-payment-method-code='demo']",
            run: "click",
        },
        {
            trigger: "input#customer_input",
            run: "edit 4111111111111111",
        },
        {
            content: "Save it",
            trigger: "button[name='o_payment_submit_button']:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Back on Odoo's payment methods page, the card is saved",
            trigger: ".o_payment_form p:contains(1111)",
            timeout: 20000,
        },
        {
            trigger: "a:contains(Back to your payment methods and Auto Pay)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Auto Pay is on with the new card",
            trigger: ".o_payment_portal_autopay_status:contains(On):contains(1111)",
        },
        {
            trigger: ".o_payment_portal_autopay_badge",
        },
        {
            content: "Schedule a payment",
            trigger: "a[href='/my/pay/scheduled']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "a.o_payment_portal_schedule_new",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: "tr:contains(TOUR-S) input.o_payment_portal_schedule_invoice",
            run: "click",
        },
        {
            trigger: "input#schedule_amount",
            run: "edit 40",
        },
        {
            content: "In three days",
            trigger: "input#schedule_date",
            run() {
                const date = new Date();
                date.setDate(date.getDate() + 3);
                this.anchor.value = date.toISOString().slice(0, 10);
            },
        },
        {
            trigger: "button.o_payment_portal_schedule_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "It is listed in the Scheduled tab",
            trigger: ".o_payment_portal_schedule:contains(TOUR-S) .o_payment_portal_schedule_state:contains(Scheduled)",
        },
        {
            content: "Cancel it",
            trigger: ".o_payment_portal_schedule:contains(TOUR-S) button.o_payment_portal_schedule_cancel",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_payment_portal_schedule:contains(TOUR-S) .o_payment_portal_schedule_state:contains(Cancelled)",
        },
    ],
});
