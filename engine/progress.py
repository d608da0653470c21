"""Progress of long runs, told to whoever listens (the CLI, on a terminal).

The engine never prints: it calls `step(code, **params)` at the start of slow stages
(reading personnel tables, evaluating a policy, checking files) and the CLI decides whether
and how to show it. Without a listener a step costs one context-variable lookup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

Listener = Callable[[str, dict[str, Any]], None]
_listener: ContextVar[Listener | None] = ContextVar("merit_progress", default=None)


def step(code: str, **params: Any) -> None:
    listener = _listener.get()
    if listener is not None:
        listener(code, params)


@contextmanager
def listening(listener: Listener | None) -> Iterator[None]:
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)
