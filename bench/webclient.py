"""A small browser-like HTTP client for the workspace's load test: one persistent
connection per user, cookies, CSRF tokens taken from the page's forms, redirects followed,
and the forms of a page parsed the way a browser would submit them."""

from __future__ import annotations

import http.client
import math
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)  # what the browser submits
    options: dict[str, list[str]] = field(default_factory=dict)  # select/radio name -> values
    names: set[str] = field(default_factory=set)  # every named control

    def value(self, name: str) -> str | None:
        return next((v for k, v in self.fields if k == name), None)

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.fields if k == name]


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: str | None = None
        self._selected: list[str] = []
        self._multiple = False
        self._first: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower(), a))
            return
        if not self.forms:
            return
        form, name = self.forms[-1], a.get("name", "")
        if name:
            form.names.add(name)
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio"):
                form.options.setdefault(name, []).append(a.get("value", "on"))
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                form.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self._select, self._selected, self._first = name, [], None
            self._multiple = "multiple" in a
            form.options[name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            form.options[self._select].append(value)
            self._first = value if self._first is None else self._first
            if "selected" in a:
                self._selected.append(value)
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select and self.forms:
            # A single select submits its selected option or else its first; a multiple
            # select submits exactly the selected ones.
            chosen = self._selected[-1:] if not self._multiple else self._selected
            if not chosen and not self._multiple and self._first is not None:
                chosen = [self._first]
            self.forms[-1].fields.extend((self._select, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea and self.forms:
            text = "".join(self._text)
            self.forms[-1].fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def forms(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


@dataclass
class Page:
    status: int
    url: str  # path after redirects
    text: str
    seconds: float  # of the last request (the page itself)


class HttpError(Exception):
    pass


class Session:
    """One user's browser: a keep-alive connection to `base` with its cookies."""

    def __init__(self, base: str, timeout: float = 60) -> None:
        parsed = urllib.parse.urlsplit(base)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None
        self.timings: list[tuple[str, float]] = []  # (GET|POST, seconds) of every request

    def _send(self, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"{self.host}:{self.port}", **headers}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                self.cookies[key.strip()] = val.strip()
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def request(self, method: str, path: str, data: list[tuple[str, str]] | None = None) -> Page:
        """Send, then follow redirects with GET, as a browser does after a form."""
        body = urllib.parse.urlencode(data or []).encode() if method == "POST" else None
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
        for _ in range(6):
            started = time.perf_counter()
            status, answer_headers, raw = self._send(method, path, body, headers)
            seconds = time.perf_counter() - started
            self.timings.append((method, seconds))
            if status in (301, 302, 303, 307, 308) and "location" in answer_headers:
                path = urllib.parse.urljoin(path, answer_headers["location"])
                path = urllib.parse.urlsplit(path)._replace(scheme="", netloc="", fragment="").geturl()
                method, body, headers = "GET", None, {}
                continue
            return Page(status, path, raw.decode("utf-8", errors="replace"), seconds)
        raise HttpError(f"too many redirects at {path}")

    def get(self, path: str) -> Page:
        return self.request("GET", path)

    def submit(self, form: Form, page_path: str, changes: dict[str, str | list[str]]) -> Page:
        """Submit `form` as shown, with `changes` replacing fields (a list: one per value)."""
        fields = [(k, v) for k, v in form.fields if k not in changes]
        for name, value in changes.items():
            fields.extend((name, v) for v in ([value] if isinstance(value, str) else value))
        action = urllib.parse.urljoin(page_path, form.action or page_path)
        return self.request(form.method.upper() if form.method else "GET", action, fields)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share in 0..1) of `values`."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered))))
    return ordered[rank - 1]
