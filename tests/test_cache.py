"""The cache of loaded rules (engine/load/cache.py): the same rulebook as a fresh load,
a new load for any changed byte, never a cached problem, and only trusted entries read."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest
from merit.engine.errors import InputError
from merit.engine.load import cache, rules
from merit.engine.load.collect import shipped_dir
from merit.engine.load.repeats import repeated_conditions


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    here = tmp_path / "cache"
    monkeypatch.setenv("MERIT_CACHE_DIR", str(here))
    monkeypatch.delenv("MERIT_NO_CACHE", raising=False)
    return here


@pytest.fixture
def rule_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "rules"
    shutil.copytree(shipped_dir("rules"), copy)
    return copy


def _count_loads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = rules._load

    def counted(*args: object) -> object:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(rules, "_load", counted)
    return calls


def test_a_hit_is_the_same_rulebook_without_loading(folder: Path, rule_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_loads(monkeypatch)
    first = rules.load_rulebook([rule_dir])
    second = rules.load_rulebook([rule_dir])
    assert calls == [1]
    assert second is not first and pickle.dumps(second) == pickle.dumps(first)
    assert second.rules.keys() == first.rules.keys() and second.sources == first.sources
    entries = list(folder.glob("rulebook-*.pickle"))
    assert len(entries) == 1 and entries[0].stat().st_mode & 0o777 == 0o600
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_changed_byte_is_a_new_load(folder: Path, rule_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_loads(monkeypatch)
    rules.load_rulebook([rule_dir])
    target = next(p for p in sorted(rule_dir.rglob("*.yaml")) if "kind: rule" in p.read_text())
    text = target.read_text()
    target.write_text(text.replace("en: ", "en:  ", 1))  # same meaning, other bytes
    rules.load_rulebook([rule_dir])
    assert calls == [1, 1]
    # and a change of meaning is seen, not served from the cache
    target.write_text(text + "\nunknown_key: 1\n")
    with pytest.raises(InputError):
        rules.load_rulebook([rule_dir])


def test_problems_are_never_cached(folder: Path, rule_dir: Path) -> None:
    broken = rule_dir / "broken.yaml"
    broken.write_text("kind: rule\nid: [\n")
    for _ in range(2):
        with pytest.raises(InputError) as caught:
            rules.load_rulebook([rule_dir])
        assert any(p.file == str(broken) for p in caught.value.problems)
    assert not list(folder.glob("rulebook-*"))


def test_an_entry_others_can_write_is_not_read(folder: Path, rule_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_loads(monkeypatch)
    rules.load_rulebook([rule_dir])
    entry = next(folder.glob("rulebook-*.pickle"))
    entry.chmod(0o666)
    rules.load_rulebook([rule_dir])
    assert calls == [1, 1]


def test_a_folder_others_can_write_is_no_cache(folder: Path, rule_dir: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    folder.mkdir()
    folder.chmod(0o777)
    assert cache.cache_dir() is None
    calls = _count_loads(monkeypatch)
    rules.load_rulebook([rule_dir])
    rules.load_rulebook([rule_dir])
    assert calls == [1, 1] and not list(folder.iterdir())


def test_a_corrupt_entry_is_loaded_again(folder: Path, rule_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _count_loads(monkeypatch)
    first = rules.load_rulebook([rule_dir])
    entry = next(folder.glob("rulebook-*.pickle"))
    entry.write_bytes(b"not a pickle")
    again = rules.load_rulebook([rule_dir])
    assert calls == [1, 1] and again.rules.keys() == first.rules.keys()


def test_off_writes_nothing(folder: Path, rule_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MERIT_NO_CACHE", "1")
    calls = _count_loads(monkeypatch)
    rules.load_rulebook([rule_dir])
    rules.load_rulebook([rule_dir])
    assert calls == [1, 1] and not folder.exists()


def test_an_unusable_folder_only_means_no_cache(tmp_path: Path, rule_dir: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("MERIT_CACHE_DIR", str(blocker / "cache"))
    assert rules.load_rulebook([rule_dir]).rules


def test_old_entries_are_pruned(folder: Path, tmp_path: Path) -> None:
    files = []
    for index in range(cache.MAX_ENTRIES + 5):
        path = tmp_path / f"f{index}.yaml"
        path.write_text(f"n: {index}\n")
        files.append(path)
        assert cache.cached("test", [path], lambda i=index: i) == index
    assert len(list(folder.glob("*.pickle"))) == cache.MAX_ENTRIES
    assert cache.cached("test", [files[-1]], lambda: -1) == len(files) - 1  # the newest stays


def test_repeated_conditions_are_the_same_from_the_cache(folder: Path) -> None:
    files = sorted(shipped_dir("rules").rglob("*.yaml"))
    first = repeated_conditions(files)
    assert list(folder.glob("repeats-*.pickle"))
    assert repeated_conditions(files) == first


def test_a_fifo_among_the_files_skips_the_cache(folder: Path, tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert cache.cached("test", [fifo], lambda: "computed") == "computed"  # never opened
    assert not list(folder.glob("*.pickle"))
