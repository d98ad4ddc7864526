"""The insider-monitoring flags panel of the audit log page (audit_page.py).

`FlagsPanel` lists the flags core's `monitoring.run_rules` raised (`FlagModel`), with a
rule filter and "Show reviewed flags"; `ReviewFlagDialog` takes the optional note when
a flag is marked as reviewed; `rule_name` words a rule id. The audit page owns the
panel: it runs the rules, narrows the log to a chosen flag's entries and writes the
review through core.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
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

from app.ui.admin.times import local_time
from app.ui.icons import icon
from app.ui.table_model import RowTableModel
from app.ui.widgets import configure_table, hint

if TYPE_CHECKING:
    from app.core.monitoring import Flag, Review


#: The monitoring rules in words (core names them by id: `monitoring.RULES`).
RULE_NAMES: dict[str, object] = {
    "chart_rate": QT_TRANSLATE_NOOP("FlagModel", "Many charts in one hour"),
    "off_hours": QT_TRANSLATE_NOOP("FlagModel", "Outside opening hours"),
    "same_family": QT_TRANSLATE_NOOP("FlagModel", "Patient with the user's family name"),
    "denials": QT_TRANSLATE_NOOP("FlagModel", "Repeated refusals"),
    "unreviewed_emergency": QT_TRANSLATE_NOOP("FlagModel", "Emergency access not reviewed"),
    "bulk_export": QT_TRANSLATE_NOOP("FlagModel", "Bulk export"),
}


def rule_name(rule: str) -> str:
    return QCoreApplication.translate("FlagModel", str(RULE_NAMES.get(rule, rule)))


class FlagModel(RowTableModel):
    """The insider-monitoring flags core's `run_rules` raised, with their reviews."""

    COLUMNS = (
        QT_TRANSLATE_NOOP("FlagModel", "Rule"),
        QT_TRANSLATE_NOOP("FlagModel", "User"),
        QT_TRANSLATE_NOOP("FlagModel", "When"),
        QT_TRANSLATE_NOOP("FlagModel", "Reviewed"),
        QT_TRANSLATE_NOOP("FlagModel", "Evidence"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reviews: dict[str, Review] = {}

    def set_flags(self, flags: list[Flag], reviews: dict[str, Review]) -> None:
        self.reviews = reviews
        self.set_rows(flags)

    def cells(self, row: Any) -> tuple[Any, ...]:
        flag = cast("Flag", row)
        review = self.reviews.get(flag.flag_id)
        done = (self.tr("{who}, {when}").format(who=review.by, when=local_time(review.at))
                if review else self.tr("Not yet"))
        when = local_time(flag.when) if "T" in flag.when else flag.when
        return (rule_name(flag.rule), flag.actor, when, done, flag.evidence)

    def decoration(self, row: Any, column: int) -> Any:
        flag = cast("Flag", row)
        return icon("warning") if column == 0 and flag.flag_id not in self.reviews else None

    def flag_at(self, row: int) -> Flag:
        return cast("Flag", self.row_at(row))


class ReviewFlagDialog(QDialog):
    """Mark one flag as reviewed, with an optional note. Core writes the review; the note
    is kept beside it and stays out of the audit log."""

    def __init__(self, flag: Flag, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flag = flag
        self.setWindowTitle(self.tr("Review a flag"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        about = QLabel(self.tr("{rule}: {user}, {when}\n{evidence}").format(
            rule=rule_name(flag.rule), user=flag.actor, when=flag.when,
            evidence=flag.evidence), self)
        about.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.note.setAccessibleName(self.tr("Review note"))
        self.note.setPlaceholderText(self.tr(
            "What you found (optional), e.g. \"covered a colleague's late clinic\""))
        self.note.setTabChangesFocus(True)
        self.note.setMaximumHeight(90)
        note_label = QLabel(self.tr("&Note (kept with the review, not in the log):"), self)
        note_label.setBuddy(self.note)
        self.buttons = QDialogButtonBox(self)
        self.buttons.addButton(self.tr("&Mark as reviewed"),
                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(note_label)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def note_text(self) -> str:
        return self.note.toPlainText()


class FlagsPanel(QWidget):
    """Unusual access: the flags, a rule filter, and Review. Choosing a flag narrows the
    log below to the entries it names (the page does that through `flag_chosen`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = FlagModel(self)
        self.all_flags: list[Flag] = []
        self.rule_filter = QComboBox(self)
        self.rule_filter.setAccessibleName(self.tr("Rule"))
        self.rule_filter.addItem(self.tr("All rules"), None)
        for rule in RULE_NAMES:
            self.rule_filter.addItem(rule_name(rule), rule)
        self.include_reviewed = QCheckBox(self.tr("Show &reviewed flags"), self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(self.tr("Unusual access flags"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.summary = QLabel(self)
        self.review_button = QPushButton(self.tr("&Mark as reviewed…"), self)
        self.review_button.setEnabled(False)
        self.all_button = QPushButton(self.tr("Show the &whole log"), self)
        rule_label = QLabel(self.tr("Rul&e:"), self)
        rule_label.setBuddy(self.rule_filter)
        top = QHBoxLayout()
        top.addWidget(rule_label)
        top.addWidget(self.rule_filter)
        top.addWidget(self.include_reviewed)
        top.addWidget(self.summary, 1)
        top.addWidget(self.all_button)
        top.addWidget(self.review_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint(self.tr(
            "MedVault's monitoring rules flag unusual access over the last days. Choose a "
            "flag to see the entries it names; mark it as reviewed once you have looked "
            "into it."), self))
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.rule_filter.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.include_reviewed.toggled.connect(lambda _on: self.apply_filter())

    def set_flags(self, flags: list[Flag], reviews: dict[str, Review]) -> None:
        self.all_flags = flags
        self.model.reviews = reviews
        self.apply_filter()

    def apply_filter(self) -> None:
        rule = self.rule_filter.currentData()
        reviews = self.model.reviews
        shown = [f for f in self.all_flags
                 if (rule is None or f.rule == rule)
                 and (self.include_reviewed.isChecked() or f.flag_id not in reviews)]
        self.model.set_flags(shown, reviews)
        waiting = sum(1 for f in self.all_flags if f.flag_id not in reviews)
        self.summary.setText(self.tr("To review: {n} of {total}").format(
            n=waiting, total=len(self.all_flags)))

    def current_flag(self) -> Flag | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.flag_at(rows[0].row()) if rows else None

    def clear(self) -> None:
        self.all_flags = []
        self.model.set_flags([], {})
        self.summary.setText("")
