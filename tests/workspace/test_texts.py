"""Every page text a template names exists in both languages."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

TEMPLATES = Path(__file__).resolve().parents[2] / "workspace" / "templates" / "workspace"


def test_every_text_key_in_the_templates_exists_in_both_languages(django_db: Any) -> None:
    from merit.workspace.i18n import M
    from merit.workspace.models import STATUSES, TASK_STATUSES

    used = set()
    for path in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r'{% t "([\w.]+)"', path.read_text("utf-8")))
    used |= {f"status.{s}" for s in STATUSES} | {f"tasks.{s}" for s in TASK_STATUSES}
    assert len(used) > 80
    assert sorted(used - set(M)) == []
    assert all(id_.strip() and en.strip() for id_, en in M.values())
