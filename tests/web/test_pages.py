"""The other pages in a real browser: imports, audit waivers, reports, review, people; accessibility."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ok, smreg

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PAGES = ("/", "/accounts", "/accounts/1", "/accounts/1/edit", "/accounts/new", "/people", "/people/1002",
         "/offboarding", "/offboarding/1002", "/audit", "/audit/rules/SM702", "/review", "/imports", "/reports",
         "/nowhere")

BAD_ACCOUNTS = (
    "platform,handle,unit,custodian,vault_ref\n"
    "instagram,good.one,ZON,1001,op://Social/good/password\n"
    "x,this handle has spaces,ZON,1001,op://Social/x/password\n"
    "facebook,SchoolPage,NOWHERE,1001,op://Social/f/password\n"
    "tiktok,zonschool,ZON,9999,Winter2026!\n"
)


def _events(db: str) -> int:
    return len(ok(db, "log", "show", "--format", "json").json())


def test_an_import_with_bad_rows_lists_every_bad_line_and_writes_nothing(server, signed_in, tmp_path):
    before, accounts = _events(server.db), ok(server.db, "account", "list", "--format", "json").json()
    upload = tmp_path / "accounts.csv"
    upload.write_text(BAD_ACCOUNTS)
    page = signed_in("it")
    page.goto(server.url + "/imports")
    page.select_option("#f-kind", "accounts")
    page.set_input_files("#f-file", str(upload))
    page.click("main button[type=submit]")
    problems = page.locator("#problems li").all_inner_texts()
    assert {line.split(":")[0] for line in problems} == {"line 3", "line 4", "line 5"}
    assert "Winter2026!" not in page.content()
    assert ok(server.db, "account", "list", "--format", "json").json() == accounts
    # The password in a vault-reference cell is logged as a refused attempt, never as its value.
    logged = ok(server.db, "log", "show", "--format", "json").json()
    assert len(logged) == before + 1 and "Winter2026!" not in json.dumps(logged)
    assert (logged[-1]["actor"], logged[-1]["result"], logged[-1]["origin"]["kind"], logged[-1]["origin"]["via"],
            logged[-1]["origin"]["client"]) == ("it", "refused", "import", "web", "127.0.0.1")
    upload.write_text("platform,handle,unit,custodian,vault_ref\ninstagram,good.one,ZON,1001,op://Social/good/password\n")
    page.set_input_files("#f-file", str(upload))
    page.click("main form[enctype] button[type=submit]")
    assert "1 to add" in page.locator("#summary").inner_text()
    assert ok(server.db, "account", "list", "--format", "json").json() == accounts
    page.click("text=Import it")
    assert "1 added" in page.locator("#summary").inner_text()
    handles = [a["handle"] for a in ok(server.db, "account", "list", "--format", "json").json()]
    assert "good.one" in handles
    imported = [e for e in ok(server.db, "log", "show", "--format", "json").json() if e["action"] == "account.imported"]
    assert [e["actor"] for e in imported] == ["it"]
    assert imported[0]["origin"]["file"] == "accounts.csv"  # the name it had on the user's computer


def test_hr_may_not_import_accounts_and_an_auditor_may_not_import_at_all(server, signed_in, tmp_path):
    page = signed_in("hr")
    page.goto(server.url + "/imports")
    assert page.locator("#f-kind option").all_inner_texts() == ["an HR export (people)"]
    auditor = signed_in("auditor")
    auditor.goto(server.url + "/imports")
    assert auditor.locator("#f-file").count() == 0


def test_a_waiver_made_on_the_audit_page_is_what_smreg_audit_reports(server, signed_in):
    page = signed_in("it")
    page.goto(server.url + "/audit?rule=SM702")
    row = page.locator("#findings tbody tr").first
    row.locator("input[name=reason]").fill("Handover booked for Monday")
    row.locator("input[name=until]").fill("2026-06-30")
    row.locator("button:has-text('Waive')").click()
    assert page.locator("p[role=status]").first.inner_text() == "The finding is waived."
    findings = ok(server.db, "audit", "--format", "json", "--rule", "SM702", "--fail-on", "critical").json()["findings"]
    assert [(f["waived"], f["waiver"]["reason"]) for f in findings] == [(True, "Handover booked for Monday")]


def test_an_auditor_makes_a_signed_report_that_verifies_offline(server, signed_in, tmp_path):
    page = signed_in("auditor")
    page.goto(server.url + "/reports")
    page.select_option("#f-kind", "findings")
    page.select_option("#f-format", "json")
    page.click("main button[type=submit]")
    with page.expect_download() as report:
        page.click("text=Download the report")
    with page.expect_download() as signature:
        page.click("text=Download the signature")
    target = tmp_path / "findings-report.json"
    report.value.save_as(target)
    signature.value.save_as(tmp_path / "findings-report.json.sig")
    assert json.loads(target.read_text())["report"] == "findings"
    ok(server.db, "verify", str(target))
    target.write_text(target.read_text().replace("\"findings\"", "\"findingz\"", 1))
    assert smreg(server.db, "verify", str(target)).exit_code == 4


def test_hr_records_a_departure_and_the_case_appears_in_the_queue(server, signed_in):
    page = signed_in("hr")
    page.goto(server.url + "/people?q=Sanne")
    page.click("text=1001")
    assert "instagram:de.zon.school" in page.locator("main table").inner_text()
    page.fill("#f-on", "2026-07-31")
    page.click("button:has-text('Record the departure')")
    assert "offboarding case is open" in page.locator("p[role=status]").inner_text()
    page.goto(server.url + "/offboarding")
    assert "Sanne de Wit" in page.locator("main table").inner_text()
    assert ok(server.db, "person", "show", "1001", "--format", "json").json()["end_date"] == "2026-07-31"


def test_the_account_form_shows_every_problem_beside_its_field_and_the_command_line_still_names_the_first(
        server, signed_in):
    before, accounts = _events(server.db), ok(server.db, "account", "list", "--format", "json").json()
    page = signed_in("it", bypass_csp=True)
    page.goto(server.url + "/accounts/new")
    page.select_option("#f-platform", "instagram")
    page.fill("#f-handle", "nieuwe.school")
    page.fill("#f-custodian", "9999")
    page.fill("#f-vault_ref", "Winter2026!")
    page.fill("#f-platform_id", "abc")
    page.click("main button[type=submit]")
    assert "3 problems" in page.locator("p[role=alert]").inner_text()
    for field, words in (("custodian", "9999"), ("vault_ref", "not a credential-vault reference"),
                         ("platform_id", "digits only")):
        control = page.locator(f"#f-{field}")
        assert control.get_attribute("aria-invalid") == "true", field
        assert f"err-{field}" in control.get_attribute("aria-describedby").split(), field
        assert words in page.locator(f"#err-{field}").inner_text(), field
    assert page.locator("#f-handle").get_attribute("aria-invalid") is None
    assert page.locator("ul.problems a").count() == 3
    assert "Winter2026!" not in page.content()
    assert _serious(page, AXE.read_text()) == []
    assert ok(server.db, "account", "list", "--format", "json").json() == accounts
    # The password typed as a vault reference is logged as a refused attempt, never as its value.
    logged = ok(server.db, "log", "show", "--format", "json").json()
    assert len(logged) == before + 1 and "Winter2026!" not in json.dumps(logged)
    assert (logged[-1]["actor"], logged[-1]["result"]) == ("it", "refused")
    cli = smreg(server.db, "account", "add", "instagram", "nieuwe.school", "--unit", "ZON", "--custodian", "9999",
                "--vault", "Winter2026!", "--platform-id", "abc")
    assert cli.exit_code == 3
    assert cli.stderr.strip().splitlines() == [
        "Error: platform id: The platform id must be the platform's numeric id (digits only), not 'abc'."]


def _serious(page, script: str) -> list[str]:
    page.add_script_tag(content=script)
    return page.evaluate("""async () => (await axe.run(document, {runOnly: {type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
        .filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help)""")


def test_no_page_has_a_serious_or_critical_accessibility_violation(server, signed_in, browser_page):
    script = AXE.read_text()
    found = {}
    for lang in ("en-GB", "nl-NL"):
        page = signed_in("admin", lang=lang, bypass_csp=True)
        for path in PAGES:
            page.goto(server.url + path)
            assert page.locator("h1").count() == 1, path
            if problems := _serious(page, script):
                found[(lang, path)] = problems
        guest = browser_page(lang=lang, bypass_csp=True)
        guest.goto(server.url + "/login")
        if problems := _serious(guest, script):
            found[(lang, "/login")] = problems
    assert found == {}
