"""A tiny test driver for end-to-end runs of the real program.

Active only when ``MEDVAULT_E2E_SCRIPT`` names a JSON file: a list of steps, each an
object with ``"do"`` and its arguments. The driver clicks through the same windows a
person would use (wizard pages, unlock screen, menus), waits for each outcome by polling
the application's state (never by sleeping a fixed time), and quits with exit code 0 when
every step passed, 1 otherwise. ``MEDVAULT_E2E_REPORT`` (optional) receives a JSON list of
``{"step": n, "do": ..., "result": "ok" | "failed", "detail": ...}``.

Steps:
  {"do": "create_vault", "kind": "practice", "folder": DIR, "name": NAME, "owner": USER,
   "password": PW, "kit_pdf": PATH?, "given": G?, "family": F?, "born": DATE?}
   (a personal vault's own record: given defaults to the owner's user name)
  {"do": "unlock", "user": USER, "password": PW}
  {"do": "add_patient", "given": ..., "family": ..., "birth_date": "YYYY-MM-DD"}
      New patient… on the patient list, fill the dialog, Add; the chart opens
  {"do": "find_patient", "query": TEXT, "family": ...}
      type in the search box until the list shows that patient
  {"do": "lock"}                         Ctrl+L, through the File menu action
  {"do": "expect_state", "state": "locked" | "main" | "unlock" | "welcome"}
  {"do": "quit"}

It exists for tests only and changes nothing when the variable is unset.
"""

from __future__ import annotations

import json
import sys
import traceback
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.app_controller import AppController, AppState
from app.ui.patient_dialog import PatientDialog
from app.ui.prompts import Prompts

if TYPE_CHECKING:
    from app.ui.patients_page import PatientsPage

Wait = Callable[[], bool]
Step = Generator[Wait, None, str]
WAIT_LIMIT_MS = 120_000
POLL_MS = 25


class _ScriptedPrompts(Prompts):
    """Answers the file questions from the current step; never blocks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.save_path: Path | None = None
        self.messages: list[str] = []

    def choose_directory(self, parent: QWidget | None, title: str,
                         start: Path | None = None) -> Path | None:
        return None

    def choose_open_file(self, parent: QWidget | None, title: str, start: Path,
                         filters: str) -> Path | None:
        return None

    def choose_save_file(self, parent: QWidget | None, title: str, suggested: Path,
                         filters: str) -> Path | None:
        return self.save_path

    def confirm(self, parent: QWidget | None, title: str, text: str, *, yes_text: str,
                danger: bool = False) -> bool:
        return False

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        self.messages.append(text)


class E2EDriver(QObject):
    def __init__(self, controller: AppController, script: Path) -> None:
        super().__init__(controller)
        self.controller = controller
        self.steps: list[dict[str, Any]] = json.loads(script.read_text(encoding="utf-8"))
        self.report: list[dict[str, Any]] = []
        self.failed = False
        self.prompts = _ScriptedPrompts(self)
        controller.ctx.prompts = self.prompts
        self._steps: Iterator[tuple[int, dict[str, Any]]] = iter(enumerate(self.steps))
        self._current: Step | None = None
        self._current_step: tuple[int, dict[str, Any]] | None = None
        self._waiting: Wait | None = None
        self._waited_ms = 0
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def begin(self) -> None:
        self._timer.start()

    def exit_code(self, app_code: int) -> int:
        import os

        target = os.environ.get("MEDVAULT_E2E_REPORT")
        if target:
            Path(target).write_text(json.dumps(self.report, indent=2), encoding="utf-8")
        return 1 if self.failed or app_code != 0 else 0

    # -- the loop -----------------------------------------------------------------------
    def _poll(self) -> None:
        try:
            if self._waiting is not None:
                if not self._waiting():
                    self._waited_ms += POLL_MS
                    if self._waited_ms > WAIT_LIMIT_MS:
                        raise TimeoutError("a step did not finish in time")
                    return
                self._waiting = None
            if self._current is None:
                self._current_step = next(self._steps, None)
                if self._current_step is None:
                    self._finish()
                    return
                self._current = self._run(self._current_step[1])
            self._advance()
        except Exception as exc:
            self._fail(exc)

    def _advance(self) -> None:
        assert self._current is not None and self._current_step is not None
        try:
            self._waiting = next(self._current)
            self._waited_ms = 0
        except StopIteration as done:
            number, step = self._current_step
            self.report.append({"step": number, "do": step.get("do"),
                                "result": done.value or "ok"})
            print(f"e2e step {number} {step.get('do')}: {done.value or 'ok'}", flush=True)
            self._current = None

    def _fail(self, exc: BaseException) -> None:
        number, step = self._current_step or (-1, {})
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        messages = " | ".join(self.prompts.messages[-3:])
        self.report.append({"step": number, "do": step.get("do"), "result": "failed",
                            "detail": detail, "messages": messages})
        print(f"e2e step {number} {step.get('do')} FAILED: {detail} {messages}",
              file=sys.stderr, flush=True)
        self.failed = True
        self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        self.controller.quit()

    def _run(self, step: dict[str, Any]) -> Step:
        action = step.get("do")
        handler = getattr(self, f"_do_{action}", None)
        if handler is None:
            raise ValueError(f"unknown e2e step {action!r}")
        result: Step = handler(step)
        return result

    # -- steps ---------------------------------------------------------------------------
    def _do_create_vault(self, step: dict[str, Any]) -> Step:
        c = self.controller
        if c.state is not AppState.WELCOME:
            c.show_welcome()
        c.create_vault(step.get("kind", "practice"))
        wizard = c.wizard
        assert wizard is not None
        yield lambda: wizard.isVisible()
        # The kind was chosen on the welcome window: the wizard opens on the folder page.
        if wizard.currentPage() is not wizard.folder_page:
            raise RuntimeError("the create wizard did not open on the folder page")
        wizard.folder_page.location.setText(step["folder"])
        wizard.folder_page.name.setText(step["name"])
        wizard.next()
        if wizard.currentPage() is wizard.about_page:
            # A personal vault asks who its owner is (their own record).
            about = wizard.about_page
            about.given.setText(step.get("given", step["owner"]))
            about.family.setText(step.get("family", ""))
            about.birth_date.setText(step.get("born", ""))
            wizard.next()
            if wizard.currentPage() is about:
                raise RuntimeError(about.problem.text() or "own details refused")
        if wizard.currentPage() is not wizard.owner_page:
            raise RuntimeError(wizard.folder_page.problem.text() or "folder refused")
        owner = wizard.owner_page
        owner.user.setText(step["owner"])
        owner.password.setText(step["password"])
        owner.repeat.setText(step["password"])
        if not owner.isComplete():
            raise RuntimeError(owner.meter.advice())
        wizard.next()
        yield lambda: (wizard.currentPage() is wizard.recovery_page
                       or not wizard.create_page.retry.isHidden())
        if wizard.currentPage() is not wizard.recovery_page:
            raise RuntimeError(wizard.create_page.banner.text())
        if step.get("kit_pdf"):
            self.prompts.save_path = Path(step["kit_pdf"])
            wizard.recovery_page.save_pdf()
        wizard.recovery_page.confirm.setChecked(True)
        wizard.accept()
        yield lambda: c.state is AppState.UNLOCK
        return "ok"

    def _do_unlock(self, step: dict[str, Any]) -> Step:
        c = self.controller
        view = c.unlock_window
        assert view is not None and c.unlock is not None
        if view.pin_mode():
            c.unlock.use_password()
        view.user.setText(step["user"])
        view.password.setText(step["password"])
        view.unlock_button.click()
        yield lambda: c.state is AppState.MAIN or (
            c.unlock is not None and not c.unlock.is_busy() and view.banner.isVisible())
        if c.state is not AppState.MAIN:
            raise RuntimeError(view.banner.text())
        return "ok"

    def _patients_page(self) -> PatientsPage:
        from app.ui.patients_page import PatientsPage

        window = self.controller.main_window
        assert window is not None
        page = window.page(PatientsPage)
        if not isinstance(page, PatientsPage):
            raise RuntimeError("this account has no patient list")
        window.show_page(page)
        page.show_list()
        return page

    def _do_add_patient(self, step: dict[str, Any]) -> Step:
        """Through the page, as a person would: New patient…, fill the form, Add."""
        page = self._patients_page()
        page.list_view.new_button.click()
        yield lambda: page.dialog is not None and page.dialog.isVisible()
        dialog = page.dialog
        assert isinstance(dialog, PatientDialog)
        dialog.family.setText(step["family"])
        dialog.given.setText(step["given"])
        dialog.birth_date.setText(step.get("birth_date", ""))
        # The page deletes the dialog once it closes, so ask the page, not the dialog.
        dialog.ok_button.click()
        yield lambda: page.dialog is not dialog or dialog.banner.isVisible()
        if page.dialog is dialog:
            raise RuntimeError(dialog.banner.text())
        # Adding opens the new chart; its header names the patient.
        yield lambda: page.is_chart_shown()
        return "ok"

    def _do_find_patient(self, step: dict[str, Any]) -> Step:
        """Type in the search box and wait for the list to show the patient."""
        page = self._patients_page()
        view = page.list_view
        view.search.setText(step["query"])
        view.run_query_now()
        model = view.model

        def shown() -> bool:
            return any(model.summary_at(row).family == step["family"]
                       for row in range(model.rowCount()))

        yield shown
        return "ok"

    def _do_lock(self, step: dict[str, Any]) -> Step:
        window = self.controller.main_window
        assert window is not None
        window.lock_action.trigger()
        yield lambda: self.controller.state is AppState.LOCKED
        return "ok"

    def _do_expect_state(self, step: dict[str, Any]) -> Step:
        wanted = AppState(step["state"])
        yield lambda: self.controller.state is wanted
        if wanted is AppState.LOCKED:
            visible = [w.objectName() for w in QApplication.topLevelWidgets()
                       if w.isVisible()]
            if visible != ["lockScreen"]:
                raise RuntimeError(f"visible windows while locked: {visible}")
        return "ok"

    def _do_quit(self, step: dict[str, Any]) -> Step:
        yield lambda: not self.controller.ctx.tasks.is_busy()
        return "ok"
