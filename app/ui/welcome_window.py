"""The welcome window (view only): create, open or try a vault, and the recent vaults."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# `Qt` is imported in the methods that use it, which run only once there are recent
# vaults: the namespace costs ~15 ms to build, and this window shows without it.
from PySide6.QtCore import QSize, QTimer, Signal, Slot
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import icon
from app.ui.widgets import Banner, heading

if TYPE_CHECKING:
    # Typing only: the QCloseEvent wrapper builds QEvent.Type (~180 members, ~1.5 ms)
    # at import, and start-up has a target; Qt hands the event in at close time.
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QDialog


class WelcomeWindow(QWidget):
    create_practice = Signal()
    create_personal = Signal()
    open_existing = Signal()
    try_demo = Signal()
    open_recent = Signal(Path)
    forget_recent = Signal(Path)
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeWindow")
        self.setWindowTitle(self.tr("Welcome — MedVault"))
        self.setWindowIcon(icon("medvault"))
        self.resize(820, 520)
        self._closing_allowed = False

        logo = QLabel(self)
        logo.setPixmap(icon("medvault").pixmap(56, 56))
        title = QLabel(self.tr("MedVault"), self)
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        title.setFont(font)
        tagline = QLabel(self.tr(
            "Health records kept encrypted on this computer, opened only with your own key."),
            self)
        tagline.setWordWrap(True)
        self.banner = Banner(self)

        self.practice_button = QCommandLinkButton(
            self.tr("Create a practice vault"),
            self.tr("For a practice: several staff, each with their own sign-in and role."),
            self)
        self.personal_button = QCommandLinkButton(
            self.tr("Create a personal vault"),
            self.tr("For your own and your family's health records."), self)
        self.open_button = QCommandLinkButton(
            self.tr("Open an existing vault…"),
            self.tr("A vault folder on this computer, a shared drive or a USB stick."), self)
        self.demo_button = QCommandLinkButton(
            self.tr("Try a demo vault"),
            self.tr("Made-up patients, so you can look around without real data."), self)
        for button, name in ((self.practice_button, "add"), (self.personal_button, "patient"),
                             (self.open_button, "unlock"), (self.demo_button, "chart")):
            button.setIcon(icon(name))
            button.setIconSize(QSize(24, 24))
        self.practice_button.clicked.connect(self.create_practice)
        self.personal_button.clicked.connect(self.create_personal)
        self.open_button.clicked.connect(self.open_existing)
        self.demo_button.clicked.connect(self.try_demo)
        # First steps are needed before there is a vault, so the guide is here too.
        self.guide_button = QPushButton(self.tr("&User guide"), self)
        self.guide_button.setToolTip(self.tr("First steps, locking, backups and recovery (F1)"))
        # F1 is bound once the window is up: a key sequence builds Qt's enum namespace
        # (~15 ms), which the first window must not wait for.
        QTimer.singleShot(0, self.guide_button,
                          lambda: self.guide_button.setShortcut(QKeySequence("F1")))
        self.guide_button.clicked.connect(self.show_guide)

        self.recent = QListWidget(self)
        self.recent.setAccessibleName(self.tr("Recent vaults"))
        self.recent.itemActivated.connect(self._activated)
        self.recent.currentItemChanged.connect(lambda *_a: self._update_buttons())
        self.recent_label = heading(self.tr("&Recent vaults"), self)
        self.recent_label.setBuddy(self.recent)
        self.open_recent_button = QPushButton(self.tr("Op&en"), self)
        self.open_recent_button.setProperty("role", "primary")
        self.forget_button = QPushButton(self.tr("Remove from &list"), self)
        self.open_recent_button.clicked.connect(self._open_current)
        self.forget_button.clicked.connect(self._forget_current)
        self.no_recent = QLabel(self.tr("No vault opened yet."), self)

        header = QHBoxLayout()
        header.addWidget(logo)
        titles = QVBoxLayout()
        titles.addWidget(title)
        titles.addWidget(tagline)
        header.addLayout(titles, 1)
        actions = QVBoxLayout()
        for button in (self.practice_button, self.personal_button, self.open_button,
                       self.demo_button):
            actions.addWidget(button)
        actions.addStretch(1)
        guide_row = QHBoxLayout()
        guide_row.addWidget(self.guide_button)
        guide_row.addStretch(1)
        actions.addLayout(guide_row)
        recent_buttons = QHBoxLayout()
        recent_buttons.addStretch(1)
        recent_buttons.addWidget(self.forget_button)
        recent_buttons.addWidget(self.open_recent_button)
        recent_column = QVBoxLayout()
        recent_column.addWidget(self.recent_label)
        recent_column.addWidget(self.no_recent)
        recent_column.addWidget(self.recent, 1)
        # Holds the empty state at the top when there is no list to fill the column.
        self._recent_spacer = QWidget(self)
        self._recent_spacer.setSizePolicy(QSizePolicy.Policy.Preferred,
                                          QSizePolicy.Policy.Expanding)
        recent_column.addWidget(self._recent_spacer, 1)
        recent_column.addLayout(recent_buttons)
        body = QHBoxLayout()
        body.addLayout(actions, 1)
        body.addSpacing(16)
        body.addLayout(recent_column, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(16)
        layout.addLayout(header)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self.set_recent([])

    def show_guide(self) -> QDialog:
        from PySide6.QtCore import Qt

        from app.ui.help_dialogs import UserGuideDialog

        dialog = UserGuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def set_recent(self, paths: list[Path], demos: frozenset[Path] = frozenset()) -> None:
        """List `paths`; those in `demos` are demo vaults and are named as such."""
        self.recent.clear()
        for path in paths:
            self._add_recent(path, path in demos)
        has = bool(paths)
        self.recent.setVisible(has)
        self.no_recent.setVisible(not has)
        self._recent_spacer.setVisible(not has)
        self.open_recent_button.setVisible(has)
        self.forget_button.setVisible(has)
        if has:
            self.recent.setCurrentRow(0)
        self._update_buttons()

    def _add_recent(self, path: Path, demo: bool) -> None:
        from PySide6.QtCore import Qt

        exists = (path / "vault.json").is_file()
        # A demo folder is named by its creation time; say what it is instead.
        name = self.tr("Demo practice (made-up patients)") if demo else path.name
        text = name if exists else self.tr("{name} (not found)").format(name=name)
        item = QListWidgetItem(icon("lock") if exists else icon("warning"),
                               f"{text}\n{path.parent}")
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(str(path))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, str(path))
        self.recent.addItem(item)

    @staticmethod
    def _path_of(item: QListWidgetItem) -> Path:
        from PySide6.QtCore import Qt

        return Path(item.data(Qt.ItemDataRole.UserRole))

    def _current_path(self) -> Path | None:
        item = self.recent.currentItem()
        return self._path_of(item) if item is not None else None

    def _update_buttons(self) -> None:
        has = self._current_path() is not None
        self.open_recent_button.setEnabled(has)
        self.forget_button.setEnabled(has)

    @Slot(QListWidgetItem)
    def _activated(self, item: QListWidgetItem) -> None:
        self.open_recent.emit(self._path_of(item))

    @Slot()
    def _open_current(self) -> None:
        path = self._current_path()
        if path is not None:
            self.open_recent.emit(path)

    @Slot()
    def _forget_current(self) -> None:
        path = self._current_path()
        if path is not None:
            self.forget_recent.emit(path)

    def allow_close(self) -> None:
        self._closing_allowed = True

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing_allowed:
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()
