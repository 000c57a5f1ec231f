"""HR records a leaver's handover in the browser; the audit agrees; stale pages and wrong roles are refused."""

from __future__ import annotations

import re

from helpers import ok, smreg

REQUIRED = ("credentials rotated", "recovery contact moved", "second factor reset", "sessions signed out",
            "vault sharing updated")


def _sm702(db: str) -> list[dict]:
    findings = smreg(db, "audit", "--format", "json", "--rule", "SM702").json()["findings"]
    return [f for f in findings if f["subject"].get("handle") == "VoorbeeldWest"]


def test_hr_ticks_the_five_evidence_items_and_the_sm702_finding_disappears(server, signed_in):
    assert _sm702(server.db)
    page = signed_in("hr")
    page.goto(server.url + "/audit?rule=SM702")
    assert "x:VoorbeeldWest" in page.locator("#findings").inner_text()
    page.click("text=Offboarding")
    queue = page.locator("main table")
    assert "Pieter van Leeuwen" in queue.inner_text()
    assert "0 of 1" in queue.inner_text()
    page.click("text=Pieter van Leeuwen")
    assert page.locator("h1").inner_text() == "Offboarding checklist of Pieter van Leeuwen"
    assert page.locator("#f-receiver-1 option[selected]").inner_text().startswith("Sanne de Wit")
    for item in REQUIRED:
        page.click(f"button:has-text('Tick: {item}')")
        assert page.locator("p[role=status]").inner_text() == "Recorded."
    assert "handed over" in page.locator("h2").first.inner_text()
    assert "every account is handed over" in page.locator("main").inner_text()
    page.goto(server.url + "/offboarding")
    assert "Pieter van Leeuwen" not in page.locator("main").inner_text()
    page.goto(server.url + "/audit?rule=SM702")
    assert page.locator("#findings").count() == 0 or "x:VoorbeeldWest" not in page.locator("#findings").inner_text()
    page.goto(server.url + "/accounts/1")
    assert "SM702" not in page.locator("#h-findings + *").inner_text()
    assert _sm702(server.db) == []
    log = ok(server.db, "log", "show", "--format", "json").json()
    handover_events = [e for e in log if e["action"].startswith("handover.")]
    assert handover_events and {e["actor"] for e in handover_events} == {"hr"}


def test_a_stale_checklist_gets_the_conflict_message_and_changes_nothing(server, signed_in):
    first, second = signed_in("hr"), signed_in("admin")
    for page in (first, second):
        page.goto(server.url + "/offboarding/1002")
    first.click("button:has-text('Tick: sessions signed out')")
    assert first.locator("p[role=status]").inner_text() == "Recorded."
    second.click("button:has-text('Tick: sessions signed out')")
    assert "changed by someone else" in second.locator("p.message.error").inner_text()
    assert second.locator("a:has-text('Reload')").count() == 1
    history = ok(server.db, "log", "show", "--format", "json").json()
    assert [e["actor"] for e in history if e["action"].startswith("handover.")] == ["hr"]


def _csrf(page) -> str:
    return page.locator("input[name=csrf]").first.get_attribute("value")


def test_an_auditors_crafted_post_is_refused(server, signed_in):
    page = signed_in("auditor")
    page.goto(server.url + "/offboarding/1002")
    assert page.locator("button:has-text('Tick:')").count() == 0
    response = page.request.post(server.url + "/offboarding/1002/tick", form={
        "csrf": _csrf(page), "account": "1", "version": "1", "receiver": "1001", "item": "mfa_reset"})
    assert response.status == 403
    assert "You may not do this" in response.text()
    response = page.request.post(server.url + "/accounts/1/archive", form={"csrf": _csrf(page)})
    assert response.status == 403
    assert not [e for e in ok(server.db, "log", "show", "--format", "json").json()
                if e["action"].startswith(("handover.", "account.archived"))]


def test_a_post_without_the_csrf_token_is_refused(server, signed_in):
    page = signed_in("hr")
    page.goto(server.url + "/offboarding/1002")
    form = {"account": "1", "version": "1", "receiver": "1001", "item": "mfa_reset"}
    assert page.request.post(server.url + "/offboarding/1002/tick", form=form).status == 403
    assert page.request.post(server.url + "/offboarding/1002/tick", form={**form, "csrf": "forged"}).status == 403
    assert page.request.post(server.url + "/offboarding/1002/tick", form={**form, "csrf": _csrf(page)}, max_redirects=0).status == 303
    assert [e["action"] for e in ok(server.db, "log", "show", "--format", "json").json()
            if e["action"].startswith("handover.")] == ["handover.recorded"]


def test_markup_in_a_display_name_or_unit_name_renders_as_text(server, signed_in):
    ok(server.db, "account", "update", "x:VoorbeeldWest", "--display-name", "<script>window.pwned=1</script>")
    ok(server.db, "unit", "update", "ZON", "--name", '<img src=x onerror="window.pwned=2">')
    page = signed_in("it")
    for path in ("/", "/accounts", "/accounts/1", "/offboarding/1002"):
        page.goto(server.url + path)
        assert page.evaluate("typeof window.pwned") == "undefined"
        assert page.locator("main script, main img").count() == 0
    page.goto(server.url + "/accounts/1")
    assert "<script>window.pwned=1</script>" in page.locator("main").inner_text()
    page.goto(server.url + "/")
    assert '<img src=x onerror="window.pwned=2">' in page.locator("main").inner_text()


def test_pages_carry_a_strict_content_security_policy_and_answer_in_the_browsers_language(server, signed_in):
    page = signed_in("hr", lang="nl-NL")
    response = page.goto(server.url + "/offboarding")
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "script-src" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert page.locator("h1").inner_text() == "Vertrek"
    assert re.search(r"10-06-2026", page.locator("main").inner_text())
    page.click("text=English")
    assert page.locator("h1").inner_text() == "Offboarding"
    missing = page.goto(server.url + "/accounts/999")
    assert missing.status == 404 and page.locator("h1").inner_text() == "Page not found"
    page.goto(server.url + "/offboarding?lang=nl")
    missing = page.goto(server.url + "/nergens")
    assert missing.status == 404 and page.locator("h1").inner_text() == "Pagina niet gevonden"


def test_cookies_are_secure_http_only_and_same_site_strict(server, signed_in):
    page = signed_in("hr")
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "smreg_session"]
    assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert cookie["expires"] > 0
