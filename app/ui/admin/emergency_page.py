"""Emergency review: break-glass openings and emergency-account activations wait here
for the owner (core `app.core.records.emergency`: `review_queue`, `mark_reviewed`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.admin.times import local_time, utc_time
from app.ui.admin.vault_kind import TeamPage
from app.ui.context import UiContext
from app.ui.core_messages import worded
from app.ui.icons import icon
from app.ui.table_model import RowTableModel
from app.ui.widgets import configure_table, heading, hint

if TYPE_CHECKING:
    from app.core.records.breakglass import AccessGrant

_Index = QModelIndex | QPersistentModelIndex


class EmergencyQueueModel(RowTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("EmergencyQueueModel", "When"),
        QT_TRANSLATE_NOOP("EmergencyQueueModel", "Who"),
        QT_TRANSLATE_NOOP("EmergencyQueueModel", "Kind"),
        QT_TRANSLATE_NOOP("EmergencyQueueModel", "Patient"),
        QT_TRANSLATE_NOOP("EmergencyQueueModel", "Reason"),
        QT_TRANSLATE_NOOP("EmergencyQueueModel", "Reviewed"),
        QT_TRANSLATE_NOOP("EmergencyQueueModel", "Review note"),
    )
    WHEN, WHO, KIND, PATIENT, REASON, REVIEWED, NOTE = range(7)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._patients: dict[str, str] = {}

    def order(self, rows: list[Any]) -> list[Any]:
        return sorted(rows, key=lambda g: g.granted_at, reverse=True)

    def set_grants(self, grants: list[AccessGrant], patients: dict[str, str]) -> None:
        """`patients`: display names by id (core `patient_names`); ids not in it show as
        the id."""
        self._patients = dict(patients)
        self.set_rows(grants)

    def clear(self) -> None:
        self._patients = {}
        super().clear()

    def grant_at(self, row: int) -> AccessGrant:
        return cast("AccessGrant", self.row_at(row))

    def cells(self, row: Any) -> tuple[Any, ...]:
        g = cast("AccessGrant", row)
        kind = self.tr("emergency account") if g.kind == "emergency" else \
            self.tr("restricted record")
        reviewed = f"{g.reviewed_by} {local_time(g.reviewed_at)}" \
            if g.reviewed_by and g.reviewed_at else ""
        patient = self._patients.get(g.patient_id, g.patient_id) if g.patient_id else ""
        return (local_time(g.granted_at), g.user_name, kind, patient, g.reason, reviewed,
                g.review_note or "")

    def decoration(self, row: Any, column: int) -> Any:
        return icon("emergency") if column == 0 and not row.reviewed else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            g = self.grant_at(index.row())
            column = index.column()
            if column == self.WHEN:
                return utc_time(g.granted_at)
            if column == self.PATIENT and g.patient_id:
                return self.tr("Patient id: {id}").format(id=g.patient_id)
            if column == self.REVIEWED and g.reviewed_at:
                return utc_time(g.reviewed_at)
            if column == self.NOTE and g.review_note:
                return g.review_note
            return None
        return super().data(index, role)


class ActivityModel(RowTableModel):
    """What the grant's user opened and changed while it ran (core `grant_activity`)."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("ActivityModel", "When"),
        QT_TRANSLATE_NOOP("ActivityModel", "Did"),
        QT_TRANSLATE_NOOP("ActivityModel", "Patient"),
        QT_TRANSLATE_NOOP("ActivityModel", "Entry"),
    )

    #: Words for the commonest actions that are not a kind's (those come from the
    #: registry's access-report words); anything else shows as its action id.
    ACTIONS: ClassVar[dict[str, object]] = {
        "patient.read": QT_TRANSLATE_NOOP("ActivityModel", "the patient's details"),
        "patient.update": QT_TRANSLATE_NOOP("ActivityModel", "the patient's details"),
        "chart.open": QT_TRANSLATE_NOOP("ActivityModel", "the chart"),
        "consent.list": QT_TRANSLATE_NOOP("ActivityModel", "the consents"),
        "summary.print": QT_TRANSLATE_NOOP("ActivityModel", "a printed summary"),
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._patients: dict[str, str] = {}

    def set_activity(self, rows: list[dict[str, Any]], patients: dict[str, str]) -> None:
        self._patients = dict(patients)
        self.set_rows(rows)

    def clear(self) -> None:
        self._patients = {}
        super().clear()

    def cells(self, row: Any) -> tuple[Any, ...]:
        from app.core.records.kinds import describe

        action = str(row["action"])
        # The access report's plain words where core has them, else the action's id.
        known = self.ACTIONS.get(action)
        words = self.tr(str(known)) if known else describe(action) or action
        did = (self.tr("changed: {what}") if row["changed"] else
               self.tr("opened: {what}")).format(what=words)
        pid = row["patient_id"] or ""
        return (local_time(row["ts"]), did, self._patients.get(pid, pid), row["target"] or "")

    def decoration(self, row: Any, column: int) -> Any:
        return icon("edit") if column == 1 and row["changed"] else None


class ReviewDialog(QDialog):
    def __init__(self, parent: QWidget | None, grant: AccessGrant) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Mark as reviewed"))
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(self.tr("Review note"))
        self.note.setPlaceholderText(self.tr("Optional: what you checked"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        ok = buttons.addButton(self.tr("Mark reviewed"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setProperty("role", "primary")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr("{who} gave this reason: “{reason}”").format(
            who=grant.user_name, reason=grant.reason), self))
        layout.addWidget(self.note)
        layout.addWidget(buttons)


class EmergencyReviewPage(TeamPage):
    operation = Operation.EMERGENCY_REVIEW
    icon_name = "emergency"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = EmergencyQueueModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Emergency accesses"))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.
                                                           ResizeToContents)
        self.empty = QLabel(self.tr("Nothing waits for review."), self)
        # Core's re-arming state after an activation (app.core.emergency_rearm); its
        # sentence is core's, like every core message.
        self.rearm = QLabel(self)
        self.rearm.setWordWrap(True)
        self.rearm.setProperty("role", "warning")
        self.rearm.hide()
        self.include_reviewed = QCheckBox(self.tr("Show &reviewed ones too"), self)
        self.include_reviewed.toggled.connect(lambda _on: self.refresh())
        self.review_button = QPushButton(self.tr("&Mark reviewed…"), self)
        self.review_button.setProperty("role", "primary")
        self.review_button.clicked.connect(self.review_selected)
        # Nobody reviews their own access while another holder of the clinical key may
        # (core refuses it too); the page says who should.
        self.own_note = QLabel(self)
        self.own_note.setWordWrap(True)
        self.own_note.hide()
        self.activity_model = ActivityModel(self)
        self.activity = QTableView(self)
        self.activity.setModel(self.activity_model)
        configure_table(self.activity)
        self.activity.setAccessibleName(self.tr("What was opened and changed"))
        self.activity.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.activity_title = QLabel(self)
        self.activity_title.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.include_reviewed)
        row.addStretch(1)
        row.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Emergency access review"), self))
        layout.addWidget(hint(self.tr(
            "Each time someone opened a restricted record or used the emergency account, "
            "they gave a reason. Check that each one was justified."), self))
        layout.addWidget(self.rearm)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.own_note)
        layout.addLayout(row)
        layout.addWidget(self.activity_title)
        layout.addWidget(self.activity, 1)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def title(self) -> str:
        return self.tr("Emergency review")

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        try:
            from app.core.records.emergency import review_queue
        except ImportError:  # a build without the records layer
            self.empty.setText(self.tr("The review queue is not available in this build."))
            self.empty.show()
            return
        with self.reporting():
            from app.core.emergency_rearm import owner_notice
            from app.core.records.patient_names import patient_names

            pending = owner_notice(session)
            self.rearm.setText(worded(pending) if pending else "")
            self.rearm.setVisible(bool(pending))
            grants = review_queue(session, include_reviewed=self.include_reviewed.isChecked())
            # The owner reviewing may know whose record was opened; one core call (one
            # audit entry) names the whole queue.
            self.model.set_grants(grants, patient_names(session,
                                                        [g.patient_id for g in grants]))
        self.empty.setVisible(self.model.rowCount() == 0)
        self._update_buttons()

    def clear_view(self) -> None:
        self.model.clear()
        self.activity_model.clear()
        self.activity_title.setText("")
        self.own_note.hide()
        self.rearm.clear()
        self.rearm.hide()

    def selected_grant(self) -> AccessGrant | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.grant_at(rows[0].row()) if rows else None

    @Slot()
    def _update_buttons(self) -> None:
        grant = self.selected_grant()
        session = self.session
        own_others: list[str] = []
        if grant is not None and session is not None and \
                grant.user_id == session.user.user_id:
            from app.core.records.emergency import other_reviewers

            own_others = other_reviewers(session, grant)
        self.review_button.setEnabled(grant is not None and not grant.reviewed
                                      and not own_others)
        self.own_note.setText(self.tr(
            "This is your own access: another holder of the clinical key reviews it "
            "({names}).").format(names=", ".join(sorted(own_others)[:3])))
        self.own_note.setVisible(bool(own_others) and grant is not None
                                 and not grant.reviewed)
        self._show_activity(grant)

    def _show_activity(self, grant: AccessGrant | None) -> None:
        """Exactly what the grant's user opened and changed while it ran (core reads it
        from the audit log and records that it was looked at)."""
        session = self.session
        self.activity_model.clear()
        if grant is None or session is None:
            self.activity_title.setText(self.tr(
                "Select an access to see what was opened and changed under it."))
            return
        from app.core.records.emergency import grant_activity
        from app.core.records.patient_names import patient_names

        rows: list[dict[str, Any]] = []
        with self.reporting():
            rows = grant_activity(session, grant)
            names = patient_names(session, [r["patient_id"] for r in rows])
            self.activity_model.set_activity(rows, names)
        changed = sum(1 for r in rows if r["changed"])
        self.activity_title.setText(self.tr(
            "What {who} opened and changed under this access: {n} entries, {c} of them "
            "changes.").format(who=grant.user_name, n=self.activity_model.rowCount(),
                               c=changed))

    @Slot()
    def review_selected(self) -> None:
        grant = self.selected_grant()
        if grant is None or self.session is None:
            return
        dialog = ReviewDialog(self, grant)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._mark(grant.id, dialog.note.toPlainText()))
        dialog.open()

    def _mark(self, grant_id: str, note: str) -> None:
        session = self.session
        if session is None:
            return
        from app.core.records.emergency import mark_reviewed

        with self.reporting():
            mark_reviewed(session, grant_id, note)
        self.refresh()
