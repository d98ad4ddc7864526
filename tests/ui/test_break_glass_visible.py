"""Emergency access is visible (issue 12 item 6): a banner with the time left on every
chart while break-glass access is in force, durations capped by the machine policy in the
reason prompts, and a review page that lists what was opened and changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.records.emergency import activate_emergency
from app.core.records.patients import get_patient
from app.core.records.restricted import open_restricted
from app.core.roles import Role
from app.ui.app_controller import AppController
from tests.conftest import use_machine_policy
from tests.core.records.conftest import Clock as Travel
from tests.ui.chart_support import People, add_people, make_page, open_chart, signed_in
from tests.ui.conftest import ScriptedPrompts, sign_in

REASON = "patient collapsed in clinic"


@pytest.fixture
def people(practice: Path) -> People:
    with signed_in(practice) as session:
        return add_people(session)


@pytest.fixture
def capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text("break_glass_max_minutes = 90\n")
    use_machine_policy(monkeypatch, str(policy))


def test_a_restricted_chart_counts_down_its_access_and_the_banner_goes_when_it_ends(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts,
        travel: Travel, capped: None) -> None:
    from app.core.records.search import find_patients

    with signed_in(practice, Role.CLINICIAN) as session:
        page = make_page(qtbot, session, prompts)
        [summary] = [s for s in find_patients(session, "Famous") if s.id == people.hidden]
        dialog = page.ask_reason(summary)
        durations = [dialog.duration.itemData(i) for i in range(dialog.duration.count())]
        assert durations == [15, 30, 60, 90], "the policy's cap is offered, nothing longer"
        assert dialog.duration.itemText(3) == "1 h 30 min"
        dialog.reason.setText(REASON)
        dialog.duration.setCurrentIndex(1)
        dialog.ok_button.click()
        view = page.chart_view
        qtbot.waitUntil(lambda: view.patient_id == people.hidden)
        banner = view.break_glass_banner
        assert banner.isVisible() and "30 min left" in banner.text()
        assert "Restricted record opened with a reason" in banner.text()
        assert REASON in banner.toolTip()
        travel.advance(10)
        qtbot.waitUntil(lambda: "20 min left" in banner.text())
        travel.advance(19.5)
        qtbot.waitUntil(lambda: " s left" in banner.text())
        travel.advance(1)
        qtbot.waitUntil(lambda: not banner.isVisible())
        assert not banner.timer.isActive()
        # Another patient's chart shows no banner: the grant was for Fiona only.
        open_chart(page, people.zoe)
        assert not view.break_glass_banner.isVisible()


def test_every_chart_shows_the_emergency_accounts_time_left(
        qtbot: QtBot, practice: Path, people: People, prompts: ScriptedPrompts,
        travel: Travel) -> None:
    with signed_in(practice, Role.EMERGENCY) as session:
        activate_emergency(session, "unconscious patient brought in", minutes=120)
        page = make_page(qtbot, session, prompts)
        for patient in (people.zoe, people.soren):
            open_chart(page, patient)
            banner = page.chart_view.break_glass_banner
            assert banner.isVisible() and "Emergency access is active" in banner.text()
            assert "2 h 0 min left" in banner.text()
        travel.advance(118)
        qtbot.waitUntil(lambda: "2 min left" in page.chart_view.break_glass_banner.text())
        travel.advance(3)
        qtbot.waitUntil(lambda: not page.chart_view.break_glass_banner.isVisible())
        page.clear()  # a lock clears the chart: no banner left behind
        assert not page.chart_view.break_glass_banner.timer.isActive()


def test_the_emergency_accounts_prompt_offers_the_policys_durations(
        qtbot: QtBot, controller: AppController, practice: Path, capped: None) -> None:
    from app.ui.admin.account_page import AccountPage

    sign_in(qtbot, controller, practice, Role.EMERGENCY)
    window = controller.main_window
    assert window is not None
    page = window.page(AccountPage)
    assert isinstance(page, AccountPage)
    window.show_page(page)
    combo = page.emergency_minutes
    assert [combo.itemData(i) for i in range(combo.count())] == [15, 30, 60, 90]
    assert combo.currentData() == 60
    combo.setCurrentIndex(0)
    page.emergency_reason.setText("Patient unconscious in the waiting room")
    page.emergency_button.click()
    session = window.session
    assert session is not None and session.emergency_until is not None
    from app.core import clock

    left = (session.emergency_until - clock.now()).total_seconds()
    assert 14 * 60 < left <= 15 * 60


def test_the_review_lists_what_was_opened_and_changed_and_not_by_oneself(
        qtbot: QtBot, controller: AppController, practice: Path, people: People) -> None:
    from app.core.records.clinical import Allergy
    from app.core.records.codes import Concept
    from app.core.records.entries import add_entry
    from app.ui.admin.emergency_page import EmergencyReviewPage

    with signed_in(practice, Role.CLINICIAN) as doc:
        open_restricted(doc, people.hidden, REASON)
        get_patient(doc, people.hidden)
        add_entry(doc, people.hidden, Allergy(code=Concept.of("Latex")))
    with signed_in(practice, Role.OWNER) as owner:
        own = open_restricted(owner, people.hidden, "checking the clinician's entry")
    sign_in(qtbot, controller, practice)
    window = controller.main_window
    assert window is not None
    page = window.page(EmergencyReviewPage)
    assert isinstance(page, EmergencyReviewPage)
    window.show_page(page)
    model = page.model
    assert model.rowCount() == 2
    theirs_row = next(r for r in range(2) if model.grant_at(r).user_name == "clinician1")
    page.table.selectRow(theirs_row)
    activity = page.activity_model
    qtbot.waitUntil(lambda: activity.rowCount() == 2)
    did = [activity.index(r, 1).data() for r in range(2)]
    assert any(d.startswith("opened:") for d in did)
    assert any(d.startswith("changed:") and "allergy" in d for d in did)
    assert all(activity.index(r, 2).data() == "Famous, Fiona" for r in range(2))
    assert "1 of them changes" in page.activity_title.text()
    assert page.review_button.isEnabled() and not page.own_note.isVisible()
    own_row = next(r for r in range(2) if model.grant_at(r).id == own.id)
    page.table.selectRow(own_row)
    qtbot.waitUntil(lambda: page.own_note.isVisible())
    assert not page.review_button.isEnabled(), "nobody reviews their own access"
    assert "clinician1" in page.own_note.text()
