"""Security health: the owner's (and auditor's) answer to "are we safe today?".

Core's `app.core.health.health_check` decides every finding; this page lists them and
takes the user to the page that fixes the selected one. The evidence and actions are
core's sentences (core stays Qt-free and is not translated, as for its errors).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.roles import Operation
from app.ui.context import UiContext
from app.ui.icons import icon
from app.ui.pages import SessionPage
from app.ui.table_model import RowTableModel
from app.ui.widgets import Banner, configure_table, heading, hint

if TYPE_CHECKING:
    from app.core.health import Finding
    from app.core.session import Session


class HealthModel(RowTableModel):
    COLUMNS = (
        QT_TRANSLATE_NOOP("HealthModel", "Status"),
        QT_TRANSLATE_NOOP("HealthModel", "Check"),
        QT_TRANSLATE_NOOP("HealthModel", "Evidence"),
        QT_TRANSLATE_NOOP("HealthModel", "What to do"),
    )
    STATUS: ClassVar[dict[str, object]] = {
        "ok": QT_TRANSLATE_NOOP("HealthModel", "OK"),
        "warning": QT_TRANSLATE_NOOP("HealthModel", "Warning"),
        "problem": QT_TRANSLATE_NOOP("HealthModel", "Problem"),
        "unknown": QT_TRANSLATE_NOOP("HealthModel", "Unknown"),
    }

    def order(self, rows: list[Any]) -> list[Any]:
        rank = {"problem": 0, "warning": 1, "unknown": 2, "ok": 3}
        return sorted(rows, key=lambda f: rank.get(f.status, 4))

    def cells(self, row: Any) -> tuple[Any, ...]:
        finding = cast("Finding", row)
        return (self.tr(str(self.STATUS.get(finding.status, finding.status))), finding.check,
                finding.evidence, finding.action)

    def decoration(self, row: Any, column: int) -> Any:
        finding = cast("Finding", row)
        if column == 0 and finding.status in ("warning", "problem"):
            return icon("warning")
        return None

    def finding_at(self, row: int) -> Finding:
        return cast("Finding", self.row_at(row))


class HealthPage(SessionPage):
    operation = Operation.HEALTH_VIEW
    icon_name = "warning"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model = HealthModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        configure_table(self.table)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAccessibleName(self.tr("Security checks"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        # The whole evidence and action of the selected check (the table elides them).
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_button = QPushButton(self.tr("Check &again"), self)
        self.check_button.clicked.connect(self.refresh)
        self.go_button = QPushButton(self.tr("&Go to the page that fixes it"), self)
        self.go_button.setProperty("role", "primary")
        self.go_button.clicked.connect(self.go_to_fix)
        # What to show an inspector: core writes it from the same live facts.
        self.statement_button = QPushButton(icon("export"),
                                            self.tr("Compliance &statement…"), self)
        self.statement_button.setToolTip(self.tr(
            "Write a statement of how this vault meets HIPAA, GDPR and NIST controls, with "
            "a GDPR Art. 30 record of processing to complete (PDF, HTML or JSON)"))
        self.statement_button.clicked.connect(self.write_statement)
        self.result = Banner(self)
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.statement_button)
        row.addStretch(1)
        row.addWidget(self.go_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Security health"), self))
        layout.addWidget(hint(self.tr(
            "MedVault checks this vault's backups, accounts, keys, audit log and this "
            "computer. Each line says what it found and the one thing that fixes it."), self))
        layout.addWidget(self.summary)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def title(self) -> str:
        return self.tr("Security health")

    def refresh(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core.health import health_check

        with self.reporting():
            report = health_check(session)
            self.model.set_rows(report.findings)
            counts = report.counts()
            self.summary.setText(self.tr(
                "{problems} problems, {warnings} warnings, {ok} checks OK, {unknown} that "
                "this computer cannot tell.").format(
                    problems=counts["problem"], warnings=counts["warning"], ok=counts["ok"],
                    unknown=counts["unknown"]))
        self._update_buttons()

    def set_session(self, session: Session) -> None:
        self.statement_button.setVisible(session.allowed(Operation.REPORT_SECURITY))
        super().set_session(session)

    def clear_view(self) -> None:
        self.model.clear()
        self.summary.clear()
        self.result.clear_message()
        self.details.clear()
        self._update_buttons()

    def selected_finding(self) -> Finding | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.finding_at(rows[0].row()) if rows else None

    @Slot()
    def _update_buttons(self) -> None:
        finding = self.selected_finding()
        self.details.setText("" if finding is None else
                             f"{finding.check}: {finding.evidence}"
                             + (f"\n{finding.action}" if finding.action else ""))
        self.go_button.setEnabled(finding is not None and bool(finding.page)
                                  and finding.status != "ok")

    @Slot()
    def write_statement(self) -> None:
        session = self.session
        if session is None:
            return
        from app.core import clock

        day = clock.now().strftime("%Y-%m-%d")
        path = self.ctx.prompts.choose_save_file(
            self, self.tr("Save the compliance statement"),
            session.vault.directory.parent / f"compliance-statement-{day}.pdf",
            self.tr("PDF (*.pdf);;HTML (*.html);;JSON (*.json)"))
        if path is None:
            return
        if path.suffix.lower() not in (".pdf", ".html", ".json"):
            path = path.with_name(path.name + ".pdf")
        from app.core.compliance import Statement, write_statement

        def done(statement: Statement) -> None:
            counts = statement.counts()
            self.result.show_message(self.tr(
                "Wrote the compliance statement to {path}: {met} controls met, {partly} "
                "partly met. Complete the fields of its record of processing that are "
                "marked for you.").format(path=path, met=counts["met"],
                                          partly=counts["partly"]), "info")

        self.run_task(self.tr("Writing the compliance statement…"),
                      lambda s: write_statement(s, path), on_done=done)

    @Slot()
    def go_to_fix(self) -> None:
        finding = self.selected_finding()
        if finding is None or not finding.page:
            return
        go_to_page(self.window(), finding.page)


def go_to_page(window: Any, key: str) -> bool:
    """Show the main-window page (or Administration tab) that core's finding names."""
    from app.ui.admin.account_page import AccountPage
    from app.ui.admin.administration_page import AdministrationPage
    from app.ui.admin.audit_page import AuditPage
    from app.ui.admin.emergency_page import EmergencyReviewPage

    top = {"audit": AuditPage, "emergency": EmergencyReviewPage, "account": AccountPage}
    if not hasattr(window, "page") or not hasattr(window, "show_page"):
        return False
    if key in top:
        page = window.page(top[key])
        if page is None:
            return False
        window.show_page(page)
        return True
    admin = window.page(AdministrationPage)
    if not isinstance(admin, AdministrationPage):
        return False
    tab = {"users": admin.users, "grants": admin.grants, "rotation": admin.rotation,
           "backups": admin.backups, "settings": admin.settings,
           "policy": admin.policy}.get(key)
    if tab is None:
        return False
    window.show_page(admin)
    admin.show_tab(tab)
    return True
