"""`medvault patient merge|unmerge` and `medvault entry error`: thin over core, --json,
reasons from standard input, and reception refused with exit 4."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.core.records.test_cli_records import DESK_PW, OWNER_PW, _add, acting, vault
from tests.support import run_cli as run

__all__ = ["vault"]  # the fixture, used by name below


def test_merge_unmerge_and_entered_in_error(vault: str, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    keep = str(_add(monkeypatch, capsys, vault, "García", "Zoë")["id"])
    twin = str(_add(monkeypatch, capsys, vault, "Garcia", "Zoey", "--not-a-duplicate")["id"])
    code, out, err = run(monkeypatch, capsys, acting(["note", "add"], vault, "--patient",
                                                     twin, "--text", "-", "--json"),
                         OWNER_PW + "\nseen for a cough\n")
    assert code == 0, err
    note = json.loads(out)["id"]
    code, out, err = run(monkeypatch, capsys, acting(
        ["patient", "merge"], vault, "--keep", keep, "--merge", twin, "--reason", "-",
        "--json", user="desk"), DESK_PW + "\nsame person\n")
    assert code == 4, err
    code, out, err = run(monkeypatch, capsys, acting(
        ["patient", "merge"], vault, "--keep", keep, "--merge", twin, "--reason", "-",
        "--json"), OWNER_PW + "\nsame person\n")
    assert code == 0, err
    merged = json.loads(out)
    assert merged["moved"]["notes"] == 1 and merged["keep_id"] == keep
    code, out, _ = run(monkeypatch, capsys, acting(["patient", "find"], vault, "garcia",
                                                   "--json"), OWNER_PW + "\n")
    assert [p["id"] for p in json.loads(out)] == [keep]
    code, out, err = run(monkeypatch, capsys, acting(["patient", "unmerge"], vault,
                                                     merged["merge_id"], "--json"),
                         OWNER_PW + "\n")
    assert code == 0 and json.loads(out)["undone_at"], err
    code, out, err = run(monkeypatch, capsys, acting(
        ["entry", "error"], vault, note, "--reason", "-", "--json"),
        OWNER_PW + "\nwritten on the wrong record\n")
    assert code == 0, err
    assert json.loads(out)["kind"] == "note"
    code, out, _ = run(monkeypatch, capsys, acting(["patient", "show"], vault, twin, "--chart",
                                                   "--json"), OWNER_PW + "\n")
    chart = json.loads(out)
    assert chart["notes"] == []
    assert chart["entered_in_error"][0]["reason"] == "written on the wrong record"
    code, _, err = run(monkeypatch, capsys, acting(["entry", "error"], vault, note,
                                                   "--reason", "again, twice"),
                       OWNER_PW + "\n")
    assert code == 2 and "already marked" in err


def test_unknown_ids_are_usage_errors(vault: str, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str],
                                      tmp_path: Path) -> None:
    code, _, err = run(monkeypatch, capsys, acting(["patient", "unmerge"], vault, "nope"),
                       OWNER_PW + "\n")
    assert code == 2 and "no merge" in err
