"""Load test of the workspace (`merit serve`) on localhost: N concurrent users, each in
its own session, log in (CSRF as a browser), answer their question on the worksheet
(claimed score, note, the gates only that question asks) and reload, for a bounded time.

Checked: no error (every page 200, every save shown back at once), and no lost write:
at the end every question's stored answer is its owner's last acknowledged save. Printed:
page times (p50/p95/max) for every request, for the saves and for the reloads.

    python bench/load_workspace.py                      # starts merit serve --demo (SQLite)
    python bench/load_workspace.py --users 50 --duration 60
    MERIT_DATABASE_URL=postgresql://... python bench/load_workspace.py
    python bench/load_workspace.py --url http://127.0.0.1:8000 --admin NAME --password PW

Each user owns one question of the agency's assessments (more years are created when the
users outnumber the questions), so the expected final state is known exactly."""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from webclient import Form, Page, Session, forms, percentile  # noqa: E402

ANSWER_FIELDS = ("claimed_level", "note")


class LoadError(Exception):
    pass


@dataclass
class Slot:
    """One question on one assessment's worksheet, owned by one user."""

    page: str  # the worksheet's path
    action: str  # the question form's action (unique per question)
    varied: list[str]  # statement fields only this question asks (s-KEY)


@dataclass
class Write:
    level: str
    note: str
    statements: dict[str, str]


@dataclass
class Outcome:
    user: str
    slot: Slot
    saves: int = 0
    reloads: int = 0
    errors: list[str] = field(default_factory=list)
    last: Write | None = None
    timings: list[tuple[str, float]] = field(default_factory=list)  # requests of the timed run
    login_timings: list[tuple[str, float]] = field(default_factory=list)  # logging in, first page
    save_seconds: list[float] = field(default_factory=list)
    reload_seconds: list[float] = field(default_factory=list)


# --- pages -----------------------------------------------------------------------------

def login(session: Session, username: str, password: str) -> Page:
    page = session.get("/")
    form = next((f for f in forms(page.text) if "password" in f.names), None)
    if form is None:
        raise LoadError(f"no login form at {page.url} (status {page.status})")
    after = session.submit(form, page.url, {"username": username, "password": password})
    if after.status != 200 or any("password" in f.names for f in forms(after.text)):
        raise LoadError(f"login of {username} failed: status {after.status} at {after.url}")
    return after


def answer_forms(page: Page) -> list[Form]:
    return [f for f in forms(page.text) if all(n in f.names for n in ANSWER_FIELDS)]


def links(page: Page, pattern: str) -> list[str]:
    return re.findall(rf'<a [^>]*id="{pattern}"[^>]*href="([^"]+)"', page.text)


def expect(page: Page, what: str) -> Page:
    if page.status != 200:
        raise LoadError(f"{what}: status {page.status} at {page.url}")
    return page


# --- setup: users and enough questions -------------------------------------------------

def add_users(admin: Session, agency: str, count: int, prefix: str) -> list[tuple[str, str]]:
    """`count` agency users of `agency`, created through the admin's users page."""
    home = expect(admin.get("/"), "home")
    users_path = next(iter(links(home, "nav-users")), None)
    if users_path is None:
        raise LoadError("the admin's page has no link to the users page (#nav-users)")
    made = []
    for index in range(count):
        page = expect(admin.get(users_path), "users page")
        form = next((f for f in forms(page.text) if {"username", "password", "role"} <= f.names), None)
        if form is None:
            raise LoadError("no user form (username, password, role) on the users page")
        name, password = f"{prefix}{index:03d}", "Beban-" + secrets.token_hex(8)
        done = expect(admin.submit(form, page.url, {"username": name, "password": password,
                                                    "role": "agency", "agency": agency}), "add user")
        if f">{name}<" not in done.text and f"{name}</" not in done.text:
            said = re.findall(r'<ul id="messages".*?</ul>', done.text, re.S)
            raise LoadError(f"user {name} not listed after creating it: {said}")
        made.append((name, password))
    return made


def agency_path(session: Session, code: str) -> str:
    found = links(expect(session.get("/"), "home"), re.escape(f"agency-{code}"))
    if not found:
        raise LoadError(f"no link #agency-{code} on the home page")
    return found[0]


def worksheets(session: Session, agency: str) -> list[str]:
    page = expect(session.get(agency_path(session, agency)), "agency page")
    return links(page, r"assessment-[^\"]+")


def slots_of(session: Session, path: str, gates: bool = True) -> list[Slot]:
    page = expect(session.get(path), "worksheet")
    found = answer_forms(page)
    asked: dict[str, int] = {}
    for form in found:
        for name in form.names:
            if name.startswith("s-"):
                asked[name] = asked.get(name, 0) + 1
    return [Slot(path, f.action, sorted(n for n in f.names if gates and n.startswith("s-")
                                        and asked[n] == 1
                                        and len([o for o in f.options.get(n, []) if o]) > 1))
            for f in found]


def enough_slots(session: Session, agency: str, needed: int, gates: bool = True) -> list[Slot]:
    """The questions of the agency's assessments, adding assessments for later years (same
    policy) until there are `needed`."""
    slots = [s for path in worksheets(session, agency) for s in slots_of(session, path, gates)]
    while len(slots) < needed:
        page = expect(session.get(agency_path(session, agency)), "agency page")
        form = next((f for f in forms(page.text) if f.attrs.get("id") == "new-assessment"), None)
        if form is None:
            raise LoadError("no #new-assessment form on the agency page")
        years = [int(y) for y in re.findall(r'id="assessment-(\d{4})-', page.text)] or [2025]
        created = expect(session.submit(form, page.url, {"year": str(max(years) + 1)}), "new assessment")
        slots.extend(slots_of(session, created.url, gates))
    return slots[:needed]


class Start:
    """Every user logs in and opens the worksheet first; the timed run starts when all have
    (or failed to), so a slow login does not eat the run."""

    def __init__(self, users: int, duration: float, think: float = 0.0) -> None:
        self.barrier = threading.Barrier(users + 1)
        self.duration = duration
        self.think = think  # mean pause before each action, as a person reading the page
        self.until = float("inf")

    def ready(self) -> None:
        self.barrier.wait()
        self.barrier.wait()  # the main thread sets `until` between the two

    def go(self) -> None:
        self.barrier.wait()
        self.until = time.monotonic() + self.duration
        self.barrier.wait()


# --- one user --------------------------------------------------------------------------

def choose(form: Form, slot: Slot, user: str, sequence: int, rng: random.Random) -> Write:
    levels = [o for o in form.options.get("claimed_level", []) if o]
    statements = {n: rng.choice([o for o in form.options[n] if o]) for n in slot.varied}
    return Write(rng.choice(levels), f"beban {user} #{sequence} {secrets.token_hex(4)}", statements)


def shown(page: Page, slot: Slot) -> Write | None:
    form = next((f for f in answer_forms(page) if f.action == slot.action), None)
    if form is None:
        return None
    return Write(form.value("claimed_level") or "", (form.value("note") or "").replace("\r\n", "\n"),
                 {n: form.value(n) or "" for n in slot.varied})


def pause(rng: random.Random, start: Start) -> None:
    if start.think > 0:
        time.sleep(min(rng.uniform(0, 2 * start.think), max(0.0, start.until - time.monotonic())))


def work(base: str, user: str, password: str, slot: Slot, start: Start, outcome: Outcome) -> None:
    rng = random.Random(user)
    session = Session(base)
    first = 0  # the requests before this index are the login and first page
    try:
        try:
            login(session, user, password)
            page = expect(session.get(slot.page), "worksheet")
        finally:
            start.ready()
            first = len(session.timings)
        sequence = 0
        while time.monotonic() < start.until:
            form = next((f for f in answer_forms(page) if f.action == slot.action), None)
            if form is None:
                raise LoadError(f"question form {slot.action} missing from {page.url}")
            sequence += 1
            pause(rng, start)
            write = choose(form, slot, user, sequence, rng)
            started = time.perf_counter()
            page = expect(session.submit(form, page.url, {
                "claimed_level": write.level, "note": write.note, **write.statements}), "save")
            outcome.save_seconds.append(time.perf_counter() - started)
            outcome.saves += 1
            if shown(page, slot) != write:
                outcome.errors.append(f"save #{sequence} not shown back: {shown(page, slot)} != {write}")
            outcome.last = write
            pause(rng, start)
            started = time.perf_counter()
            page = expect(session.get(slot.page), "reload")
            outcome.reload_seconds.append(time.perf_counter() - started)
            outcome.reloads += 1
    except Exception as exc:  # every failure is counted, none ends the run
        outcome.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        outcome.login_timings, outcome.timings = session.timings[:first], session.timings[first:]
        session.close()


# --- the run ---------------------------------------------------------------------------

@dataclass
class Result:
    users: int
    duration: float
    outcomes: list[Outcome]
    lost: list[str]
    think: float = 0.0

    @property
    def errors(self) -> list[str]:
        return [f"{o.user}: {e}" for o in self.outcomes for e in o.errors]

    @property
    def saves(self) -> int:
        return sum(o.saves for o in self.outcomes)

    def times(self, kind: str) -> list[float]:
        if kind == "save":
            return [s for o in self.outcomes for s in o.save_seconds]
        if kind == "reload":
            return [s for o in self.outcomes for s in o.reload_seconds]
        if kind == "login":
            return [s for o in self.outcomes for _, s in o.login_timings]
        return [s for o in self.outcomes for _, s in o.timings]

    def summary(self) -> str:
        lines = [f"{self.users} users for {self.duration:.0f} s (think {self.think:g} s): {self.saves} saves, "
                 f"{sum(o.reloads for o in self.outcomes)} reloads, "
                 f"{len(self.times('page'))} HTTP requests in the run, {len(self.errors)} errors, "
                 f"{len(self.lost)} lost writes"]
        for kind in ("login", "page", "save", "reload"):
            values = self.times(kind)
            if values:
                lines.append(f"  {kind:6} p50 {percentile(values, .5) * 1000:7.0f} ms   "
                             f"p95 {percentile(values, .95) * 1000:7.0f} ms   "
                             f"max {max(values) * 1000:7.0f} ms   (n={len(values)})")
        lines.extend(f"  error: {e}" for e in self.errors[:10])
        lines.extend(f"  lost: {e}" for e in self.lost[:10])
        return "\n".join(lines)


def run(base: str, accounts: list[tuple[str, str]], slots: list[Slot], duration: float,
        think: float = 0.0) -> Result:
    """Let every account log in, then work on its slot for `duration` seconds; then read
    every slot back."""
    outcomes = [Outcome(user, slot) for (user, _), slot in zip(accounts, slots)]
    start = Start(len(outcomes), duration, think)
    threads = [threading.Thread(target=work, args=(base, user, password, slot, start, outcome))
               for (user, password), slot, outcome in zip(accounts, slots, outcomes)]
    for thread in threads:
        thread.start()
    start.go()
    for thread in threads:
        thread.join()
    return Result(len(threads), duration, outcomes, read_back(base, accounts[0], outcomes), think)


def read_back(base: str, account: tuple[str, str], outcomes: list[Outcome]) -> list[str]:
    """Every question's stored answer, read in a fresh session, against its last save."""
    session = Session(base)
    login(session, *account)
    pages: dict[str, Page] = {}
    lost = []
    for outcome in outcomes:
        if outcome.last is None:
            continue
        path = outcome.slot.page
        pages[path] = pages.get(path) or expect(session.get(path), "read back")
        stored = shown(pages[path], outcome.slot)
        if stored != outcome.last:
            lost.append(f"{outcome.user} {outcome.slot.action}: stored {stored}, last saved {outcome.last}")
    session.close()
    return lost


def prepare(base: str, admin: tuple[str, str], users: int, prefix: str = "beban",
            gates: bool = True, agency: str | None = None) -> tuple[list[tuple[str, str]], list[Slot]]:
    """Create the users (agency accounts of `agency`, by default the first agency the admin
    sees) and find (or make) a question for each; with `gates`, each save also sets the gates only that
    question asks (several questions' saves then change the same assessment row)."""
    session = Session(base)
    home = login(session, *admin)
    codes = re.findall(r'<a id="agency-([^"]+)"', home.text)
    if not codes or (agency and agency not in codes):
        raise LoadError(f"the admin sees no agency {agency or ''} (start merit serve with --demo)")
    code = agency or codes[0]
    accounts = add_users(session, code, users, prefix)
    session.close()
    worker = Session(base)
    login(worker, *accounts[0])
    slots = enough_slots(worker, code, users, gates)
    worker.close()
    return accounts, slots


# --- a server of its own ---------------------------------------------------------------

def merit() -> list[str]:
    script = Path(sys.executable).with_name("merit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "merit.cli"]


def serve(data: Path) -> tuple[subprocess.Popen[bytes], str, tuple[str, str]]:
    """`merit serve --demo` on a free port; (process, url, the demo admin's account)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    admin = ("demo-admin", "merit-demo-2026")  # the --demo admin (workspace/README.md)
    data.mkdir(parents=True, exist_ok=True)
    log = (data.parent / "serve.log").open("wb")
    process = subprocess.Popen([*merit(), "serve", "--data", str(data), "--port", str(port), "--demo"],
                               stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if process.poll() is not None:
            raise LoadError(f"merit serve exited with {process.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=5):
                return process, url, admin
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise LoadError("merit serve did not answer /healthz within 2 minutes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a user pauses before each save and reload (default 0: "
                             "back to back, the worst case)")
    parser.add_argument("--no-gates", action="store_true",
                        help="save claimed score, note and evidence only, never a gate")
    parser.add_argument("--agency", help="the agency's code (default: the first the admin sees)")
    parser.add_argument("--url", help="a running workspace (else merit serve --demo is started)")
    parser.add_argument("--admin", help="an admin of --url")
    parser.add_argument("--password", default=os.environ.get("MERIT_LOAD_PASSWORD"),
                        help="the admin's password (or MERIT_LOAD_PASSWORD)")
    args = parser.parse_args(argv)
    process = None
    with tempfile.TemporaryDirectory(prefix="merit-load-") as tmp:
        try:
            if args.url:
                base, admin = args.url.rstrip("/"), (args.admin or "", args.password or "")
            else:
                process, base, admin = serve(Path(tmp) / "data")
            started = time.monotonic()
            accounts, slots = prepare(base, admin, args.users, f"beban{secrets.token_hex(2)}-",
                                      not args.no_gates, args.agency)
            print(f"setup: {len(accounts)} users, {len(slots)} questions on "
                  f"{len({s.page for s in slots})} worksheets, {sum(len(s.varied) for s in slots)} gates "
                  f"varied, in {time.monotonic() - started:.1f} s "
                  f"({base}, {'PostgreSQL' if os.environ.get('MERIT_DATABASE_URL') else 'SQLite'})")
            result = run(base, accounts, slots, args.duration, args.think)
            print(result.summary())
            return 0 if not result.errors and not result.lost else 1
        finally:
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
