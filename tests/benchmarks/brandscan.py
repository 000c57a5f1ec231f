"""The brand scan's benchmark file: a million observed accounts as a monitoring tool exports them.

:func:`make_observed_csv` writes accounts of people, teachers, clubs, shops and other schools with
Dutch and English first and last names and school words, and display names of two or three words
(``Sanne de Vries``, ``Juf Emma``, ``Bakkerij Jansen``, ``OBS De Regenboog``). About
:data:`LOOKALIKE_SHARE` of the rows imitate the fictional school board below, made with the tricks
of the labelled corpora (``tests/brand_corpora.py``): affix words, leetspeak and confusables, one
edit from a registered handle, two edits of the long term, right-to-left override, letters drawn
with symbols, invisible characters, profile links with a page path, the term in the display name
only. The same seed writes the same file.
"""

from __future__ import annotations

import csv
import os
import random
import sys
from pathlib import Path

import audit.brand.forms  # noqa: E402,F401 - before tests/ is on the path, where tests/audit would shadow it

sys.path.append(str(Path(__file__).resolve().parents[1]))  # brand_corpora, when run as a script

import brand_corpora as corpora  # noqa: E402

TERMS = ("Lindewijs", "Stichting Lindewijs", "LWS")
BRAND = corpora.Brand(
    "lindewijs", TERMS, "Lindewijs",
    (("x", "LindewijsWest", "Lindewijs West", "official"),
     ("x", "LWSMaasland", "LWS Maasland", "official"),
     ("instagram", "lindewijs.academie", "Lindewijs Academie", "official"),
     ("instagram", "de.zon.school", "De Zon", "official"),
     ("linkedin", "company/lindewijs", "Stichting Lindewijs", "official"),
     ("youtube", "@lindewijs", "Lindewijs", "official"),
     ("facebook", "obs.de.wilg", "OBS De Wilg", "official"),
     ("facebook", "cbs.het.baken", "CBS Het Baken", "official"),
     ("tiktok", "kc.de.horizon", "Kindcentrum De Horizon", "official"),
     ("instagram", "ikc.de.bongerd", "IKC De Bongerd", "official"),
     ("x", "juf_marloes_wilg", "Juf Marloes", "work"),
     ("instagram", "meester.bas.baken", "Meester Bas", "work")),
    seed=1212,
)
LOOKALIKE_SHARE = 0.025
COLUMNS = ("platform", "handle", "display_name", "url", "platform_id", "avatar", "first_seen", "source")

FIRST = [*corpora.FIRST, *["james", "oliver", "harry", "jack", "george", "charlie", "thomas", "william", "emily", "olivia", "amelia", "isla", "ava", "mia", "grace", "chloe", "lily", "sophia", "ella", "freya", "daisy", "noah", "liam", "ethan", "mason", "logan", "lucas", "michael", "david", "sarah", "laura", "hannah", "rachel", "kate", "anne", "tom", "ben", "sam", "max", "dirk", "wim", "theo", "cor", "bert", "frits", "hans", "pieter", "jeroen", "sander", "rik", "niels", "wouter", "bart", "erik", "marco", "dennis", "kevin", "jeffrey", "patrick", "mike", "nick", "rob", "ellen", "linda", "monique", "sandra", "marieke", "yvonne", "janneke", "anouk", "lisa", "kim", "demi", "britt", "isa", "zoe", "lynn", "luna", "nova", "yara", "sofie", "elin", "mila", "saar", "fenna", "veerle", "lindsey", "linda", "lindy", "linde", "lieve", "wies", "wiesje", "lisanne", "lindert", "lindeman"]]
LAST = [*corpora.LAST, *["smith", "jones", "taylor", "brown", "williams", "wilson", "johnson", "davies", "robinson", "wright", "thompson", "evans", "walker", "white", "roberts", "green", "hall", "wood", "jackson", "clarke", "janssen", "berg", "vandenberg", "boer", "groot", "bosch", "vandenbosch", "lammers", "wijs", "dewijs", "lind", "linden", "vanderlinden", "lindeboom", "lindhout", "wijsman", "jacobs", "maas", "vermeer", "vanbeek", "mol", "zwart", "blom", "koning", "vandermeer", "schipper", "scholten", "timmermans", "vanderheijden", "hermans", "kuiper", "wouters", "claassen", "dewit", "verhoeven", "lindner", "wijnands", "vanwijk", "vanlinde"]]
WORDS = [*corpora.WORDS, *["bakkerij", "fotografie", "design", "studio", "coaching", "yoga", "fitness", "atelier", "bloemen", "tuincentrum", "garage", "autobedrijf", "kapsalon", "nagelstudio", "catering", "events", "reizen", "vastgoed", "advies", "administratie", "loodgieter", "elektra", "schilders", "music", "photography", "travel", "food", "blog", "art", "crafts", "gaming", "sports", "hockey", "voetbal", "korfbal", "handbal", "tennisclub", "zwemclub", "muziekschool", "dansschool", "bibliotheek", "kerk", "buurthuis", "gemeente", "dorpshuis"]]
SCHOOL_WORDS = [*corpora.SCHOOL_WORDS, "basisschool", "juf", "meester", "groep", "klas", "ouderraad", "mr", "bso"]
_OWN_SCHOOLS = ("de horizon", "de wilg", "het baken", "de bongerd", "de zon")  # the board's own: not ordinary
SCHOOLS = [school for school in (*corpora.OTHER_SCHOOLS, *["de regenboog", "het kompas", "de linde", "de lindeboom", "de wijzer", "het lindehof", "de wilgen", "de eik", "de esdoorn", "de populier", "het anker", "de ark", "de parel", "de driesprong", "de kameleon", "het mozaiek", "de sterrenwacht", "de fontein"]) if school not in _OWN_SCHOOLS]


def _title(words: list[str]) -> str:
    small = {"de", "het", "van", "der", "den", "en"}
    return " ".join(w if w in small and i else w.capitalize() for i, w in enumerate(words))


def _ordinary(rng: random.Random) -> tuple[str, str]:
    """(handle, display name) of an account that has nothing to do with the brand."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    sep = rng.choice(("", "_", ".", "", "-"))
    shape = rng.random()
    if shape < 0.35:
        handle = rng.choice((first + sep + last, first[0] + sep + last, last + sep + first))
        shown = _title([first, *rng.choice(([], ["de"], ["van"], ["van", "der"])), last])
    elif shape < 0.5:
        word = rng.choice(WORDS)
        handle = rng.choice((word + sep + last, first + sep + word, word + sep + first + str(rng.randint(1, 99))))
        shown = _title(rng.choice(([word, last], [word, first], [first, last, word])))
    elif shape < 0.62:
        title = rng.choice(("juf", "meester", "mr", "teacher"))
        handle = title + sep + first + rng.choice(("", "", sep + rng.choice(SCHOOL_WORDS), str(rng.randint(1, 9))))
        shown = _title([title, first, *rng.choice(([], [last]))])
    elif shape < 0.72:
        school = rng.choice(SCHOOLS).split()
        prefix = rng.choice(("obs", "cbs", "kc", "ikc", "bs", "rkbs", "school"))
        handle = sep.join([prefix, *school]) if sep else prefix + "".join(school)
        shown = _title([prefix.upper() if len(prefix) <= 4 else prefix, *school])
    else:
        handle = first + rng.choice(("", sep)) + last + str(rng.choice((rng.randint(1, 99), rng.randint(1950, 2012))))
        shown = _title([first, last])
    if rng.random() < 0.25:
        handle = handle.capitalize()
    return handle, shown


def _lookalike(rng: random.Random, table: dict[str, list[str]]) -> tuple[str, str, str, str]:
    """(platform, handle, display name, url) of a row imitating the brand, by one of the corpora's tricks."""
    platform = rng.choice(corpora.PLATFORMS)
    _, shown = _ordinary(rng)
    roll = rng.random()
    if roll < 0.3:  # the term (or a disguised one) glued to affix words
        return platform, corpora._impostor(rng, BRAND, table), shown, ""
    if roll < 0.45:  # one edit from a registered official handle
        officials = [r for r in BRAND.registered if r[3] == "official" and r[0] != "linkedin"]
        where, handle, copied, _ = rng.choice(officials)
        copy = corpora.one_edit(rng, handle.lstrip("@"))
        return where, ("@" + copy if where == "youtube" else copy), copied, ""
    if roll < 0.55:  # two edits of the long term
        fuzzed = BRAND.term
        while corpora._distance(fuzzed, BRAND.term) < 2:
            fuzzed = corpora.one_edit(rng, fuzzed)
        return platform, rng.choice((fuzzed, fuzzed.lower(), fuzzed + "_" + rng.choice(corpora.AFFIXES))), shown, ""
    if roll < 0.75:  # presentation tricks
        term = corpora._case(rng, BRAND.term)
        trick = rng.choice((corpora.drawn, corpora.invisible, lambda r, t: corpora.reversed_override(t),
                            lambda r, t: corpora.homoglyph(r, t.lower(), table)))
        return platform, trick(rng, term) + rng.choice(("", "_" + rng.choice(corpora.AFFIXES))), shown, ""
    if roll < 0.85:  # a profile link with a page path, the handle column empty
        page_platform = rng.choice(("x", "instagram", "tiktok", "youtube"))
        return page_platform, "", shown, corpora._page(rng, page_platform, corpora._impostor(rng, BRAND, table))
    handle, _ = _ordinary(rng)  # the term in the display name only
    term = rng.choice((BRAND.term, "LWS", "Stichting Lindewijs"))
    return platform, handle, rng.choice((f"{term} {rng.choice(corpora.AFFIXES)}", f"Juf {rng.choice(FIRST).title()} {term}",
                                         f"{term} fans")), ""


def make_observed_csv(path: str | os.PathLike[str], n: int, seed: int = 1, lookalike_rows: list[int] | None = None) -> int:
    """Write ``n`` observed accounts to ``path``; the number of lookalikes among them (their data
    row numbers, from 1, are appended to ``lookalike_rows`` when given)."""
    rng = random.Random(seed)
    table = corpora._lookalikes()
    lookalikes = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, lineterminator="\n")
        out.writerow(COLUMNS)
        for i in range(n):
            if rng.random() < LOOKALIKE_SHARE:
                lookalikes += 1
                if lookalike_rows is not None:
                    lookalike_rows.append(i + 1)
                platform, name, shown, url = _lookalike(rng, table)
            else:
                platform = rng.choice(corpora.PLATFORMS)
                name, shown = _ordinary(rng)
                url = ""
            if not url and rng.random() < 0.5:
                url = f"https://{platform}.com/{name}"
            day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.writerow((platform, name, shown, url, str(10**9 + i), "", day, rng.choice(("monitor", "melding"))))
    return lookalikes


if __name__ == "__main__":
    count = make_observed_csv(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
    print(f"{count} lookalikes")
