"""The Patients page: a placeholder the patient list and chart will replace.

It already keeps the `SessionPage` contract (see app/ui/pages.py), so the main window,
the lock controller and the tests treat it like any other page.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.core.roles import Operation
from app.ui.context import UiContext
from app.ui.pages import SessionPage


class PatientsPage(SessionPage):
    operation = Operation.PATIENT_SEARCH
    icon_name = "patient"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self._label = QLabel(self.tr("Patients are loading…"), self)
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setWordWrap(True)
        self._label.setObjectName("patientsPlaceholder")
        layout = QVBoxLayout(self)
        layout.addWidget(self._label)

    def title(self) -> str:
        return self.tr("Patients")

    def refresh(self) -> None:
        self._label.setText(self.tr("Patients are loading…"))

    def clear_view(self) -> None:
        self._label.setText("")
