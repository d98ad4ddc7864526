"""Key rotation: replace a compartment key and reseal it to the remaining holders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.roles import Operation
from app.ui.context import UiContext
from app.ui.pages import SessionPage
from app.ui.widgets import heading, hint, set_danger_enabled

if TYPE_CHECKING:
    from app.core.session import Session

class RotationPage(SessionPage):
    operation = Operation.KEYS_ROTATE_REGISTRY
    icon_name = "key"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        grid = QGridLayout()
        grid.addWidget(heading(self.tr("Records"), self), 0, 0)
        grid.addWidget(heading(self.tr("Key version"), self), 0, 1)
        grid.addWidget(heading(self.tr("Holders"), self), 0, 2)
        self.version_labels: dict[str, QLabel] = {}
        self.holder_labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        names = {"registry": self.tr("Registry (people, appointments, users, audit log)"),
                 "clinical": self.tr("Clinical (notes, medications, results, documents)")}
        for row, compartment in enumerate(("registry", "clinical"), start=1):
            grid.addWidget(QLabel(names[compartment], self), row, 0)
            self.version_labels[compartment] = QLabel(self)
            self.holder_labels[compartment] = QLabel(self)
            button = QPushButton(self.tr("Rotate…"), self)
            button.setProperty("role", "danger")
            button.setAccessibleName(self.tr("Rotate the {name} key").format(name=compartment))
            button.clicked.connect(lambda _checked=False, c=compartment: self.rotate(c))
            self.buttons[compartment] = button
            grid.addWidget(self.version_labels[compartment], row, 1)
            grid.addWidget(self.holder_labels[compartment], row, 2)
            grid.addWidget(button, row, 3)
        grid.setColumnStretch(4, 1)
        grid.setHorizontalSpacing(24)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Key rotation"), self))
        layout.addWidget(hint(self.tr(
            "Rotating replaces a key with a new one and re-encrypts its file. Do it after "
            "someone who held the key has left, or if a copy may have leaked. Everyone who "
            "still holds the key keeps access."), self))
        layout.addLayout(grid)
        layout.addStretch(1)
        layout.setAlignment(Qt.AlignmentFlag.AlignTop)

    def title(self) -> str:
        return self.tr("Key rotation")

    def visible_for(self, session: Session) -> bool:
        from app.core.rotation import rotation_rights

        return any(r.allowed for r in rotation_rights(session).values())

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.rotation import rotation_rights

        vf = session.vault.file
        for compartment, right in rotation_rights(session).items():
            info = vf.compartments[compartment]
            self.version_labels[compartment].setText(str(info.key_version))
            self.holder_labels[compartment].setText(str(len(vf.holders(compartment))))
            self.buttons[compartment].setVisible(right.allowed)
            set_danger_enabled(self.buttons[compartment], right.may)
            self.buttons[compartment].setToolTip(
                self.tr("You do not hold this key.") if right.allowed and not right.may
                else "")

    def clear_view(self) -> None:
        for label in (*self.version_labels.values(), *self.holder_labels.values()):
            label.setText("")

    @Slot()
    def rotate(self, compartment: str) -> None:
        if self.session is None:
            return
        if not self.ctx.prompts.confirm(self, self.tr("Rotate key"), self.tr(
                "Replace the {name} key now? The file is re-encrypted; this can take a "
                "while for a large vault. Make a backup afterwards: older backups open only "
                "with the old key.").format(name=compartment),
                yes_text=self.tr("Rotate"), danger=True):
            return
        from app.core.rotation import rotate_key

        def done(version: int) -> None:
            self.refresh()
            self.vault_changed.emit()
            self.ctx.prompts.inform(self, self.tr("Key rotated"), self.tr(
                "The {name} key is now version {version}.").format(name=compartment,
                                                                   version=version))

        # Cancel works until the rekey starts; after that it runs to the end (core says why).
        self.run_measured_task(
            self.tr("Rotating the {name} key…").format(name=compartment),
            lambda session, progress: rotate_key(session, compartment, progress=progress),
            on_done=done)
