"""Waiting states on the PDF links (issue 10): a click shows "PDF wordt gemaakt…" on the control
and in the live region, a second click sends no second request, and when the server answers
with its "busy" page the live region reads the reason. The PDF request is held by Playwright
until the test answers it (no timing)."""

import re

from playwright.sync_api import expect

from tests.networks.factories import NetworkFactory, StaffFactory


def test_a_pdf_link_waits_visibly_ignores_a_second_click_and_reads_the_reason(
    page, screenshot_dir, logged_in
):
    NetworkFactory(code="netwerk-pdf", name="Netwerk PDF")
    logged_in(StaffFactory, "staff.pdf", "/rapporten/", "a[data-report-pdf]")

    held = []
    page.route("**/netwerken/netwerk-pdf.pdf*", lambda route: held.append(route))
    link = page.locator('a[data-report-pdf][href$="netwerk-pdf.pdf"]')
    link.click()
    expect(page.locator("#report-status")).to_have_text("PDF wordt gemaakt…")
    assert link.get_attribute("aria-busy") == "true" and link.get_attribute("aria-disabled") == "true"
    assert link.locator(".js-label").inner_text() == "PDF wordt gemaakt…"
    assert page.locator("#report-status").inner_text() == "PDF wordt gemaakt…"
    assert page.locator("#report-status").get_attribute("aria-live") == "polite"
    page.screenshot(path=screenshot_dir / "report-download-waiting.png")
    link.dispatch_event("click")  # a double click: ignored while the first is running
    page.wait_for_timeout(100)
    assert len(held) == 1

    held[0].fulfill(
        status=503,
        content_type="text/html",
        body='<html><body><h1>Druk</h1><p id="report-message">De rapporten zijn druk bezig.</p></body>',
    )
    expect(page.locator("#report-status")).to_have_text(re.compile("druk bezig"))
    assert link.get_attribute("aria-busy") is None
    assert link.locator(".js-label").inner_text() == "PDF"
