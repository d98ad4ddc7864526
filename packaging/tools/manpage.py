"""Write the man page: packaging/linux/medvault.1 with its command list filled in from the
`medvault` parser, so it names every command the program has.

Usage: python packaging/tools/manpage.py [OUT]   (default: standard output)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "packaging" / "linux" / "medvault.1"
MARKER = '.\\" @COMMANDS@'


def _roff(text: str) -> str:
    return text.replace("\\", "\\\\").replace("-", "\\-")


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def commands_section() -> str:
    sys.path.insert(0, str(ROOT))
    from app.cli import build_parser

    parser = build_parser()
    helps = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {c.dest: c.help or "" for c in action._choices_actions}
    lines = []
    for name, sub in _subcommands(parser).items():
        actions = _subcommands(sub)
        title = name + (" " + "|".join(actions) if actions else "")
        lines += [".TP", f".B {_roff(title)}", _roff(helps.get(name, "").rstrip(".") + ".")]
    return "\n".join(lines)


def render() -> str:
    template = TEMPLATE.read_text("utf-8")
    if MARKER not in template:
        raise SystemExit(f"{TEMPLATE} has no {MARKER} line")
    return template.replace(MARKER, commands_section())


def main(argv: list[str]) -> int:
    page = render()
    if len(argv) > 1:
        Path(argv[1]).write_text(page, "utf-8")
    else:
        sys.stdout.write(page)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
