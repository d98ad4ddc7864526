"""Refresh the translation sources (.ts) from the code, then build the .qm files.

    .venv/bin/python tools/update_translations.py            # refresh every language
    .venv/bin/python tools/update_translations.py --add fr   # start a new language

Runs PySide6's lupdate over app/ui (and any other module of app/ that calls
QCoreApplication.translate or marks strings with QT_TR_NOOP/QT_TRANSLATE_NOOP) into
resources/translations/medvault_<lang>.ts, keeping the translations already made and
dropping strings the code no longer has. New strings arrive as "unfinished": translate
them (Qt Linguist: `pyside6-linguist resources/translations/medvault_de.ts`, or by hand),
remove `type="unfinished"`, and run this tool again to rebuild medvault_<lang>.qm.

Both the .ts and the .qm are committed: a source checkout (`pip install -e .`) and the
PyInstaller build (packaging/medvault.spec bundles resources/) then need no Qt tools.
tests/ui/test_translations.py fails when either is out of date.

How lupdate finds a string's context, which must be the context the code asks for at
run time:

- ``self.tr("...")`` inside a class: the class's name (PySide6 looks the string up under
  the object's class and each of its base classes).
- ``QCoreApplication.translate("ctx", "...")`` and ``QT_TRANSLATE_NOOP("ctx", "...")``:
  ``ctx``.
- A bare ``tr("...")`` or ``_tr("...")`` (module-level helpers) and ``QT_TR_NOOP("...")``:
  the unnamed context "". So such helpers translate with ``QCoreApplication.translate("",
  text)``. ``_tr`` is made known to lupdate with ``-tr-function-alias``.

Only string literals are found: a string built at run time (f-string, ``.format`` before
the call, a variable) must be marked where it is written, with QT_TR_NOOP.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "resources" / "translations"
APP = ROOT / "app"
UI = APP / "ui"
PREFIX = "medvault"

#: Marks of a module outside app/ui that has strings for lupdate.
_MARKS = re.compile(r"QCoreApplication\.translate\(|QT_TR_NOOP|QT_TRANSLATE_NOOP")


def qt_tool(name: str) -> Path:
    """The lupdate/lrelease binary shipped in the PySide6 wheel (what pyside6-<name> runs)."""
    import PySide6

    exe = Path(PySide6.__file__).resolve().parent / (name + (".exe" if os.name == "nt" else ""))
    if not exe.exists():
        raise FileNotFoundError(f"{exe} is missing: this PySide6 wheel has no {name}")
    return exe


def source_files(root: Path = ROOT) -> list[Path]:
    """Every module of app/ui, and any other module of app/ that marks strings."""
    ui = root / "app" / "ui"
    files = {p for p in ui.rglob("*.py")}
    files |= {p for p in (root / "app").rglob("*.py")
              if ui not in p.parents and _MARKS.search(p.read_text("utf-8"))}
    return sorted(files)


def ts_files(directory: Path = TRANSLATIONS) -> list[Path]:
    return sorted(directory.glob(f"{PREFIX}_*.ts"))


def language_of(ts: Path) -> str:
    return ts.stem.removeprefix(f"{PREFIX}_")


def lupdate_command(ts: Path, sources: Sequence[Path]) -> list[str]:
    return [
        str(qt_tool("lupdate")),
        "-silent",
        "-no-obsolete",  # a string the code no longer has leaves the .ts
        "-locations", "none",  # no line numbers: an edit elsewhere leaves the .ts alone
        "-tr-function-alias", "tr+=_tr",
        "-source-language", "en",
        "-target-language", language_of(ts),
        *(str(p) for p in sources),
        "-ts", str(ts),
    ]


def lrelease_command(ts: Path, qm: Path) -> list[str]:
    # Unfinished strings stay out of the .qm: the English source shows instead.
    return [str(qt_tool("lrelease")), "-silent", "-nounfinished", str(ts), "-qm", str(qm)]


def run(command: Sequence[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    # lupdate reports unusable calls (a tr() without a literal) as warnings on stderr.
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise RuntimeError(f"{Path(command[0]).name} failed ({done.returncode}): {output}")
    if output:
        print(output, file=sys.stderr)


def update(ts: Path, sources: Sequence[Path] | None = None) -> None:
    """Merge the code's current strings into `ts` (created if missing)."""
    run(lupdate_command(ts, source_files() if sources is None else sources))


def release(ts: Path, qm: Path | None = None) -> Path:
    qm = qm or ts.with_suffix(".qm")
    run(lrelease_command(ts, qm))
    return qm


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--add", metavar="LANG", action="append", default=[],
                        help="start a translation, e.g. fr or pt_BR")
    args = parser.parse_args(argv)
    for lang in args.add:
        if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", lang):
            parser.error(f"not a language code: {lang}")
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    targets = sorted({*ts_files(), *(TRANSLATIONS / f"{PREFIX}_{lang}.ts" for lang in args.add)})
    if not targets:
        parser.error(f"no {PREFIX}_*.ts in {TRANSLATIONS}; start one with --add LANG")
    sources = source_files()
    for ts in targets:
        update(ts, sources)
        qm = release(ts)
        print(f"{ts.relative_to(ROOT)} -> {qm.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
