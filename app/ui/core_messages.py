"""Core's coded messages (app/core/messages.py) in the user's language.

Core keeps each English text and marks it for lupdate under the "CoreMessages" context;
here the GUI looks the same text up in the loaded translation. A message core did not code,
or a text the catalogue has no translation for, shows core's English: never nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.messages import CONTEXT, Message, Moment


def _word(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _when(value: Moment) -> str:
    from app.ui.dates import moment_text

    return moment_text(str(value))


def worded(said: Message) -> str:
    """In the user's language, with dates and times in their zone and format."""
    return said.worded(_word, _when)


def error_text(exc: BaseException) -> str:
    """What to show for a core error: its coded message worded, else its English."""
    said = getattr(exc, "message", None)
    return worded(said) if isinstance(said, Message) else str(exc)
