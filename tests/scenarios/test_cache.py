"""The cache of validated assessments (`scenarios.cache`): a hit gives exactly the model and
fingerprint a fresh validation gives; anything doubtful (another key, a damaged or foreign
entry, a folder others may write) is ignored and rebuilt; problems are never cached."""

from __future__ import annotations

import pickle
import stat

import pytest

from engine.score import input_hash
from indicators.errors import FileError
from scenarios import cache
from scenarios.loader import load_assessment
from tests.paths import ROOT

OTHER = ROOT / "tests" / "data" / "other_pair.yaml"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("TAQDIR_CACHE_DIR", str(where))
    monkeypatch.delenv("TAQDIR_NO_CACHE", raising=False)
    return where


def _entries(where):
    return sorted(where.glob(f"*{cache.SUFFIX}"))


def _fresh(path, monkeypatch):
    with monkeypatch.context() as m:
        m.setenv("TAQDIR_NO_CACHE", "1")
        a = load_assessment(path)
    return a, cache.assessment_hash(a)


def test_a_hit_is_the_model_and_hash_of_a_fresh_validation(folder, monkeypatch):
    fresh, fresh_hash = _fresh(OTHER, monkeypatch)
    first = load_assessment(OTHER)  # validated, then stored
    assert len(_entries(folder)) == 1
    second = load_assessment(OTHER)  # read back
    assert second is not first
    assert second == fresh and first == fresh
    assert second.model_dump(mode="json") == fresh.model_dump(mode="json")
    # which fields the file set (what the writer keeps when it saves) survives the cache too
    assert second.model_dump(exclude_unset=True) == fresh.model_dump(exclude_unset=True)
    assert input_hash(second) == input_hash(first) == fresh_hash
    assert cache.known_hash(second) == fresh_hash
    mode = stat.S_IMODE(_entries(folder)[0].stat().st_mode)
    assert mode == 0o600


def test_a_hit_does_not_validate_again(folder):
    text = OTHER.read_text(encoding="utf-8")
    stored = load_assessment(OTHER)

    def refuse():
        raise AssertionError("validated although the cache holds this text")

    assert cache.load(text, refuse) == stored
    # the same text read as JSON is another key: validated
    with pytest.raises(AssertionError, match="validated although"):
        cache.load(text, refuse, "json")


def test_other_code_is_a_miss(folder, monkeypatch):
    load_assessment(OTHER)
    monkeypatch.setattr(cache, "code_key", lambda: "another version of taqdir")
    load_assessment(OTHER)
    assert len(_entries(folder)) == 2


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"not a pickle at all",
        pickle.dumps({"key": "x"}),
        pickle.dumps(cache._Entry("wrong key", None, "sha256:0")),  # type: ignore[arg-type]
    ],
)
def test_a_damaged_or_foreign_entry_is_rebuilt(folder, monkeypatch, damage):
    fresh, _ = _fresh(OTHER, monkeypatch)
    load_assessment(OTHER)
    (entry,) = _entries(folder)
    entry.write_bytes(damage)
    assert load_assessment(OTHER) == fresh
    assert pickle.loads(entry.read_bytes()).assessment == fresh  # written again


def test_a_folder_others_may_write_is_not_read(folder, monkeypatch):
    load_assessment(OTHER)
    folder.chmod(0o777)
    calls = []

    def validate():
        calls.append(1)
        return _fresh(OTHER, monkeypatch)[0]

    cache.load(OTHER.read_text(encoding="utf-8"), validate)
    assert calls == [1]


def test_problems_are_never_cached(folder, write_yaml, tiny):
    tiny["indicators"][0]["weight"] = -1
    bad = write_yaml(tiny)
    for _ in range(2):
        with pytest.raises(FileError) as caught:
            load_assessment(bad)
        assert str(bad) in str(caught.value)
    assert _entries(folder) == []


def test_off_and_unwritable(folder, monkeypatch, tmp_path):
    monkeypatch.setenv("TAQDIR_NO_CACHE", "1")
    load_assessment(OTHER)
    assert not folder.exists()
    monkeypatch.delenv("TAQDIR_NO_CACHE")
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv("TAQDIR_CACHE_DIR", str(blocked / "cache"))
    fresh, _ = _fresh(OTHER, monkeypatch)
    assert load_assessment(OTHER) == fresh  # the write fails quietly


def test_only_the_newest_entries_are_kept(folder, monkeypatch, write_yaml, tiny):
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    for n in range(4):
        tiny["id"] = f"case_{n}"
        load_assessment(write_yaml(tiny, f"case_{n}.yaml"))
    assert len(_entries(folder)) == 2
