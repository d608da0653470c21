"""Real services for the workspace's live tests: a throwaway PostgreSQL cluster from
Debian's package, `merit serve` as a subprocess, and headless chromium driven by Selenium.

Each helper says why it cannot run (`Unavailable`) instead of failing, so the tests skip
with that reason on a machine without the package (scripts/install-test-deps.sh installs
them where it can)."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
# Without the background-networking flags chromium keeps calling home, which a closed
# network answers by refusing connections; a fresh profile keeps runs independent.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")


class Unavailable(Exception):
    """A service the test needs cannot be started here; the message says why."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- PostgreSQL ------------------------------------------------------------------------

def postgres_bindir() -> Path:
    """The newest /usr/lib/postgresql/N/bin with initdb and pg_ctl (Debian's layout)."""
    found = []
    for candidate in Path("/usr/lib/postgresql").glob("*/bin"):
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            version = re.match(r"\d+", candidate.parent.name)
            found.append((int(version.group()) if version else 0, candidate))
    if not found:
        raise Unavailable("PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin "
                          "(make test installs Debian's postgresql with scripts/install-test-deps.sh)")
    return max(found)[1]


def postgres_driver() -> str:
    for module in ("psycopg", "psycopg2"):
        try:
            __import__(module)
            return module
        except ImportError:
            continue
    raise Unavailable("no PostgreSQL driver for Python (psycopg) is installed in this environment")


@dataclass
class Postgres:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1:`port` and on a
    unix socket in that directory, with password authentication for the role `merit`.

    initdb refuses to run as root: as root, the directory belongs to the `postgres` user
    Debian's package creates and every server command runs as that user."""

    bindir: Path
    base: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="merit-pg-")))
    port: int = field(default_factory=free_port)
    password: str = field(default_factory=lambda: secrets.token_hex(12))
    user: str | None = None

    @property
    def url(self) -> str:
        return f"postgresql://merit:{self.password}@127.0.0.1:{self.port}/merit"

    def _run(self, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> None:
        result = subprocess.run([str(self.bindir / args[0]), *args[1:]], cwd=self.base,
                                user=self.user, group=self.user, extra_groups=[] if self.user else None,
                                env=env, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise Unavailable(f"PostgreSQL {args[0]} failed: {result.stderr.strip()[-400:]}")

    def start(self) -> str:
        if os.geteuid() == 0:
            try:
                import pwd
                entry = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise Unavailable("running as root and there is no `postgres` user to run "
                                  "initdb as (Debian's postgresql package creates it)") from exc
            self.user = "postgres"
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
        pwfile = self.base / "pw"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        if self.user:
            shutil.chown(pwfile, self.user, self.user)
        data = self.base / "data"
        self._run("initdb", "-D", str(data), "-U", "merit", "--auth=scram-sha-256",
                  f"--pwfile={pwfile}", "--encoding=UTF8", "--no-locale", "--no-sync")
        # log_connections: the tests read the log to prove which database was used.
        options = (f"-k {self.base} -p {self.port} -h 127.0.0.1 -c fsync=off "
                   "-c full_page_writes=off -c synchronous_commit=off -c log_connections=on")
        self._run("pg_ctl", "-D", str(data), "-l", str(self.base / "server.log"), "-w", "-t", "30",
                  "-o", options, "start")
        env = dict(os.environ, PGPASSWORD=self.password)
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "merit", "merit", env=env)
        return self.url

    def database(self, name: str) -> str:
        """A new empty database on this server; its URL."""
        env = dict(os.environ, PGPASSWORD=self.password)
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "merit", name, env=env)
        return self.url.rsplit("/", 1)[0] + "/" + name

    def log(self) -> str:
        try:
            return (self.base / "server.log").read_text("utf-8", errors="replace")
        except OSError:
            return ""

    def psql(self, sql: str, database: str = "merit") -> str:
        """One query's rows (unaligned, `|`-separated) through Debian's psql."""
        url = self.url.rsplit("/", 1)[0] + "/" + database
        result = subprocess.run([str(self.bindir / "psql"), url, "-tAc", sql], capture_output=True,
                                text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout.strip()

    def stop(self) -> None:
        data = self.base / "data"
        if (data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
            except Unavailable:
                pass
        shutil.rmtree(self.base, ignore_errors=True)


def start_postgres() -> Postgres:
    """A started cluster, or Unavailable with the reason (binaries, driver, start-up)."""
    postgres_driver()
    server = Postgres(postgres_bindir())
    try:
        server.start()
    except (Unavailable, OSError, subprocess.SubprocessError) as exc:
        server.stop()
        raise Unavailable(str(exc)) from exc
    return server


# --- merit serve -----------------------------------------------------------------------

def merit_command() -> list[str]:
    """The `merit` entry point of the running interpreter's environment."""
    script = Path(sys.executable).with_name("merit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "merit.cli"]


def database_env(database_url: str | None) -> dict[str, str]:
    """The environment for `merit serve`: without a URL, SQLite in --data (any inherited
    MERIT_DATABASE_URL or MERIT_DB_* removed so a stray variable cannot redirect a test)."""
    env = {k: v for k, v in os.environ.items()
           if k != "MERIT_DATABASE_URL" and not k.startswith("MERIT_DB_")}
    if database_url:
        env["MERIT_DATABASE_URL"] = database_url
    return env


@dataclass
class Workspace:
    """A `merit serve` subprocess on 127.0.0.1:`port` with its data in `data`."""

    data: Path
    port: int
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.data.parent / f"serve-{self.port}.log"

    def merit(self, *args: str, stdin: str = "", timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run a `merit` command against the same data and database."""
        return subprocess.run([*merit_command(), *args], input=stdin, env=self.env,
                              capture_output=True, text=True, timeout=timeout)

    def start(self, *extra: str, timeout: float = 90) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        command = [*merit_command(), "serve", "--data", str(self.data), "--host", "127.0.0.1",
                   "--port", str(self.port), *extra]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(command, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        wait_healthy(self, timeout)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text("utf-8", errors="replace")[-chars:]
        except OSError:
            return ""


def wait_healthy(workspace: Workspace, timeout: float) -> None:
    """Poll /healthz until it answers 200; fail with the server's log if it exits or hangs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert workspace.process is not None
        if workspace.process.poll() is not None:
            raise RuntimeError(f"merit serve exited with {workspace.process.returncode}:\n"
                               f"{workspace.log_tail()}")
        try:
            with urllib.request.urlopen(workspace.url + "/healthz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    workspace.stop()
    raise RuntimeError(f"merit serve did not answer /healthz in {timeout:.0f} s:\n{workspace.log_tail()}")


# --- chromium --------------------------------------------------------------------------

def chromium(profile: Path, width: int = 1280, height: int = 900) -> Any:
    """Headless Debian chromium driven through Debian's chromedriver (never a downloaded one)."""
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        raise Unavailable(f"{CHROMIUM} or {CHROMEDRIVER} missing (make test installs Debian's "
                          "chromium and chromium-driver with scripts/install-test-deps.sh)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:
        raise Unavailable("selenium is not installed (pip install -e '.[test]')") from exc
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    service = Service(executable_path=str(CHROMEDRIVER), log_output=str(profile) + ".driver.log")
    return webdriver.Chrome(options=options, service=service)
