"""Accounts: search and filter, one account's page (details, findings, handovers, history), add, edit, archive."""

from __future__ import annotations

from starlette.routing import Route

from cli.web.core import Missing, Page, number, page
from registry import i18n

PER_PAGE = 50
FIELDS = ("platform", "handle", "display_name", "unit", "kind", "purpose", "custodian", "backup_custodian",
          "vault_ref", "recovery_contact", "platform_id", "rotated_on", "created_on", "notes", "status")
PROTECTED = ("vault_ref", "recovery_contact", "notes")

i18n.register(
    {
        "web.accounts.title": ("Accounts", "Accounts"),
        "web.accounts.new": ("Register an account", "Account registreren"),
        "web.accounts.edit": ("Change account {ref}", "Account {ref} wijzigen"),
        "web.accounts.search": ("Handle, name or custodian", "Gebruikersnaam, naam of beheerder"),
        "web.accounts.with_findings": ("with open findings", "met open bevindingen"),
        "web.accounts.findings_filter": ("Findings", "Bevindingen"),
        "web.accounts.custodian_status": ("Custodian", "Beheerder"),
        "web.accounts.details": ("Details", "Gegevens"),
        "web.accounts.findings": ("Open findings", "Open bevindingen"),
        "web.accounts.handovers": ("Handovers", "Overdrachten"),
        "web.accounts.history": ("History", "Geschiedenis"),
        "web.accounts.reveal": ("Show vault reference", "Kluisverwijzing tonen"),
        "web.accounts.revealed": (
            "The vault reference is shown below; that you looked at it is recorded in the event log.",
            "De kluisverwijzing staat hieronder; dat u haar bekeek, is vastgelegd in het logboek.",
        ),
        "web.accounts.archive": ("Archive", "Archiveren"),
        "web.accounts.change": ("Change", "Wijzigen"),
        "web.accounts.saved": ("The account is saved.", "Het account is opgeslagen."),
        "web.accounts.archived": ("The account is archived.", "Het account is gearchiveerd."),
        "web.accounts.protected_hint": ("Leave empty to keep the stored value.", "Laat leeg om de opgeslagen waarde te houden."),
        "web.accounts.missing": ("missing", "ontbreekt"),
        "web.accounts.complete": ("complete", "volledig"),
        "web.accounts.stale": (
            "This account was changed by someone else while you were working on it. Nothing was saved; reload the page and try again.",
            "Dit account is door iemand anders gewijzigd terwijl u ermee bezig was. Er is niets opgeslagen; laad de pagina opnieuw en probeer het nog eens.",
        ),
        "web.accounts.problems": (
            "The account is not saved: {count:form_problem}, each shown beside its field.",
            "Het account is niet opgeslagen: {count:form_problem}, elk staat bij het veld.",
        ),
        "web.col.from": ("from", "van"),
        "web.col.to": ("to", "aan"),
        "web.col.on": ("date", "datum"),
        "web.col.evidence": ("evidence", "bewijs"),
        "web.col.account": ("account", "account"),
        "web.col.accounts": ("accounts", "accounts"),
        "kind.official": ("official", "officieel"),
        "kind.work": ("work", "werk"),
        "kind.group": ("group", "groep"),
        "account_status.active": ("active", "actief"),
        "account_status.suspended": ("suspended", "opgeschort"),
        "account_status.archived": ("archived", "gearchiveerd"),
    }
)


i18n.register_nouns({"form_problem": (("problem", "problems"), ("probleem", "problemen"))})

# A problem the validation names by a column the form shows under another field.
FIELD_OF = {"url": "handle", "handle_key": "handle"}


def _problems(exc: Exception) -> tuple[str | None, dict[str, list[str]]]:
    """The summary above the form and each field's problems: every one the validation found."""
    from registry.errors import FieldProblems

    if isinstance(exc, FieldProblems):
        by_field: dict[str, list[str]] = {}
        for column, message in exc.fields:
            by_field.setdefault(FIELD_OF.get(column, column), []).append(message)
        return i18n.t("web.accounts.problems", count=len(exc.fields)), by_field
    if getattr(exc, "key", "") == "account.duplicate":
        return str(exc), {"handle": [str(exc)]}
    return str(exc), {}


def _choices(p: Page):
    from registry.services import views

    with p.uow(write=False) as uow:
        units, platforms = views.units_and_platforms(uow)
    return units, platforms


@page()
def listing(p: Page):
    from audit import live
    from registry import clock
    from registry.services import views

    q = p.query
    with_findings = None
    if q.get("findings") == "yes":
        with_findings = set(live.open_by_account(live.today(p.store)))
    with p.store.reader() as reader, p.uow(write=False) as uow:
        found = views.search_accounts(
            reader, uow, today=clock.today(), text=q.get("q", ""), unit=q.get("unit", ""),
            platform=q.get("platform", ""), kind=q.get("kind", ""), custodian_status=q.get("custodian", ""),
            with_findings=with_findings, page=number(q.get("page_no")), per_page=PER_PAGE)
        units, platforms = views.units_and_platforms(uow)
    return p.render("accounts.html.j2", found=found, units=units, platforms=platforms,
                    statuses=views.CUSTODIAN_STATUSES, q=q)


def _account_page(p: Page, account_id: int, *, revealed: str | None = None, notice: str | None = None,
                  problem: str | None = None, status: int = 200):
    from audit import live
    from registry.errors import NotFound
    from registry.services import accounts, history, views

    with p.uow(write=False) as uow:
        try:
            account = accounts.find(uow, ref=str(account_id))
        except NotFound:
            raise Missing() from None
        shown = accounts.shown(uow, account=account)
        handovers = views.handovers_of(uow, account_id=account.id)
        version, subject = account.version, accounts.subject(account)
    findings = live.open_by_account(live.today(p.store)).get(shown["id"], [])
    events = history.show(p.store, subject=subject)
    return p.render("account.html.j2", status=status, account=shown, version=version, findings=findings,
                    handovers=handovers, events=list(reversed(events)), revealed=revealed, notice=notice, problem=problem)


def _id(p: Page) -> int:
    value = p.request.path_params.get("account_id", "")
    if not str(value).isdigit():
        raise Missing()
    return int(value)


@page()
def show(p: Page):
    notice = i18n.t("web.accounts.saved") if p.query.get("done") == "saved" else None
    if p.query.get("done") == "archived":
        notice = i18n.t("web.accounts.archived")
    return _account_page(p, _id(p), notice=notice)


@page(permission="reveal")
def reveal(p: Page):
    from registry.services import views

    with p.uow() as uow:
        value = views.reveal_vault(uow, str(_id(p)))
        uow.commit()
    return _account_page(p, _id(p), revealed=value or "", notice=i18n.t("web.accounts.revealed"))


@page(permission="accounts")
def new_form(p: Page):
    units, platforms = _choices(p)
    return p.render("account_form.html.j2", values={"kind": "work"}, units=units, platforms=platforms,
                    problem=None, problems={}, editing=None, version=None)


def _raw(form: dict[str, str], fields=FIELDS) -> dict[str, str]:
    return {f: form[f].strip() for f in fields if form.get(f) is not None and form[f].strip() != ""}


@page(permission="accounts")
def create(p: Page):
    from registry import clock
    from registry.errors import RegistryError
    from registry.services import accounts

    raw = _raw(p.form, [f for f in FIELDS if f != "status"])
    try:
        with p.uow() as uow:
            account, _warnings = accounts.add_account(uow, raw, today=clock.today())
            uow.commit()
    except RegistryError as exc:
        units, platforms = _choices(p)
        values = {k: v for k, v in raw.items() if k not in PROTECTED}
        summary, problems = _problems(exc)
        return p.render("account_form.html.j2", status=400, values=values, units=units, platforms=platforms,
                        problem=summary, problems=problems, editing=None, version=None)
    return p.redirect(f"/accounts/{account.id}?done=saved")


@page(permission="accounts")
def edit_form(p: Page):
    from registry.errors import NotFound
    from registry.services import accounts

    with p.uow(write=False) as uow:
        try:
            account = accounts.find(uow, ref=str(_id(p)))
        except NotFound:
            raise Missing() from None
        shown = accounts.shown(uow, account=account)
        version = account.version
    units, platforms = _choices(p)
    values = {k: v for k, v in shown.items() if k not in PROTECTED and v is not None}
    return p.render("account_form.html.j2", values=values, units=units, platforms=platforms, problem=None,
                    problems={}, editing=shown, version=version)


@page(permission="accounts")
def update(p: Page):
    from registry import clock
    from registry.errors import NotFound, RegistryError, StaleData
    from registry.services import accounts

    account_id = _id(p)
    with p.uow(write=False) as uow:
        try:
            current = accounts.shown(uow, account=accounts.find(uow, ref=str(account_id)))
        except NotFound:
            raise Missing() from None
    raw = {}
    for field in FIELDS:
        if field in ("platform", "created_on") or field not in p.form:
            continue
        value = p.form[field].strip()
        if field in PROTECTED:
            if value:
                raw[field] = value
        elif value != ("" if current.get(field) is None else str(current.get(field))):
            raw[field] = value
    try:
        with p.uow() as uow:
            accounts.update_account(uow, str(account_id), raw, today=clock.today(),
                                    expected_version=number(p.form.get("version"), 0, low=0, high=2**31))
            uow.commit()
    except RegistryError as exc:
        units, platforms = _choices(p)
        message, problems = (i18n.t("web.accounts.stale"), {}) if isinstance(exc, StaleData) else _problems(exc)
        values = {**{k: v for k, v in current.items() if v is not None}, **{k: v for k, v in raw.items() if k not in PROTECTED}}
        return p.render("account_form.html.j2", status=409 if isinstance(exc, StaleData) else 400, values=values,
                        units=units, platforms=platforms, problem=message, problems=problems, editing=current,
                        version=p.form.get("version"))
    return p.redirect(f"/accounts/{account_id}?done=saved")


@page(permission="accounts")
def archive(p: Page):
    from registry.services import accounts

    with p.uow() as uow:
        accounts.archive_account(uow, str(_id(p)))
        uow.commit()
    return p.redirect(f"/accounts/{_id(p)}?done=archived")


ROUTES = [
    Route("/accounts", listing, methods=["GET"]),
    Route("/accounts/new", new_form, methods=["GET"]),
    Route("/accounts/new", create, methods=["POST"]),
    Route("/accounts/{account_id}", show, methods=["GET"]),
    Route("/accounts/{account_id}/reveal", reveal, methods=["POST"]),
    Route("/accounts/{account_id}/edit", edit_form, methods=["GET"]),
    Route("/accounts/{account_id}/edit", update, methods=["POST"]),
    Route("/accounts/{account_id}/archive", archive, methods=["POST"]),
]
