"""Benchmarks: the figures of PRODUCT.md §11 on this machine, printed as a table.

Run ``python tests/benchmarks/run.py [--only NAME ...]``. Each figure times the real command
(the installed ``smreg``) in a fresh process and reads its peak memory; nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TODAY = date(2026, 11, 24)
SMREG = str(Path(sys.executable).with_name("smreg"))
RESULTS: list[tuple[str, str, str, str]] = []
# The CPU time (user + system) of the best run :func:`run` timed last: on a busy machine the wall
# time says little, the CPU time still tells what the command costs.
LAST_CPU: list[float] = []


def run(args: list[str], env: dict[str, str], *, repeat: int = 1, stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Best wall time over ``repeat`` runs and the peak RSS (MiB) of the command."""
    best, peak, cpu = float("inf"), 0.0, 0.0
    for _ in range(repeat):
        # Files the setup wrote are flushed first, so the command's own fsyncs do not wait for them.
        os.sync()
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M %U %S", *args], env=env, stdout=stdout,
                                stderr=subprocess.PIPE)
        _, err = proc.communicate()
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
        rss, user, system = err.decode().strip().splitlines()[-1].split()
        if elapsed < best:
            best, cpu = elapsed, float(user) + float(system)
        peak = max(peak, int(rss) / 1024)
    LAST_CPU[:] = [cpu]
    return best, peak


def record(name: str, seconds: float, target: str, memory: float | None = None) -> None:
    cpu = f", cpu {LAST_CPU.pop():.3f} s" if LAST_CPU else ""
    RESULTS.append((name, f"{seconds:.3f} s{cpu}", f"{memory:.0f} MiB" if memory is not None else "", target))
    print(f"  {name}: {seconds:.3f} s{cpu}" + (f", {memory:.0f} MiB" if memory is not None else "") + f"  (target {target})",
          flush=True)


def new_store(workdir: Path, name: str, env: dict[str, str]):
    from registry import settings
    from registry.db import Store
    from registry.services.setup import initialise

    db = workdir / f"{name}.db"
    env = {**env, "SMREG_DATABASE_URL": str(db)}
    os.environ.update(env)
    store = Store(settings.resolve(str(db)))
    from audit.signing import generate_keypair

    initialise(store, actor="benchmark", organisation="Benchmark", brands=["Lindewijs"], domains=["example.org"],
               signing=generate_keypair)
    return store, env


def bench_help(workdir: Path, env: dict[str, str]) -> None:
    seconds, memory = run([SMREG, "--help"], env, repeat=7)
    record("smreg --help", seconds, "≤ 0.10 s", memory)


def bench_list(workdir: Path, env: dict[str, str]) -> None:
    import synthetic

    store, env = new_store(workdir, "list", env)
    synthetic.populate(store, accounts=10_000, persons=2_000, leavers=100, today=TODAY)
    seconds, memory = run([SMREG, "account", "list", "--format", "json"], env, repeat=3)
    record("account list --format json, 10,000 accounts", seconds, "≤ 0.5 s", memory)


def bench_verify(workdir: Path, env: dict[str, str]) -> None:
    import synthetic

    store, env = new_store(workdir, "verify", env)
    synthetic.append_events(store, 1_000_000)
    seconds, memory = run([SMREG, "log", "verify"], env, repeat=2)
    record("log verify, 1,000,000 events", seconds, "≤ 2 s", memory)


def _people_only(store, persons: int) -> None:
    import synthetic

    synthetic.populate(store, accounts=0, persons=persons, leavers=0, today=TODAY)


def _import_file(workdir: Path, count: int) -> Path:
    import csv

    import synthetic

    path = workdir / f"accounts-{count}.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["platform", "handle", "display_name", "unit", "kind", "purpose", "custodian",
                         "backup_custodian", "vault_ref", "recovery_contact", "rotated_on", "created_on"])
        for i in range(1, count + 1):
            platform = synthetic.PLATFORMS[i % len(synthetic.PLATFORMS)]
            handle, _key, _url = synthetic.handle_for(platform, i)
            writer.writerow([platform, handle, f"School {i}", f"U{2 + i % 99:03d}", "official", "communicatie",
                             str(100001 + i % 2000), str(100001 + (i + 7) % 2000), f"op://Social/item{i}/password",
                             "social@example.org", "2026-01-10", "2020-01-01"])
    return path


def bench_import(workdir: Path, env: dict[str, str], *, url: str | None = None, label: str = "SQLite") -> None:
    from registry import settings
    from registry.db import Store
    from registry.services.setup import initialise

    file = _import_file(workdir, 100_000)
    if url is None:
        store, env = new_store(workdir, "import", env)
    else:
        env = {**env, "SMREG_DATABASE_URL": url}
        os.environ.update(env)
        store = Store(settings.resolve(url))
        initialise(store, actor="benchmark", organisation="Benchmark")
    _people_only(store, 2_000)
    sqlite = url is None  # PRODUCT.md §11 sets the targets on SQLite; PostgreSQL is reported beside them
    seconds, memory = run([SMREG, "account", "import", str(file)], env)
    record(f"account import, 100,000 rows, empty {label} store", seconds, "≤ 5 s" if sqlite else "reported", memory)
    seconds, memory = run([SMREG, "account", "import", str(file)], env)
    record(f"account re-import, 100,000 rows, no changes ({label})", seconds, "≤ 5 s" if sqlite else "reported", memory)
    out = workdir / "export.csv"
    seconds, memory = run([SMREG, "account", "export", "--format", "csv", "--out", str(out)], env)
    record(f"account export to CSV, 100,000 rows ({label})", seconds, "≤ 3 s" if sqlite else "reported", memory)


def _hr_file(workdir: Path, count: int) -> Path:
    """An HR export as HR systems write it: Dutch headers, split names, `;`, dd-mm-yyyy dates."""
    path = workdir / f"hr-{count}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("Personeelsnummer;Roepnaam;Tussenvoegsel;Achternaam;E-mailadres werk;School;Functie;"
                     "Datum in dienst;Datum uit dienst\n")
        for i in range(1, count + 1):
            end = f"31-07-20{27 + i % 3}" if i % 20 == 0 else ""
            handle.write(f"{200000 + i};Medewerker{i};{'van der' if i % 4 == 0 else ''};Achternaam{i};"
                         f"m{i}@example.org;U{2 + i % 99:03d};leerkracht;01-08-20{10 + i % 15};{end}\n")
    return path


def bench_person_import(workdir: Path, env: dict[str, str]) -> None:
    file = _hr_file(workdir, 50_000)
    store, env = new_store(workdir, "people", env)
    _people_only(store, 0)  # the units only
    seconds, memory = run([SMREG, "person", "import", str(file)], env)
    record("person import, 50,000 people (2,500 with an end date), empty store", seconds, "≤ 5 s", memory)
    seconds, memory = run([SMREG, "person", "import", str(file)], env)
    record("person re-import, 50,000 people, no changes", seconds, "≤ 3 s", memory)


def bench_import_pg(workdir: Path, env: dict[str, str]) -> None:
    import secrets

    from sqlalchemy import create_engine

    admin = os.environ.get("SMREG_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"smreg_bench_{secrets.token_hex(4)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        bench_import(workdir, env, url=admin.rsplit("/", 1)[0] + "/" + name, label="PostgreSQL")
    finally:
        from registry import db

        for url, eng in list(db._engines.items()):
            if name in url:
                eng.dispose()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench_audit(workdir: Path, env: dict[str, str]) -> None:
    from datetime import timedelta

    import synthetic

    store, env = new_store(workdir, "audit", env)
    synthetic.populate(store, accounts=100_000, persons=50_000, leavers=5_000, today=TODAY)
    count = synthetic.history(store, today=TODAY)
    print(f"  ({count:,} snapshot events over two years)", flush=True)
    seconds, memory = run([SMREG, "audit", "--format", "json"], env, repeat=3)
    record("audit --format json, 100,000 accounts, 50,000 persons (5,000 leavers)", seconds, "≤ 5 s", memory)
    seconds, memory = run([SMREG, "audit"], env, repeat=2)
    record("audit (table), same store", seconds, "≤ 5 s", memory)
    year_ago = (TODAY - timedelta(days=365)).isoformat()
    seconds, memory = run([SMREG, "audit", "--format", "json", "--as-of", year_ago], env, repeat=2)
    record("audit --as-of a year back, same store", seconds, "≤ 10 s", memory)


def bench_period(workdir: Path, env: dict[str, str]) -> None:
    """The period report and the signed evidence pack of a quarter, over two years of events."""
    import synthetic

    store, env = new_store(workdir, "period", env)
    synthetic.populate(store, accounts=100_000, persons=50_000, leavers=5_000, today=TODAY)
    count = synthetic.history(store, today=TODAY)
    print(f"  ({count:,} snapshot events over two years)", flush=True)
    for fmt in ("json", "html"):
        seconds, memory = run([SMREG, "report", "period", "--quarter", "2026Q3", "--format", fmt], env, repeat=2)
        record(f"report period --quarter 2026Q3 --format {fmt}, 100,000 accounts, two years of events", seconds,
               "≤ 5 s", memory)
    pack = workdir / "pack.zip"
    seconds, memory = run([SMREG, "report", "evidence", "--quarter", "2026Q3", "--out", str(pack), "--sign"], env,
                          repeat=2)
    record("report evidence --quarter 2026Q3 --sign, same store", seconds, "≤ 10 s", memory)


def bench_check(workdir: Path, env: dict[str, str]) -> None:
    """The replay of the log against the tables that `log verify` and every audit run."""
    import resource

    import synthetic

    from registry import consistency

    # The store is set up before the two years of history begin, so the log's times run forward.
    earlier = {**env, "SMREG_CLOCK": f"{TODAY.replace(year=TODAY.year - 3).isoformat()}T12:00:00+00:00"}
    try:
        store, _ = new_store(workdir, "check", earlier)
    finally:
        os.environ["SMREG_CLOCK"] = env["SMREG_CLOCK"]
    env = {**env, "SMREG_DATABASE_URL": os.environ["SMREG_DATABASE_URL"]}
    synthetic.populate(store, accounts=100_000, persons=50_000, leavers=5_000, today=TODAY)
    count = synthetic.history(store, today=TODAY, sealed=True)
    print(f"  ({count:,} snapshot events over two years, personal data sealed)", flush=True)
    consistency.check(store)  # warm: imports and the file cache
    started, cpu = time.perf_counter(), time.process_time()
    result = consistency.check(store)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    if not result.ok:
        raise SystemExit(f"the synthetic store disagrees with its log: {result.disagreements[:5]}")
    record(f"tables against the log (in process, CPU {cpu:.2f} s), 100,000 accounts, 50,000 persons", elapsed, "≤ 2 s")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, memory = run([SMREG, "log", "verify"], env, repeat=2)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / 2
    record(f"log verify with the table check, same store (CPU {cpu:.2f} s a run)", seconds, "≤ 3 s", memory)


def bench_report(workdir: Path, env: dict[str, str]) -> None:
    import synthetic

    from audit import signing

    store, env = new_store(workdir, "report", env)
    synthetic.populate(store, accounts=100_000, persons=50_000, leavers=5_000, today=TODAY)
    for fmt, target in (("html", "≤ 3 s"), ("xlsx", "reported")):
        out = workdir / f"ownership.{fmt}"
        seconds, memory = run([SMREG, "report", "ownership", "--format", fmt, "--out", str(out)], env, repeat=2)
        record(f"report ownership --format {fmt}, 100,000 accounts", seconds, target, memory)
    big = workdir / "big-report.html"
    big.write_bytes(os.urandom(10 * 1024 * 1024))
    key = Path(env["SMREG_SIGNING_DIR"]) / "signing_key.pem"
    start = time.perf_counter()
    signing.sign_file(big, key, as_of="2026-11-24", log_head=(1, "0" * 64), now=datetime.now(UTC))
    signed = time.perf_counter() - start
    start = time.perf_counter()
    signing.verify_file(big, public_key_path=key.with_name("signing_key.pub.pem"))
    verified = time.perf_counter() - start
    record("sign + verify a 10 MB report (in process)", signed + verified, "≤ 0.5 s")


def bench_scan(workdir: Path, env: dict[str, str]) -> None:
    """A million observed accounts with realistic names, 2.5 % lookalikes (``brandscan.py``), scanned
    with table output, JSON output and ``--suspects-only``."""
    import brandscan

    from audit.brand import quality
    from registry.services import accounts, config, people, units

    store, env = new_store(workdir, "scan", env)
    with store.unit_of_work(actor="benchmark") as uow:
        for term in brandscan.TERMS:
            if term not in config.brand_terms(uow):
                config.add_brand_term(uow, term)
        units.add_unit(uow, code="ORG", name="Benchmark", kind="organisation")
        people.add_person(uow, people.PersonInput(employee_id="1", name="Bench Mark", unit="ORG"))
        for platform, handle, shown, kind in brandscan.BRAND.registered:
            accounts.add_account(uow, {"platform": platform, "handle": handle, "unit": "ORG", "custodian": "1",
                                       "kind": kind, "display_name": shown, "vault_ref": "op://Social/bench/password"},
                                 today=TODAY)
        uow.commit()
    path = workdir / "observed-1m.csv"
    lookalikes = brandscan.make_observed_csv(path, 1_000_000)
    print(f"  (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)
    for label, extra in (("table", []), ("JSON", ["--format", "json"]), ("--suspects-only, table", ["--suspects-only"])):
        seconds, memory = run([SMREG, "scan", str(path), *extra], env)
        record(f"scan {label}, 1,000,000 observed accounts ({lookalikes:,} lookalikes)", seconds, "≤ 3 s, ≤ 1 GiB", memory)
    corpora = Path(__file__).resolve().parents[1] / "data" / "brand"
    for folder in sorted(p for p in corpora.iterdir() if (p / "observed.csv").is_file()):
        found = quality.evaluate(folder)
        print(f"  corpus {folder.name}: {found.rows} rows, precision {found.precision:.3f}, recall {found.recall:.3f}"
              "  (target ≥ 0.95 each)", flush=True)
        RESULTS.append((f"brand corpus {folder.name}: precision {found.precision:.3f}, recall {found.recall:.3f}",
                        "", "", "≥ 0.95 each"))


def _vault_export(path: Path, count: int) -> None:
    """A Bitwarden organisation export of ``count`` login items, a secret in every secret field:
    a fifth for registered accounts (profile URLs), a tenth for accounts nobody registered, the rest
    other logins."""
    import json

    import synthetic

    platforms = ("x", "instagram", "tiktok", "facebook", "youtube", "linkedin")
    with path.open("w", encoding="utf-8") as handle:
        handle.write('{"encrypted": false, "collections": [{"id": "c1", "name": "Social"}], "items": [')
        for i in range(count):
            if i % 5 == 0:
                url = synthetic.handle_for(platforms[(i // 5) % len(platforms)], i // 5)[2]
            elif i % 10 == 1:
                url = f"https://www.instagram.com/unregistered_{i}/"
            else:
                url = f"https://portal{i % 97}.example.org/login"
            item = {"passwordHistory": [{"lastUsedDate": "2026-03-01T10:00:00.000Z", "password": f"old-secret-{i}"}],
                    "revisionDate": "2026-03-01T10:00:00.000Z", "creationDate": "2025-01-01T10:00:00.000Z",
                    "deletedDate": None, "id": f"00000000-0000-4000-8000-{i:012d}", "organizationId": "org",
                    "folderId": None, "type": 1, "reprompt": 0, "name": f"Login {i}", "notes": f"note-secret-{i}",
                    "favorite": False, "fields": [{"name": "pin", "value": f"field-secret-{i}", "type": 1}],
                    "login": {"uris": [{"match": None, "uri": url}], "username": f"user{i}@example.org",
                              "password": f"secret-{i}", "totp": f"totp-secret-{i}"},
                    "collectionIds": ["c1"]}
            handle.write(("," if i else "") + json.dumps(item))
        handle.write("]}")


def bench_vault(workdir: Path, env: dict[str, str]) -> None:
    import synthetic

    store, env = new_store(workdir, "vault", env)
    synthetic.populate(store, accounts=10_000, persons=2_000, leavers=100, today=TODAY)
    path = workdir / "bitwarden-50k.json"
    _vault_export(path, 50_000)
    seconds, memory = run([SMREG, "vault", "import", str(path)], env)
    record("vault import, Bitwarden JSON of 50,000 items (10,000 accounts registered)", seconds, "≤ 3 s", memory)


def _sherlock_csv(path: Path, rows: int) -> None:
    """sherlock's CSV for many usernames: one row per site, a fifth of them Claimed, 14 sites known to smreg."""
    import csv

    known = {"Instagram": "https://www.instagram.com/{}", "Twitter": "https://x.com/{}",
             "TikTok": "https://www.tiktok.com/@{}", "YouTube": "https://www.youtube.com/@{}",
             "Pinterest": "https://www.pinterest.com/{}/", "Tumblr": "https://{}.tumblr.com",
             "Snapchat": "https://www.snapchat.com/add/{}", "Threads": "https://www.threads.net/@{}",
             "Facebook": "https://www.facebook.com/{}", "Bluesky": "https://bsky.app/profile/{}.bsky.social"}
    sites = [*known.items(), *((f"Site{k}", f"https://site{k}.example.com/user/{{}}") for k in range(390))]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["username", "name", "url_main", "url_user", "exists", "http_status", "response_time_s"])
        for i in range(rows):
            user, (site, pattern) = f"lindewijs_fan{i // len(sites)}", sites[i % len(sites)]
            claimed = i % 5 == 0
            writer.writerow([user, site, pattern.format(""), pattern.format(user), "Claimed" if claimed else "Available",
                             200 if claimed else 404, "0.25"])


def bench_observe(workdir: Path, env: dict[str, str]) -> None:
    store, env = new_store(workdir, "observe", env)
    path = workdir / "sherlock-100k.csv"
    _sherlock_csv(path, 100_000)
    seconds, memory = run([SMREG, "observe", "import", str(path)], env)
    record("observe import, sherlock CSV of 100,000 rows", seconds, "≤ 3 s", memory)


def bench_web(workdir: Path, env: dict[str, str]) -> None:
    import web

    store, env = new_store(workdir, "web", env)
    leavers = web.prepare(store, accounts=10_000, persons=5_000, leavers=250, today=TODAY)
    server, base = web.start(SMREG, str(workdir / "web.db"), env, workdir / "web.log")
    try:
        times = web.page_times(base, leavers[0])
    finally:
        web.stop(server)
    for path, ms in times:
        print(f"    {path}: {ms:.1f} ms", flush=True)
    slowest = max(times, key=lambda item: item[1])
    record(f"web pages, 10,000 accounts, 5,000 persons (slowest: {slowest[0]}; server time, median of 5)",
           slowest[1] / 1000, "≤ 0.150 s each")


def bench_web_load(workdir: Path, env: dict[str, str]) -> None:
    import secrets

    import web
    from sqlalchemy import create_engine

    from registry import settings
    from registry.db import Store

    admin = os.environ.get("SMREG_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    name = f"smreg_bench_{secrets.token_hex(4)}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = admin.rsplit("/", 1)[0] + "/" + name
    try:
        from audit.signing import generate_keypair
        from registry.services.setup import initialise

        store = Store(settings.resolve(url))
        initialise(store, actor="benchmark", organisation="Benchmark", domains=["example.org"], signing=generate_keypair)
        leavers = web.prepare(store, accounts=10_000, persons=5_000, leavers=250, today=TODAY, users=20)
        server, base = web.start(SMREG, url, env, workdir / "load.log", workers=4)
        try:
            result = web.load(base, leavers[:40], clients=20, seconds=60)
        finally:
            web.stop(server)
        lost = web.lost_updates(store, result["accepted"])
        print(f"    {result['requests']} requests, {len(result['accepted'])} handover steps accepted, "
              f"{result['conflicts']} refused as stale, {len(result['errors'])} errors, {len(lost)} lost updates", flush=True)
        for error in result["errors"][:5]:
            print(f"    error: {error}")
        record(f"web load, 20 clients for 60 s, PostgreSQL, 4 workers: p50 ({result['requests']} requests, "
               f"{len(result['errors'])} errors, {len(lost)} lost updates)", result["p50"] / 1000, "no errors, no lost update")
        record("web load, same run: p95", result["p95"] / 1000, "reported")
    finally:
        from registry import db

        for key, eng in list(db._engines.items()):
            if name in key:
                eng.dispose()
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


BENCHES = {"help": bench_help, "list": bench_list, "verify": bench_verify, "import": bench_import,
           "import-pg": bench_import_pg, "audit": bench_audit, "check": bench_check, "report": bench_report, "period": bench_period, "scan": bench_scan,
           "vault": bench_vault, "observe": bench_observe, "web": bench_web, "web-load": bench_web_load,
           "person-import": bench_person_import}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), help="run only these benchmarks")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="smreg-bench-"))
    env = {**os.environ, "SMREG_KEY_FILE": str(workdir / "key"), "SMREG_SIGNING_DIR": str(workdir),
           "SMREG_CLOCK": f"{TODAY.isoformat()}T12:00:00+00:00", "SMREG_TEST_CLOCK": "1", "SMREG_LANG": "en"}
    os.environ.update(env)
    print(f"smreg benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}; work folder {workdir}")
    try:
        for name in args.only or BENCHES:
            print(f"[{name}]", flush=True)
            BENCHES[name](workdir, env)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print("| what | time | peak memory | target |")
    print("|---|---|---|---|")
    for row in RESULTS:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
