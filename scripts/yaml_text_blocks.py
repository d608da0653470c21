#!/usr/bin/env python3
"""Turn one-line bilingual mappings ({id: "...", en: "..."}) on lines over 100 characters
into YAML blocks (id: / en: on their own lines), keeping everything else (comments, quoting,
order) as it is. Checks that every file parses to the same data afterwards.

Usage: python3 scripts/yaml_text_blocks.py rules policies
"""
import re
import sys
from pathlib import Path

import yaml

Q = r'"(?:[^"\\]|\\.)*"'
KEYED = re.compile(rf'^(?P<ind> *)(?P<key>[A-Za-z_][\w-]*): \{{id: (?P<id>{Q}), en: (?P<en>{Q})\}}(?P<tail> *(#.*)?)$')
ITEM = re.compile(rf'^(?P<ind> *)- \{{id: (?P<id>{Q}), en: (?P<en>{Q})\}}(?P<tail> *(#.*)?)$')
LIMIT = 100


def convert(text: str) -> tuple[str, int, list[str]]:
    out, count, left = [], 0, []
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if len(body) <= LIMIT or "{id: " not in body:
            out.append(line)
            continue
        tail = lambda m: (" " + m["tail"].strip()) if m["tail"].strip() else ""  # noqa: E731
        if m := KEYED.match(body):
            ind = m["ind"]
            out.append(f'{ind}{m["key"]}:{tail(m)}\n{ind}  id: {m["id"]}\n{ind}  en: {m["en"]}\n')
        elif m := ITEM.match(body):
            ind = m["ind"]
            out.append(f'{ind}- id: {m["id"]}{tail(m)}\n{ind}  en: {m["en"]}\n')
        else:
            out.append(line)
            left.append(body)
            continue
        count += 1
    return "".join(out), count, left


total = 0
for root in sys.argv[1:]:
    for path in sorted(Path(root).rglob("*.yaml")):
        text = path.read_text("utf-8")
        new, count, left = convert(text)
        for body in left:
            print(f"left as is: {path}: {body.strip()[:90]}")
        if count:
            assert yaml.safe_load(new) == yaml.safe_load(text), path
            path.write_text(new, "utf-8")
            total += count
print("converted", total)
