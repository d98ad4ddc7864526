"""The audit log viewer: a paged model over the chain, filters, verification and export.

The log grows without bound (every chart read adds an entry), so the model fetches pages
of `PAGE_SIZE` entries as the view scrolls, newest first, from the cursor that core's
`open_log` returns. Core checks the permission and audits the read (once per query, not
once per page); this page only shows what it is given.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QDateTime,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTime,
    QTimer,
    Slot,
)
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.admin.flags_panel import FlagsPanel, ReviewFlagDialog, rule_name
from app.ui.admin.times import local_time, utc_time
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.role_text import role_name
from app.ui.table_model import RowTableModel
from app.ui.widgets import Banner, configure_table, heading

if TYPE_CHECKING:
    from app.core.audit import AuditEntry
    from app.core.audit_log import AuditLog, LogFilters, LogRow
    from app.core.monitoring import Flag
    from app.core.session import Session
    from app.ui.admin.incident_dialog import IncidentDialog, IncidentRequest

_Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200  # rows fetched as the view scrolls


def bold_font() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


COLUMN_GAP = 12  # px of air between columns sized to their content
SCREENFUL_ROWS = 80  # more rows than any screen shows at once


class AuditTableModel(RowTableModel):
    """The rows come a page at a time from core's cursor (`open_log`) as the view scrolls;
    the table bookkeeping is RowTableModel's."""

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
        self._log: AuditLog | None = None
        self._total = 0

    # -- query --------------------------------------------------------------------------
    def set_query(self, session: Session, filters: LogFilters) -> None:
        """Start a new query. Core checks the permission and audits the read, once."""
        from app.core.audit_log import open_log

        log = open_log(session, filters, page_size=PAGE_SIZE)
        self.beginResetModel()
        self._log = log
        self._rows = []
        self._total = log.total
        self.endResetModel()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())

    def clear(self) -> None:
        self.beginResetModel()
        self._log = None
        self._rows = []
        self._total = 0
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def entry_at(self, row: int) -> AuditEntry:
        return self.row_at(row).entry

    def row_at(self, row: int) -> LogRow:
        return cast("LogRow", super().row_at(row))

    def canFetchMore(self, parent: _Index) -> bool:
        log = self._log
        if parent.isValid() or log is None or not log.is_open:
            return False
        return len(self._rows) < self._total

    def fetchMore(self, parent: _Index) -> None:
        log = self._log
        if parent.isValid() or log is None or not log.is_open:
            return
        batch = log.rows(len(self._rows), PAGE_SIZE)
        if not batch:
            self._total = len(self._rows)  # fewer than counted: stop asking
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
        self._rows.extend(batch)
        self.endInsertRows()

    # -- what the rows show -------------------------------------------------------------
    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        e = self.row_at(index.row()).entry
        column = index.column()
        if role == Qt.ItemDataRole.AccessibleTextRole and column == self.FLAG:
            return self.tr("Flagged for review") if e.flagged else ""
        if role == Qt.ItemDataRole.FontRole and e.flagged:
            return bold_font()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(e, column)
        return super().data(index, role)

    def cells(self, row: Any) -> tuple[Any, ...]:
        return self._cells(cast("LogRow", row))

    def decoration(self, row: Any, column: int) -> Any:
        flagged = cast("LogRow", row).entry.flagged
        return icon("warning") if column == self.FLAG and flagged else None

    @staticmethod
    def _cells(row: LogRow) -> tuple[str, ...]:
        e = row.entry
        return ("", str(e.seq), local_time(e.ts, seconds=True), e.actor, role_name(e.role),
                e.action,
                row.patient_name or e.patient_id or "", row.target_name or e.target or "",
                e.reason or "")

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


def entry_fields(row: LogRow) -> list[tuple[str, str]]:
    """What one entry holds, as (label, value) pairs a person reads; empty values left out.
    The details pane and the entry dialog show the same list."""
    e = row.entry

    patient = row.patient_name or ""
    if e.patient_id:
        patient = f"{patient} ({e.patient_id})" if patient else e.patient_id
    target = row.target_name or ""
    if e.target:
        target = f"{target} ({e.target})" if target else e.target
    fields = [
        (QCoreApplication.translate("AuditEntryDialog", "Number"),
         str(e.seq)),
        (QCoreApplication.translate("AuditEntryDialog", "When"),
         local_time(e.ts, seconds=True)),
        (QCoreApplication.translate("AuditEntryDialog", "When (UTC)"),
         utc_time(e.ts)),
        (QCoreApplication.translate("AuditEntryDialog", "Who"),
         e.actor),
        (QCoreApplication.translate("AuditEntryDialog", "Role"),
         e.role),
        (QCoreApplication.translate("AuditEntryDialog", "Action"),
         e.action),
        (QCoreApplication.translate("AuditEntryDialog", "Patient"),
         patient),
        (QCoreApplication.translate("AuditEntryDialog", "Target"),
         target),
        (QCoreApplication.translate("AuditEntryDialog", "Reason"),
         e.reason or ""),
        (QCoreApplication.translate("AuditEntryDialog", "Flagged"),
         QCoreApplication.translate("AuditEntryDialog", "Yes: flagged for review")
         if e.flagged else ""),
        (QCoreApplication.translate("AuditEntryDialog", "Details"),
         _detail_lines(e.detail)),
    ]
    return [(label, value) for label, value in fields if value]


class AuditEntryDialog(QDialog):
    """Everything one entry holds, on one screen: opened by double-clicking (or Enter)."""

    def __init__(self, row: LogRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Audit entry {seq}").format(seq=row.entry.seq))
        form = QFormLayout()
        self.values: dict[str, str] = {}
        for label, value in entry_fields(row):
            shown = QLabel(value, self)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            shown.setWordWrap(True)
            form.addRow(label, shown)
            self.values[label] = value
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)


def _detail_lines(detail: str) -> str:
    """The entry's detail (ids, counts, field names; never clinical text), one per line."""
    try:
        data = json.loads(detail) if detail else {}
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return detail
    return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}"
                     if not isinstance(value, str) else f"{key}: {value}"
                     for key, value in sorted(data.items()))


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
        self.table.setToolTip(self.tr("Double-click an entry (or press Enter) for its details"))
        self.table.doubleClicked.connect(lambda index: self.show_details(index.row()))
        self.details: AuditEntryDialog | None = None
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Columns start narrow and grow to their content (below): the flag and sequence
        # number need far less than Qt's default 100 px, which the Reason column can use.
        header.setMinimumSectionSize(24)
        header.setDefaultSectionSize(24)
        # A stretched last section never gets narrower than its size when stretching was
        # turned on (Qt's default 100 px, from configure_table): start it over at 24, so
        # Reason gives way and the table fits the window without sideways scrolling.
        header.setStretchLastSection(False)
        header.resizeSection(self.model.columnCount() - 1, 24)
        header.setStretchLastSection(True)
        # Columns grow to fit the rows on screen (bold flagged rows too) as pages arrive
        # and as the person scrolls, and never shrink under them. Only the visible rows
        # are measured: Qt's own measure reads every loaded row while the table is hidden
        # (a sign-in over a large log cost ~950k data() calls).
        self.model.rowsInserted.connect(lambda *_a: self.fit_columns())
        self.table.verticalScrollBar().valueChanged.connect(lambda _v: self.fit_columns())
        # The selected entry in full, wrapped, below the table: long targets, reasons and
        # details are read here instead of scrolling the table sideways.
        self.entry_pane = QPlainTextEdit(self)
        self.entry_pane.setReadOnly(True)
        self.entry_pane.setAccessibleName(self.tr("Selected entry"))
        self.entry_pane.setPlaceholderText(self.tr(
            "Select an entry to read it in full here."))
        self.entry_pane.setTabChangesFocus(True)
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_in_pane(current.row()))
        self.flags = FlagsPanel(self)
        self.flags.hide()
        self.flags.table.selectionModel().selectionChanged.connect(
            lambda *_a: self.flag_chosen())
        self.flags.review_button.clicked.connect(self.review_flag)
        self.flags.all_button.clicked.connect(self.show_whole_log)
        self.flags_button = QPushButton(icon("warning"), self.tr("U&nusual access"), self)
        self.flags_button.setCheckable(True)
        self.flags_button.setToolTip(self.tr(
            "Flags of unusual access found by the monitoring rules"))
        self.flags_button.toggled.connect(self.show_flags)
        self._flag: Flag | None = None
        self.review_dialog: ReviewFlagDialog | None = None
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
        # Evidence for an incident: the window and account of the filters above, prefilled.
        self.incident_button = QPushButton(icon("export"), self.tr("&Incident package…"),
                                           self)
        self.incident_button.setToolTip(self.tr(
            "An encrypted evidence package with a GDPR Art. 33 worksheet"))
        self.incident_button.clicked.connect(self.incident_package)
        self.incident_dialog: IncidentDialog | None = None
        self.verify_button.clicked.connect(self.verify_chain)
        self.export_button.clicked.connect(self.export)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.refresh)
        self.action_filter.textChanged.connect(lambda _t: self._filters_changed())
        for box in (self.from_enabled, self.to_enabled, self.flagged_only):
            box.toggled.connect(lambda _on: self._filters_changed())
        for edit in (self.from_date, self.to_date):
            edit.dateChanged.connect(lambda _d: self._filters_changed())
        self.user_filter.currentIndexChanged.connect(lambda _i: self._filters_changed())
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
        buttons.addWidget(self.flags_button)
        buttons.addWidget(self.incident_button)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Audit log"), self))
        layout.addLayout(filters)
        layout.addWidget(self.result)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        for part in (self.flags, self.table, self.entry_pane):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 1)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.action_filter.setFocus)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self._details_current)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)

    @Slot()
    def _details_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.show_details(index.row())

    def show_details(self, row: int) -> AuditEntryDialog | None:
        if not 0 <= row < self.model.rowCount():
            return None
        if self.details is not None:
            self.details.close()
        self.details = AuditEntryDialog(self.model.row_at(row), self)
        self.details.open()
        return self.details

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
        self.incident_button.setVisible(session.allowed(Operation.INCIDENT_EXPORT))
        self._debounce.stop()
        self.refresh()

    def filters(self) -> LogFilters:
        from app.core.audit_log import LogFilters

        if self._flag is not None:
            return self._flag.log_filters()
        actor = self.user_filter.currentData()
        return LogFilters(
            action_prefix=self.action_filter.text().strip() or None,
            actor_id=actor or None,
            since=(self.from_date.date().toString(Qt.DateFormat.ISODate)
                   if self.from_enabled.isChecked() else None),
            # Up to the end of that day: "2025-01-31T…" sorts before "2025-02-01".
            until=(self.to_date.date().addDays(1).toString(Qt.DateFormat.ISODate)
                   if self.to_enabled.isChecked() else None),
            flagged_only=self.flagged_only.isChecked())

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
        """Widen each column to its header and the rows on screen now (measured in each
        row's own font, so bold flagged rows fit), but never narrow one: a width the
        person chose stays. The last column (Reason) takes the rest; the pane below shows
        the whole of the selected entry.

        Only visible rows are measured (at most a screenful, whatever is loaded); a hidden
        table is measured when it is shown."""
        if not self.table.isVisible() or self.model.rowCount() == 0:
            return
        viewport = self.table.viewport()
        first = max(0, self.table.rowAt(0))
        last = self.table.rowAt(viewport.height() - 1)
        if last < 0:
            last = self.model.rowCount() - 1
        # Before the first layout the viewport may not have its height yet: never more
        # than a screenful, whatever is loaded.
        last = min(last, first + SCREENFUL_ROWS)
        header = self.table.horizontalHeader()
        columns = self.model.columnCount() - 1
        # What the other columns may take without pushing Reason below its minimum, so
        # the table never needs sideways scrolling (a wide value is elided instead; the
        # pane below shows it whole).
        room = viewport.width() - header.minimumSectionSize() - sum(
            header.sectionSize(c) for c in range(columns))
        for column in range(columns):
            content = max((self.table.sizeHintForIndex(self.model.index(row, column)).width()
                           for row in range(first, last + 1)), default=0)
            wanted = max(content, header.sectionSizeHint(column)) + COLUMN_GAP
            grow = min(wanted - header.sectionSize(column), room)
            if grow > 0:
                header.resizeSection(column, header.sectionSize(column) + grow)
                room -= grow

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit_columns()
        QTimer.singleShot(0, self.fit_columns)  # again once the table has its final size

    def show_in_pane(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            self.entry_pane.clear()
            return
        self.entry_pane.setPlainText("\n".join(
            f"{label}: {value}" for label, value in entry_fields(self.model.row_at(row))))

    # -- monitoring flags -------------------------------------------------------------
    @Slot(bool)
    def show_flags(self, on: bool) -> None:
        self.flags.setVisible(on)
        if on:
            self.load_flags()
        else:
            self.show_whole_log()

    def load_flags(self) -> None:
        """Run core's monitoring rules (audited as `monitor.run`) and list the flags."""
        session = self.session
        if session is None:
            return
        from app.core.monitoring import reviews, run_rules

        with self.reporting():
            self.flags.set_flags(run_rules(session), reviews(session))
        self._update_review_button()

    def flag_chosen(self) -> None:
        flag = self.flags.current_flag()
        self._update_review_button()
        if flag is None:
            return
        self._flag = flag
        self._debounce.stop()
        self.refresh()
        self.result.show_message(self.tr(
            "Showing the entries of one flag ({rule}, {user}). \"Show the whole log\" "
            "goes back.").format(rule=rule_name(flag.rule), user=flag.actor), "info")

    @Slot()
    def show_whole_log(self) -> None:
        self.flags.table.clearSelection()
        if self._flag is not None:
            self._flag = None
            self.result.clear_message()
            self.refresh()

    def _filters_changed(self) -> None:
        # Any filter the person sets replaces a chosen flag's narrowing.
        if self._flag is not None:
            self._flag = None
            self.flags.table.clearSelection()
            self.result.clear_message()
        self._debounce.start()

    def _update_review_button(self) -> None:
        session = self.session
        flag = self.flags.current_flag()
        self.flags.review_button.setEnabled(
            session is not None and flag is not None
            and session.allowed(Operation.MONITOR_REVIEW)
            and flag.flag_id not in self.flags.model.reviews)

    @Slot()
    def review_flag(self) -> None:
        flag = self.flags.current_flag()
        if flag is None or self.session is None:
            return
        dialog = ReviewFlagDialog(flag, self)
        self.review_dialog = dialog

        def finished(result: int) -> None:
            self.review_dialog = None
            dialog.deleteLater()
            session = self.session
            if result != QDialog.DialogCode.Accepted or session is None:
                return
            from app.core.monitoring import review_flag

            with self.reporting():
                review_flag(session, flag, dialog.note_text())
                self.result.show_message(self.tr("The flag is marked as reviewed."),
                                         "info")
            self.load_flags()

        dialog.finished.connect(finished)
        dialog.open()

    def clear_view(self) -> None:
        if self.details is not None:
            self.details.reject()
            self.details = None
        if self.review_dialog is not None:
            self.review_dialog.reject()
        if self.incident_dialog is not None:
            self.incident_dialog.reject()
        self._flag = None
        self.flags.clear()
        self.flags.hide()
        self.flags_button.blockSignals(True)
        self.flags_button.setChecked(False)
        self.flags_button.blockSignals(False)
        self.entry_pane.clear()
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
        filters = self.filters().as_kwargs()

        def done(count: int) -> None:
            text = (self.tr("Exported the entries shown (filters applied) to {path} "
                            "(entries: {n}). Clear the filters to export the whole log, "
                            "which can be checked against the chain.") if filters else
                    self.tr("Exported the audit log to {path} (entries: {n})."))
            self.result.show_message(text.format(n=count, path=path), "info")
            self.refresh()

        self.run_task(self.tr("Exporting the audit log…"),
                      lambda s: export_audit(s, Path(path), fmt, **filters), on_done=done)

    @Slot()
    def incident_package(self) -> None:
        session = self.session
        if session is None:
            return
        from app.ui.admin.incident_dialog import IncidentDialog

        now = QDateTime.currentDateTime()
        start = (QDateTime(self.from_date.date(), QTime(0, 0))
                 if self.from_enabled.isChecked() else now.addDays(-7))
        end = (QDateTime(self.to_date.date(), QTime(23, 59))
               if self.to_enabled.isChecked() else now)
        actor = self.user_filter.currentData()
        names = sorted((u.name for u in session.vault.file.users), key=str.casefold)
        chosen = next((u.name for u in session.vault.file.users if u.user_id == actor),
                      None)
        dialog = IncidentDialog(start, end, names, chosen, self)
        self.incident_dialog = dialog

        def finished(result: int) -> None:
            self.incident_dialog = None
            request = dialog.request()
            dialog.wipe()
            dialog.deleteLater()
            if result == QDialog.DialogCode.Accepted and self.session is not None:
                self._write_incident(request)

        dialog.finished.connect(finished)
        dialog.open()

    def _write_incident(self, request: IncidentRequest) -> None:
        session = self.session
        if session is None:
            return
        stamp = request.discovered.astimezone().strftime("%Y-%m-%d")
        path = self.ctx.prompts.choose_save_file(
            self, self.tr("Save the incident package"),
            session.vault.directory.parent / f"incident-{stamp}.age",
            self.tr("Encrypted package (*.age);;All files (*)"))
        if path is None:
            return
        from app.core.incident import IncidentResult, export_incident

        def done(result: IncidentResult) -> None:
            self.result.show_message(self.tr(
                "Incident package written to {path}: {entries} audit entries, {patients} "
                "patients affected ({records} records), {flags} monitoring flags. Notify "
                "the supervisory authority by {deadline}.").format(
                    path=result.path, entries=result.entries, patients=result.patients,
                    records=result.records, flags=result.flags,
                    deadline=local_time(result.notify_by)), "alert")
            self.refresh()

        self.run_task(self.tr("Writing the incident package…"), lambda s: export_incident(
            s, path, start=request.start, end=request.end, discovered=request.discovered,
            user=request.account, patient_id=request.patient_id,
            recipients=[request.recipient] if request.recipient else None,
            passphrase=request.passphrase), on_done=done)
