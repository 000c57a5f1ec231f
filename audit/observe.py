"""Brand scans of observed accounts against the store: ``smreg scan`` and ``smreg observe import``.

The detector is configured from the store alone: its brand terms, its registered (non-archived)
accounts and its logo hashes; nothing about any organisation is built in. ``observe import``
reads the whole file first, checks every row, scans them, and only then keeps them in one unit
of work (:func:`registry.services.observed.apply`): a file with a bad row changes nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from registry import i18n, origin
from registry.errors import ImportRejected, ValidationError

if TYPE_CHECKING:
    from audit.brand import Detector, Verdict
    from audit.brand.scan import ScanWriter
    from registry.db import Reader, Store
    from registry.services.observed import ImportOutcome

i18n.register(
    {
        "observe.bad_platform": ("unknown platform '{value}'", "onbekend platform '{value}'"),
        "observe.bad_date": ("'{value}' is not a date (YYYY-MM-DD or dd-mm-yyyy)", "'{value}' is geen datum (JJJJ-MM-DD of dd-mm-jjjj)"),
        "observe.bad_avatar": ("the avatar is not a readable image", "de profielfoto is geen leesbare afbeelding"),
    }
)


@dataclass(frozen=True)
class BrandConfig:
    """What a scan compares with: brand terms, registered accounts, logo hashes."""

    terms: tuple[str, ...]
    registered: tuple  # of audit.brand.RegisteredAccount
    logo_hashes: tuple[str, ...]
    affixes: tuple[str, ...] = ()  # setting brand_affixes: more words that glue to a term
    allow: tuple[str, ...] = ()  # setting brand_allow: real words and names that stay clear

    def detector(self) -> Detector:
        from audit.brand import Detector

        return Detector(self.terms, self.registered, logo_hashes=self.logo_hashes, affixes=self.affixes,
                        allow=self.allow)


def brand_config(reader: Reader) -> BrandConfig:
    """The store's brand terms, non-archived accounts, logos and brand words, in four plain queries."""
    from audit.brand import RegisteredAccount

    terms = tuple(term for (term,) in reader.rows("SELECT term FROM brand_term ORDER BY term"))
    registered = tuple(
        RegisteredAccount(aid, platform, handle, display, kind)
        for aid, platform, handle, display, kind in reader.rows(
            "SELECT id, platform, handle, display_name, kind FROM account WHERE status != 'archived' ORDER BY id")
    )
    logos = tuple(h for (h,) in reader.rows("SELECT hash FROM brand_logo ORDER BY id"))
    words = {key: tuple(json.loads(value)) for key, value in reader.rows(
        "SELECT key, value FROM setting WHERE key IN ('brand_affixes', 'brand_allow')")}
    return BrandConfig(terms, registered, logos, words.get("brand_affixes", ()), words.get("brand_allow", ()))


def store_detector(store: Store) -> Detector:
    with store.reader() as reader:
        return brand_config(reader).detector()


def scan(store: Store, path: str | os.PathLike[str], *, suspects_only: bool = False, source: str | None = None,
         skipped: list[tuple[int, str, str]] | None = None, column_map: dict[str, str] | None = None,
         avatar_dirs: tuple[str, ...] = ()) -> Iterator[Verdict]:
    """The verdict on every row of an observed-accounts file (or only the suspects), in file order.

    A tool's export (``source``, else recognised by its header) is read by ``registry.io.sources``;
    its rows on platforms smreg does not know are listed in ``skipped``.
    """
    from audit.brand import scan_file

    return scan_file(path, store_detector(store), suspects_only=suspects_only, source=source, skipped=skipped,
                     column_map=column_map, avatar_dirs=avatar_dirs)


def write_scan(store: Store, path: str | os.PathLike[str], writer: ScanWriter, *, suspects_only: bool = False,
               source: str | None = None, skipped: list[tuple[int, str, str]] | None = None,
               column_map: dict[str, str] | None = None, avatar_dirs: tuple[str, ...] = ()) -> None:
    """:func:`scan`, with the verdicts handed to ``writer`` (a large file is scanned and written in two
    processes: :func:`audit.brand.scan.write_scan`)."""
    from audit.brand.scan import write_scan as write

    write(path, store_detector(store), writer, suspects_only=suspects_only, source=source, skipped=skipped,
          column_map=column_map, avatar_dirs=avatar_dirs)


@origin.from_file
def import_observed(store: Store, path: str | os.PathLike[str], *, actor: str, today: date,
                    source: str | None = None, column_map: dict[str, str] | None = None,
                    avatar_dirs: tuple[str, ...] = (), dry_run: bool = False) -> ImportOutcome:
    """Scan an observed-accounts file and keep its rows: all of them, or none when a row is bad.

    With ``dry_run`` the outcome is worked out in full and nothing is kept.
    """
    from audit.brand import ObservedRejected, avatar_hash, read_observed
    from registry.io.dates import parse_date
    from registry.io.sources import unverified
    from registry.limits import too_long
    from registry.platforms import resolve_platform, same_key
    from registry.services import observed

    problems: list[tuple[int, str, str]] = []
    skipped: list[tuple[int, str, str]] = []
    rows = []
    try:
        for row in read_observed(path, source=source, skipped=skipped, column_map=column_map,
                                 avatar_dirs=avatar_dirs):
            rows.append(row)
    except ObservedRejected as rejected:
        problems.extend(rejected.problems)
    platforms: dict[str, str | None] = {}
    hashes: dict[str, str | None] = {}
    checked = []
    for row in rows:
        if row.platform not in platforms:
            try:
                platforms[row.platform] = resolve_platform(row.platform)
            except ValidationError:
                platforms[row.platform] = None
        platform = platforms[row.platform]
        if platform is None:
            problems.append((row.row, "platform", i18n.t("observe.bad_platform", value=row.platform)))
        first_seen = today
        if row.first_seen:
            try:
                first_seen = parse_date(row.first_seen)
            except ValidationError:
                problems.append((row.row, "first_seen", i18n.t("observe.bad_date", value=row.first_seen)))
        for column in ("handle", "display_name", "url", "platform_id", "source"):
            problem = too_long(getattr(row, column) or None, "observed_account", column)
            if problem is not None:
                problems.append((row.row, column, str(problem)))
        if platform is not None and too_long(row.handle, "observed_account", "handle") is None:
            problem = too_long(same_key(platform, row.handle), "observed_account", "handle_key")
            if problem is not None:
                problems.append((row.row, "handle", str(problem)))
        if row.avatar and row.avatar not in hashes:
            try:
                hashes[row.avatar] = avatar_hash(row.avatar)
            except ValidationError:
                hashes[row.avatar] = None
        if row.avatar and hashes[row.avatar] is None:
            problems.append((row.row, "avatar", i18n.t("observe.bad_avatar")))
        checked.append((row, platform, first_seen))
    if problems:
        problems.sort(key=lambda problem: problem[0])
        raise ImportRejected(problems, file=os.fspath(path))
    verdicts = list(store_detector(store).check_many(rows))
    inputs = [
        observed.ObservedInput(
            line=row.row, platform=platform, handle=row.handle, handle_key=same_key(platform, row.handle),
            display_name=row.display_name or None, url=row.url or None, platform_id=row.platform_id or None,
            avatar=row.avatar or None, avatar_hash=hashes.get(row.avatar) if row.avatar else None,
            first_seen=first_seen, source=row.source or None, verdict=v.verdict, score=v.score, term=v.term,
            field=v.field, reasons=",".join(v.reasons) or None, resembles=v.resembles, rule=v.rule,
            severity=v.severity, unverified=unverified(row.source))
        for (row, platform, first_seen), v in zip(checked, verdicts, strict=True)
    ]
    with store.unit_of_work(actor=actor) as uow:
        outcome = observed.apply(uow, inputs, today=today)
        if not dry_run:
            uow.commit()  # without it the unit of work rolls back: a dry run writes nothing
    outcome.skipped = skipped
    return outcome
