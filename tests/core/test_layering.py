"""The layers stay visible: core never imports Qt, the UI and the CLI never import each other.

Everything a user can do, a script can do without a screen, because every rule is in
`app.core`. The CLI reaches the GUI in exactly one place (starting it); the UI never
imports the CLI. Every check walks the tree with rglob, so subpackages (app/core/records,
app/ui/admin, ...) are checked too.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"
CORE = APP / "core"
QT = {"PySide6", "PyQt5", "PyQt6", "shiboken6"}


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, module, names) for every import in a file, at any depth (lazy ones too)."""
    found: list[tuple[int, str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module, [a.name for a in node.names]))
    return found


def _under(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _offenders(folder: Path, forbidden: str) -> list[str]:
    return [f"{path.relative_to(APP)}:{line}: {module}"
            for path in sorted(folder.rglob("*.py"))
            for line, module, _ in _imports(path) if _under(module, forbidden)]


def test_no_module_under_core_imports_qt() -> None:
    offenders = [f"{path.relative_to(APP)}: {module}" for path in CORE.rglob("*.py")
                 for _, module, _ in _imports(path) if module.split(".")[0] in QT]
    assert not offenders


def test_core_imports_neither_the_ui_nor_the_cli() -> None:
    assert not _offenders(CORE, "app.ui") + _offenders(CORE, "app.cli")


def test_the_ui_never_imports_the_cli() -> None:
    assert not _offenders(APP / "ui", "app.cli")


def test_the_cli_reaches_the_ui_only_to_start_the_gui() -> None:
    uses = [(path.relative_to(APP).as_posix(), module, names)
            for path in sorted((APP / "cli").rglob("*.py"))
            for _, module, names in _imports(path) if _under(module, "app.ui")]
    assert uses == [("cli/__init__.py", "app.ui.launch", ["run_gui"])]


def test_the_layering_walk_sees_subpackages() -> None:
    # The walk that guards the layers must reach app/core/records (it once used glob).
    walked = {p.relative_to(CORE).parts[0] for p in CORE.rglob("*.py")}
    assert "records" in walked


def test_importing_all_of_core_loads_no_qt() -> None:
    modules = sorted(".".join(("app", "core", *p.relative_to(CORE).with_suffix("").parts))
                     for p in CORE.rglob("*.py") if p.stem != "__init__")
    assert "app.core.records.guard" in modules
    code = ("import sys, importlib\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "print(any(k.startswith('PySide6') for k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=APP.parent)
    assert out.stdout.strip() == "False"


# -- the session's handles ---------------------------------------------------------------
# A signed-in Session carries the open database, its connection and the audit chain, and
# the guard that writes refusals. Only core may use them: a view or a command that reached
# the connection could read records unchecked and unaudited. Python cannot hide them, so
# this test does: no module under app/ outside app/core touches these attributes (on any
# object; none of the names is used for anything else there).
SESSION_INTERNALS = {"conn", "db", "audit", "transaction", "record", "require", "key",
                     "replace_key", "identity", "_conn", "_db", "_audit", "_audit_key",
                     "_keys", "_identity"}
# `key` and `identity` are common words (a Qt key event's key()); those two count only on
# something called a session.
_SESSION_ONLY = {"key", "identity"}


def _session_like(node: ast.expr) -> bool:
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")
    return "session" in name.lower() or name == "s"


def _reaches_session_internals(path: Path, root: Path = APP) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in SESSION_INTERNALS:
            if node.attr in _SESSION_ONLY and not _session_like(node.value):
                continue
            found.append(f"{path.relative_to(root)}:{node.lineno}: .{node.attr}")
    return found


def test_nothing_outside_core_reaches_the_sessions_database_or_audit_chain() -> None:
    outside = [p for p in sorted(APP.rglob("*.py")) if CORE not in p.parents]
    assert any("ui" in p.parts for p in outside) and any("cli" in p.parts for p in outside)
    offenders = [hit for path in outside for hit in _reaches_session_internals(path)]
    assert not offenders, "\n".join(offenders)


def test_the_session_internals_check_catches_a_reach(tmp_path: Path) -> None:
    # The check itself must see the shapes a view would use.
    sample = tmp_path / "view.py"
    sample.write_text("def f(self, session, s):\n"
                      "    session.conn.execute('SELECT 1')\n"
                      "    self._session.audit.entries()\n"
                      "    with s.transaction():\n"
                      "        s.record('x')\n"
                      "    return event.key()\n", encoding="utf-8")
    hits = _reaches_session_internals(sample, tmp_path)
    assert sorted(h.rsplit(".", 1)[1] for h in hits) == ["audit", "conn", "record",
                                                         "transaction"]


# -- the CLI package -------------------------------------------------------------------------
def test_every_command_module_is_registered_and_only_those() -> None:
    from app.cli import COMMAND_MODULES

    helpers = {"__init__", "__main__", "common"}
    on_disk = {p.stem for p in (APP / "cli").glob("*.py")} - helpers
    assert sorted(COMMAND_MODULES) == sorted(on_disk)
    for name in COMMAND_MODULES:
        assert callable(importlib.import_module(f"app.cli.{name}").register)


def test_command_modules_import_only_the_shared_helpers_of_the_cli() -> None:
    # Groups do not reach into each other's internals (cli.py and cli_records.py once did).
    crossing = [f"{path.name}: {module}" for path in (APP / "cli").glob("*.py")
                if path.stem not in {"__init__", "__main__"}
                for _, module, _ in _imports(path)
                if _under(module, "app.cli") and module != "app.cli.common"]
    assert not crossing


def test_a_broken_command_module_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.cli

    # None in sys.modules makes `import app.cli.notes` raise ImportError, as a broken
    # import inside the module would. It must surface, not turn `note` into "invalid choice".
    monkeypatch.delitem(sys.modules, "app.cli.notes", raising=False)
    monkeypatch.setitem(sys.modules, "app.cli.notes", None)
    with pytest.raises(ImportError):
        app.cli.build_parser()
    with pytest.raises(ImportError):
        app.cli.main(["note", "search", "x", "--as", "o", "q"])


def test_a_broken_command_module_fails_loudly_in_a_real_process() -> None:
    # Through the real entry point: `medvault patient ...` with the patients module broken
    # stops with the ImportError's traceback, never argparse's "invalid choice".
    code = ("import sys\n"
            "sys.modules['app.cli.patients'] = None\n"
            "from app.cli import main\n"
            "sys.exit(main(['patient', 'find', 'V', 'q', '--as', 'x', '--password-stdin']))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=False, cwd=APP.parent, input="pw\n")
    assert out.returncode != 0
    assert "ModuleNotFoundError" in out.stderr and "app.cli.patients" in out.stderr
    assert "invalid choice" not in out.stderr


def test_connections_are_typed_as_database_connection() -> None:
    # `conn: Any` says nothing; `database.Connection` names what is passed (and is where a
    # real type goes once sqlcipher3 ships one).
    untyped = []
    for path in sorted(APP.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.arg) and node.arg == "conn" and \
                    isinstance(node.annotation, ast.Name) and node.annotation.id == "Any":
                untyped.append(f"{path.relative_to(APP)}:{node.lineno}")
    assert not untyped


def test_the_session_never_imports_the_vault() -> None:
    """`Session` holds its vault through the `VaultAccess` protocol, so session.py does not
    import vault.py (which imports session.py to start one), not even for type checking."""
    for name in ("session.py", "vault_access.py"):
        modules = [module for _, module, _ in _imports(CORE / name)]
        assert "app.core.vault" not in modules, name
