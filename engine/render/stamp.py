"""When a report was made, and how a printed report says it.

The time of generation is printed on the summary page and carried in the JSON report
(`tool.generated`, ISO 8601 with its UTC offset). For reproducible output (golden files,
builds) it can be fixed: `MERIT_NOW` takes an ISO 8601 time (`2026-01-15T09:30:00+07:00`;
without an offset it is read as UTC), else `SOURCE_DATE_EPOCH` (seconds since 1970, the
reproducible-builds convention) gives a time in UTC; otherwise it is the machine's local
time now.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

from ..errors import UsageError
from ..i18n import message


def generated_at() -> datetime:
    """The time of generation, with its UTC offset (see the module's note)."""
    fixed = os.environ.get("MERIT_NOW", "").strip()
    if fixed:
        try:
            moment = datetime.fromisoformat(fixed)
        except ValueError:
            raise UsageError("render.bad_now", name="MERIT_NOW", value=fixed) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise UsageError("render.bad_now", name="SOURCE_DATE_EPOCH", value=epoch) from None
    return datetime.now().astimezone().replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def long_date(moment: datetime, lang: str) -> str:
    """15 Januari 2026 / 15 January 2026."""
    month = message("date.months", lang).split(",")[moment.month - 1]
    return f"{moment.day} {month} {moment.year}"


def when(stamp: str, lang: str) -> str:
    """An ISO time as a reader writes it: 15 Januari 2026 pukul 09.30 (UTC+07:00)."""
    moment = datetime.fromisoformat(stamp)
    clock = moment.strftime("%H.%M" if lang == "id" else "%H:%M")
    offset = moment.strftime("%z")
    zone = f"UTC{offset[:3]}:{offset[3:]}" if offset not in ("", "+0000") else "UTC"
    return message("date.when", lang, date=long_date(moment, lang), time=clock, zone=zone)
