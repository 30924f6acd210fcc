/* Copyright 2026 Payment Portal Contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html). */
import {registry} from "@web/core/registry";

/**
 * From the portal's tab bar to the statement of account: open items, then
 * the activity of a period, its PDF, and the monthly statement by email.
 */
registry.category("web_tour.tours").add("payment_portal_statement", {
    steps: () => [
        {
            content: "The Statement tab of the portal",
            trigger: ".o_payment_portal_nav a[href='/my/statement']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_payment_portal_nav a.active[href='/my/statement']",
        },
        {
            content: "The open items, aged",
            trigger: ".o_payment_portal_statement_line:contains(TOUR-STMT-OLD)",
        },
        {
            trigger: ".o_payment_portal_statement_aging td[data-bucket='31_60']:contains(500.00)",
        },
        {
            trigger: ".o_payment_portal_statement_total:contains(750.00)",
        },
        {
            content: "Switch to the activity",
            trigger: "a.o_payment_portal_statement_activity",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "From 30 days ago",
            trigger: "input[name='date_from']",
            run() {
                const date = new Date();
                date.setDate(date.getDate() - 30);
                this.anchor.value = date.toISOString().slice(0, 10);
            },
        },
        {
            content: "To today",
            trigger: "input[name='date_to']",
            run() {
                this.anchor.value = new Date().toISOString().slice(0, 10);
            },
        },
        {
            trigger: "button.o_payment_portal_statement_show",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The old invoice opens the period",
            trigger: ".o_payment_portal_statement_opening:contains(500.00)",
        },
        {
            trigger: ".o_payment_portal_statement_line:contains(TOUR-STMT-NEW)",
        },
        {
            trigger: ".o_payment_portal_statement:not(:has(.o_payment_portal_statement_line:contains(TOUR-STMT-OLD)))",
        },
        {
            trigger: ".o_payment_portal_statement_closing:contains(750.00)",
        },
        {
            content: "Download the PDF of this period",
            trigger: "a.o_payment_portal_statement_pdf[href*='kind=activity'][href*='date_from=']",
            async run() {
                const response = await fetch(this.anchor.getAttribute("href"));
                const type = response.headers.get("Content-Type");
                const disposition = response.headers.get("Content-Disposition") || "";
                const body = await response.text();
                if (
                    response.status !== 200 ||
                    type !== "application/pdf" ||
                    !disposition.startsWith("attachment") ||
                    !body.includes("Opening balance")
                ) {
                    throw new Error(
                        `The PDF download failed: ${response.status} ${type} ${disposition}`
                    );
                }
            },
        },
        {
            content: "Ask for the statement every month",
            trigger: "button.o_payment_portal_statement_subscribe",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_payment_portal_message:contains(every month)",
        },
        {
            trigger: "button.o_payment_portal_statement_unsubscribe",
        },
    ],
});
