"""The audit log viewer: a paged model over the chain, filters, verification and export.

The log grows without bound (every chart read adds an entry), so the model fetches pages
of `PAGE_SIZE` entries as the view scrolls, newest first. Reading the log is itself
audited: once per query, not once per page.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Slot,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.admin.times import local_time, utc_time
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.widgets import Banner, configure_table, heading

if TYPE_CHECKING:
    from app.core.audit import AuditEntry
    from app.core.session import Session

_Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


COLUMN_GAP = 12  # px of air between columns sized to their content


class AuditTableModel(QAbstractTableModel):
    # The flag has a column of its own: as a decoration of "#" it covered the number.
    FLAG, SEQ, WHEN, USER, ROLE, ACTION, PATIENT, TARGET, REASON = range(9)
    COLUMNS = (
        QT_TRANSLATE_NOOP("AuditTableModel", "Flag"),
        QT_TRANSLATE_NOOP("AuditTableModel", "#"),
        QT_TRANSLATE_NOOP("AuditTableModel", "When"),
        QT_TRANSLATE_NOOP("AuditTableModel", "User"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Role"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Action"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Patient"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Target"),
        QT_TRANSLATE_NOOP("AuditTableModel", "Reason"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session: Session | None = None
        self._filters: dict[str, Any] = {}
        self._rows: list[AuditEntry] = []
        self._total = 0
        self._names: dict[str, str] = {}
        self._patients: dict[str, str] = {}
        self._may_name_patients = False

    # -- query --------------------------------------------------------------------------
    def set_query(self, session: Session, filters: dict[str, Any]) -> None:
        """Start a new query; the permission check and the audit entry happen here once."""
        session.require(Operation.AUDIT_READ)
        self.beginResetModel()
        try:
            self._session = session
            self._rows = []
            # Targets that are user ids read better as names (vault.json is public).
            self._names = {u.user_id: u.name for u in session.vault.file.users}
            self._patients = {}
            # An auditor investigating must know whose record was opened, and the owner
            # reviews the same log; both may search patients by name anyway. So names are
            # shown to every role that may search patients (PATIENT_SEARCH; today all that
            # may read the log), resolved by core a page at a time with one audit entry
            # per page. Any other role would see ids only.
            self._may_name_patients = session.allowed(Operation.PATIENT_SEARCH)
            newest = next(session.audit.entries(limit=1, newest_first=True), None)
            pinned = dict(filters)
            if newest is not None:
                # Entries appended while the person scrolls (this query's own audit entry,
                # for one) must not shift the pages under them.
                until = pinned.get("until")
                pinned["until"] = min(until, newest.ts) if until else newest.ts
            self._filters = pinned
            self._total = session.audit.count(**pinned)
        finally:
            self.endResetModel()
        session.record("audit.read", detail={"entries": self._total,
                                             "filtered": bool(filters)})
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def clear(self) -> None:
        self.beginResetModel()
        self._session = None
        self._rows = []
        self._filters = {}
        self._total = 0
        self._names = {}
        self._patients = {}
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def entry_at(self, row: int) -> AuditEntry:
        return self._rows[row]

    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid() or self._session is None or not self._session.is_open:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        session = self._session
        if parent.isValid() or session is None or not session.is_open:
            return
        batch = list(session.audit.entries(limit=PAGE_SIZE, offset=len(self._rows),
                                           newest_first=True, **self._filters))
        if not batch:
            self._total = len(self._rows)
            return
        self._name_patients(session, batch)
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    def _name_patients(self, session: Session, batch: list[AuditEntry]) -> None:
        if not self._may_name_patients:
            return
        from app.core.records.patient_names import patient_names

        # Targets are often patient ids too (chart.open, patient.update).
        wanted = {i for e in batch for i in (e.patient_id, e.target)
                  if i and i not in self._patients and i not in self._names}
        if wanted:
            self._patients.update(patient_names(session, wanted))

    def patient_text(self, patient_id: str | None) -> str:
        return self._patients.get(patient_id or "", patient_id or "")

    # -- model --------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(str(self.COLUMNS[section]))
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells(e)[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            if column == self.FLAG:
                return self.tr("Flagged for review") if e.flagged else ""
            return self._cells(e)[column]
        if role == Qt.ItemDataRole.DecorationRole and column == self.FLAG and e.flagged:
            return icon("warning")
        if role == Qt.ItemDataRole.FontRole and e.flagged:
            return bold_font()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(e, column)
        return None

    def _cells(self, e: AuditEntry) -> tuple[str, ...]:
        target = self._names.get(e.target or "") or self.patient_text(e.target)
        return ("", str(e.seq), local_time(e.ts, seconds=True), e.actor, e.role, e.action,
                self.patient_text(e.patient_id), target, e.reason or "")

    def _tooltip(self, e: AuditEntry, column: int) -> str | None:
        if column == self.FLAG:
            return self.tr("Flagged for review") if e.flagged else None
        if column == self.WHEN:
            return utc_time(e.ts)
        # The ids stay at hand for searching the CLI's output or an export.
        if column == self.PATIENT and e.patient_id:
            return self.tr("Patient id: {id}").format(id=e.patient_id)
        if column == self.TARGET and e.target:
            return self.tr("Target id: {id}").format(id=e.target)
        return None


class AuditPage(SessionPage):
    operation = Operation.AUDIT_READ
    icon_name = "audit"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = AuditTableModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setAccessibleName(self.tr("Audit log"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Columns start narrow and grow to their content (below): the flag and sequence
        # number need far less than Qt's default 100 px, which the Reason column can use.
        header.setMinimumSectionSize(24)
        header.setDefaultSectionSize(24)
        # Every page that arrives (scrolling or a new filter) may bring wider, bold
        # (flagged) rows: columns grow to fit them and never shrink under the person.
        self.model.rowsInserted.connect(lambda *_a: self.fit_columns())
        self.action_filter = QLineEdit(self)
        self.action_filter.setPlaceholderText(self.tr("e.g. signin, user., chart"))
        self.action_filter.setAccessibleName(self.tr("Action starts with"))
        self.action_filter.setClearButtonEnabled(True)
        self.user_filter = QComboBox(self)
        self.user_filter.setAccessibleName(self.tr("User"))
        self.from_enabled = QCheckBox(self.tr("&From"), self)
        self.from_date = QDateEdit(self)
        self.from_date.setCalendarPopup(True)
        self.from_date.setDisplayFormat("yyyy-MM-dd")
        self.from_date.setAccessibleName(self.tr("From date"))
        self.to_enabled = QCheckBox(self.tr("&To"), self)
        self.to_date = QDateEdit(self)
        self.to_date.setCalendarPopup(True)
        self.to_date.setDisplayFormat("yyyy-MM-dd")
        self.to_date.setAccessibleName(self.tr("To date"))
        self.flagged_only = QCheckBox(self.tr("F&lagged only"), self)
        self.count_label = QLabel(self)
        self.result = Banner(self)
        self.verify_button = QPushButton(self.tr("&Verify chain"), self)
        self.export_button = QPushButton(icon("export"), self.tr("E&xport…"), self)
        self.verify_button.clicked.connect(self.verify_chain)
        self.export_button.clicked.connect(self.export)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.refresh)
        self.action_filter.textChanged.connect(lambda _t: self._debounce.start())
        for box in (self.from_enabled, self.to_enabled, self.flagged_only):
            box.toggled.connect(lambda _on: self._debounce.start())
        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(lambda _d: self._debounce.start())
        self.user_filter.currentIndexChanged.connect(lambda _i: self._debounce.start())
        self.from_date.setEnabled(False)
        self.to_date.setEnabled(False)
        self.from_enabled.toggled.connect(self.from_date.setEnabled)
        self.to_enabled.toggled.connect(self.to_date.setEnabled)

        filters = QHBoxLayout()
        action_label = QLabel(self.tr("&Action:"), self)
        action_label.setBuddy(self.action_filter)
        user_label = QLabel(self.tr("&User:"), self)
        user_label.setBuddy(self.user_filter)
        for widget in (action_label, self.action_filter, user_label, self.user_filter,
                       self.from_enabled, self.from_date, self.to_enabled, self.to_date,
                       self.flagged_only):
            filters.addWidget(widget)
        filters.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Audit log"), self))
        layout.addLayout(filters)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.action_filter.setFocus)

    def title(self) -> str:
        return self.tr("Audit log")

    def set_session(self, session: Session) -> None:
        self._session = session
        self.user_filter.blockSignals(True)
        self.user_filter.clear()
        self.user_filter.addItem(self.tr("Everyone"), None)
        for user in sorted(session.vault.file.users, key=lambda u: u.name.casefold()):
            self.user_filter.addItem(user.name, user.user_id)
        self.user_filter.blockSignals(False)
        today = QDate.currentDate()
        self.from_date.setDate(today.addDays(-30))
        self.to_date.setDate(today)
        self.verify_button.setVisible(session.allowed(Operation.AUDIT_VERIFY))
        self.export_button.setVisible(session.allowed(Operation.AUDIT_EXPORT))
        self._debounce.stop()
        self.refresh()

    def filters(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.action_filter.text().strip():
            out["action_prefix"] = self.action_filter.text().strip()
        actor = self.user_filter.currentData()
        if actor:
            out["actor_id"] = actor
        if self.from_enabled.isChecked():
            out["since"] = self.from_date.date().toString(Qt.DateFormat.ISODate)
        if self.to_enabled.isChecked():
            # Up to the end of that day: "2025-01-31T…" sorts before "2025-02-01".
            out["until"] = self.to_date.date().addDays(1).toString(Qt.DateFormat.ISODate)
        if self.flagged_only.isChecked():
            out["flagged_only"] = True
        return out

    @Slot()
    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        with self.reporting():
            self.model.set_query(session, self.filters())
        self.fit_columns()
        self.count_label.setText(self.tr("Entries: {n}").format(n=self.model.total()))

    def fit_columns(self) -> None:
        """Widen each column to its header and the rows loaded so far (measured in each
        row's own font, so bold flagged rows fit), but never narrow one: a width the
        person chose stays. The last column (Reason) takes the rest."""
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount() - 1):
            wanted = max(self.table.sizeHintForColumn(column),
                         header.sectionSizeHint(column)) + COLUMN_GAP
            if wanted > header.sectionSize(column):
                header.resizeSection(column, wanted)

    def clear_view(self) -> None:
        self._debounce.stop()
        self.model.clear()
        self.user_filter.blockSignals(True)
        self.user_filter.clear()
        self.user_filter.blockSignals(False)
        self.count_label.setText("")
        self.result.clear_message()

    @Slot()
    def verify_chain(self) -> None:
        from app.core.audit import AuditReport
        from app.core.verification import verify_audit

        def done(report: AuditReport) -> None:
            if report.ok:
                self.result.show_message(self.tr(
                    "The audit chain is intact: none of its entries was edited, removed "
                    "or reordered (entries checked: {n}).").format(n=report.entries), "info")
            else:
                self.result.show_message("\n".join(report.problems), "alert")
            self.refresh()

        self.run_measured_task(
            self.tr("Verifying the audit chain…"),
            lambda session, progress: verify_audit(session, progress=progress), on_done=done)

    @Slot()
    def export(self) -> None:
        session = self.session
        if session is None:
            return
        path = self.ctx.prompts.choose_save_file(
            self, self.tr("Export the audit log"),
            session.vault.directory.parent / "audit-log.csv",
            self.tr("CSV (*.csv);;JSON (*.json)"))
        if path is None:
            return
        fmt = "json" if path.suffix.lower() == ".json" else "csv"
        from app.core.verification import export_audit

        # What is exported is what the viewer shows: the filters apply.
        filters = self.filters()

        def done(count: int) -> None:
            text = (self.tr("Exported the entries shown (filters applied) to {path} "
                            "(entries: {n}). Clear the filters to export the whole log, "
                            "which can be checked against the chain.") if filters else
                    self.tr("Exported the audit log to {path} (entries: {n})."))
            self.result.show_message(text.format(n=count, path=path), "info")
            self.refresh()

        self.run_task(self.tr("Exporting the audit log…"),
                      lambda s: export_audit(s, Path(path), fmt, **filters), on_done=done)
