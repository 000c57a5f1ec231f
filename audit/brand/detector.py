"""The brand-misuse detector: one verdict per observed account, and the reasons for it.

An observed account is, in this order:

1. ``official`` when it is a registered account seen again: same platform, same handle by the
   platform's own rules (``registry.platforms.same_key``);
2. ``suspect`` under SM603 when its handle is a near copy of a registered *official* account's
   handle, on any platform;
3. ``suspect`` under SM601 when a brand term (or a lookalike of one) is in its handle (high), or
   only in its display name (medium);
4. ``suspect`` under SM602 when only its avatar matches an official logo (medium);
5. ``clear`` otherwise.

Nothing about any organisation is built in: the brand terms, registered accounts and logos are
what the detector is given. :meth:`Detector.scan_columns` is the fast path for many rows: it
folds all names at once and looks closely only at the few rows with an anchor of a target.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence

from audit.brand.explain import DISPLAY_NAME_COST, explain, ordered
from audit.brand.logo import LOGO_THRESHOLD, LogoSet
from audit.brand.match import Match, Matcher, account_target, term_target
from audit.brand.model import ObservedRow, RegisteredAccount, Verdict
from audit.brand.normalise import fold_many, units

KeyFn = Callable[[str, str], str]

_BATCH = 1 << 16
_LOGO_BONUS = 5  # a copied logo on top of a copied name


def handle_name(handle: str) -> str:
    """The part of a handle, or of a pasted profile URL, that people read as the account's name.

    ``https://x.com/AloysiusWest`` → ``AloysiusWest``; ``company/aloysius`` → ``aloysius``;
    ``@user@instance.social`` → ``user``.
    """
    text = handle.strip()
    if "/" in text or ":" in text:
        if "://" in text:
            text = text.split("://", 1)[1]
        text = text.split("?", 1)[0].split("#", 1)[0]
        parts = [part for part in text.split("/") if part]
        text = parts[-1] if parts else ""
        if len(parts) == 1 and text.lower().startswith("www."):
            text = text[4:]
    if text.startswith("@"):
        text = text[1:]
    user, at, domain = text.rpartition("@")
    if at and user and "." in domain:
        text = user  # user@instance (Mastodon)
    return text


def _canonical_platform(name: str) -> str:
    from registry.errors import ValidationError
    from registry.platforms import resolve_platform

    try:
        return resolve_platform(name)
    except ValidationError:
        return name.strip().casefold()


class Detector:
    """Decides, for each observed account, whether it is official, a suspect, or clear."""

    def __init__(
        self,
        terms: Sequence[str],
        registered: Sequence[RegisteredAccount],
        *,
        logo_hashes: Sequence[str] = (),
        key_fn: KeyFn | None = None,
        logo_threshold: int = LOGO_THRESHOLD,
    ) -> None:
        if key_fn is None:
            from registry.platforms import same_key as key_fn
        self._key: KeyFn = key_fn
        self._platforms: dict[str, str] = {}

        term_targets = []
        seen: set[str] = set()
        for term in terms:
            spelled = units(term.strip())
            if spelled.form and spelled.form not in seen:
                seen.add(spelled.form)
                term_targets.append(term_target(term.strip(), spelled))
        self._terms = Matcher(term_targets)

        self._registered: dict[tuple[str, str], RegisteredAccount] = {}
        self._registered_forms: set[str] = set()
        account_targets = []
        for account in registered:
            platform = self.platform(account.platform)
            self._registered.setdefault((platform, self._key(platform, account.handle)), account)
            spelled = units(handle_name(account.handle))
            self._registered_forms.add(spelled.form)
            if account.kind == "official" and spelled.form:
                account_targets.append(account_target(account, f"{platform}:{account.handle}", spelled))
        self._accounts = Matcher(account_targets)

        self._logos = LogoSet(logo_hashes)
        self._logo_threshold = logo_threshold
        self._avatars: dict[str, int | None] = {}

    def platform(self, name: str) -> str:
        """The canonical name of a platform as written in a file ('Twitter' → 'x')."""
        canonical = self._platforms.get(name)
        if canonical is None:
            canonical = self._platforms[name] = _canonical_platform(name)
        return canonical

    # one row -------------------------------------------------------------------------------

    def check(self, row: ObservedRow) -> Verdict:
        """The verdict on one observed account."""
        return self._verdict(row.row, row.platform, row.handle, row.display_name, row.avatar)

    def _verdict(self, number: int, platform_text: str, handle: str, display_name: str, avatar: str) -> Verdict:
        platform = self.platform(platform_text)
        if self._registered and (platform, self._key(platform, handle)) in self._registered:
            return Verdict(number, platform, handle, display_name, "official", 100, None, None, (), None, None, None)

        seen = units(handle_name(handle))
        copied = self._resembled(seen, platform)
        term = self._terms.best(seen) if self._terms else None
        logo = self._logo_distance(avatar)
        logo_hit = logo is not None and logo <= self._logo_threshold

        if copied is not None or term is not None:
            match = copied or term
            assert match is not None
            reasons, score = explain(match, seen)
            field, severity = "handle", "high"
            rule = "SM603" if copied is not None else "SM601"
        else:
            shown = units(display_name) if display_name and self._terms else None
            term = self._terms.best(shown) if shown is not None else None
            if term is not None:
                assert shown is not None
                reasons, score = explain(term, shown)
                score -= DISPLAY_NAME_COST
                field, severity, rule = "display_name", "medium", "SM601"
            elif logo_hit:
                assert logo is not None
                reasons, score = (), 90 - (40 * logo) // max(1, self._logo_threshold)
                field, severity, rule = "avatar", "medium", "SM602"
            else:
                return Verdict(number, platform, handle, display_name, "clear", 0, None, None, (), None, None, None)
        if logo_hit:
            reasons = ordered({*reasons, "logo"})
            score = min(100, score + (_LOGO_BONUS if field != "avatar" else 0))
        return Verdict(
            number,
            platform,
            handle,
            display_name,
            "suspect",
            max(1, score),
            term.target.label if term is not None else None,
            field,
            reasons,
            copied.target.label if copied is not None else None,
            rule,
            severity,
        )

    def _resembled(self, seen, platform: str) -> Match | None:  # type: ignore[no-untyped-def]
        """The registered official account this handle copies, preferring one on the same platform."""
        if not self._accounts:
            return None
        match = self._accounts.best(seen)
        if match is None or match.target.account is None or match.target.account.platform == platform:
            return match
        for target in self._accounts.targets:
            if target.form == match.target.form and target.account and self.platform(target.account.platform) == platform:
                return Match(target, match.start, match.end, match.distance)
        return match

    def _logo_distance(self, avatar: str) -> int | None:
        if not avatar or not self._logos:
            return None
        if avatar not in self._avatars:
            self._avatars[avatar] = self._logos.distance(avatar)
        return self._avatars[avatar]

    # many rows -----------------------------------------------------------------------------

    def check_many(self, rows: Iterable[ObservedRow], *, suspects_only: bool = False) -> Iterator[Verdict]:
        """The verdicts on many rows, in order (only the suspects with ``suspects_only``)."""
        iterator = iter(rows)
        while batch := list(itertools.islice(iterator, _BATCH)):
            yield from self.scan_columns(
                [r.row for r in batch],
                [r.platform for r in batch],
                [r.handle for r in batch],
                [r.display_name for r in batch],
                [r.avatar for r in batch],
                suspects_only=suspects_only,
            )

    def scan_columns(
        self,
        numbers: Sequence[int],
        platforms: Sequence[str],
        handles: Sequence[str],
        display_names: Sequence[str],
        avatars: Sequence[str],
        *,
        suspects_only: bool = False,
    ) -> list[Verdict]:
        """The verdicts on rows given column by column; the same as :meth:`check` row by row.

        All names are folded in one pass and searched for anchors; only rows with an anchor, a
        registered handle's form, or an avatar to compare are looked at one by one.
        """
        names = list(handles)
        sample = "".join(names)
        if "/" in sample or ":" in sample or "@" in sample:
            names = [handle_name(h) for h in names]
        joined, forms = fold_many(names)
        rows = self._terms.rows_with_anchor(joined) | self._accounts.rows_with_anchor(joined)
        if self._registered_forms:
            known = self._registered_forms.intersection(forms)
            if known:
                rows.update(i for i, form in enumerate(forms) if form in known)
        if self._terms and any(display_names):
            rows |= self._terms.rows_with_anchor(fold_many(list(display_names))[0])
        if self._logos:
            rows.update(i for i, avatar in enumerate(avatars) if avatar)

        verdict = self._verdict
        found = {
            i: verdict(numbers[i], platforms[i], handles[i], display_names[i], avatars[i]) for i in sorted(rows)
        }
        if suspects_only:
            return [v for v in found.values() if v.verdict == "suspect"]
        out = []
        for i, number in enumerate(numbers):
            v = found.get(i)
            if v is None:
                v = Verdict(
                    number, self.platform(platforms[i]), handles[i], display_names[i], "clear", 0,
                    None, None, (), None, None, None,
                )  # fmt: skip
            out.append(v)
        return out
