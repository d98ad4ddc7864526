"""Notes: the list, a reader with the amendment history, and the editor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import MedVaultError
from app.core.records.notes import SOAP, Note
from app.core.roles import Operation
from app.ui.chart.common import (
    FormDialog,
    SecureTextBrowser,
    esc,
    reporting,
    set_table_defaults,
    tr,
)
from app.ui.chart.controller import ChartController
from app.ui.chart.note_editor import NoteEditor, confirm_sign
from app.ui.chart.section import ChartSection, Column, RowsModel
from app.ui.context import UiContext
from app.ui.core_messages import error_text
from app.ui.dates import moment_text
from app.ui.icons import icon
from app.ui.widgets import Banner

if TYPE_CHECKING:
    from app.core.session import Session

#: Headings of a note's SOAP parts (app.core.records.notes.SOAP), translated where shown.
_SOAP_HEADINGS = {"subjective": QT_TR_NOOP("Subjective"),
                  "objective": QT_TR_NOOP("Objective"),
                  "assessment": QT_TR_NOOP("Assessment"),
                  "plan": QT_TR_NOOP("Plan")}


def user_names(session: Session | None) -> dict[str, str]:
    """Who signed what: user names from the vault index (every role may read them), and
    the signed-in user's full name."""
    if session is None:
        return {}
    names = {u.user_id: u.name for u in session.vault.file.users}
    if session.user.full_name:
        names[session.user.user_id] = session.user.full_name
    return names


def note_html(note: Note, names: dict[str, str], heading: str = "") -> str:
    c = note.content
    parts = []
    if heading:
        parts.append(f"<h3>{esc(heading)}</h3>")
    if c.title:
        parts.append(f"<h2>{esc(c.title)}</h2>")
    if note.status == "signed":
        who = names.get(note.signed_by or "", note.signed_by or "")
        parts.append("<p><i>" + esc(tr("Signed by {who} on {when}").format(
            who=who, when=moment_text(note.signed_at))) + "</i></p>")
    else:
        parts.append("<p><i>" + esc(tr("Draft, last saved {when}. Only you can see it "
                                       "until it is signed.").format(
            when=moment_text(note.updated_at))) + "</i></p>")
    for name in SOAP:
        text = getattr(c, name)
        if text.strip():
            parts.append(f"<p><b>{esc(tr(_SOAP_HEADINGS[name]))}</b><br>"
                         f"{esc(text).replace(chr(10), '<br>')}</p>")
    if c.body.strip():
        parts.append(f"<p>{esc(c.body).replace(chr(10), '<br>')}</p>")
    return "".join(parts)


class NotesSection(ChartSection):
    key = "notes"
    icon_name = "note"

    #: A draft reached the vault or was signed (the page remembers it for the lock).
    draft_changed = Signal()

    def __init__(self, ctx: UiContext, chart: ChartController,
                 parent: QWidget | None = None, *, autosave_ms: int | None = None) -> None:
        super().__init__(ctx, chart, parent)
        self.model: RowsModel[Note] = RowsModel([
            Column(tr("Date"), lambda n: moment_text(n.signed_at or n.updated_at),
                   sort=lambda n: n.signed_at or n.updated_at),
            Column(tr("Title"), lambda n: n.content.title or tr("(untitled)")),
            Column(tr("Status"), self._status_text),
        ], self, restricted=lambda n: n.restricted, emphasis=lambda n: n.status == "draft",
           source=lambda n: chart.source_of(n.id))
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(tr("Notes"))
        set_table_defaults(self.table)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        # The date and status take what they need; the title gets every other pixel
        # (on a 1024-pixel screen it was cut to "P…").
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._show_selected())
        self.table.doubleClicked.connect(lambda _i: self._open_selected_draft())
        self.empty = QLabel(tr("No notes yet."), self)

        self.reader = SecureTextBrowser(ctx.clipboard, self)
        self.reader.setAccessibleName(tr("Note"))
        self.continue_button = QPushButton(icon("edit"), tr("&Continue draft"), self)
        self.sign_button = QPushButton(icon("sign"), tr("S&ign"), self)
        self.sign_button.setProperty("role", "primary")
        self.amend_button = QPushButton(icon("edit"), tr("&Amend…"), self)
        self.amend_button.setToolTip(tr("Write a correction; the signed note stays as it "
                                        "was and both are kept."))
        # A note written on the wrong patient: marked, kept in the history, never deleted.
        self.error_button = QPushButton(tr("Entered in e&rror…"), self)
        self.error_button.clicked.connect(self.mark_selected_in_error)
        self.error_dialog: FormDialog | None = None
        self.copy_button = QPushButton(tr("C&opy"), self)
        self.copy_button.setToolTip(tr(
            "Copied for the time set in Vault settings, hidden from clipboard history"))
        self.continue_button.clicked.connect(self._open_selected_draft)
        self.sign_button.clicked.connect(self._sign_selected)
        self.amend_button.clicked.connect(self.amend_selected)
        self.copy_button.clicked.connect(self._copy_selected)
        self.copy_status = Banner(self, "info")
        self.copy_status.setObjectName("copyStatus")
        reader_buttons = QHBoxLayout()
        for button in (self.copy_button, self.amend_button, self.continue_button,
                       self.sign_button):
            reader_buttons.addWidget(button)
        reader_buttons.insertStretch(1, 1)
        reader_page = QWidget(self)
        reader_layout = QVBoxLayout(reader_page)
        reader_layout.setContentsMargins(0, 0, 0, 0)
        reader_layout.addWidget(self.reader, 1)
        reader_layout.addWidget(self.copy_status)
        reader_layout.addLayout(reader_buttons)

        self.editor = NoteEditor(ctx.clipboard, ctx.prompts, self, autosave_ms=autosave_ms)
        self.editor.saved.connect(self._on_draft_saved)
        self.editor.signed.connect(self._on_signed)
        self.editor.closed.connect(self._on_editor_closed)
        self.editor.discarded.connect(self._on_discarded)
        self.right = QStackedWidget(self)
        self.right.addWidget(reader_page)
        self.right.addWidget(self.editor)

        left = QWidget(self)
        # Narrow enough that the chart fits a 1024-pixel screen (test_small_screens.py);
        # the splitter gives the list more room when there is some.
        left.setMinimumWidth(220)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.table, 1)
        self.in_error = QLabel(left)
        self.in_error.setWordWrap(True)
        self.in_error.hide()
        left_layout.addWidget(self.in_error)
        # Under the list, not beside Amend: the reader's row would not fit 1024 pixels.
        error_row = QHBoxLayout()
        error_row.addWidget(self.error_button)
        error_row.addStretch(1)
        left_layout.addLayout(error_row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(self.right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setChildrenCollapsible(False)
        split.setSizes([500, 500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._names: dict[str, str] = {}

    # -- list --------------------------------------------------------------------------------
    def _status_text(self, note: Note) -> str:
        if note.status == "draft":
            return tr("Draft amendment") if note.amends else tr("Draft")
        if note.amendment_count:
            return tr("Amended") if note.amendment_count == 1 else \
                tr("Amended {n}×").format(n=note.amendment_count)
        return tr("Signed")

    def load(self) -> None:
        chart = self.chart.chart
        self._names = user_names(self.chart.session)
        selected = self.selected()
        notes = [n for n in (chart.notes if chart else [])
                 # Signed amendments are read with their original, not listed alone.
                 if not (n.amends and n.status == "signed")]
        self.model.set_rows(notes)
        self.empty.setVisible(not notes)
        from app.ui.chart.entry_sections import show_in_error

        show_in_error(self.in_error, self.chart, "note")
        keep = next((i for i, n in enumerate(notes) if selected and n.id == selected.id), 0)
        if notes:
            self.table.selectRow(keep)
        else:
            self.reader.clear_all()
        self._show_selected()

    def selected(self) -> Note | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() \
            else []
        return self.model.row_at(rows[0].row()) if rows else None

    def _mine(self, note: Note) -> bool:
        session = self.chart.session
        return session is not None and note.author_id == session.user.user_id

    @Slot()
    def _show_selected(self) -> None:
        self.copy_status.clear_message()
        note = self.selected()
        writable = self.chart.allowed(Operation.CLINICAL_WRITE)
        draft = note is not None and note.status == "draft" and self._mine(note)
        self.continue_button.setVisible(draft and writable)
        self.sign_button.setVisible(draft and self.chart.allowed(Operation.NOTE_SIGN))
        self.amend_button.setVisible(note is not None and note.status == "signed" and writable)
        self.error_button.setVisible(note is not None and note.status == "signed"
                                     and self.chart.allowed(Operation.ENTRY_MARK_ERROR))
        self.copy_button.setEnabled(note is not None)
        if note is None:
            self.reader.clear_all()
            return
        self.reader.setHtml(self._reading_html(note))

    def _reading_html(self, note: Note) -> str:
        if not note.amendment_count:
            return note_html(note, self._names)
        # Amended: newest version first, the original kept below it, all signed.
        history = self.history(note)
        parts = []
        for number, version in reversed(list(enumerate(history))):
            label = tr("Original") if number == 0 else tr("Amendment {n}").format(n=number)
            if number == len(history) - 1 and number > 0:
                label = tr("Current version (amendment {n})").format(n=number)
            parts.append(note_html(version, self._names, label))
        return "<hr>".join(parts)

    def history(self, note: Note) -> list[Note]:
        from app.core.records.notes import note_history

        session = self.chart.session
        if session is None:
            return [note]
        try:
            return [n for n in note_history(session, note.id) if n.status == "signed"]
        except MedVaultError as exc:
            self.ctx.prompts.warn(self, tr("Note history"), error_text(exc))
            return [note]

    # -- actions -------------------------------------------------------------------------------
    @Slot()
    def new_note(self) -> None:
        session, patient_id = self.chart.session, self.chart.patient_id
        if session is None or patient_id is None or \
                not session.allowed(Operation.CLINICAL_WRITE):
            return
        self._save_open_editor()
        self.table.clearSelection()
        self.editor.begin(session, patient_id)
        self.right.setCurrentWidget(self.editor)
        self.editor.set_focus_first()

    def open_draft(self, note: Note) -> None:
        session = self.chart.session
        if session is None or self.chart.patient_id is None:
            return
        self._save_open_editor()
        self._select(note.id)
        self.editor.begin(session, self.chart.patient_id, draft=note)
        self.right.setCurrentWidget(self.editor)

    @Slot()
    def _open_selected_draft(self) -> None:
        note = self.selected()
        if note is not None and note.status == "draft" and self._mine(note) and \
                self.chart.allowed(Operation.CLINICAL_WRITE):
            self.open_draft(note)

    @Slot()
    def amend_selected(self) -> None:
        note = self.selected()
        session = self.chart.session
        if note is None or session is None or self.chart.patient_id is None or \
                note.status != "signed":
            return
        latest = self.history(note)[-1] if note.amendment_count else note
        self._save_open_editor()
        self.editor.begin(session, self.chart.patient_id, amends=latest)
        self.right.setCurrentWidget(self.editor)

    @Slot()
    def mark_selected_in_error(self) -> FormDialog | None:
        from app.ui.chart.entry_sections import ErrorReasonDialog

        note = self.selected()
        if note is None or note.status != "signed":
            return None
        dialog = ErrorReasonDialog(self, note.content.title or tr("(untitled)"))
        dialog.submit = lambda: self.chart.mark_entered_in_error(note.id,
                                                                 dialog.reason.text())
        self.error_dialog = dialog

        def closed(_result: int) -> None:
            if self.error_dialog is dialog:
                self.error_dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()
        return dialog

    @Slot()
    def _sign_selected(self) -> None:
        from app.core.records.notes import sign_note

        note = self.selected()
        session = self.chart.session
        if note is None or session is None or not confirm_sign(self.ctx.prompts, self):
            return
        with reporting(self.ctx, self, tr("Sign note")):
            signed = sign_note(session, note.id)
            self.chart.put_note(signed)
            self.draft_changed.emit()

    @Slot()
    def _copy_selected(self) -> None:
        if self.selected() is not None:
            self.ctx.clipboard.copy(self.reader.toPlainText())
            # Say where the text went and for how long: the clipboard empties itself.
            seconds = max(1, self.ctx.clipboard.clear_after_ms() // 1000)
            self.copy_status.show_message(tr(
                "Copied; cleared from the clipboard in {seconds} s.").format(seconds=seconds))

    def _save_open_editor(self) -> None:
        if self.editor.draft.active:
            with reporting(self.ctx, self, tr("Save draft")):
                self.editor.save_now()
            self.editor.wipe()

    # -- editor events ------------------------------------------------------------------------
    @Slot(object)
    def _on_draft_saved(self, note: Note) -> None:
        self.chart.put_note(note)
        self._select(note.id)
        self.draft_changed.emit()

    @Slot(object)
    def _on_signed(self, note: Note) -> None:
        self.chart.put_note(note)
        self.right.setCurrentIndex(0)
        self._select(note.amends or note.id)
        self.draft_changed.emit()

    @Slot(str)
    def _on_discarded(self, note_id: str) -> None:
        self.chart.drop_note(note_id)
        self.draft_changed.emit()

    @Slot()
    def _on_editor_closed(self) -> None:
        self.right.setCurrentIndex(0)
        self._show_selected()
        self.draft_changed.emit()

    def _select(self, note_id: str) -> None:
        for row, note in enumerate(self.model.rows):
            if note.id == note_id:
                self.table.selectRow(row)
                return

    # -- lock ----------------------------------------------------------------------------------
    def open_draft_id(self) -> str | None:
        """The draft in the editor, if it has reached the vault."""
        return self.editor.draft.note_id if self.editor.draft.active else None

    def editing(self) -> bool:
        return self.right.currentWidget() is self.editor and self.editor.draft.active

    def save_drafts(self) -> None:
        if self.editor.draft.active:
            self.editor.save_now()

    def clear_view(self) -> None:
        if self.error_dialog is not None:
            self.error_dialog.reject()
            self.error_dialog = None
        self.editor.wipe()
        self.right.setCurrentIndex(0)
        self.model.clear()
        self.reader.clear_all()
        self.copy_status.clear_message()
        self.in_error.clear()
        self._names = {}
