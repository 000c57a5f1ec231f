"""The web's reports page refuses a report as of a day before the registry existed, in the same
sentence as ``smreg audit``, and signs nothing."""

from __future__ import annotations


def test_a_findings_report_as_of_a_day_before_the_registry_existed_is_refused_and_not_signed(server, signed_in):
    page = signed_in("auditor")
    page.goto(server.url + "/reports")
    page.select_option("#f-kind", "findings")
    page.select_option("#f-format", "json")
    page.fill("#f-as_of", "2026-06-14")
    page.click("main button[type=submit]")
    text = page.locator("main").inner_text()
    assert "On 2026-06-14 the registry did not exist yet (created on 2026-06-15); there is nothing to audit." in text
    assert page.locator("text=Download the signature").count() == 0
