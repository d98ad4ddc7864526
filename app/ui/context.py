"""What every window and page is handed: the shared services of one running application.

Passed explicitly (no globals, nothing a test must monkeypatch): tests build a context with
a scripted `Prompts` and get the same windows the program shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.ui.pin_unlock import QuickUnlock
from app.ui.prompts import Prompts
from app.ui.secure_clipboard import SecureClipboard
from app.ui.workers import TaskRunner


@dataclass
class UiContext:
    prompts: Prompts
    tasks: TaskRunner
    clipboard: SecureClipboard
    quick_unlock: QuickUnlock
