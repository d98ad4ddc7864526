"""The contract between the main window and the pages it shows.

A page is a `SessionPage`: a QWidget that the main window

* creates once, with the `UiContext` (``Page(ctx, parent)``);
* shows in the sidebar only while ``session.allowed(page.operation)`` is true (or always,
  when ``operation`` is None) — a page never decides visibility itself;
* calls ``set_session(session)`` on after each unlock (including after an auto-lock, with a
  possibly different user);
* calls ``save_drafts()`` on when the vault is about to lock, while the session is still
  open: write anything half-typed through core (encrypted), so it can be offered again in
  the next ``set_session``;
* calls ``clear()`` on once the lock has begun: drop every model row, every text field and
  every reference to the session. After ``clear()`` the page must show nothing from the
  vault.

Pages hold no business rules: they call core functions that check permissions and write
the audit entries, and they show core's messages. Long work goes through
``run_task`` / ``run_measured_task`` (a worker thread with progress and, where core can stop
safely, Cancel), never on the GUI thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from app.core.errors import MedVaultError
from app.ui.context import UiContext
from app.ui.core_messages import error_text

if TYPE_CHECKING:
    from app.core.roles import Operation
    from app.core.session import Session
    from app.ui.workers import Progress


class SessionPage(QWidget):
    """Base of every main-window page. Subclasses override `refresh` and `clear_view`."""

    #: The operation that decides whether the page is shown (None: always shown).
    operation: ClassVar[Operation | None] = None
    #: Icon name from resources/icons.
    icon_name: ClassVar[str] = "medvault"

    #: Emitted when a page changed something that other pages show (users, grants...).
    vault_changed = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._session: Session | None = None

    # -- the contract ---------------------------------------------------------------
    def title(self) -> str:
        raise NotImplementedError

    def visible_for(self, session: Session) -> bool:
        """Whether the main window lists this page; asks core, never decides."""
        return self.operation is None or session.allowed(self.operation)

    def set_session(self, session: Session) -> None:
        self._session = session
        self.refresh()

    def clear(self) -> None:
        self._session = None
        self.clear_view()

    def save_drafts(self) -> None:
        """Pages with editors save their drafts here; most pages have none."""

    # -- for subclasses ----------------------------------------------------------------
    @property
    def session(self) -> Session | None:
        """The open session, or None when locked (or the session was closed under us)."""
        if self._session is not None and not self._session.is_open:
            return None
        return self._session

    def refresh(self) -> None:
        """Reload what the page shows from the session."""

    def clear_view(self) -> None:
        """Forget everything shown from the vault."""

    def show_error(self, message: str) -> None:
        self.ctx.prompts.warn(self, self.title(), message)

    @contextlib.contextmanager
    def reporting(self) -> Iterator[None]:
        """Show a core error as a message; stay silent if the vault locked meanwhile."""
        from app.core.session import SessionClosed

        try:
            yield
        except SessionClosed:
            pass
        except MedVaultError as exc:
            self.show_error(error_text(exc))

    def run_task(self, title: str, fn: Callable[[Session], Any], *,
                 on_done: Callable[[Any], None] | None = None,
                 on_failed: Callable[[str, BaseException | None], None] | None = None,
                 parent: QWidget | None = None) -> None:
        """Run ``fn(session)`` on a worker thread with a progress dialog; errors are shown
        (or handed to ``on_failed``). For work too short to measure or stop."""
        self.run_measured_task(title, lambda session, _progress: fn(session), on_done=on_done,
                               on_failed=on_failed, cancellable=False, parent=parent)

    def run_measured_task(self, title: str, fn: Callable[[Session, Progress], Any], *,
                          on_done: Callable[[Any], None] | None = None,
                          on_failed: Callable[[str, BaseException | None], None] | None = None,
                          cancellable: bool = True, parent: QWidget | None = None) -> None:
        """Run ``fn(session, progress)``: ``progress`` goes to a core function's
        ``progress=`` argument, which fills the bar and raises at the next safe point once
        Cancel is pressed. A cancelled task says nothing more: the person asked for it."""
        session = self.session
        if session is None:
            return

        def failed(message: str, exc: BaseException | None) -> None:
            from app.ui.workers import Cancelled

            if self.session is None or isinstance(exc, Cancelled):
                return
            if on_failed is not None:
                on_failed(message, exc)
            else:
                self.show_error(message)

        def done(result: Any) -> None:
            if on_done is not None and self.session is not None:
                on_done(result)

        self.ctx.tasks.run(parent or self, title, lambda progress: fn(session, progress),
                           on_done=done, on_failed=failed, cancellable=cancellable)
