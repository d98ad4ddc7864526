"""The patient list: a paged table model over core's patient queries, and its view.

The model never holds more than the pages the person has scrolled through. With an empty
search box it pages through every patient in name order (`patients.list_patients`, offset
and limit); with a query it asks `search.find_patients`, which answers a name prefix, a
birth date or an MRN from indexes, forgiving about case and accents. Typing is debounced,
so a burst of keys costs one query (and one audit entry), not one per key.

Sorting by a column other than the name is done in memory, and so only once every row of
the result is loaded (a search result, or a small practice): sorting the first 200 of
100,000 patients by birth date would show a misleading answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError
from app.core.roles import Operation
from app.ui.chart.common import age_text, set_table_defaults
from app.ui.core_messages import error_text
from app.ui.dates import date_text
from app.ui.icons import icon
from app.ui.widgets import Banner, heading

if TYPE_CHECKING:
    from app.core.records.patients import PatientSummary
    from app.core.session import Session
    from app.ui.secure_clipboard import SecureClipboard

_Index = QModelIndex | QPersistentModelIndex

PAGE_SIZE = 200
#: find_patients answers at most this many rows (and has no offset): a query this broad
#: is refined by typing more, not by scrolling.
SEARCH_CAP = 500
SEARCH_DEBOUNCE_MS = 200

PATIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
RESTRICTED_ROLE = Qt.ItemDataRole.UserRole + 3


class PatientListModel(QAbstractTableModel):
    NAME, BIRTH_DATE, AGE, SEX, MRN = range(5)
    COLUMNS = (QT_TRANSLATE_NOOP("PatientListModel", "Name"),
               QT_TRANSLATE_NOOP("PatientListModel", "Birth date"),
               QT_TRANSLATE_NOOP("PatientListModel", "Age"),
               QT_TRANSLATE_NOOP("PatientListModel", "Sex"),
               QT_TRANSLATE_NOOP("PatientListModel", "MRN"))
    #: The administrative sexes (app.core.records.patients.SEXES) as the list shows them.
    SEX_LABELS: ClassVar[dict[str, object]] = {
        "male": QT_TRANSLATE_NOOP("PatientListModel", "Male"),
        "female": QT_TRANSLATE_NOOP("PatientListModel", "Female"),
        "other": QT_TRANSLATE_NOOP("PatientListModel", "Other"),
        "unknown": QT_TRANSLATE_NOOP("PatientListModel", "Unknown"),
    }

    #: The query was (re)run: rows were reset. Carries the error message ("" if none).
    query_finished = Signal(str)
    #: Whether every row of the result is loaded (then any column can be sorted).
    complete_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self._session: Session | None = None
        self._query = ""
        self._rows: list[PatientSummary] = []
        self._ids: set[str] = set()
        self._complete = True
        self._capped = False
        self._error = ""
        self._total: int | None = None
        self._sort: tuple[int, Qt.SortOrder] = (self.NAME, Qt.SortOrder.AscendingOrder)

    # -- query -------------------------------------------------------------------------
    def set_session(self, session: Session, query: str = "") -> None:
        """Start over with ``session``: one query (and one audit entry), not two."""
        self._session = session
        self.set_query(query)

    def clear(self) -> None:
        self.beginResetModel()
        self._session = None
        self._query = ""
        self._rows = []
        self._ids = set()
        self._complete = True
        self._capped = False
        self._error = ""
        self._total = None
        self.endResetModel()
        self.complete_changed.emit(True)

    def query(self) -> str:
        return self._query

    def set_query(self, text: str) -> None:
        """Start a new query (empty: every patient); loads the first page."""
        self.beginResetModel()
        self._query = " ".join(text.split())
        self._rows = []
        self._ids = set()
        self._complete = self._session is None
        self._capped = False
        self._error = ""
        self._sort = (self.NAME, Qt.SortOrder.AscendingOrder)
        self.endResetModel()
        if self._session is not None and not self._query:
            self._total = self._count()
        if self.canFetchMore(QModelIndex()):
            self.fetchMore(QModelIndex())
        self.complete_changed.emit(self._complete)
        self.query_finished.emit(self._error)

    def refresh(self) -> None:
        self.set_query(self._query)

    def _count(self) -> int | None:
        from app.core.records.patients import count_patients

        session = self._session
        if session is None or not session.is_open:
            return None
        try:
            return count_patients(session)
        except MedVaultError:
            return None

    # -- paging -------------------------------------------------------------------------
    def canFetchMore(self, parent: _Index) -> bool:
        if parent.isValid() or self._session is None or not self._session.is_open:
            return False
        return not self._complete

    def fetchMore(self, parent: _Index) -> None:
        session = self._session
        if parent.isValid() or session is None or not session.is_open or self._complete:
            return
        try:
            batch, complete = self._next_page(session)
        except MedVaultError as exc:
            from app.core.session import SessionClosed

            self._error = "" if isinstance(exc, SessionClosed) else error_text(exc)
            self._set_complete(True)
            return
        fresh = [s for s in batch if s.id not in self._ids]
        if fresh:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fresh) - 1)
            self._rows.extend(fresh)
            self._ids.update(s.id for s in fresh)
            self.endInsertRows()
        self._set_complete(complete or not fresh)

    def _next_page(self, session: Session) -> tuple[list[PatientSummary], bool]:
        if not self._query:
            from app.core.records.patients import list_patients

            after = self._rows[-1].id if self._rows else None
            batch = list_patients(session, after=after, limit=self.page_size)
            return batch, len(batch) < self.page_size
        from app.core.records.search import find_patients

        # No offset in find_patients: ask for a longer prefix of the same ordered answer.
        want = min(SEARCH_CAP, len(self._rows) + self.page_size)
        found = find_patients(session, self._query, limit=want)
        self._capped = len(found) >= SEARCH_CAP
        return found[len(self._rows):], len(found) < want or want >= SEARCH_CAP

    def _set_complete(self, complete: bool) -> None:
        if complete != self._complete:
            self._complete = complete
            self.complete_changed.emit(complete)
            if complete and self._sort != (self.NAME, Qt.SortOrder.AscendingOrder):
                self.sort(*self._sort)

    # -- state for the view -------------------------------------------------------------
    def is_complete(self) -> bool:
        return self._complete

    def is_capped(self) -> bool:
        return self._capped

    def error(self) -> str:
        return self._error

    def total(self) -> int | None:
        """Every patient in the vault (browse mode), when known."""
        return self._total

    def summary_at(self, row: int) -> PatientSummary:
        return self._rows[row]

    def row_of(self, patient_id: str) -> int:
        return next((i for i, s in enumerate(self._rows) if s.id == patient_id), -1)

    # -- model ---------------------------------------------------------------------------
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
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        s = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(s, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._display(s, column)
            if column == self.NAME and s.restricted:
                return self.tr("{name}, restricted record").format(name=text)
            return text
        if role == SORT_ROLE:
            return self._sort_key(s, column)
        if role == PATIENT_ID_ROLE:
            return s.id
        if role == RESTRICTED_ROLE:
            return s.restricted
        if role == Qt.ItemDataRole.DecorationRole and column == self.NAME and s.restricted:
            return icon("lock")
        if role == Qt.ItemDataRole.ToolTipRole and s.restricted:
            return self.tr("Restricted record: opening it asks for a reason, which the "
                           "vault owner reviews.")
        return None

    def _display(self, s: PatientSummary, column: int) -> str:
        if column == self.NAME:
            return s.display_name
        if column == self.BIRTH_DATE:
            return date_text(s.birth_date) or ("—" if s.restricted else "")
        if column == self.AGE:
            return age_text(s.birth_date)
        if column == self.SEX:
            return self.tr(str(self.SEX_LABELS.get(s.sex, s.sex))) if s.sex else ""
        if column == self.MRN:
            return s.mrn or ""
        return ""

    def _sort_key(self, s: PatientSummary, column: int) -> Any:
        """The value a column sorts by; None for a missing value (always sorted last)."""
        from app.core.records.normalise import fold

        if column in (self.BIRTH_DATE, self.AGE):
            return s.birth_date
        if column == self.SEX:
            return s.sex
        if column == self.MRN:
            return s.mrn.casefold() if s.mrn else None
        return fold(f"{s.family} {s.given}")

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        if not self._complete:
            return  # applied when the last page arrives (see _set_complete)
        from app.core.records.normalise import fold

        reverse = order == Qt.SortOrder.DescendingOrder
        if column == self.AGE:
            reverse = not reverse  # the youngest has the latest birth date
        by_name = sorted(self._rows, key=lambda s: (fold(f"{s.family} {s.given}"), s.id))
        present = [s for s in by_name if self._sort_key(s, column) is not None]
        missing = [s for s in by_name if self._sort_key(s, column) is None]
        # A stable sort on the column after the name sort: ties stay in name order.
        present.sort(key=lambda s: self._sort_key(s, column), reverse=reverse)
        self.layoutAboutToBeChanged.emit()
        self._rows = present + missing
        self.layoutChanged.emit()


class PatientTable(QTableView):
    """Enter opens the current patient (also where a style activates on single click)."""

    open_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)


class PatientListView(QWidget):
    """Search box, the paged table, and the New patient button."""

    open_patient = Signal(object)  # PatientSummary
    new_patient_requested = Signal()

    def __init__(self, clipboard: SecureClipboard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clipboard = clipboard
        self.model = PatientListModel(self)
        self.search = QLineEdit(self)
        self.search.setObjectName("patientSearch")
        self.search.setPlaceholderText(
            self.tr("Name, birth date (YYYY-MM-DD or DD.MM.YYYY) or full MRN"))
        self.search.setAccessibleName(self.tr("Search patients"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        search_label = QLabel(self.tr("&Find:"), self)
        search_label.setBuddy(self.search)
        self.new_button = QPushButton(icon("add"), self.tr("&New patient…"), self)
        self.new_button.setAccessibleName(self.tr("New patient"))
        self.new_button.clicked.connect(self.new_patient_requested)
        self.table = PatientTable(self)
        self.table.setObjectName("patientTable")
        self.table.setAccessibleName(self.tr("Patients"))
        self.table.setModel(self.model)
        set_table_defaults(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(PatientListModel.NAME, Qt.SortOrder.AscendingOrder)
        for column, width in ((PatientListModel.NAME, 300), (PatientListModel.BIRTH_DATE, 110),
                              (PatientListModel.AGE, 70), (PatientListModel.SEX, 80)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(PatientListModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.setColumnWidth(PatientListModel.MRN, 140)
        self.status = QLabel(self)
        self.status.setObjectName("patientCount")
        self.status.setAccessibleName(self.tr("Search result"))
        self.banner = Banner(self)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DEBOUNCE_MS)
        self._debounce.timeout.connect(self._run_query)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._open_from_search)
        self.search.installEventFilter(self)
        # `activated` is Enter and the double-click both: listening to doubleClicked as
        # well opened a restricted record's reason question twice (issue 15).
        self.table.activated.connect(lambda index: self._open_row(index.row()))
        self.table.open_requested.connect(self._open_row)
        self.model.query_finished.connect(self._update_status)
        self.model.rowsInserted.connect(lambda *_a: self._update_status(self.model.error()))
        self.model.complete_changed.connect(self._on_complete_changed)
        # The last page arrives after its rows: recount once the model knows it is complete.
        self.model.complete_changed.connect(lambda _c: self._update_status(self.model.error()))
        self._personal = False
        self.model.rowsInserted.connect(lambda *_a: self._update_mrn_column())
        self.model.modelReset.connect(self._update_mrn_column)

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        self.heading = heading(self.tr("Patients"), self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.new_button)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        # Ctrl+N on the list is a new patient (in a chart it is a new note).
        self._new_shortcut = QShortcut(QKeySequence.StandardKey.New, self,
                                       self._new_if_allowed)

    # -- session -----------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        self._debounce.stop()
        self._set_personal(session.vault.file.kind == "personal")
        self.new_button.setVisible(session.allowed(Operation.PATIENT_WRITE))
        self.model.set_session(session, self.search.text())
        self._update_mrn_column()

    def _set_personal(self, personal: bool) -> None:
        """Word the list for its vault: a personal vault holds its owner and their family,
        who are people, not a practice's patients with record numbers."""
        self._personal = personal
        if personal:
            self.heading.setText(self.tr("People"))
            self.search.setPlaceholderText(
                self.tr("Name or birth date (YYYY-MM-DD or DD.MM.YYYY)"))
            self.search.setAccessibleName(self.tr("Search people"))
            self.new_button.setText(self.tr("&New person…"))
            self.new_button.setAccessibleName(self.tr("New person"))
            self.table.setAccessibleName(self.tr("People"))
        else:
            self.heading.setText(self.tr("Patients"))
            self.search.setPlaceholderText(
                self.tr("Name, birth date (YYYY-MM-DD or DD.MM.YYYY) or full MRN"))
            self.search.setAccessibleName(self.tr("Search patients"))
            self.new_button.setText(self.tr("&New patient…"))
            self.new_button.setAccessibleName(self.tr("New patient"))
            self.table.setAccessibleName(self.tr("Patients"))

    @Slot()
    def _update_mrn_column(self) -> None:
        # A practice always shows record numbers. A personal vault rarely has them (one
        # copied from a clinic's letter, say), so the column appears only once a loaded
        # record has one; its list is the owner's family, all on the first page.
        shown = not self._personal or any(
            self.model.summary_at(row).mrn for row in range(self.model.rowCount()))
        self.table.setColumnHidden(PatientListModel.MRN, not shown)

    def clear(self) -> None:
        self._debounce.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.clear()
        self.status.setText("")
        self.banner.clear_message()

    # -- behaviour ---------------------------------------------------------------------
    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot()
    def _run_query(self) -> None:
        self.model.set_query(self.search.text())
        if self.model.rowCount() > 0:
            self.table.setCurrentIndex(self.model.index(0, 0))

    def run_query_now(self) -> None:
        """Skip the debounce (Enter in the search box)."""
        if self._debounce.isActive() or self.model.query() != " ".join(
                self.search.text().split()):
            self._debounce.stop()
            self._run_query()

    @Slot()
    def _new_if_allowed(self) -> None:
        if self.new_button.isVisible():  # shown only when core allows PATIENT_WRITE
            self.new_patient_requested.emit()

    @Slot()
    def _open_from_search(self) -> None:
        self.run_query_now()
        row = self.table.currentIndex().row() if self.table.currentIndex().isValid() else 0
        if 0 <= row < self.model.rowCount():
            self._open_row(row)

    @Slot(int)
    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_patient.emit(self.model.summary_at(row))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down arrow in the search box moves into the results, as in a browser's address bar.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.setCurrentIndex(self.model.index(0, 0))
                return True
        return super().eventFilter(watched, event)

    @Slot(bool)
    def _on_complete_changed(self, complete: bool) -> None:
        self.table.setSortingEnabled(complete)
        if not complete:
            self.table.horizontalHeader().setSortIndicator(PatientListModel.NAME,
                                                           Qt.SortOrder.AscendingOrder)
        self.table.horizontalHeader().setToolTip(
            "" if complete else self.tr("Listed by name. Search to sort by another column."))

    @Slot(str)
    def _update_status(self, error: str) -> None:
        if error:
            self.banner.show_message(error, "warning")
        else:
            self.banner.clear_message()
        shown = self.model.rowCount()
        if not self.model.query():
            total = self.model.total()
            if total is None:
                self.status.setText("")
            elif total == 0:
                self.status.setText(
                    self.tr("Nobody here yet. Add yourself first with New person, then "
                            "anyone in your family whose records you keep.")
                    if self._personal else self.tr("No patients yet."))
            else:
                self.status.setText(self.tr("{shown} of {total} patients loaded, by name; "
                                            "scroll for more.").format(
                    shown=f"{shown:,}", total=f"{total:,}") if shown < total else
                    (self.tr("{total} patients.").format(total=f"{total:,}") if total != 1
                     else self.tr("1 patient.")))
        elif shown == 0 and not error:
            self.status.setText(self.tr("No patient matches “{q}”.").format(
                q=self.model.query()))
        elif self.model.is_capped():
            self.status.setText(self.tr("The first {n} matches; type more to narrow the "
                                        "search.").format(n=shown))
        elif not self.model.is_complete():
            # More pages wait behind the scroll bar: a count now would understate.
            self.status.setText(self.tr("The first {n} matches; scroll for more, or type "
                                        "more to narrow the search.").format(n=shown))
        else:
            self.status.setText(self.tr("{n} matching patients.").format(n=shown)
                                if shown != 1 else self.tr("1 matching patient."))

    def _context_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        summary = self.model.summary_at(index.row())
        menu = QMenu(self)
        open_action = menu.addAction(icon("chart"), self.tr("&Open chart"))
        open_action.triggered.connect(lambda: self.open_patient.emit(summary))
        if summary.mrn:
            copy_mrn = menu.addAction(self.tr("Copy &MRN"))
            copy_mrn.triggered.connect(lambda: self._clipboard.copy(summary.mrn or ""))
        copy_name = menu.addAction(self.tr("Copy &name"))
        copy_name.triggered.connect(lambda: self._clipboard.copy(summary.display_name))
        menu.exec(self.table.viewport().mapToGlobal(pos))
