"""Column names of the import files, in English and Dutch, and how a file's header maps onto them.

Each file kind (accounts, persons, observed) has canonical column names, the same names the
JSON and CSV outputs use. A header cell matches a column when it equals one of the column's
accepted names after ignoring case, surrounding spaces and the difference between ``-``, ``_``
and a space; ``--map`` renames anything else. :func:`plan_columns` turns a header into a
:class:`ColumnPlan`, and :meth:`ColumnPlan.shaper` builds the fast function that turns one row
of cells into ``{column: value}``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from registry import i18n
from registry.errors import UsageError, ValidationError

KINDS = ("accounts", "persons", "observed")

# The first name of each tuple is the canonical one; the rest are accepted aliases. When a file
# has several columns for one canonical column, the alias listed first wins (HR exports often
# carry both ``voornaam`` and ``roepnaam``; the name people go by is the ``roepnaam``).
_ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "platform": ("platform", "platformnaam", "netwerk", "medium"),
    "handle": ("handle", "gebruikersnaam", "account", "accountnaam", "username", "user name"),
    "display_name": ("display_name", "weergavenaam", "naam", "name", "display"),
    "url": ("url", "link", "profile_url", "profiel_url", "profiel"),
    "platform_id": ("platform_id", "platform_nummer", "platformnummer"),
    "unit": ("unit", "eenheid", "school", "unit_code"),
    "kind": ("kind", "soort", "type"),
    "purpose": ("purpose", "doel", "pijler"),
    "custodian": ("custodian", "beheerder", "custodian_id"),
    "backup_custodian": (
        "backup_custodian",
        "tweede_beheerder",
        "reservebeheerder",
        "backup_beheerder",
        "backup",
    ),
    "vault_ref": ("vault_ref", "vault_reference", "kluisverwijzing", "kluis", "vault"),
    "recovery_contact": ("recovery_contact", "herstelcontact", "herstel_contact"),
    "rotated_on": (
        "rotated_on",
        "geroteerd_op",
        "wachtwoord_gewijzigd_op",
        "wachtwoord_gewijzigd",
        "credentials_rotated_on",
    ),
    "created_on": ("created_on", "aangemaakt_op", "aangemaakt"),
    "notes": ("notes", "notities", "opmerkingen", "opmerking", "notitie"),
    # As exports write them, so an export imports back as it was.
    "status": ("status", "accountstatus", "staat"),
    "verified_on": ("verified_on", "gecontroleerd_op", "bevestigd_op"),
}

_PERSON_COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_id": (
        "employee_id",
        "personeelsnummer",
        "persnr",
        "medewerkernummer",
        "employee_number",
        "personeelsnr",
    ),
    "name": ("name", "naam", "volledige_naam", "full_name", "weergavenaam"),
    "email": (
        "email",
        "e-mailadres werk",
        "e-mail werk",
        "e-mailadres",
        "work_email",
        "zakelijk e-mailadres",
    ),
    "unit": ("unit", "school", "eenheid", "unit_code", "afdeling", "locatie", "vestiging"),
    "function": ("function", "functie", "job_title"),
    "start_date": ("start_date", "datum_in_dienst", "in_dienst", "startdatum", "indienst_datum"),
    "end_date": ("end_date", "datum_uit_dienst", "uit_dienst", "einddatum", "uitdienst_datum"),
    # Split names, combined into ``name`` (they are not columns of the result).
    "first_name": ("first_name", "roepnaam", "voornaam", "given_name"),
    "infix": ("infix", "tussenvoegsel", "voorvoegsel", "tussenvoegsels", "prefix"),
    "last_name": ("last_name", "achternaam", "surname", "family_name", "geslachtsnaam"),
}

_OBSERVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "platform": ("platform", "platformnaam", "netwerk", "medium"),
    "handle": ("handle", "gebruikersnaam", "account", "accountnaam", "username", "user name"),
    "display_name": ("display_name", "weergavenaam", "naam", "name", "display"),
    "url": ("url", "link", "profile_url", "profiel_url", "profiel"),
    "platform_id": ("platform_id", "platform_nummer", "platformnummer"),
    "avatar": ("avatar", "profielfoto", "avatar_path", "profile_picture"),
    "first_seen": ("first_seen", "eerst_gezien", "gezien_op", "gevonden_op"),
    "source": ("source", "bron"),
}

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": _ACCOUNT_COLUMNS,
    "persons": _PERSON_COLUMNS,
    "observed": _OBSERVED_COLUMNS,
}

_NAME_PARTS = ("first_name", "infix", "last_name")

REQUIRED: dict[str, tuple[str, ...]] = {
    "accounts": ("platform", "handle"),
    "persons": ("employee_id",),  # and a name, checked on its own because it may come in parts
    "observed": ("platform", "handle"),
}

_SEPARATORS = re.compile(r"[\s_\-]+")

i18n.register(
    {
        "io.column_missing": (
            "The file has no column '{column}'. Accepted names: {names}. Rename the column, or use --map 'column name in your file={column}'.",
            "Het bestand heeft geen kolom '{column}'. Geaccepteerde namen: {names}. Hernoem de kolom, of gebruik --map 'kolomnaam in uw bestand={column}'.",
        ),
        "io.column_missing_name": (
            "The file has no name column. Give a column 'name' (or 'naam'), or the parts 'first_name', 'infix', 'last_name' (or 'voornaam', 'tussenvoegsel', 'achternaam').",
            "Het bestand heeft geen kolom met de naam. Geef een kolom 'naam' (of 'name'), of de delen 'voornaam', 'tussenvoegsel', 'achternaam' (of 'first_name', 'infix', 'last_name').",
        ),
        "io.column_twice": (
            "The column '{header}' appears twice in the header. Remove or rename one of them.",
            "De kolom '{header}' staat twee keer in de kopregel. Verwijder of hernoem er één.",
        ),
        "io.columns_ignored": (
            "These columns were not used: {headers}.",
            "Deze kolommen zijn niet gebruikt: {headers}.",
        ),
        "io.column_alternative_ignored": (
            "Column '{used}' was used for {column}; '{ignored}' was ignored.",
            "Kolom '{used}' is gebruikt voor {column}; '{ignored}' is genegeerd.",
        ),
        "io.map_syntax": (
            "--map '{text}' is not understood. Write 'Their column=column', several separated by commas, e.g. --map 'Gebruiker=handle,Locatie=unit'.",
            "--map '{text}' is niet te begrijpen. Schrijf 'Hun kolom=kolom', meerdere gescheiden door komma's, bijv. --map 'Gebruiker=handle,Locatie=unit'.",
        ),
        "io.map_twice": (
            "--map names the column '{header}' twice. Give each column once.",
            "--map noemt de kolom '{header}' twee keer. Noem elke kolom één keer.",
        ),
        "io.map_unknown_column": (
            "--map renames to '{column}', which is not a column of this file kind. Columns: {columns}.",
            "--map hernoemt naar '{column}', maar dat is geen kolom van dit soort bestand. Kolommen: {columns}.",
        ),
        "io.map_header_absent": (
            "--map names the column '{header}', but the file has no such column. Its columns are: {headers}.",
            "--map noemt de kolom '{header}', maar het bestand heeft die kolom niet. De kolommen zijn: {headers}.",
        ),
    }
)


def normalise_header(text: str) -> str:
    """The form in which header names are compared: no case, no spaces, ``-`` or ``_``."""
    return _SEPARATORS.sub("", text.strip().strip("\ufeff\"'").casefold())


def _alias_index(kind: str) -> dict[str, tuple[str, int]]:
    """normalised alias → (canonical column, preference; lower is preferred)."""
    index: dict[str, tuple[str, int]] = {}
    for column, aliases in COLUMNS[kind].items():
        for rank, alias in enumerate(aliases):
            index.setdefault(normalise_header(alias), (column, rank))
    return index


_ALIASES = {kind: _alias_index(kind) for kind in KINDS}


def _check_kind(kind: str) -> None:
    if kind not in COLUMNS:
        raise ValueError(f"unknown file kind {kind!r}; expected one of {KINDS}")


def parse_map_option(text: str) -> dict[str, str]:
    """Parse ``--map 'Their Name=handle,Other=unit'`` (``;`` also separates) into a dict."""
    mapping: dict[str, str] = {}
    seen: set[str] = set()
    for item in re.split(r"[,;]", text):
        if not item.strip():
            continue
        header, sep, column = item.partition("=")
        header, column = header.strip(), column.strip()
        if not sep or not header or not column or "=" in column:
            raise UsageError("io.map_syntax", text=text)
        key = normalise_header(header)
        if key in seen:
            raise UsageError("io.map_twice", header=header)
        seen.add(key)
        mapping[header] = column
    if not mapping:
        raise UsageError("io.map_syntax", text=text)
    return mapping


def header_score(cells: Sequence[str], kind: str, column_map: dict[str, str] | None = None) -> int:
    """How many of ``cells`` name a column of ``kind`` (or a ``--map`` header): a header's mark."""
    aliases = _ALIASES[kind]
    mapped = {normalise_header(h) for h in column_map or ()}
    return sum(1 for cell in cells if (key := normalise_header(cell)) and (key in aliases or key in mapped))


def looks_like_header(cells: Sequence[str], kind: str, column_map: dict[str, str] | None = None) -> bool:
    """Two or more known column names, or every required one: the row that starts the table."""
    if header_score(cells, kind, column_map) >= 2:
        return True
    found = {canonical_column(kind, cell) for cell in cells}
    return all(column in found for column in REQUIRED[kind])


def canonical_column(kind: str, name: str) -> str | None:
    """The canonical column ``name`` stands for in a ``kind`` file, or None."""
    _check_kind(kind)
    hit = _ALIASES[kind].get(normalise_header(name))
    return hit[0] if hit else None


def accepted_names(kind: str, column: str) -> list[str]:
    """Every header name accepted for ``column``, canonical first."""
    return list(COLUMNS[kind][column])


def output_columns(kind: str) -> list[str]:
    """The canonical columns of a ``kind`` table, in file order (split names excluded)."""
    return [c for c in COLUMNS[kind] if c not in _NAME_PARTS]


@dataclass
class ColumnPlan:
    """Which cell of a row feeds which canonical column."""

    kind: str
    columns: list[str]  # canonical columns the rows will carry, in output order
    picks: list[tuple[str, int]]  # (canonical column, cell index), excluding name parts
    name_parts: dict[str, int] = field(default_factory=dict)  # first_name/infix/last_name → index
    notices: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)  # canonical column → the file's own header

    def shaper(self) -> Callable[[Sequence[str]], dict[str, str]]:
        """A function turning one row of cells into ``{column: stripped value}``.

        Rows shorter than the header read as empty cells. Built once per file, so the per-row
        work is a tuple fetch and a dict build.
        """
        names = [c for c, _ in self.picks]
        indexes = [i for _, i in self.picks]
        width = max([*indexes, *self.name_parts.values()], default=-1) + 1
        strip = str.strip
        parts = [i for i in (self.name_parts.get(p) for p in _NAME_PARTS) if i is not None]
        in_order = indexes == list(range(len(indexes)))
        if len(indexes) > 1:
            fetch = itemgetter(*indexes)
        else:  # itemgetter of a single index returns the cell itself, not a tuple of one
            fetch = itemgetter(slice(indexes[0], indexes[0] + 1) if indexes else slice(0, 0))

        # Specialised per case because this runs once per row of files of a million rows.
        if in_order and not parts:
            # The file's first columns are exactly ours, in order: zip stops after the last one.
            def shape(cells: Sequence[str]) -> dict[str, str]:
                if len(cells) < width:
                    cells = [*cells, *[""] * (width - len(cells))]
                return dict(zip(names, map(strip, cells)))  # noqa: B905 - cells may be longer
        elif not parts:

            def shape(cells: Sequence[str]) -> dict[str, str]:
                if len(cells) < width:
                    cells = [*cells, *[""] * (width - len(cells))]
                return dict(zip(names, map(strip, fetch(cells)), strict=True))
        else:
            has_name = "name" in names

            def shape(cells: Sequence[str]) -> dict[str, str]:
                if len(cells) < width:
                    cells = [*cells, *[""] * (width - len(cells))]
                row = dict(zip(names, map(strip, fetch(cells)), strict=True))
                if not (has_name and row["name"]):
                    row["name"] = " ".join(" ".join(cells[i] for i in parts).split())
                return row

        return shape


def plan_columns(headers: Sequence[str], kind: str, column_map: dict[str, str] | None = None) -> ColumnPlan:
    """Map a file's header cells onto ``kind``'s canonical columns.

    Raises :class:`ValidationError` when a required column is missing or a header appears twice,
    :class:`UsageError` when ``column_map`` names an unknown column.
    """
    _check_kind(kind)
    aliases = _ALIASES[kind]
    renames = _resolve_map(kind, column_map or {}, headers)

    chosen: dict[str, tuple[int, int]] = {}  # canonical → (rank, index)
    losers: list[tuple[str, int]] = []  # (canonical, index) of alternatives not used
    unknown: list[str] = []
    seen: dict[str, str] = {}
    for index, header in enumerate(headers):
        key = normalise_header(header)
        if not key:
            continue  # an unnamed column (e.g. a trailing separator) carries nothing we read
        if key in seen:
            raise ValidationError("io.column_twice", header=header.strip())
        seen[key] = header
        if key in renames:
            column, rank = renames[key], -1  # an explicit --map beats every alias
        elif key in aliases:
            column, rank = aliases[key]
        else:
            unknown.append(header.strip())
            continue
        current = chosen.get(column)
        if current is None or rank < current[0]:
            if current is not None:
                losers.append((column, current[1]))
            chosen[column] = (rank, index)
        else:
            losers.append((column, index))

    notices = [
        i18n.t(
            "io.column_alternative_ignored",
            used=headers[chosen[column][1]].strip(),
            column=column,
            ignored=headers[index].strip(),
        )
        for column, index in losers
    ]
    if unknown:
        notices.append(i18n.t("io.columns_ignored", headers=", ".join(unknown)))

    name_parts = {p: chosen.pop(p)[1] for p in _NAME_PARTS if p in chosen}
    for column in REQUIRED[kind]:
        if column not in chosen:
            raise ValidationError(
                "io.column_missing", column=column, names=", ".join(accepted_names(kind, column))
            )
    if kind == "persons" and "name" not in chosen and not ({"first_name", "last_name"} & name_parts.keys()):
        raise ValidationError("io.column_missing_name")

    order = output_columns(kind)
    columns = [c for c in order if c in chosen or (c == "name" and name_parts)]
    picks = [(c, chosen[c][1]) for c in order if c in chosen]
    own = {column: headers[index].strip() for column, (_rank, index) in chosen.items()}
    if name_parts and "name" not in own:
        own["name"] = " + ".join(headers[name_parts[p]].strip() for p in _NAME_PARTS if p in name_parts)
    return ColumnPlan(kind=kind, columns=columns, picks=picks, name_parts=name_parts, notices=notices, headers=own)


def _resolve_map(kind: str, column_map: dict[str, str], headers: Sequence[str]) -> dict[str, str]:
    """normalised header → canonical column, checking both sides of every ``--map`` entry."""
    present = {normalise_header(h) for h in headers}
    renames: dict[str, str] = {}
    for header, target in column_map.items():
        column = canonical_column(kind, target)
        if column is None:
            raise UsageError("io.map_unknown_column", column=target, columns=", ".join(COLUMNS[kind]))
        key = normalise_header(header)
        if key not in present:
            raise ValidationError(
                "io.map_header_absent",
                header=header,
                headers=", ".join(h.strip() for h in headers if h.strip()),
            )
        renames[key] = column
    return renames
