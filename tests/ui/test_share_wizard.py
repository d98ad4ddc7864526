"""Chart → Share… as a wizard (issue 11.7): recipient (contact with key state, or a
passphrase), contents, a preview of what leaves and what the restriction rules keep out,
purpose and expiry with the consent check, where to save, a summary, then progress with
Cancel that leaves nothing behind. Also the Contacts page and Cancel while importing."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.records.clinical import Condition
from app.core.records.codes import Concept
from app.core.records.entries import add_entry
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.session import Session
from app.core.sharing.identity import export_card
from app.core.sharing.package import open_package
from app.core.vault import OpenVault, create_vault
from app.ui.app_controller import AppController
from app.ui.contacts_page import ContactsPage, VerifyKeyDialog
from app.ui.share_wizard import ShareWizard
from tests.ui.conftest import ScriptedPrompts, sign_in, wait_idle

OTHER_PASSWORD = "the other practice walks far"
PHRASE = "a long passphrase for Sam"


def _session(c: AppController) -> Session:
    assert c.main_window is not None and c.main_window.session is not None
    return c.main_window.session


def _patient(session: Session) -> str:
    patient = add_patient(session, PatientInput(family="Gui", given="Gina",
                                                birth_date="1980-01-02")).id
    add_entry(session, patient, Condition(code=Concept.of("Asthma", "snomed", "195967001")))
    add_entry(session, patient, Condition(code=Concept.of("Private", "snomed", "2")),
              restricted=True)
    return patient


def _other_vault(tmp_path: Path) -> tuple[Path, bytes]:
    other = tmp_path / "other"
    create_vault(other, owner_name="doc", password=OTHER_PASSWORD, kind="practice")
    with OpenVault.open(other) as vault:
        s = vault.unlock("doc", OTHER_PASSWORD)
        card = export_card(s, practice="Hill Clinic")
        s.close()
    return other, card


def _wizard(qtbot: QtBot, c: AppController, patient: str) -> ShareWizard:
    wizard = ShareWizard(c.ctx, _session(c), patient, c.main_window)
    qtbot.addWidget(wizard)
    wizard.open()
    assert wizard.windowModality() == Qt.WindowModality.WindowModal
    return wizard


def test_the_wizard_walks_to_a_package_by_passphrase(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts, practice: Path,
        tmp_path: Path) -> None:
    sign_in(qtbot, controller, practice, Role.OWNER)
    patient = _patient(_session(controller))
    wizard = _wizard(qtbot, controller, patient)
    # 1. Who: no contact has a key, so the passphrase is chosen.
    page = wizard.recipient_page
    assert wizard.currentPage() is page and page.to_passphrase.isChecked()
    assert not page.to_contact.isEnabled()
    page.passphrase.setText(PHRASE)
    assert not page.isComplete()  # not repeated yet
    page.repeat.setText(PHRASE + "x")
    assert "not the same" in page.mismatch.text()
    page.repeat.setText(PHRASE)
    assert page.isComplete() and "Strength" in page.strength.text()
    wizard.next()
    # 2. What.
    contents = wizard.contents_page
    for name, box in contents.sections.items():
        box.setChecked(name == "conditions")
    wizard.next()
    # 3. What leaves, and what the restriction rules keep out.
    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    assert "Problems: 1" in preview.included.text()
    assert "1 restricted" in preview.withheld.text()
    wizard.next()
    # 4. Why: to a passphrase, the patient's own request needs no reason; a referral does.
    purpose = wizard.purpose_page
    assert purpose.purpose.currentData() == "patient-request" and purpose.isComplete()
    purpose.purpose.setCurrentIndex(purpose.purpose.findData("referral"))
    assert not purpose.isComplete() and purpose.reason.isVisibleTo(purpose)
    purpose.purpose.setCurrentIndex(purpose.purpose.findData("patient-request"))
    wizard.next()
    # 5. Where: an existing file is refused on the page.
    save = wizard.save_page
    taken = tmp_path / "taken.medvault-share"
    taken.write_bytes(b"x")
    save.path.setText(str(taken))
    wizard.next()
    assert wizard.currentPage() is save and "already exists" in save.problem.text()
    out = tmp_path / "gina.medvault-share"
    save.path.setText(str(out))
    wizard.next()
    # 6. Summary.
    summary = wizard.summary_page.text.text()
    assert "Gina Gui" in summary and "passphrase" in summary and str(out) in summary
    assert "Left out (restricted): 1" in summary
    wizard.next()
    # 7. Progress, then done; the passphrase left every field.
    qtbot.waitUntil(lambda: wizard.progress_page.created is not None, timeout=20_000)
    assert page.passphrase.text() == "" and page.repeat.text() == ""
    assert "never with the file" in wizard.progress_page.status.text()
    opened = open_package(out.read_bytes(), passphrase=PHRASE)
    assert opened.manifest["sections"] == ["conditions"]
    wizard.accept()


def test_to_an_unverified_contact_needs_an_explicit_yes_and_a_reason_without_consent(
        qtbot: QtBot, controller: AppController, practice: Path, tmp_path: Path) -> None:
    other, card = _other_vault(tmp_path)
    sign_in(qtbot, controller, practice, Role.OWNER)
    session = _session(controller)
    patient = _patient(session)
    prompts = controller.ctx.prompts
    assert isinstance(prompts, ScriptedPrompts)
    wizard = _wizard(qtbot, controller, patient)
    page = wizard.recipient_page
    # The card is imported from inside the wizard.
    card_file = tmp_path / "doc.card"
    card_file.write_bytes(card)
    prompts.open_paths.append(card_file)
    page.import_button.click()
    assert page.to_contact.isChecked() and "not verified" in page.contact.currentText()
    assert "NOT been compared" in page.key_state.text() and not page.isComplete()
    page.allow_unverified.setChecked(True)
    assert page.isComplete()
    wizard.next()
    wizard.next()
    wizard.next()
    purpose = wizard.purpose_page
    assert purpose.purpose.currentData() == "referral"
    assert not purpose.isComplete() and "not consented" in purpose.consent.text()
    purpose.reason.setText("urgent referral, consent form to follow")
    assert purpose.isComplete()
    wizard.next()
    out = tmp_path / "to-doc.medvault-share"
    wizard.save_page.path.setText(str(out))
    wizard.next()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.progress_page.created is not None, timeout=20_000)
    assert wizard.progress_page.created.overridden
    with OpenVault.open(other) as vault:
        s = vault.unlock("doc", OTHER_PASSWORD)
        assert open_package(out.read_bytes(), identities=[s.identity]).package_id
        s.close()
    wizard.accept()


def _gated(monkeypatch: pytest.MonkeyPatch, name: str) -> threading.Event:
    """Hold core's `name` (in app.core.sharing.share) on the worker until the test has
    pressed Cancel, so the cancel lands while the work runs, every time."""
    from app.core.sharing import share as share_module

    gate = threading.Event()
    real: Callable[..., Any] = getattr(share_module, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        gate.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(share_module, name, held)
    return gate


def test_cancel_while_the_package_is_made_leaves_nothing(
        qtbot: QtBot, controller: AppController, practice: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sign_in(qtbot, controller, practice, Role.OWNER)
    session = _session(controller)
    patient = _patient(session)
    wizard = _wizard(qtbot, controller, patient)
    wizard.recipient_page.passphrase.setText(PHRASE)
    wizard.recipient_page.repeat.setText(PHRASE)
    for _ in range(4):
        wizard.next()
    out = tmp_path / "never.medvault-share"
    wizard.save_page.path.setText(str(out))
    wizard.next()
    gate = _gated(monkeypatch, "build_patient_bundle")
    wizard.next()
    assert wizard.progress_page.busy()
    wizard.reject()  # Cancel: the wizard stays until the work stops at a safe point
    assert wizard.isVisible() and "Cancelling" in wizard.progress_page.status.text()
    gate.set()
    qtbot.waitUntil(lambda: not wizard.isVisible(), timeout=20_000)
    wait_idle(qtbot, controller)
    assert list(tmp_path.glob("*never*")) == [] and list(tmp_path.glob(".never*")) == []
    assert not list(session.audit.entries(action_prefix="share.create"))


def test_share_in_the_chart_menu_opens_the_wizard(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    from app.ui.patients_page import PatientsPage

    sign_in(qtbot, controller, practice, Role.OWNER)
    patient = _patient(_session(controller))
    window = controller.main_window
    assert window is not None
    page = window.page(PatientsPage)
    assert isinstance(page, PatientsPage) and page.open_patient_id(patient)
    page.chart_view.share()
    wizard = next(w for w in window.findChildren(ShareWizard) if w.isVisible())
    assert wizard.patient_id == patient
    wizard.reject()


def test_the_contacts_page_imports_and_verifies_a_card(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts, practice: Path,
        tmp_path: Path) -> None:
    _other, card = _other_vault(tmp_path)
    sign_in(qtbot, controller, practice, Role.OWNER)
    window = controller.main_window
    assert window is not None
    page = window.page(ContactsPage)
    assert isinstance(page, ContactsPage) and "Contacts" in window.visible_titles()
    window.show_page(page)
    card_file = tmp_path / "doc.card"
    card_file.write_bytes(card)
    prompts.open_paths.append(card_file)
    page.import_button.click()
    # Imported, listed unverified, and the comparison is offered at once.
    assert page.table.rowCount() == 1 and page.table.item(0, 3).text() == "NOT verified"
    dialog = page.dialog
    assert isinstance(dialog, VerifyKeyDialog) and dialog.isVisible()
    dialog.heard.setText("0000 1111")
    dialog.match_button.click()
    assert dialog.isVisible() and "differ" in dialog.banner.text()
    fingerprint = dialog.contact.fingerprint
    assert fingerprint is not None
    dialog.heard.setText(fingerprint.lower())
    dialog.match_button.click()
    assert page.table.item(0, 3).text().startswith("verified")
    assert not page.verify_button.isEnabled()
    session = _session(controller)
    actions = [e.action for e in session.audit.entries(action_prefix="contact.")]
    assert "contact.key.mismatch" in actions and "contact.key.verified" in actions
    # My own card, to give to them.
    mine = tmp_path / "me.card"
    prompts.save_paths.append(mine)
    page.my_card_button.click()
    assert mine.exists() and b"signature" in mine.read_bytes()


def test_the_contacts_page_follows_the_role(qtbot: QtBot, controller: AppController,
                                           practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.AUDITOR)
    window = controller.main_window
    assert window is not None
    assert "Contacts" not in window.visible_titles()  # core: no contact.read


def test_cancel_while_importing_a_package_imports_nothing(
        qtbot: QtBot, controller: AppController, practice: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.sharing.share import create_share
    from app.ui.sharing_dialogs import OpenPackageDialog

    sign_in(qtbot, controller, practice, Role.OWNER)
    session = _session(controller)
    patient = _patient(session)
    me = session.user_identity().recipient
    data = create_share(session, patient, recipient=me, sections=["conditions"],
                        purpose="patient-request").package
    before = session.conn.execute("SELECT count(*) FROM patients").fetchone()[0]
    dialog = OpenPackageDialog(controller.ctx, session, data, controller.main_window)
    qtbot.addWidget(dialog)
    dialog.open()
    dialog.unknown_reason.setText("my own package, for the test")
    gate = _gated(monkeypatch, "open_in_vault")
    dialog.import_package()
    controller.ctx.tasks.cancel_all()  # Cancel in the progress dialog
    gate.set()
    wait_idle(qtbot, controller)
    assert dialog.result_report is None and dialog.isVisible()
    assert session.conn.execute("SELECT count(*) FROM patients").fetchone()[0] == before
    assert not list(session.audit.entries(action_prefix="share.import"))
    # Not taken for a replay: the same package imports afterwards.
    dialog.import_package()
    wait_idle(qtbot, controller)
    assert dialog.result_report is not None
    assert list(session.audit.entries(action_prefix="share.import"))
