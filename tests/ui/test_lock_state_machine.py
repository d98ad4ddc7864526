"""The lock always locks, from anywhere (issue 8.1), as a hypothesis state machine.

The machine signs in as some role and then does what a person can do in the window:
select rows in any list or table (the sidebar, the patient list, a chart's sections, the
users...), switch tabs, press any enabled button or menu entry it finds (which opens
every dialog, form and question the GUI has), close dialogs with their accept or cancel
button, and lock by Ctrl+L, File → Lock, the idle timer, the session watcher (screen lock,
sleep), or from inside a real question box the lock interrupts. After each lock it checks
the invariant and signs in again.

Nothing is a hand-picked list of dialogs: the buttons and menus are found on screen, so a
page or dialog added later is covered without touching this file.

Invariant after every lock: the session is closed and its keys overwritten, the lock screen
is the only window shown, no dialog or menu is open, and no list, table or text field in the
main window shows anything from the vault.

Every suite runs a few short examples and every role's sweep; MEDVAULT_LOCK_MACHINE=80x60
runs many longer walks (about ten minutes).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    precondition,
    rule,
    run_state_machine_as_test,
)
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.core.session import Session
from app.ui.app_controller import AppController, AppState
from app.ui.prompts import confirm_box
from app.ui.recent_vaults import RecentVaults
from tests.ui.chart_support import add_people, signed_in
from tests.ui.conftest import QuietWatcher, ScriptedPrompts, credentials, unlock

LOCK_WAYS = ("ctrl_l", "file_menu", "idle", "screen", "sleep")
ROLES = (Role.OWNER, Role.CLINICIAN, Role.RECEPTION, Role.ADMIN, Role.AUDITOR)


#: What the machine reached (dialog classes, lock ways), for the coverage check below.
SEEN: set[str] = set()


class LockingPrompts(ScriptedPrompts):
    """Scripted answers, except that when `lock_inside` is set the next question is a
    real message box, and the lock fires while it is open (as the idle timer or a screen
    lock would, inside the box's own event loop)."""

    def __init__(self) -> None:
        super().__init__()
        self.lock_inside: Callable[[], None] | None = None
        self.locked_inside = False

    def _real_box(self, parent: QWidget | None, title: str, text: str) -> bool:
        lock, self.lock_inside = self.lock_inside, None
        if lock is None:
            return False
        box, _yes = confirm_box(parent, title, text, yes_text="Yes")
        QTimer.singleShot(0, lock)
        box.exec()
        self.locked_inside = True
        return False

    def confirm(self, parent: QWidget | None, title: str, text: str, *, yes_text: str,
                danger: bool = False) -> bool:
        answer = super().confirm(parent, title, text, yes_text=yes_text, danger=danger)
        if self.lock_inside is not None:
            return self._real_box(parent, title, text)
        return answer

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        super().inform(parent, title, text)
        self._real_box(parent, title, text)

    def warn(self, parent: QWidget | None, title: str, text: str) -> None:
        super().warn(parent, title, text)
        self._real_box(parent, title, text)


def flush() -> None:
    """Deliver what the event loop would deliver next, including queued deletions."""
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def open_dialogs() -> list[QDialog]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QDialog) and w.isVisible()]


def _in_combo(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox):
            return True
        parent = parent.parentWidget()
    return isinstance(widget.window(), QComboBox) or type(widget.window()).__name__ == \
        "QComboBoxPrivateContainer"


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) and widget.isEnabled() and not _in_combo(widget)


def item_views(root: QWidget) -> list[QAbstractItemView]:
    return [v for v in root.findChildren(QAbstractItemView) if _shown(v, root)
            and v.model() is not None and v.model().rowCount() > 0]


def pressables(root: QWidget) -> list[tuple[str, Callable[[], None]]]:
    """Every button and menu entry a person could press in `root`, by label."""
    found: list[tuple[str, Callable[[], None]]] = []
    for button in root.findChildren(QAbstractButton):
        if not _shown(button, root) or isinstance(button, QCheckBox | QRadioButton):
            continue
        if not isinstance(button, QPushButton | QToolButton):
            continue
        menu = button.menu()
        if menu is not None:
            for action in menu.actions():
                if action.isVisible() and action.isEnabled() and action.text():
                    found.append((f"{button.text()} › {action.text()}", action.trigger))
        instant = isinstance(button, QToolButton) and (
            button.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup)
        # A menu-only button's click runs its menu's own event loop; its entries are above.
        if (button.text() or button.toolTip()) and not instant:
            found.append((button.text() or button.toolTip(), button.click))
    return found


class GuiLockMachine(RuleBasedStateMachine):
    """See the module docstring. One AppController and vault serve every example."""

    c: AppController
    qtbot: QtBot
    vault: Path
    prompts: LockingPrompts
    #: Errors the lock logged while locking anyway: each one is a page's bug.
    lock_errors: list[logging.LogRecord]

    def __init__(self) -> None:
        super().__init__()
        self.role = Role.OWNER
        self.locks = 0

    # -- helpers -------------------------------------------------------------------------
    @property
    def window(self) -> QWidget:
        window = self.c.main_window
        assert window is not None
        return window

    def scope(self) -> QWidget:
        """Where a person can click now: the top dialog if one is open, else the page."""
        dialogs = open_dialogs()
        return dialogs[-1] if dialogs else self.window

    def sign_in(self) -> None:
        if self.c.state not in (AppState.LOCKED, AppState.UNLOCK):
            self.c.open_vault(self.vault)
        name, password = credentials(self.role)
        unlock(self.qtbot, self.c, name, password)
        assert self.c.state is AppState.MAIN, (
            self.c.unlock_window.banner.text() if self.c.unlock_window else "")

    def settle(self) -> None:
        """After any action: a lock it caused must have held; then sign in again."""
        flush()
        if self.prompts.locked_inside:
            self.prompts.locked_inside = False
            self.qtbot.waitUntil(lambda: self.c.state is AppState.LOCKED, timeout=20_000)
        if self.c.state is AppState.LOCKED:
            self.c.lock.override_timeout_ms(None)
            assert self._last_session is not None
            self.check_locked(self._last_session)
            self.sign_in()
        elif self.c.state is not AppState.MAIN:
            self.qtbot.waitUntil(lambda: not self.c.ctx.tasks.is_busy(), timeout=20_000)
            self.sign_in()
        self._last_session = self.c.session

    def check_locked(self, session: Session) -> None:
        """The invariant: lock always succeeds."""
        self.locks += 1
        flush()
        c = self.c
        assert c.state is AppState.LOCKED and c.lock.is_locked() and c.session is None
        assert not session.is_open
        assert all(not any(key) for key in session._keys.values())
        # The lock held, and no step of it failed on the way (the lock would have gone
        # on, but a page that raised there has a bug of its own).
        assert self.lock_errors == [], [r.getMessage() for r in self.lock_errors]
        window = self.window
        assert not window.isVisible()
        assert c.unlock_window is not None and c.unlock_window.isVisible()
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        assert shown == [c.unlock_window], [type(w).__name__ for w in shown]
        assert QApplication.activePopupWidget() is None
        assert open_dialogs() == []
        for view in window.findChildren(QAbstractItemView):
            if view is getattr(window, "sidebar", None) or _in_combo(view):
                continue
            model = view.model()
            assert model is None or model.rowCount() == 0, (
                f"{type(view).__name__} {view.objectName()} in "
                f"{type(view.parentWidget()).__name__} still shows {model.rowCount()} rows")
        for edit in window.findChildren(QLineEdit):
            # A spin box's or date field's own line edit holds its default, not data.
            if not _in_combo(edit) and not edit.isReadOnly() and not isinstance(
                    edit.parentWidget(), QAbstractSpinBox):
                assert edit.text() == "", f"{edit.objectName() or edit.accessibleName()}"
        for text in [*window.findChildren(QTextEdit), *window.findChildren(QPlainTextEdit)]:
            assert text.toPlainText() == "", type(text.parentWidget()).__name__

    # -- rules ---------------------------------------------------------------------------
    @initialize(role=st.sampled_from(ROLES))
    def start(self, role: Role) -> None:
        self.role = role
        self._last_session = None
        self.sign_in()
        self._last_session = self.c.session

    @rule(data=st.data())
    def select_a_row(self, data: st.DataObject) -> None:
        """Navigate: the sidebar, the patient list, a chart's sections, any table."""
        views = item_views(self.scope())
        if not views:
            return
        view = data.draw(st.sampled_from(views), label="view")
        model = view.model()
        row = data.draw(st.integers(0, min(model.rowCount(), 20) - 1), label="row")
        index = model.index(row, 0)
        view.setCurrentIndex(index)
        if data.draw(st.booleans(), label="activate"):
            view.activated.emit(index)  # Enter or a double-click
        self.settle()

    @rule(data=st.data())
    def switch_tab(self, data: st.DataObject) -> None:
        tabs = [t for t in self.scope().findChildren(QTabWidget) if _shown(t, self.scope())]
        if tabs:
            tab = data.draw(st.sampled_from(tabs), label="tabs")
            tab.setCurrentIndex(data.draw(st.integers(0, tab.count() - 1), label="tab"))
        self.settle()

    @rule(data=st.data())
    def press(self, data: st.DataObject) -> None:
        """Press any button or menu entry: opens dialogs, forms and questions."""
        found = pressables(self.scope())
        if not found:
            return
        _label, press = data.draw(st.sampled_from(found), label="press")
        self.prompts.confirms = [data.draw(st.booleans(), label="answer yes")]
        before = {id(d) for d in open_dialogs()}
        press()
        flush()
        SEEN.update(type(d).__name__ for d in open_dialogs() if id(d) not in before)
        self.settle()

    @rule(data=st.data())
    def use_a_menu(self, data: st.DataObject) -> None:
        """The window's own menus (Go, Help, File › Make a backup…); never the ones that
        end the session, which the lock rules and other tests cover."""
        if open_dialogs():
            return
        window = self.c.main_window
        assert window is not None
        ending = {window.lock_action, window.close_action, window.quit_action}
        actions = [a for menu in window.menuBar().actions() if menu.menu() is not None
                   for a in menu.menu().actions()
                   if a.isVisible() and a.isEnabled() and not a.isSeparator()
                   and a not in ending]
        if actions:
            data.draw(st.sampled_from(actions), label="menu").trigger()
        self.settle()

    @precondition(lambda self: bool(open_dialogs()))
    @rule(accept=st.booleans())
    def close_dialog(self, accept: bool) -> None:
        dialog = open_dialogs()[-1]
        boxes = dialog.findChildren(QDialogButtonBox)
        button: QAbstractButton | None = None
        for box in boxes:
            for candidate in box.buttons():
                role = box.buttonRole(candidate)
                wanted = (QDialogButtonBox.ButtonRole.AcceptRole if accept
                          else QDialogButtonBox.ButtonRole.RejectRole)
                if role == wanted and candidate.isVisible() and candidate.isEnabled():
                    button = candidate
        if button is not None:
            button.click()
        elif accept:
            dialog.accept()
        else:
            dialog.reject()
        self.settle()

    @rule(how=st.sampled_from(LOCK_WAYS))
    def lock(self, how: str) -> None:
        session = self.c.session
        assert session is not None
        self._lock_by(how)
        self.qtbot.waitUntil(lambda: self.c.state is AppState.LOCKED, timeout=20_000)
        self.c.lock.override_timeout_ms(None)
        self.check_locked(session)
        self.sign_in()
        self._last_session = self.c.session

    @rule(how=st.sampled_from(("idle", "screen", "sleep")))
    def lock_during_the_next_question(self, how: str) -> None:
        self.prompts.lock_inside = lambda: self._lock_by(how)

    def _lock_by(self, how: str) -> None:
        SEEN.add(f"lock:{how}{'+dialog' if open_dialogs() else ''}")
        window = self.window
        c = self.c
        if how == "ctrl_l":
            target = QApplication.focusWidget() or self.scope()
            from PySide6.QtCore import Qt

            self.qtbot.keyClick(target, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        elif how == "file_menu":
            file_menu = window.menuBar().actions()[0].menu()
            assert file_menu is not None
            lock = next(a for a in file_menu.actions() if a.shortcut().toString() == "Ctrl+L")
            lock.trigger()
        elif how == "idle":
            c.lock.override_timeout_ms(1)
        elif how == "screen":
            c.lock.watcher.on_session_lock()
        else:
            c.lock.watcher.on_prepare_for_sleep(True)

    def teardown(self) -> None:
        self.prompts.lock_inside = None
        self.c.lock.override_timeout_ms(None)
        if self.c.state is AppState.MAIN:
            self.lock("screen")


class _ListHandler(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(logging.ERROR)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def machine_world(qtbot: QtBot, tmp_path: Path, practice: Path) -> Iterator[LockingPrompts]:
    yield from _world(qtbot, tmp_path, practice, book=True)


@pytest.fixture
def personal_world(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[LockingPrompts, Path]]:
    """A personal vault (its owner signs in as the practice owner would), with its own
    record: the My record page and what opens from it."""
    import pyrage

    from app.core.records.contacts import ContactInput, add_contact, set_contact_key
    from app.core.records.patients import PatientInput
    from app.core.vault import create_vault

    path = tmp_path / "personal"
    name, password = credentials(Role.OWNER)
    create_vault(path, owner_name=name, password=password, kind="personal",
                 own_record=PatientInput(family="Self", given="Sam", birth_date="1979-09-09"))
    with signed_in(path) as session:
        # A doctor whose key is not verified yet: the Contacts page offers Verify key….
        doctor = add_contact(session, ContactInput(name="Dr Key", organisation="Clinic"))
        set_contact_key(session, doctor.id, str(pyrage.x25519.Identity.generate().to_public()))
    for prompts in _world(qtbot, tmp_path, path):
        yield prompts, path


def _world(qtbot: QtBot, tmp_path: Path, vault: Path,
           book: bool = False) -> Iterator[LockingPrompts]:
    with signed_in(vault) as session:
        people = add_people(session)
        if book:
            # Something in today's book, so the sweep presses Move…, Arrived and the rest.
            from datetime import datetime, time

            from app.core.records import clock
            from app.core.records.appointments import book_appointment

            noon = datetime.combine(clock.now().astimezone().date(), time(12)).astimezone()
            book_appointment(session, people.zoe, clock.iso(noon),
                             clock.iso(noon.replace(minute=15)), allow_conflict=True)
    prompts = LockingPrompts()
    c = AppController(recent=RecentVaults(tmp_path / "recent.json"), prompts=prompts,
                      watcher=QuietWatcher())
    GuiLockMachine.c = c
    GuiLockMachine.qtbot = qtbot
    GuiLockMachine.vault = vault
    GuiLockMachine.prompts = prompts
    errors: list[logging.LogRecord] = []
    GuiLockMachine.lock_errors = errors
    handler = _ListHandler(errors)
    loggers = [logging.getLogger(n) for n in ("app.ui.lock_controller", "app.ui.main_window")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        yield prompts
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
        c.shutdown()
        for w in (c.main_window, c.unlock_window):
            if w is not None:
                w.deleteLater()


_SETTINGS = dict(deadline=None, derandomize=True, database=None,
                 suppress_health_check=list(HealthCheck))


def _machine_size() -> tuple[int, int]:
    """Examples and steps of the random walk. Every suite runs 4 × 20; a deeper search runs
    the same test with, for example, MEDVAULT_LOCK_MACHINE=80x60 (about ten minutes)."""
    raw = os.environ.get("MEDVAULT_LOCK_MACHINE", "4x20")
    examples, _, steps = raw.partition("x")
    return int(examples), int(steps)


def test_lock_always_succeeds_from_anywhere(machine_world: LockingPrompts) -> None:
    examples, steps = _machine_size()
    run_state_machine_as_test(GuiLockMachine, settings=settings(
        max_examples=examples, stateful_step_count=steps, **_SETTINGS))




# -- the sweep: every opener on every page, tab and chart section ------------------------
Place = tuple[int, int | None, str | None]  # sidebar row, tab index, chart section key


class Sweep:
    """Visits every place the signed-in role can reach and presses every button and menu
    entry found there. Each dialog is locked over while open, then opened again and closed
    (by its accept and cancel buttons in turn); each place ends with a lock after all its
    dialogs were closed. A press that asks a question is locked over inside it."""

    def __init__(self, machine: GuiLockMachine, patient_id: str,
                 only: tuple[type[QWidget], ...] | None = None) -> None:
        self.m = machine
        self.patient_id = patient_id
        self.ways = 0
        self.only = only  # sweep only the pages of these classes

    def places(self) -> list[Place]:
        from app.ui.patients_page import PatientsPage

        window = self.m.c.main_window
        assert window is not None
        found: list[Place] = []
        for row, page in enumerate(window.pages):
            if page not in window.visible_pages() or (
                    self.only is not None and not isinstance(page, self.only)):
                continue
            self.go((row, None, None))
            tabs = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(page)]
            found.append((row, None, None))
            for tab in tabs:
                found += [(row, i, None) for i in range(1, tab.count())]
            if isinstance(page, PatientsPage):
                self.go((row, None, "summary"))
                found += [(row, None, key) for key in page.chart_view.section_keys()]
        return found

    def go(self, place: Place) -> QWidget:
        """Show `place`; returns the widget whose buttons a person sees there."""
        from app.ui.patients_page import PatientsPage

        window = self.m.c.main_window
        assert window is not None
        row, tab_index, section = place
        page = window.pages[row]
        window.show_page(page)
        if tab_index is not None:
            tabs = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(page)]
            tabs[0].setCurrentIndex(tab_index)
        if isinstance(page, PatientsPage):
            page.show_list()
            if section is not None:
                model = page.list_view.model
                assert page.open_patient(model.summary_at(model.row_of(self.patient_id)))
                page.chart_view.show_section(section)
        flush()
        return page

    def lock(self) -> None:
        how = LOCK_WAYS[self.ways % len(LOCK_WAYS)]
        self.ways += 1
        self.m.lock(how)

    def press(self, place: Place, label: str, nth: int) -> bool:
        """Press the `nth` opener called `label` at `place`; False if it is not there."""
        matches = [p for lab, p in pressables(self.go(place)) if lab == label]
        if len(matches) <= nth:
            return False
        self.m.prompts.confirms = [False]
        matches[nth]()
        flush()
        return True

    def run(self) -> None:
        m = self.m
        for place in self.places():
            labels = [label for label, _p in pressables(self.go(place))]
            for n, label in enumerate(labels):
                nth = labels[:n].count(label)
                before = {id(d) for d in open_dialogs()}
                m.prompts.lock_inside = lambda: m._lock_by("screen")
                if not self.press(place, label, nth):
                    continue
                m.prompts.lock_inside = None
                m.settle()  # a question locked over: checked and signed in again
                new = [d for d in open_dialogs() if id(d) not in before]
                if not new:
                    continue
                SEEN.add(type(new[0]).__name__)
                self.lock()  # with the dialog open
                # Open it again and close it (by accept and cancel in turn): the lock at
                # the end of the place then runs with every dialog here closed and gone.
                if self.press(place, label, nth) and open_dialogs():
                    m.close_dialog(accept=n % 2 == 0)
                    for dialog in open_dialogs():  # accept refused (an empty form)
                        dialog.reject()
                    flush()
            if m.c.state is AppState.MAIN:
                self.lock()


def _sweep(roles: tuple[Role, ...], practice: Path,
           only: tuple[type[QWidget], ...] | None = None) -> None:
    from app.core.records.search import find_patients

    with signed_in(practice) as session:
        patient_id = next(s.id for s in find_patients(session, "García"))
    for role in roles:
        machine = GuiLockMachine()
        machine.start(role)
        Sweep(machine, patient_id, only).run()
        machine.teardown()


@pytest.mark.long
def test_lock_from_every_dialog_the_owner_can_open(machine_world: LockingPrompts,
                                                   practice: Path) -> None:
    SEEN.clear()
    _sweep((Role.OWNER,), practice)
    # The sweep found the dialogs by pressing what is on screen; these are a sample of
    # what it must have reached, so a sweep that silently found nothing fails.
    assert {"PatientDialog", "AddUserDialog", "EntryDialog", "NewPasswordDialog",
            "AppointmentDialog", "HoursDialog", "lock:ctrl_l", "lock:file_menu", "lock:idle",
            "lock:screen", "lock:sleep"} <= SEEN, sorted(SEEN)


def test_lock_from_every_dialog_my_record_and_contacts_open(
        personal_world: tuple[LockingPrompts, Path]) -> None:
    """A personal vault's own page and the contacts (the other pages are the practice
    owner's, swept above)."""
    from app.ui.contacts_page import ContactsPage
    from app.ui.my_record_page import MyRecordPage

    SEEN.clear()
    _sweep((Role.OWNER,), personal_world[1], only=(MyRecordPage, ContactsPage))
    # Their openers were reached and locked over.
    assert {"ShareWizard", "VerifyKeyDialog", "lock:screen"} <= SEEN, sorted(SEEN)


def test_lock_on_every_page_of_the_share_wizard(
        personal_world: tuple[LockingPrompts, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The sweep locks over the wizard's first page; here every later page, the progress
    page included (its work is held on the worker until the lock is asked for, so the
    lock meets it running: it cancels, waits, then locks, and no file is left)."""
    import threading

    from app.core.sharing import share as share_module
    from app.ui.my_record_page import MyRecordPage, SharesSection
    from app.ui.share_wizard import ShareWizard

    gate = threading.Event()
    real = share_module.build_patient_bundle

    def held(*args: object, **kwargs: object) -> object:
        gate.wait(20)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(share_module, "build_patient_bundle", held)
    machine = GuiLockMachine()
    machine.start(Role.OWNER)
    out = tmp_path / "held.medvault-share"
    for index in range(7):
        gate.clear()
        window = machine.c.main_window
        assert window is not None
        page = window.page(MyRecordPage)
        assert isinstance(page, MyRecordPage)
        window.show_page(page)
        flush()
        shares = next(s for s in page.sections if isinstance(s, SharesSection))
        shares.share_button.click()
        flush()
        wizard = next(d for d in open_dialogs() if isinstance(d, ShareWizard))
        wizard.recipient_page.to_passphrase.setChecked(True)
        wizard.recipient_page.passphrase.setText("a long passphrase for the lock")
        wizard.recipient_page.repeat.setText("a long passphrase for the lock")
        wizard.save_page.path.setText(str(out))
        for _ in range(index):
            wizard.next()
        assert wizard.currentId() == wizard.pageIds()[index]
        session = machine.c.session
        assert session is not None
        how = LOCK_WAYS[index % len(LOCK_WAYS)]
        machine._lock_by(how)
        gate.set()  # the held work goes on, meets the Cancel and stops
        machine.qtbot.waitUntil(lambda: machine.c.state is AppState.LOCKED, timeout=20_000)
        machine.c.lock.override_timeout_ms(None)
        machine.check_locked(session)
        assert not out.exists() and not list(tmp_path.glob(".held*"))
        machine.sign_in()
        machine._last_session = machine.c.session
    machine.teardown()


@pytest.mark.long
def test_lock_from_every_dialog_every_role_can_open(machine_world: LockingPrompts,
                                                    practice: Path) -> None:
    SEEN.clear()
    _sweep(tuple(r for r in ROLES if r is not Role.OWNER), practice)
    # Each role reaches at least the lock ways and its own account's password dialog;
    # the desk, admins and clinicians the appointment book's.
    assert {"NewPasswordDialog", "AppointmentDialog", "lock:ctrl_l", "lock:idle"} <= SEEN, \
        sorted(SEEN)
