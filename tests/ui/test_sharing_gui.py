"""Sharing in the window: the Share… dialog, opening a package, contact cards, and the
whole export in Administration (issue 11, item 7)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.records.clinical import Condition
from app.core.records.codes import Concept
from app.core.records.contacts import ContactInput, add_contact, set_contact_key
from app.core.records.entries import add_entry
from app.core.records.patients import PatientInput, add_patient
from app.core.roles import Role
from app.core.session import Session
from app.core.sharing.export import open_export
from app.core.sharing.identity import export_card
from app.core.vault import OpenVault, create_vault
from app.ui.admin.administration_page import AdministrationPage
from app.ui.app_controller import AppController
from app.ui.sharing_dialogs import ContactCardDialog, OpenPackageDialog
from tests.ui.conftest import ScriptedPrompts, sign_in, wait_idle

OTHER_PASSWORD = "the other practice walks far"


def _session(c: AppController) -> Session:
    assert c.main_window is not None and c.main_window._session is not None
    return c.main_window._session


def _patient(session: Session) -> str:
    patient = add_patient(session, PatientInput(family="Gui", given="Gina",
                                                birth_date="1980-01-02")).id
    add_entry(session, patient, Condition(code=Concept.of("Asthma", "snomed", "195967001")))
    return patient


def test_export_is_offered_to_the_owner_only_and_writes_the_file(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts, practice: Path,
        tmp_path: Path) -> None:
    sign_in(qtbot, controller, practice, Role.OWNER)
    assert controller.main_window is not None
    admin = controller.main_window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    assert "Encrypted export" in admin.visible_tabs()
    _patient(_session(controller))
    out = tmp_path / "all.medvault-export"
    prompts.save_paths.append(out)
    admin.export.target.passphrase.setText("a long passphrase for the export")
    assert "Strength" in admin.export.target.strength.text()
    admin.export.export_button.click()
    wait_idle(qtbot, controller)
    assert out.exists(), prompts.messages
    with out.open("rb") as handle:
        opened = open_export(handle, passphrase="a long passphrase for the export")
    assert any(n.startswith("fhir/Condition") for n in opened.names())


def test_a_clinician_sees_no_export_tab(qtbot: QtBot, controller: AppController,
                                        practice: Path) -> None:
    sign_in(qtbot, controller, practice, Role.CLINICIAN)
    assert controller.main_window is not None
    admin = controller.main_window.page(AdministrationPage)
    assert isinstance(admin, AdministrationPage)
    assert "Encrypted export" not in admin.visible_tabs()


def test_a_package_made_here_is_opened_and_imported_in_another_vault(
        qtbot: QtBot, controller: AppController, prompts: ScriptedPrompts, practice: Path,
        tmp_path: Path) -> None:
    """The wizard that makes packages has its own tests (test_share_wizard.py); here the
    receiving side: the card dialog and the open-package dialog."""
    from app.core.sharing.share import save_share

    other = tmp_path / "other"
    create_vault(other, owner_name="doc", password=OTHER_PASSWORD, kind="practice")
    with OpenVault.open(other) as vault:
        s = vault.unlock("doc", OTHER_PASSWORD)
        other_recipient = s.user_identity().recipient
        s.close()
    sign_in(qtbot, controller, practice, Role.OWNER)
    session = _session(controller)
    patient = _patient(session)
    contact = add_contact(session, ContactInput(name="Dr Other")).id
    set_contact_key(session, contact, other_recipient)
    owner_card = export_card(session)
    out = tmp_path / "p.medvault-share"
    save_share(session, patient, out, contact_id=contact, sections=["conditions"],
               allow_unverified=True, override_reason="referral before the consent form")

    # The receiving vault: import the sender's card, then open and import the package.
    data = out.read_bytes()
    session.close()
    with OpenVault.open(other) as vault:
        s = vault.unlock("doc", OTHER_PASSWORD)
        try:
            card = ContactCardDialog(controller.ctx, s, owner_card)
            qtbot.addWidget(card)
            assert card.fingerprint.text() == card.contact.fingerprint
            card.confirm()
            assert card.contact.key_verified
            opened = OpenPackageDialog(controller.ctx, s, data)
            qtbot.addWidget(opened)
            assert opened.fingerprint.text() == opened.shown.sender_fingerprint
            assert "verified" in opened.trust.text()
            opened.import_package()
            wait_idle(qtbot, controller)
            assert opened.result_report is not None, prompts.messages
            count = s.conn.execute("SELECT count(*) FROM clinical.conditions").fetchone()[0]
            assert count == 1
        finally:
            s.close()


def test_the_package_summary_pdf_and_html_read_as_the_bundle(qtbot: QtBot) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    from app.core.sharing.summary import summary_html, summary_pdf

    bundle = {"entry": [
        {"resource": {"resourceType": "Patient", "birthDate": "1970-01-01",
                      "name": [{"family": "Müller", "given": ["Zoë"]}]}},
        {"resource": {"resourceType": "Condition", "code": {"text": "Asthma <severe>"}}}]}
    html = summary_html(bundle, ["Sent by Dr A"]).decode()
    assert "Zoë Müller" in html and "Asthma &lt;severe&gt;" in html
    buffer = QBuffer()
    buffer.setData(QByteArray(summary_pdf(bundle, ["Sent by Dr A"])))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    assert document.status() == QPdfDocument.Status.Ready
    text = document.getAllText(0).text()
    assert "Zoë Müller, born 1970-01-01" in text and "Asthma <severe>" in text
