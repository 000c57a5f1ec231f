"""What a brand scan reads and what it says: registered and observed accounts, and verdicts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from registry import i18n

# The fixed vocabulary of reasons, in the order a verdict lists them (PRODUCT.md §4).
REASONS = ("exact", "case", "separator", "affix", "leet", "homoglyph", "invisible", "typo", "logo")
VERDICTS = ("official", "suspect", "clear")
FIELDS = ("handle", "display_name", "avatar")

# What a reader sees for a reason and a field in a table or a message; JSON, CSV and SARIF keep the codes.
i18n.register(
    {
        "value.reason.exact": ("exact", "exact"),
        "value.reason.case": ("case", "hoofdletters"),
        "value.reason.separator": ("separator", "scheidingsteken"),
        "value.reason.affix": ("affix", "voor- of achtervoegsel"),
        "value.reason.leet": ("leet", "leetspeak"),
        "value.reason.homoglyph": ("homoglyph", "gelijkende letter"),
        "value.reason.invisible": ("invisible", "onzichtbaar teken"),
        "value.reason.typo": ("typo", "typfout"),
        "value.reason.logo": ("logo", "logo"),
        "value.field.handle": ("handle", "gebruikersnaam"),
        "value.field.display_name": ("display name", "weergavenaam"),
        "value.field.avatar": ("avatar", "profielfoto"),
    }
)


def reason_words(reasons: tuple[str, ...] | list[str], *, empty: str = "exact") -> str:
    """The reasons in the reader's language, separated by commas (``empty`` when there are none)."""
    from registry.labels import label

    return ", ".join(str(label("reason", reason)) for reason in reasons) if reasons else str(label("reason", empty)) if empty else ""


@dataclass(frozen=True)
class RegisteredAccount:
    """An account of the organisation's registry, as the scan needs to know it."""

    id: int
    platform: str
    handle: str
    display_name: str | None
    kind: str  # 'official' | 'work' | 'group'


@dataclass(frozen=True)
class ObservedRow:
    """One account seen in the wild; ``row`` is its line in the observed file (header = line 1)."""

    row: int
    platform: str
    handle: str
    display_name: str = ""
    url: str = ""
    platform_id: str = ""
    avatar: str = ""
    first_seen: str = ""
    source: str = ""


class Verdict(NamedTuple):
    """What the scan concludes about one observed row, and why.

    ``row`` is the data row's number (the first row after the header is 1) when the verdict
    comes from a file, and the observed account's id in an audit. A named tuple: a scan makes a
    million of them, and a tuple is made several times faster than a frozen dataclass.
    """

    row: int
    platform: str
    handle: str
    display_name: str
    verdict: str  # 'official' | 'suspect' | 'clear'
    score: int  # 0..100: how closely it imitates the brand or account
    term: str | None  # the brand term found, as configured
    field: str | None  # 'handle' | 'display_name' | 'avatar'
    reasons: tuple[str, ...]  # from REASONS, in that order
    resembles: str | None  # 'platform:handle' of the registered official account imitated
    rule: str | None  # 'SM601' | 'SM602' | 'SM603'
    severity: str | None  # 'high' | 'medium'
    line: int = 0  # the physical line of the file the row starts on (header = line 1); ``row`` counts data rows
    unverified: bool = False  # a suspect reported by a username-search tool: a reviewer has to confirm it exists

    def to_json(self) -> dict[str, object]:
        """The object `smreg scan --format json` prints for this row (PRODUCT.md §4)."""
        return {
            "row": self.row,
            "line": self.line,
            "platform": self.platform,
            "handle": self.handle,
            "display_name": self.display_name,
            "verdict": self.verdict,
            "score": self.score,
            "term": self.term,
            "field": self.field,
            "reasons": list(self.reasons),
            "resembles": self.resembles,
            "rule": self.rule,
            **({"unverified": True} if self.unverified else {}),
        }
