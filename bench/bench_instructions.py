"""Instructions executed by `merit check` and `merit validate` against a bare polars read of
the same tables, counted by valgrind (cachegrind, no cache simulation): a measure of the
work a change saves or adds that the machine's speed does not move.

    .venv/bin/python bench/bench_instructions.py [--size 200000] [--workdir DIR] [--base REV]

On a virtual machine whose speed swings by 15-30% within minutes, wall and CPU times of
two versions can only be compared over many interleaved runs; the instruction count of a
run moves by about 1% from one run to the next (polars' threads split work differently
from run to run). It counts
work, not time: under valgrind the threads run one at a time, and the time lost to
memory stalls and page faults is not counted (bench_personnel.py measures those). Each
command runs under valgrind at some 50 times its normal time: a dossier of 200,000
employees takes two minutes a run.

With --base REV, the commands also run from the code of REV (git archive into a
temporary folder, put first on PYTHONPATH): old against new, in parallel (valgrind runs
one core each). Each version's rule cache is filled first (merit's first run after an
install reads the rules again; bench_personnel.py's `check-cold` measures that).

Needs valgrind (Debian: apt-get install valgrind). Never run by the test suite.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_personnel as bp  # noqa: E402 - the bench's dossiers and commands

MERIT_MAIN = "import sys; sys.argv[0] = 'merit'; from merit.cli import run; run()"


def instructions(argv: list[str], pythonpath: str | None = None) -> int:
    """Instructions (cachegrind's I refs) of running argv, a Python command line."""
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                               f"--cachegrind-out-file={tmp}/out", *argv],
                              capture_output=True, text=True, env=env, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {argv[:4]}...:\n{done.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def merit(command: str, folder: Path, output: Path) -> list[str]:
    """A merit command through the Python interpreter (so that PYTHONPATH picks the code)."""
    extra = ["--format", "json", "-o", str(output)] if command == "check" else []
    return [bp.PYTHON, "-c", MERIT_MAIN, command, str(folder), *extra, "--lang", "en"]


def checkout(rev: str, into: Path) -> str:
    """REV's merit package under `into` (compiled to bytecode), for PYTHONPATH."""
    package = into / "merit"
    package.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(bp.ROOT), "archive", rev], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(package)], input=archive.stdout, check=True)
    subprocess.run([bp.PYTHON, "-m", "compileall", "-q", str(package / "cli.py"), str(package / "engine")],
                   capture_output=True, check=False)
    return str(into)


def counts(folder: Path, workdir: Path, versions: dict[str, str | None]) -> dict[tuple[str, str], int]:
    """Per (version, command): its instructions; the versions' runs in parallel."""
    jobs = {(version, command): merit(command, folder, workdir / f"instructions-{version}.json")
            for version in versions for command in ("check", "validate")}
    for path in versions.values():  # each version's rule cache filled once
        for command in ("check", "validate"):
            subprocess.run(merit(command, bp.EXAMPLE, workdir / "warm.json"), capture_output=True,
                           env={**os.environ, **({"PYTHONPATH": path} if path else {})}, check=False)
    with ThreadPoolExecutor(max(2, len(versions))) as pool:
        futures = {key: pool.submit(instructions, argv, versions[key[0]]) for key, argv in jobs.items()}
        futures[("", "bare")] = pool.submit(instructions, bp.bare_read(folder))
        return {key: future.result() for key, future in futures.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=200_000, help="employees in the generated dossier")
    parser.add_argument("--workdir", type=Path, help="where dossiers are generated (default: a new temp dir)")
    parser.add_argument("--base", help="a git revision to count against the working tree")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind not found (Debian: apt-get install valgrind)")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    bp.warm_cache(workdir)
    folder = bp.dossier(workdir, args.size)
    with tempfile.TemporaryDirectory() as tmp:
        versions: dict[str, str | None] = {"new": None}
        if args.base:
            versions = {"old": checkout(args.base, Path(tmp)), **versions}
        found = counts(folder, workdir, versions)
    bare = found[("", "bare")]
    print(f"{args.size} employees, instructions (cachegrind):")
    print(f"  bare read   {bare / 1e9:8.3f} G")
    for version in versions:
        label = f"{version} " if args.base else ""
        for command in ("check", "validate"):
            count = found[(version, command)]
            print(f"  {label}{command:<9} {count / 1e9:8.3f} G   {count / bare:5.2f}x the bare read")
    if args.base:
        for command in ("check", "validate"):
            old, new = found[("old", command)], found[("new", command)]
            print(f"  {command}: new/old {new / old:.4f} ({(new - old) / 1e6:+,.0f} M instructions)")


if __name__ == "__main__":
    main()
