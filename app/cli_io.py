"""How the CLI gets secrets: `--password-stdin` lines, or prompts on the terminal."""

from __future__ import annotations

import getpass
import sys
from typing import TextIO

from app.core.errors import UsageError


class SecretInput:
    """Hands out secrets in order: the acting user's password first, then any new one."""

    def __init__(self, from_stdin: bool, stream: TextIO | None = None) -> None:
        self._from_stdin = from_stdin
        self._stream = stream

    def _line(self, what: str) -> str:
        line = (self._stream or sys.stdin).readline()
        if not line:
            raise UsageError(f"Expected {what} on the next line of standard input.")
        return line.rstrip("\r\n")

    def secret(self, prompt: str, what: str) -> str:
        if self._from_stdin:
            return self._line(what)
        if not sys.stdin.isatty():
            raise UsageError(f"No terminal to ask for {what}. Use --password-stdin.")
        return getpass.getpass(prompt)

    def new_secret(self, prompt: str, what: str) -> str:
        if self._from_stdin:
            return self._line(what)
        first = self.secret(prompt, what)
        if getpass.getpass("Repeat it: ") != first:
            raise UsageError("The two entries differ. Nothing was changed.")
        return first

    def text(self, prompt: str, what: str) -> str:
        if self._from_stdin:
            return self._line(what)
        if not sys.stdin.isatty():
            raise UsageError(f"No terminal to ask for {what}.")
        return input(prompt)
