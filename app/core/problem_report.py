"""The text "Report a problem" copies: what a developer needs, and nothing about people.

A problem report leaves the practice (pasted into an e-mail or an issue tracker), so it is
built from an allow-list of technical facts, never from a dump of state. It names no
person, no vault, no folder and no file: the vault's name can be a family's name, and a
path holds the operating-system account's name. The canary test in
tests/core/test_problem_report.py puts such strings everywhere they could leak from.
"""

from __future__ import annotations

import platform
import sys
from collections.abc import Mapping
from dataclasses import dataclass

from app.core.versions import versions


@dataclass(frozen=True)
class VaultFacts:
    """The vault's shape without its contents: kind, key versions, slot parameters."""

    kind: str
    user_count: int
    key_versions: Mapping[str, int]
    argon2_memory_kib: tuple[int, ...]

    @classmethod
    def of(cls, vault_file: object) -> VaultFacts:
        from app.core.vault_file import VaultFile

        assert isinstance(vault_file, VaultFile)
        memories = sorted({s.kdf.memory_kib for s in vault_file.slots if s.kind == "password"})
        return cls(kind=str(vault_file.kind), user_count=len(vault_file.users),
                   key_versions={name: info.key_version
                                 for name, info in sorted(vault_file.compartments.items())},
                   argon2_memory_kib=tuple(memories))


def problem_report(toolkit: Mapping[str, str], vault: VaultFacts | None,
                   policy_state: str, what_happened: str = "") -> str:
    """A plain-text report. `toolkit` comes from the UI (Qt's versions); `policy_state` is
    one of core's words for the computer policy ("none", "in force", "refused: …").
    `what_happened` is the user's own description, included as they typed it: it is the
    only free text, and the dialog tells them not to put names in it."""
    lines = ["MedVault problem report", ""]
    if what_happened.strip():
        lines += ["What happened:", what_happened.strip(), ""]
    facts: dict[str, str] = {**versions(), **toolkit}
    facts["os"] = f"{platform.system()} {platform.release()} ({platform.machine()})"
    facts["build"] = "installed bundle" if getattr(sys, "frozen", False) else "Python package"
    facts["computer policy"] = policy_state
    if vault is not None:
        facts["vault kind"] = vault.kind
        facts["users"] = str(vault.user_count)
        facts["key versions"] = ", ".join(f"{n} v{v}" for n, v in vault.key_versions.items())
        facts["Argon2id memory"] = ", ".join(f"{m // 1024} MiB" if m >= 1024 else f"{m} KiB"
                                             for m in vault.argon2_memory_kib) or "none"
    else:
        facts["vault"] = "none open"
    width = max(len(k) for k in facts)
    lines += [f"{k.ljust(width)}  {v}" for k, v in facts.items()]
    lines += ["", "This report names no person, vault, folder or file."]
    return "\n".join(lines) + "\n"


def policy_state() -> str:
    """How the computer policy stands, in a few words without its path."""
    from app.core.policy import load_policy

    load = load_policy()  # never raises: problems come back as issues
    if load.blocking:
        return f"refused ({len(load.errors)} errors)"
    if load.source is None:
        return "none"
    return f"in force ({len(load.warnings)} warnings)"
