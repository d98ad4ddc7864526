"""The owner is told at sign-in, in the window, that the audit log was cut or rewritten
(issue 8, item 4): core's `integrity_alerts()` in a dialog with what to do, Acknowledge
recorded by core, staff never shown it."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.roles import Role
from app.core.vault import OpenVault
from app.core.vault_file import VaultFile
from app.ui.app_controller import AppController
from app.ui.integrity_alert import IntegrityAlertDialog
from tests.reliability.insider import registry_key, rewrite_log
from tests.ui.conftest import OWNER_PASSWORD, credentials, sign_in


def _cut_the_log(practice: Path) -> None:
    """Reception cuts the log's tail offline; its next ordinary sign-in notices that the
    log no longer holds vault.json's head and keeps it as evidence for the owner."""
    name, password = credentials(Role.RECEPTION)
    key = registry_key(practice, name, password)
    rewrite_log(practice, key, lambda rows: rows[:-3], fix_vault_json=False)
    with OpenVault.open(practice) as vault:
        vault.unlock(name, password).close()
    assert VaultFile.load(practice).audit_evidence


def _alert(qtbot: QtBot, controller: AppController) -> IntegrityAlertDialog:
    qtbot.waitUntil(lambda: controller.integrity_alert is not None
                    and controller.integrity_alert.isVisible())
    dialog = controller.integrity_alert
    assert dialog is not None
    return dialog


def test_the_owner_is_shown_the_alert_and_acknowledges_it(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    _cut_the_log(practice)
    sign_in(qtbot, controller, practice)
    dialog = _alert(qtbot, controller)
    assert dialog.parentWidget() is controller.main_window
    assert "cut or rewritten" in dialog.findings.text()
    assert "Verify chain" in dialog.advice.text()
    assert not dialog.acknowledge_button.isDefault()  # Enter only postpones
    dialog.acknowledge_button.click()
    qtbot.waitUntil(lambda: controller.integrity_alert is None)
    evidence = VaultFile.load(practice).audit_evidence
    assert evidence and all(e["acknowledged"] for e in evidence)  # kept, marked seen
    controller.close_vault()
    with OpenVault.open(practice) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        try:
            acks = list(session.audit.entries(action_prefix="audit.alert.acknowledge"))
            assert len(acks) == 1 and acks[0].actor == "owner"
            assert session.integrity_alerts() == []
        finally:
            session.close()
    sign_in(qtbot, controller, practice)
    assert controller.integrity_alert is None  # not shown again


def test_remind_me_later_shows_it_again_at_the_next_sign_in(
        qtbot: QtBot, controller: AppController, practice: Path) -> None:
    _cut_the_log(practice)
    sign_in(qtbot, controller, practice)
    _alert(qtbot, controller).later_button.click()
    qtbot.waitUntil(lambda: controller.integrity_alert is None)
    assert not any(e["acknowledged"] for e in VaultFile.load(practice).audit_evidence)
    controller.close_vault()
    sign_in(qtbot, controller, practice)
    assert "cut or rewritten" in _alert(qtbot, controller).findings.text()


def test_staff_are_not_shown_the_owners_alert(qtbot: QtBot, controller: AppController,
                                              practice: Path) -> None:
    _cut_the_log(practice)
    for role in (Role.CLINICIAN, Role.ADMIN, Role.AUDITOR):
        sign_in(qtbot, controller, practice, role)
        assert controller.integrity_alert is None
        controller.close_vault()
    assert not any(e["acknowledged"] for e in VaultFile.load(practice).audit_evidence)


def test_a_lock_closes_the_alert_unacknowledged(qtbot: QtBot, controller: AppController,
                                                practice: Path) -> None:
    _cut_the_log(practice)
    sign_in(qtbot, controller, practice)
    _alert(qtbot, controller)
    assert controller.lock_now()
    qtbot.waitUntil(lambda: controller.integrity_alert is None)
    assert not any(e["acknowledged"] for e in VaultFile.load(practice).audit_evidence)
