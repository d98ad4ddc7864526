"""Break-glass: the reason asked before a restricted record opens, and the banner that
says, on every chart, how long break-glass access has left."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.ui.chart.common import FormDialog, tr
from app.ui.widgets import Banner, hint

if TYPE_CHECKING:
    from app.core.records.breakglass import ActiveAccess
    from app.core.session import Session


def duration_text(minutes: int) -> str:
    if minutes < 60:
        return tr("{n} minutes").format(n=minutes)
    if minutes == 60:
        return tr("1 hour")
    if minutes % 60:
        return tr("{h} h {m} min").format(h=minutes // 60, m=minutes % 60)
    return tr("{n} hours").format(n=minutes // 60)


def fill_durations(combo: QComboBox, choices: tuple[int, ...], preferred: int = 60) -> None:
    """Offer core's durations (capped by the machine policy); choose `preferred`, or the
    longest allowed below it."""
    combo.clear()
    for minutes in choices:
        combo.addItem(duration_text(minutes), minutes)
    fitting = [m for m in choices if m <= preferred] or list(choices[:1])
    if fitting:
        combo.setCurrentIndex(choices.index(fitting[-1]))


class ReasonDialog(FormDialog):
    """Core records the reason with the grant, flags the access and queues it for the
    owner's review; this dialog only asks. The durations are core's (`duration_choices`):
    the usual ones up to the machine policy's `break_glass_max_minutes`."""

    def __init__(self, parent: QWidget | None, name: str, choices: tuple[int, ...]) -> None:
        super().__init__(parent, tr("Restricted record"), tr("&Open with this reason"))
        self.setObjectName("reasonDialog")
        self.ok_button.setProperty("role", "danger")
        self.layout_.insertWidget(0, hint(tr(
            "The record of {name} is restricted. To open it, say why. The access lasts the "
            "time you choose, is flagged in the audit log and is reviewed by the vault "
            "owner.").format(name=name), self))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(tr("Reason for opening the restricted record"))
        self.reason.setPlaceholderText(tr("e.g. patient in clinic today, urgent results"))
        self.duration = QComboBox(self)
        self.duration.setAccessibleName(tr("Access lasts"))
        fill_durations(self.duration, choices)
        self.form.addRow(tr("&Reason:"), self.reason)
        self.form.addRow(tr("Access &lasts:"), self.duration)
        self.reason.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)
        self.reason.setFocus()

    def minutes(self) -> float:
        return float(self.duration.currentData())


def time_left_text(seconds: int) -> str:
    if seconds >= 3600:
        return tr("{h} h {m} min left").format(h=seconds // 3600, m=seconds % 3600 // 60)
    if seconds >= 60:
        # Rounded up, so "1 min left" lasts until the last minute has really begun.
        return tr("{m} min left").format(m=(seconds + 59) // 60)
    return tr("{s} s left").format(s=seconds)


class BreakGlassBanner(Banner):
    """Shown on a chart while the user's break-glass access is in force (the emergency
    account's activation, or a restricted grant on this patient), with the time left,
    updated every second; it hides itself when the access ends. Core says what is in
    force (`active_access`); this banner only counts down to its end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, "alert")
        self.setObjectName("breakGlassBanner")
        self.access: ActiveAccess | None = None
        self._session: Session | None = None
        self._patient_id: str | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def watch(self, session: Session | None, patient_id: str | None) -> None:
        """Ask core what is in force for this chart, and show it."""
        self._session, self._patient_id = session, patient_id
        self.access = None
        if session is not None and session.is_open and patient_id is not None:
            from app.core.records.breakglass import active_access

            self.access = active_access(session, patient_id)
        self.tick()

    def stop(self) -> None:
        self._session, self._patient_id, self.access = None, None, None
        self.timer.stop()
        self.clear_message()

    @Slot()
    def tick(self) -> None:
        access = self.access
        left = access.seconds_left() if access is not None else 0
        if access is not None and left <= 0:
            # Ended: another grant may still be in force (core decides), else hide.
            session = self._session
            self.access = None
            if session is not None and session.is_open and self._patient_id is not None:
                from app.core.records.breakglass import active_access

                self.access = active_access(session, self._patient_id)
            access = self.access
            left = access.seconds_left() if access is not None else 0
        if access is None or left <= 0:
            self.timer.stop()
            self.clear_message()
            return
        if access.kind == "emergency":
            text = tr("Emergency access is active: {left}. Everything you open or change "
                      "is flagged and reviewed by another holder of the clinical key.")
        else:
            text = tr("Restricted record opened with a reason: {left}. Everything you "
                      "open or change is flagged for review.")
        self.show_message(text.format(left=time_left_text(left)), "alert")
        self.setToolTip(tr("Reason given: {reason}").format(reason=access.reason))
        if not self.timer.isActive():
            self.timer.start()
