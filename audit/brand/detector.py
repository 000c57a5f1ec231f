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

import gc
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from audit.brand.explain import DISPLAY_NAME_COST, explain, ordered
from audit.brand.forms import RIGHT_TO_LEFT_OVERRIDE, as_read, fold, fold_many, lines_of, trick_rows, units
from audit.brand.logo import LOGO_THRESHOLD, LogoSet
from audit.brand.match import (
    Match,
    Matcher,
    Target,
    account_targets,
    rows_equal,
    term_targets,
)
from audit.brand.model import ObservedRow, RegisteredAccount, Verdict
from audit.brand.words import Vocabulary

KeyFn = Callable[[str, str], str]

_BATCH = 1 << 16
_REMEMBERED = 1 << 17  # handles and display names whose matches are remembered, at most
_PASTED = re.compile("[/:@]")  # what a pasted address or @handle has
_OFFICIAL = object()  # what _look_at_handle says of a registered account seen again
_LOGO_BONUS = 5  # a copied logo on top of a copied name


def handle_name(handle: str) -> str:
    """The part of a handle, or of a pasted profile URL, that people read as the account's name.

    ``https://x.com/AloysiusWest/media`` → ``AloysiusWest`` (the platform's own URL parser
    finds the profile among its pages); ``company/aloysius`` → ``aloysius``;
    ``@user@instance.social`` → ``user``.
    """
    text = handle.strip()
    if "://" in text or ("/" in text and "." in text.split("/", 1)[0]):
        from registry.platforms import handle_from_url

        found = handle_from_url(text)
        if found is not None:
            text = found[1]
        else:  # an address of no known platform: its first path segment, or else its host
            rest = text.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
            parts = [part for part in rest.split("/") if part]
            text = parts[1] if len(parts) > 1 else (parts[0] if parts else "")
            if len(parts) == 1 and text.lower().startswith("www."):
                text = text[4:]
    if "/" in text:  # company/<name>, groups/<name>
        text = text.rstrip("/").rsplit("/", 1)[-1]
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
        affixes: Sequence[str] = (),
        allow: Sequence[str] = (),
    ) -> None:
        if key_fn is None:
            from registry.platforms import same_key as key_fn
        self._key: KeyFn = key_fn
        self._platforms: dict[str, str] = {}
        self._vocabulary = Vocabulary(affixes, allow)

        found: dict[str, Target] = {}
        for term in terms:
            for target in term_targets(term.strip()):
                found.setdefault(target.form, target)
        self._terms = Matcher(found.values())
        term_forms = [t.form for t in found.values() if not t.lookalike]

        self._registered: dict[tuple[str, str], RegisteredAccount] = {}
        self._registered_forms: set[str] = set()
        for account in registered:
            platform = self.platform(account.platform)
            self._registered.setdefault((platform, self._key(platform, account.handle)), account)
            self._registered_forms.add(fold(handle_name(account.handle)))
        officials = [a for a in registered if a.kind == "official"]
        copies: list[Target] = []
        bare_terms = set(term_forms)
        for account in officials:
            name = handle_name(account.handle)
            form = fold(name)
            if form in bare_terms and not any(other != form and other in form for other in bare_terms):
                # The handle is the brand itself: a copy of it is plain use of the brand (SM601),
                # not the imitation of one particular account. A handle that is a longer term
                # ("Lindewijs Academie") names one account, and a copy of it imitates that account.
                continue
            label = f"{self.platform(account.platform)}:{account.handle}"
            copies.extend(account_targets(account, label, name))
        self._accounts = Matcher(copies)

        self._logos = LogoSet(logo_hashes)
        self._logo_threshold = logo_threshold
        self._avatars: dict[str, int | None] = {}
        self._handles: dict[tuple[str, str, bool, bool, bool], object] = {}
        self._names: dict[tuple[str, bool], tuple[Match | None, tuple[str, ...], int]] = {}

    def platform(self, name: str) -> str:
        """The canonical name of a platform as written in a file ('Twitter' → 'x')."""
        canonical = self._platforms.get(name)
        if canonical is None:
            canonical = self._platforms[name] = _canonical_platform(name)
        return canonical

    # one row -------------------------------------------------------------------------------

    def check(self, row: ObservedRow) -> Verdict:
        """The verdict on one observed account."""
        return self._verdict(row.row, row.platform, row.handle, row.display_name, row.avatar, line=row.row)

    def _verdict(
        self,
        number: int,
        platform_text: str,
        handle: str,
        display_name: str,
        avatar: str,
        form: str | None = None,
        shown_form: str | None = None,
        look: tuple[bool, bool, bool] = (True, True, True),
        line: int = 0,
        overrides: bool | None = None,
    ) -> Verdict:
        """The verdict on one row.

        ``form`` and ``shown_form`` are the handle's and display name's forms when the caller has
        them already; ``look`` says whether a registered handle, a brand term in the handle and a
        brand term in the display name can be there at all (a batch knows from its anchors).
        """
        if overrides is None and (RIGHT_TO_LEFT_OVERRIDE in handle or RIGHT_TO_LEFT_OVERRIDE in display_name):
            # shown backwards, or copied and searched as typed: either way the name is there
            seen = self._verdict(number, platform_text, handle, display_name, avatar, form, shown_form, look, line, True)
            if seen.verdict != "clear":
                return seen
            return self._verdict(number, platform_text, handle, display_name, avatar, None, None, look, line, False)
        platform = self.platform(platform_text)
        handle, display_name = handle.strip(), display_name.strip()
        reverse = overrides is not False
        copies, terms, shown = look
        # A handle or display name seen before is looked at once: files repeat them, and finding
        # and explaining a match is the slow part of a verdict.
        key = (handle, platform, reverse, copies, terms)
        seen = self._handles.get(key)
        if seen is None:
            seen = self._handles[key] = self._look_at_handle(handle, platform, reverse, copies, terms, form)
        if seen is _OFFICIAL:
            return Verdict(number, platform, handle, display_name, "official", 100, None, None, (), None, None, None, line)
        copied, term, reasons, score = seen
        logo = self._logo_distance(avatar)
        logo_hit = logo is not None and logo <= self._logo_threshold

        if copied is not None or term is not None:
            field, severity = "handle", "high"
            rule = "SM603" if copied is not None else "SM601"
        else:
            if shown and display_name and self._terms:
                key = (display_name, reverse)
                seen_name = self._names.get(key)
                if seen_name is None:
                    seen_name = self._names[key] = self._look_at_name(display_name, reverse, shown_form)
                term, reasons, score = seen_name
            if term is not None:
                field, severity, rule = "display_name", "medium", "SM601"
            elif logo_hit:
                assert logo is not None
                reasons, score = (), 90 - (40 * logo) // max(1, self._logo_threshold)
                field, severity, rule = "avatar", "medium", "SM602"
            else:
                return Verdict(number, platform, handle, display_name, "clear", 0, None, None, (), None, None, None, line)
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
            line,
        )

    def _look_at_handle(
        self, handle: str, platform: str, reverse: bool, copies: bool, terms: bool, form: str | None
    ) -> tuple[Match | None, Match | None, tuple[str, ...], int] | object:
        """(the account copied, the term used, reasons, score) for a handle, or _OFFICIAL."""
        if len(self._handles) > _REMEMBERED:
            self._handles.clear()
        name, drawn = as_read(handle_name(handle), reverse=reverse)
        form = fold(name) if form is None else form
        # the same handle by the platform's rules always has the same form, so the form filters
        if form in self._registered_forms and (platform, self._key(platform, handle)) in self._registered:
            return _OFFICIAL
        copied = self._resembled(form, name, platform) if copies else None
        term = self._terms.best(form, name, self._vocabulary) if terms and self._terms else None
        match = copied or term
        if match is None:
            return None, None, (), 0
        reasons, score = explain(match, units(name))
        return copied, term, ordered({*reasons, "leet"}) if drawn else reasons, score

    def _look_at_name(self, display_name: str, reverse: bool, form: str | None) -> tuple[Match | None, tuple[str, ...], int]:
        """(the term used, reasons, score) for a display name."""
        if len(self._names) > _REMEMBERED:
            self._names.clear()
        shown_name, drawn = as_read(display_name, reverse=reverse)
        term = self._terms.best(fold(shown_name) if form is None else form, shown_name, self._vocabulary)
        if term is None:
            return None, (), 0
        reasons, score = explain(term, units(shown_name))
        return term, ordered({*reasons, "leet"}) if drawn else reasons, score - DISPLAY_NAME_COST

    def _resembled(self, form: str, name: str, platform: str) -> Match | None:
        """The registered official account this handle copies: one on the same platform first,
        then the closest."""
        if not self._accounts:
            return None
        best: Match | None = None
        best_key: tuple[bool, int, int, int, int] | None = None
        for key, match in self._accounts.candidates(form, name):
            for target in self._accounts.by_form[match.target.form]:
                if target.max_edits < match.distance:
                    continue
                ranked = (self._platform_of(target) != platform, *key)
                if best_key is None or ranked < best_key:
                    best, best_key = Match(target, match.start, match.end, match.distance), ranked
        return best

    def _platform_of(self, target: Target) -> str | None:
        return self.platform(target.account.platform) if target.account is not None else None

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
        lines: Sequence[int] | None = None,
    ) -> list[Verdict]:
        """The verdicts on rows given column by column; the same as :meth:`check` row by row.

        ``numbers`` are the rows' numbers, ``lines`` where they are in the file (the numbers too
        when not given).

        All names are folded in one pass and searched for anchors; only rows with an anchor, a
        registered handle's form, or an avatar to compare are looked at one by one.
        """
        names = list(handles)
        joined = "\n".join(names)
        if "/" in joined or ":" in joined or "@" in joined:
            pasted = lines_of(joined, [found.start() for found in _PASTED.finditer(joined)])
            if joined.count("\n") != len(names) - 1:
                pasted = set(range(len(names)))  # a handle with a line break of its own: look at all
            for i in pasted:
                names[i] = handle_name(names[i])
            joined = "\n".join(names)
        overridden: list[int] = []
        tricked = trick_rows(joined)
        if tricked:
            overridden = [i for i in tricked if RIGHT_TO_LEFT_OVERRIDE in names[i]]
            for i in tricked:
                names[i] = as_read(names[i])[0]
            joined = "\n".join(names)
        joined, forms, odd = fold_many(names, joined)
        copies = self._accounts.rows(joined, forms, odd)
        terms = self._terms.rows(joined, forms, odd, names)
        rows = copies | terms
        if self._registered_forms:
            rows |= rows_equal(joined, self._registered_forms.intersection(forms))
            rows.update(i for i in odd if forms[i] in self._registered_forms)
        shown_forms: Sequence[str | None] = [None] * len(numbers)
        shown: set[int] = set()
        if self._terms and any(display_names):
            shown_names = list(display_names)
            shown_joined = "\n".join(shown_names)
            tricked = trick_rows(shown_joined)
            if tricked:
                overridden += [i for i in tricked if RIGHT_TO_LEFT_OVERRIDE in shown_names[i]]
                for i in tricked:
                    shown_names[i] = as_read(shown_names[i])[0]
                shown_joined = "\n".join(shown_names)
            shown_joined, shown_forms, shown_odd = fold_many(shown_names, shown_joined)
            shown = self._terms.rows(shown_joined, shown_forms, shown_odd, shown_names)
            rows |= shown
        if self._logos:
            rows.update(i for i, avatar in enumerate(avatars) if avatar)
        every = set(overridden)  # read both ways, so looked at in full
        rows |= every

        verdict = self._verdict
        lines = numbers if lines is None else lines
        verdicts = {
            i: verdict(
                numbers[i], platforms[i], handles[i], display_names[i], avatars[i], forms[i], shown_forms[i],
                (i in copies or i in every, i in terms or i in every, i in shown or i in every), lines[i],
            )  # fmt: skip
            for i in sorted(rows)
        }
        if suspects_only:
            return [v for v in verdicts.values() if v.verdict == "suspect"]
        canonical = {name: self.platform(name) for name in set(platforms)}
        found, make = verdicts.get, tuple.__new__  # Verdict's own __new__ is a Python function: too slow here
        enabled = gc.isenabled()
        gc.disable()  # a million tuples of strings, nothing to collect: the collector would only slow it
        try:
            return [
                found(i) or make(Verdict, (number, canonical[p], h.strip(), d.strip(), "clear", 0, None, None, (),
                                           None, None, None, line, False))
                for i, (number, p, h, d, line) in enumerate(zip(numbers, platforms, handles, display_names, lines, strict=True))
            ]  # fmt: skip
        finally:
            if enabled:
                gc.enable()
