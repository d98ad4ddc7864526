"""A full disk is reported as a full disk, never as damage (issue 8, item 11).

The vault lives on a small tmpfs mounted in a private mount namespace (`unshare`, which
needs no root where user namespaces are allowed), filled to leave a different amount of
space at each level. Every step must succeed or say "disk is full" with exit 1; with the
space back, the vault must open and verify.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """set -e
mount -t tmpfs -o size=4m tmpfs "$1"
cd "$3"
exec "$4" -m tests.reliability.diskfull_driver "$1" "$2"
"""


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return probe.returncode == 0


def _run_levels(tmp_path: Path, levels: list[int]) -> list[dict[str, object]]:
    if not _namespaces_work():
        pytest.skip("this machine allows no private mount namespace (unshare -rm), so no "
                    "small file system can be mounted for the test")
    mount = tmp_path / "mnt"
    mount.mkdir()
    done = subprocess.run(
        ["unshare", "-rm", "sh", "-c", SCRIPT, "sh", str(mount),
         ",".join(map(str, levels)), str(ROOT), sys.executable],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def _check(results: list[dict[str, object]], levels: list[int]) -> None:
    assert [r["leave"] for r in results] == levels
    full_reports = 0
    for result in results:
        for step in result["steps"]:  # type: ignore[attr-defined]
            assert step == "ok" or step.startswith("1: The disk is full"), result
            full_reports += step != "ok"
        assert result["after"] == "ok", result
    assert full_reports >= len(levels) // 2  # the levels really were tight


def test_full_disk_at_many_fill_levels(tmp_path: Path) -> None:
    levels = [0, 2048, 4096, 8192, 12288, 16384, 24576, 32768, 49152, 65536, 98304, 131072]
    _check(_run_levels(tmp_path, levels), levels)


@pytest.mark.slow
def test_full_disk_at_every_4k_fill_level(tmp_path: Path) -> None:
    levels = list(range(0, 256 * 1024, 4096))
    _check(_run_levels(tmp_path, levels), levels)
