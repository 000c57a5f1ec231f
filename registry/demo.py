"""A fictional school board for ``smreg demo``: units, staff with a few leavers, and accounts.

Everything is generated from a fixed seed, with dates relative to the day the demo runs, so
the demo always shows the same kinds of situations: a sector account whose custodian left
without a handover, a leaver whose accounts are due, a handover done with all its evidence and
one still under way, a personal recovery mailbox, an official account without a backup
custodian, an account nobody has verified for over a year.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from registry.db import Store

ORGANISATION = "Stichting Lindewijs"
BRANDS = ("Lindewijs", "Lindewijs Academie")
DOMAIN = "lindewijs.nl"

SECTORS = (("WEST", "Sector West"), ("OOST", "Sector Oost"), ("ZUID", "Sector Zuid"))
SCHOOLS = (
    ("BSDEZON", "Basisschool De Zon", "WEST"), ("BSREGENBOOG", "Basisschool De Regenboog", "WEST"),
    ("BSKLIMOP", "Basisschool De Klimop", "WEST"), ("BSWILGEN", "Basisschool De Wilgen", "WEST"),
    ("BSSTERRE", "Basisschool De Sterre", "WEST"), ("BSHOEKSTEEN", "Basisschool De Hoeksteen", "OOST"),
    ("BSMEANDER", "Basisschool De Meander", "OOST"), ("BSTOREN", "Basisschool De Toren", "OOST"),
    ("BSVLINDER", "Basisschool De Vlinder", "OOST"), ("BSPOLDER", "Basisschool De Polder", "OOST"),
    ("SBODUIN", "SBO Het Duin", "ZUID"), ("BSHAVEN", "Basisschool De Haven", "ZUID"),
    ("BSLINDE", "Basisschool De Linde", "ZUID"), ("BSKOMPAS", "Basisschool Het Kompas", "ZUID"),
    ("SOKEERKRING", "Speciaal Onderwijs De Keerkring", "ZUID"),
)
FIRST = ("Sanne", "Pieter", "Fatima", "Kees", "Anouk", "Daan", "Lotte", "Mohammed", "Eva", "Bram", "Noor", "Jeroen",
         "Fleur", "Sem", "Yasmina", "Thijs", "Iris", "Ruben", "Esther", "Lucas", "Marloes", "Joost", "Sara", "Milan",
         "Ilse", "Hamza", "Femke", "Wouter", "Naima", "Koen")
INFIX = ("", "", "", "de", "van", "van der", "van den", "ter", "")
LAST = ("Wit", "Leeuwen", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Mulder", "Bos", "Vos", "Peters",
        "Hendriks", "Dekker", "Brouwer", "Dijkstra", "El Amrani", "Yilmaz", "Kok", "Jacobs", "Vermeulen", "Berg",
        "Boer", "Koster", "Prins", "Huisman", "Veenstra", "Schouten", "Post", "Kuipers", "Bennani")
FUNCTIONS = ("leerkracht", "leerkracht", "leerkracht", "intern begeleider", "directeur", "ict-coördinator",
             "communicatiemedewerker", "administratief medewerker", "onderwijsassistent", "docent")


@dataclass
class DemoSummary:
    directory: Path
    database: Path
    units: int = 0
    people: int = 0
    leavers: int = 0
    accounts: int = 0
    by_platform: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    handovers: int = 0
    # The leaver whose checklist the demo shows: a handover under way.
    checklist_for: str = ""


def _name(rng: random.Random) -> str:
    infix = rng.choice(INFIX)
    return " ".join(part for part in (rng.choice(FIRST), infix, rng.choice(LAST)) if part)


def _email(name: str, taken: set[str]) -> str:
    parts = name.lower().split()
    local = f"{parts[0][0]}.{''.join(parts[1:])}".replace("ë", "e").replace("ö", "o")
    candidate, n = local, 1
    while candidate in taken:
        n += 1
        candidate = f"{local}{n}"
    taken.add(candidate)
    return f"{candidate}@{DOMAIN}"


def build(store: Store, *, actor: str, today: date, seed: int = 7) -> DemoSummary:
    """Fill an initialised, empty store with the fictional school board."""
    from registry.services import accounts, people, units

    rng = random.Random(seed)
    summary = DemoSummary(directory=Path("."), database=Path("."))
    with store.unit_of_work(actor=actor) as uow:
        units.add_unit(uow, code="LINDEWIJS", name=ORGANISATION, kind="organisation")
        for code, name in SECTORS:
            units.add_unit(uow, code=code, name=name, kind="sector", parent="LINDEWIJS")
        for code, name, sector in SCHOOLS:
            units.add_unit(uow, code=code, name=name, kind="school", parent=sector)
        units.add_unit(uow, code="ACADEMIE", name="Lindewijs Academie", kind="office", parent="LINDEWIJS")
        units.add_unit(uow, code="STAF", name="Stafbureau Voorhout", kind="office", parent="LINDEWIJS",
                       policy={"notice_days": 45})
        summary.units = 3 + len(SECTORS) + len(SCHOOLS)

        unit_codes = [c for c, _, _ in SCHOOLS] * 8 + [c for c, _ in SECTORS] * 3 + ["ACADEMIE"] * 6 + ["STAF"] * 15
        taken: set[str] = set()
        staff: dict[str, list[str]] = {}
        for i in range(150):
            emp = str(20100 + i)
            unit = unit_codes[i % len(unit_codes)]
            name = _name(rng)
            start = today - timedelta(days=rng.randint(400, 7000))
            people.add_person(uow, people.PersonInput(
                employee_id=emp, name=name, email=_email(name, taken), unit=unit,
                function=rng.choice(FUNCTIONS), start_date=start))
            staff.setdefault(unit, []).append(emp)
        summary.people = 150
        for code, members in staff.items():
            units.update_unit(uow, code, lead=members[0])

        def add(platform: str, handle: str, unit: str, custodian: str, **extra: str | None) -> None:
            raw = {"platform": platform, "handle": handle, "unit": unit, "custodian": custodian,
                   "vault_ref": extra.pop("vault", None) or f"op://Social/{handle.strip('@').replace('/', '-')}/password",
                   "rotated_on": (today - timedelta(days=rng.randint(20, 300))).isoformat(),
                   "created_on": (today - timedelta(days=rng.randint(400, 4000))).isoformat(),
                   "recovery_contact": extra.pop("recovery", None) or f"social@{DOMAIN}"}
            raw.update({k: v for k, v in extra.items() if v is not None})
            raw.setdefault("verified_on", (today - timedelta(days=rng.randint(10, 200))).isoformat())
            acc, warnings = accounts.add_account(uow, raw, today=today)
            summary.warnings.extend(warnings)
            summary.accounts += 1
            summary.by_platform[acc.platform] = summary.by_platform.get(acc.platform, 0) + 1
            summary.by_kind[acc.kind] = summary.by_kind.get(acc.kind, 0) + 1

        # The board's own channels (P-II.list: sector Twitter accounts, a LinkedIn group, YouTube).
        add("x", "LindewijsNL", "LINDEWIJS", staff["STAF"][1], kind="official", purpose="profilering",
            display_name="Stichting Lindewijs", backup_custodian=staff["STAF"][2], platform_id="1432001")
        for code, name in SECTORS:
            add("x", f"Lindewijs{code.title()}", code, staff[code][0], kind="official", purpose="profilering",
                display_name=f"Lindewijs {name}", backup_custodian=staff[code][1],
                platform_id=str(1432100 + len(summary.by_kind)))
        add("x", "LindewijsAcad", "ACADEMIE", staff["ACADEMIE"][0], kind="official", purpose="curriculum",
            display_name="Lindewijs Academie", backup_custodian=staff["ACADEMIE"][1])
        add("linkedin", "groups/8812345", "STAF", staff["STAF"][3], kind="group", purpose="communicatie",
            display_name="Lindewijs Netwerk", backup_custodian=staff["STAF"][4])
        add("linkedin", "company/stichting-lindewijs", "STAF", staff["STAF"][1], kind="official",
            purpose="profilering", display_name="Stichting Lindewijs", backup_custodian=staff["STAF"][5])
        add("youtube", "@LindewijsTV", "STAF", staff["STAF"][6], kind="official", purpose="profilering",
            display_name="Lindewijs TV", vault="vault://kv/social/lindewijstv#password")
        add("facebook", "stichting.lindewijs", "STAF", staff["STAF"][1], kind="official", purpose="profilering",
            display_name="Stichting Lindewijs", backup_custodian=staff["STAF"][2])
        add("instagram", "lindewijs.academie", "ACADEMIE", staff["ACADEMIE"][2], kind="official",
            purpose="profilering", backup_custodian=staff["ACADEMIE"][3])
        add("mastodon", "@lindewijs@mastodon.nl", "STAF", staff["STAF"][7], kind="official",
            purpose="communicatie", backup_custodian=staff["STAF"][8])
        add("bluesky", "lindewijs.nl", "STAF", staff["STAF"][7], kind="official", purpose="communicatie",
            backup_custodian=staff["STAF"][8])
        add("website", "https://blog.lindewijs.nl/", "STAF", staff["STAF"][9], kind="official",
            purpose="communicatie", backup_custodian=staff["STAF"][10], vault="keepass://social.kdbx#Web/Blog beheer")
        # The schools: Instagram and Facebook pages, some teachers' work channels, parent groups.
        for index, (code, name, _sector) in enumerate(SCHOOLS):
            slug = code.lower().removeprefix("bs").removeprefix("sbo").removeprefix("so")
            members = staff[code]
            add("instagram", f"{slug}.lindewijs", code, members[0], kind="official", purpose="communicatie",
                display_name=name, backup_custodian=members[1] if index % 4 else None)
            if index % 2 == 0:
                add("facebook", f"{slug}.school.lindewijs", code, members[1], kind="official",
                    purpose="communicatie", display_name=name, backup_custodian=members[2])
            if index % 3 == 0:
                add("whatsapp", f"Ouders {name}", code, members[2], kind="group", purpose="communicatie")
            if index % 3 == 1:
                add("youtube", f"@{slug}klas", code, members[3], kind="work", purpose="curriculum",
                    display_name=f"Groep 8 {name}", recovery=f"juf.{slug}@gmail.com" if index == 4 else None)
            if index % 5 == 2:
                add("tiktok", f"{slug}_lindewijs", code, members[4], kind="work", purpose="profilering",
                    vault=f"bitwarden://{slug}-tiktok-login")
            if index % 5 == 4:
                add("pinterest", f"{slug}knutsels", code, members[5], kind="work", purpose="curriculum")
        add("tumblr", "lindewijs-archief", "STAF", staff["STAF"][11], kind="work", purpose="profilering")
        add("snapchat", "lindewijsjong", "ACADEMIE", staff["ACADEMIE"][4], kind="work", purpose="communicatie")
        add("threads", "lindewijs.nl", "STAF", staff["STAF"][12], kind="official", purpose="profilering",
            verified_on=(today - timedelta(days=500)).isoformat())
        uow.commit()

    # Departures, each in its own command as HR would record them.
    leavers = [
        (staff["WEST"][0], today - timedelta(days=45)),      # sector account holder, gone, no handover
        (staff["ACADEMIE"][2], today + timedelta(days=12)),   # leaving soon
        (staff["BSTOREN"][3], today - timedelta(days=10)),    # teacher's YouTube
        (staff["BSKLIMOP"][0], today + timedelta(days=90)),   # later this year
        (staff["STAF"][14], today - timedelta(days=200)),     # left long ago, held nothing
    ]
    for emp, end in leavers:
        with store.unit_of_work(actor=actor) as uow:
            people.leave(uow, emp, end)
            uow.commit()
    summary.leavers = len(leavers)

    # Two handovers: one done ahead of a departure with all its evidence, one under way.
    from registry.services import handovers

    complete = handovers.Evidence(rotated_on=today, recovery_moved=True, mfa_reset=True, sessions_revoked=True,
                                  vault_updated=True, integrations_reconnected=True, identity_confirmed=True)
    partial = handovers.Evidence(rotated_on=today, mfa_reset=True)
    for account, receiver, evidence in (
        ("instagram:klimop.lindewijs", staff["BSKLIMOP"][1], complete),
        ("instagram:lindewijs.academie", staff["ACADEMIE"][3], partial),
    ):
        with store.unit_of_work(actor=actor) as uow:
            handovers.record_handover(uow, account, receiver, today=today, on=today, evidence=evidence)
            uow.commit()
        summary.handovers += 1
    summary.checklist_for = staff["ACADEMIE"][2]
    return summary


def create(directory: Path, *, actor: str, today: date, signing=None) -> tuple[Store, DemoSummary]:
    """Initialise a fresh store in ``directory`` (its own key files) and build the demo in it.

    ``signing`` creates the report-signing key pair (see ``registry.services.setup.initialise``).
    """
    from registry import crypto
    from registry.db import Store
    from registry.services.setup import initialise
    from registry.settings import Settings

    directory.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        database_url="sqlite:///" + str((directory / "demo.db").resolve()),
        key_file=directory / "key",
        key_env=None,
        signing_dir=directory,
    )
    store = Store(settings, cipher=crypto.load_cipher(settings.key_file, None))
    initialise(store, actor=actor, organisation=ORGANISATION, brands=list(BRANDS), domains=[DOMAIN], signing=signing)
    summary = build(store, actor=actor, today=today)
    with store.unit_of_work(actor=actor) as uow:
        from registry.services import config

        # Who hears of what when `smreg notify` runs: HR's digest and communications' suspects.
        config.put(uow, "notify.hr", [f"hr@{DOMAIN}"])
        config.put(uow, "notify.comms", [f"communicatie@{DOMAIN}"])
        config.put(uow, "smtp.from", f"smreg@{DOMAIN}")
        uow.commit()
    summary.directory = directory
    summary.database = directory / "demo.db"
    return store, summary


OBSERVED_COLUMNS = ("platform", "handle", "display_name", "url", "platform_id", "avatar", "first_seen", "source")


def observed_rows(today: date) -> list[tuple[str, ...]]:
    """A monitoring export of the demo: lookalikes of the brand and its accounts, a renamed account,
    a copy of a leaver's channel, and names that only look a little alike (near misses)."""
    seen = (today - timedelta(days=3)).isoformat()
    return [
        ("x", "L1ndewijsNL", "Stichting Lindewijs", "", "", "", seen, "monitor"),  # leet copy of an official account
        ("instagram", "lindewijs_fans", "Lindewijs fans", "", "", "", seen, "monitor"),  # brand term with an affix
        ("x", "Lindewijs\u200bWest", "Lindewijs West", "", "", "", seen, "monitor"),  # an invisible character
        ("facebook", "stichting.lindewjis", "Stichting Lindewijs", "", "", "", seen, "melding"),  # a typo
        ("instagram", "l\u0456ndewijs.academie", "", "", "", "", seen, "monitor"),  # a Cyrillic letter
        ("tiktok", "juf_noor_klas", "Juf Noor - Lindewijs", "", "", "", seen, "melding"),  # brand in the name only
        ("x", "LindewijsNieuws", "Lindewijs Nieuws", "", "1432001", "", seen, "monitor"),  # @LindewijsNL, renamed
        ("youtube", "@torenklas_2", "Groep 8 De Toren", "", "", "", (today - timedelta(days=2)).isoformat(),
         "melding"),  # a copy of a leaver's class channel
        ("x", "LindewijsNL", "Stichting Lindewijs", "", "", "", seen, "monitor"),  # the real one
        ("x", "lindenhof_bakkerij", "Bakkerij Lindenhof", "", "", "", seen, "monitor"),  # near misses
        ("instagram", "lindeboom.school", "De Lindeboom", "", "", "", seen, "monitor"),
        ("youtube", "@meester_wijs", "Meester Wijs", "", "", "", seen, "monitor"),
    ]


def write_observed(directory: Path, today: date) -> Path:
    """Write the demo's observed-accounts file into its folder."""
    import csv

    path = directory / "observed.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(OBSERVED_COLUMNS)
        writer.writerows(observed_rows(today))
    return path


# An item in the organisation's password manager for an account nobody registered (SM711).
UNREGISTERED_VAULT_ITEM = ("Instagram Ouderraad", "https://www.instagram.com/lindewijs.ouderraad/")


def write_vault(store: Store, directory: Path, today: date, *, actor: str) -> Path:
    """Write the demo's 1Password listing (``op item list --format json``) into its folder.

    It holds an item for every registered account whose vault reference is a 1Password one, and one
    item for an Instagram account that is in the vault but not in the registry. Like the real
    listing it holds no secret at all.
    """
    import json

    from sqlalchemy import text

    from registry.platforms import parse_handle

    items = []
    with store.unit_of_work(actor=actor, write=False) as uow:
        rows = uow.session.execute(text(
            "SELECT id, platform, handle, vault_ref, created_on FROM account WHERE status = 'active' ORDER BY id")).all()
        for aid, platform, handle, stored, created in rows:
            reference = uow.cipher.decrypt(stored) if stored else ""
            if not reference or not reference.startswith("op://"):
                continue
            vault, item = reference[5:].split("/")[:2]
            items.append({"id": f"demo{aid:022d}", "title": item, "version": 1,
                          "vault": {"id": "lindewijssocial0000000000a", "name": vault}, "category": "LOGIN",
                          "created_at": f"{created or today - timedelta(days=400)}T08:00:00Z",
                          "updated_at": f"{today - timedelta(days=30)}T08:00:00Z",
                          "urls": [{"primary": True, "href": parse_handle(platform, handle).url or ""}]})
    title, url = UNREGISTERED_VAULT_ITEM
    items.append({"id": "demoouderraad0000000000000", "title": title, "version": 1,
                  "vault": {"id": "lindewijssocial0000000000a", "name": "Social"}, "category": "LOGIN",
                  "created_at": f"{today - timedelta(days=90)}T08:00:00Z",
                  "updated_at": f"{today - timedelta(days=90)}T08:00:00Z", "urls": [{"primary": True, "href": url}]})
    path = directory / "vault-1password.json"
    path.write_text(json.dumps(items, indent=1), encoding="utf-8")
    return path
