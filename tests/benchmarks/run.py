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
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

TODAY = date(2026, 11, 24)
SMREG = str(Path(sys.executable).with_name("smreg"))
RESULTS: list[tuple[str, str, str, str]] = []


def run(args: list[str], env: dict[str, str], *, repeat: int = 1, stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Best wall time over ``repeat`` runs and the peak RSS (MiB) of the command."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", *args], env=env, stdout=stdout, stderr=subprocess.PIPE)
        _, err = proc.communicate()
        elapsed = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
        best = min(best, elapsed)
        peak = max(peak, int(err.decode().strip().splitlines()[-1]) / 1024)
    return best, peak


def record(name: str, seconds: float, target: str, memory: float | None = None) -> None:
    RESULTS.append((name, f"{seconds:.3f} s", f"{memory:.0f} MiB" if memory is not None else "", target))
    print(f"  {name}: {seconds:.3f} s" + (f", {memory:.0f} MiB" if memory is not None else "") + f"  (target {target})", flush=True)


def new_store(workdir: Path, name: str, env: dict[str, str]):
    from registry import settings
    from registry.db import Store
    from registry.services.setup import initialise

    db = workdir / f"{name}.db"
    env = {**env, "SMREG_DATABASE_URL": str(db)}
    os.environ.update(env)
    store = Store(settings.resolve(str(db)))
    initialise(store, actor="benchmark", organisation="Benchmark", brands=["Lindewijs"], domains=["example.org"])
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


BENCHES = {"help": bench_help, "list": bench_list, "verify": bench_verify}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=sorted(BENCHES), help="run only these benchmarks")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="smreg-bench-"))
    env = {**os.environ, "SMREG_KEY_FILE": str(workdir / "key"), "SMREG_SIGNING_DIR": str(workdir),
           "SMREG_CLOCK": f"{TODAY.isoformat()}T12:00:00+00:00", "SMREG_LANG": "en"}
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
