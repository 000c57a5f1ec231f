"""Audit: the findings with filters and an as-of date, each rule explained in its own words, waivers."""

from __future__ import annotations

from starlette.routing import Route

from cli.web.core import Missing, Page, page
from registry import i18n

SEVERITIES = ("critical", "high", "medium", "low", "info")

i18n.register(
    {
        "web.audit.title": ("Audit", "Audit"),
        "web.audit.as_of": ("As of (date)", "Per (datum)"),
        "web.audit.as_of_hint": ("Empty: today. A past date reproduces the audit as recorded then.",
                                 "Leeg: vandaag. Een datum in het verleden geeft de audit zoals die toen was vastgelegd."),
        "web.audit.summary": ("As of {as_of}: {critical} critical, {high} high, {medium} medium, {low} low, {info} info; {waived} waived.",
                              "Per {as_of}: {critical} kritiek, {high} hoog, {medium} middel, {low} laag, {info} info; {waived} vrijgesteld."),
        "web.audit.text": ("Subject or text", "Onderwerp of tekst"),
        "web.audit.show_waived": ("Waived findings", "Vrijgestelde bevindingen"),
        "web.audit.waived_too": ("also show", "ook tonen"),
        "web.audit.rules": ("The rules", "De regels"),
        "web.audit.waive": ("Waive", "Vrijstellen"),
        "web.audit.reason": ("Reason", "Reden"),
        "web.audit.until": ("Until", "Tot en met"),
        "web.audit.waived": ("The finding is waived.", "De bevinding is vrijgesteld."),
        "web.audit.what": ("What it checks", "Wat de regel toetst"),
        "web.audit.why": ("Why it matters", "Waarom het ertoe doet"),
        "web.audit.example": ("Example", "Voorbeeld"),
        "web.audit.fix": ("How to fix it", "Hoe u het oplost"),
        "web.audit.clause": ("Clause {clause}; default severity {severity}.", "Artikel {clause}; standaardernst {severity}."),
        "web.audit.waiver_of": ("waived until {until}: {reason} ({by})", "vrijgesteld t/m {until}: {reason} ({by})"),
    }
)


def _result(p: Page, as_of: str):
    from audit import engine, live
    from registry.io.dates import parse_moment

    if not as_of:
        return live.today(p.store)
    return engine.run(p.store, moment=parse_moment(as_of))


@page()
def findings(p: Page):
    from audit.rules import all_rules

    q = p.query
    result = _result(p, q.get("as_of", "").strip())
    wanted = q.get("q", "").strip().casefold()
    shown = [f for f in result.findings
             if (not q.get("severity") or f.severity.value == q["severity"])
             and (not q.get("rule") or f.rule == q["rule"].upper())
             and (q.get("waived") == "yes" or f.waiver is None)
             and (not wanted or wanted in f.subject.label.casefold() or wanted in f.message.casefold())]
    return p.render("audit.html.j2", result=result, findings=shown[:500], total=len(shown),
                    rules=all_rules(), severities=SEVERITIES, q=q)


@page(permission="waive")
def waive(p: Page):
    from audit import engine
    from cli.web.core import actor_for
    from registry.io.dates import parse_date

    engine.waive(p.store, actor=actor_for(p), fingerprint=p.form.get("fingerprint", ""),
                           reason=p.form.get("reason", ""), until=parse_date(p.form.get("until", "")))
    return p.redirect("/audit?waived=yes&done=1")


@page()
def rule(p: Page):
    from audit.rules import all_rules

    wanted = p.request.path_params["rule_id"].upper()
    for candidate in all_rules():
        if candidate.id == wanted:
            return p.render("rule.html.j2", rule=candidate, text=candidate.explained(p.lang))
    raise Missing()


ROUTES = [
    Route("/audit", findings, methods=["GET"]),
    Route("/audit/waive", waive, methods=["POST"]),
    Route("/audit/rules/{rule_id}", rule, methods=["GET"]),
]
