"""Benchmark of the brand scan (PRODUCT.md §11: a million observed accounts in ≤ 3 s, ≤ 1 GiB).

:func:`make_observed_csv` writes a file of observed accounts shaped like a monitoring tool's
export: handles and display names built from Dutch first names, surnames and words, about 1%
of them lookalikes of the fictional brand below, in every disguise the detector knows.
:func:`run` scans such a file the way ``smreg scan FILE --suspects-only`` does.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import time

from audit.brand.detector import Detector
from audit.brand.model import RegisteredAccount
from audit.brand.scan import scan_file

TERMS = ("Aloysius", "Aloysius Stichting")
REGISTERED = (
    RegisteredAccount(1, "x", "AloysiusAcademie", "Aloysius Academie", "official"),
    RegisteredAccount(2, "x", "AloysiusWest", "Aloysius West", "official"),
    RegisteredAccount(3, "instagram", "aloysius.stichting", "Aloysius Stichting", "official"),
    RegisteredAccount(4, "linkedin", "company/aloysius-stichting", "Aloysius Stichting", "official"),
    RegisteredAccount(5, "x", "juf_sanne_dezon", "Juf Sanne", "work"),
)
LOOKALIKE_SHARE = 0.01


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_FIRST = _words(
    "jan piet kees anna sanne lotte emma sophie daan bram lucas noah finn sem julia tess fleur lieke marieke "
    "henk gerrit willem maarten koen thijs ruben iris eva nina femke anouk esther ingrid louise alysha aloha "
    "loes joost mark ilse aloys lois luuk milan levi sara zoë renée chloë noë ahmed fatima mohamed yusuf aylin"
)
_LAST = _words(
    "jansen devries vandenberg bakker visser smit meijer dejong mulder bos vos peters hendriks dekker "
    "vanleeuwen dijkstra brouwer degraaf kok vandam yilmaz elamrani çelik"
)
_WORDS = _words(
    "school juf meester art foto design club fans official nl info team sport music kunst bakkerij zon maan "
    "ster academie college lyceum stichting basisschool kinderopvang voetbal hockey"
)
_PLATFORMS = ("x", "instagram", "tiktok", "facebook", "youtube", "linkedin")
_SOURCES = ("monitor", "melding", "handmatig")

# Disguises of "aloysius", each as it might appear in a handle.
_LOOKALIKES = (
    "al0ysius",
    "aloysius_fans",
    "a.l.o.y.s.i.u.s",
    "ALOYSIUS",
    "aloysiusnl",
    "stichtingaloysius",
    "4loysiu5",
    "alоysius",  # Cyrillic о
    "αloysius",  # Greek alpha
    "aIoysius",  # capital I for l
    "alo\u200bysius",
    "aloyssius",
    "aloysuis",
    "alysius",
    "aloysiusacademie_",
    "aloysius.stichting.nl",
)


def _person(rng: random.Random) -> tuple[str, str]:
    first, last, word = rng.choice(_FIRST), rng.choice(_LAST), rng.choice(_WORDS)
    sep = rng.choice(("", "_", ".", ""))
    shape = rng.random()
    if shape < 0.4:
        handle, shown = first + sep + last, f"{first.title()} {last.title()}"
    elif shape < 0.6:
        handle, shown = first + sep + word, f"{first.title()} {word}"
    elif shape < 0.8:
        handle, shown = word + sep + first + str(rng.randint(1, 99)), f"{word.title()} {first.title()}"
    else:
        handle, shown = first[0] + last + str(rng.randint(1950, 2010)), f"{first.title()} {last.title()}"
    if rng.random() < 0.3:
        handle = handle.capitalize()
    return handle, shown


def make_observed_csv(path: str | os.PathLike[str], n: int, seed: int = 1) -> int:
    """Write ``n`` observed accounts to ``path``; the number of lookalikes among them."""
    rng = random.Random(seed)
    lookalikes = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(("platform", "handle", "display_name", "url", "platform_id", "avatar", "first_seen", "source"))
        for i in range(n):
            platform = rng.choice(_PLATFORMS)
            handle_text, shown = _person(rng)
            if rng.random() < LOOKALIKE_SHARE:
                lookalikes += 1
                if rng.random() < 0.2:
                    shown = f"Aloysius {rng.choice(_WORDS)}"  # the brand in the display name only
                else:
                    handle_text = rng.choice(_LOOKALIKES) + rng.choice(("", "", "_" + rng.choice(_WORDS)))
            url = f"https://{platform}.com/{handle_text}"
            day = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            out.writerow((platform, handle_text, shown, url, str(10**9 + i), "", day, rng.choice(_SOURCES)))
    return lookalikes


def run(
    path: str | os.PathLike[str],
    *,
    terms: tuple[str, ...] = TERMS,
    registered: tuple[RegisteredAccount, ...] = REGISTERED,
) -> tuple[float, float, int]:
    """Scan ``path`` for suspects only: (seconds, peak resident memory in MB, suspects found).

    The memory is this process's peak plus its largest child's: an upper bound for both at once.
    """
    start = time.perf_counter()
    detector = Detector(terms, registered)
    suspects = sum(1 for _ in scan_file(path, detector, suspects_only=True))
    seconds = time.perf_counter() - start
    # kilobytes on Linux; a large file is scanned by this process and one forked helper at once
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1024, suspects
