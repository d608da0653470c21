"""Take the README's screenshot of the workspace: `merit serve --demo` in a temporary
directory, the demo agency user logged in, the example's worksheet (PermenPANRB 19/2025)
in headless Debian chromium, written to docs/workspace-screenshot.png.

    .venv/bin/python scripts/workspace-screenshot.py [--out docs/workspace-screenshot.png]

Needs chromium and chromium-driver (scripts/install-test-deps.sh) and selenium (the test extra)."""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "workspace_live"))
from live_servers import Workspace, chromium, database_env, free_port  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "workspace-screenshot.png")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument("--policy", default="permenpanrb-19-2025")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="merit-shot-") as tmp:
        workspace = Workspace(Path(tmp) / "data", free_port(), database_env(None))
        workspace.start("--demo")
        driver = chromium(Path(tmp) / "profile", args.width, args.height)
        driver.implicitly_wait(60)  # each click loads a page; wait for what it shows
        try:
            driver.get(workspace.url + "/login/")
            driver.find_element("id", "id_username").send_keys("demo-agency")
            driver.find_element("id", "id_password").send_keys("merit-demo-2026")
            driver.find_element("id", "login-submit").click()
            driver.find_element("id", "user-name")
            driver.find_element("css selector", 'a[id^="agency-"]').click()
            link = driver.find_element("css selector", f'a[id^="assessment-"][id$="-{args.policy}"]')
            link.click()
            driver.find_element("id", "worksheet")
            total = driver.find_element("id", "total").text
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_bytes(driver.get_screenshot_as_png())
            title = re.sub(r"\s+", " ", driver.title)
        finally:
            driver.quit()
            workspace.stop()
    print(f"{args.out}: {title}, score {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
