"""The list of recently opened vaults: folder paths only, nothing else.

Kept as JSON in the platform's per-user config folder. A path names a folder of
ciphertext; it never says whose records are inside.
"""

from __future__ import annotations

import json
from pathlib import Path

import platformdirs

from app.core.atomic import atomic_write_bytes

FILE_NAME = "recent-vaults.json"
LIMIT = 8


def default_location() -> Path:
    return Path(platformdirs.user_config_dir("MedVault", appauthor=False)) / FILE_NAME


class RecentVaults:
    def __init__(self, path: Path | None = None, limit: int = LIMIT) -> None:
        self.path = path or default_location()
        self.limit = limit

    def paths(self) -> list[Path]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []  # missing or damaged: start an empty list rather than fail
        if not isinstance(data, dict) or not isinstance(data.get("vaults"), list):
            return []
        out: list[Path] = []
        for item in data["vaults"]:
            if isinstance(item, str) and item and Path(item) not in out:
                out.append(Path(item))
        return out[: self.limit]

    def add(self, path: Path) -> None:
        path = path.expanduser().absolute()
        self._write([path, *[p for p in self.paths() if p != path]])

    def remove(self, path: Path) -> None:
        path = path.expanduser().absolute()
        self._write([p for p in self.paths() if p != path])

    def most_recent_existing(self) -> Path | None:
        return next((p for p in self.paths() if (p / "vault.json").is_file()), None)

    def _write(self, paths: list[Path]) -> None:
        body = {"format": "medvault-recent-vaults", "vaults": [str(p) for p in
                                                               paths[: self.limit]]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(self.path, (json.dumps(body, indent=2) + "\n").encode())
