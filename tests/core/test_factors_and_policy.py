"""Machine policy, password rules, TOTP and the workstation factor."""

from __future__ import annotations

from pathlib import Path

import keyring
import pyotp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from keyring.backends import fail

from app.core.errors import FactorMissing, FactorUnavailable, PolicyViolation, WrongCredentials
from app.core.factors import totp_begin, totp_confirm, workstation_enrol
from app.core.passwords import check_password, normalise_password
from app.core.policy import Policy, load_policy
from app.core.roles import Role
from app.core.totp import verify_code
from app.core.vault import OpenVault, TotpRequired, create_vault
from app.core.workstation import WorkstationKeychain
from tests.core.conftest import OWNER_PASSWORD, PracticeVault

# -- policy ------------------------------------------------------------------------------


def _policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return path


def test_missing_policy_gives_defaults(tmp_path: Path) -> None:
    loaded = load_policy(tmp_path / "absent.toml")
    assert loaded.policy == Policy() and not loaded.errors and not loaded.managed


def test_valid_policy_overrides_and_marks_managed(tmp_path: Path) -> None:
    loaded = load_policy(_policy(tmp_path, 'min_password_length = 16\n'
                                           'totp_required_roles = ["clinician"]\n'
                                           'workstation_factor = "required"\n'
                                           'autolock_max_minutes = 3\n'))
    assert loaded.policy.min_password_length == 16
    assert loaded.policy.totp_required_roles == {"clinician"}
    assert loaded.managed == {"min_password_length", "totp_required_roles",
                              "workstation_factor", "autolock_max_minutes"}
    assert loaded.policy.effective_autolock_minutes(15) == 3


@pytest.mark.parametrize("text,key", [
    ("min_password_length = 6\n", "min_password_length"),
    ("min_password_length = 'long'\n", "min_password_length"),
    ("totp_required_roles = ['wizard']\n", "totp_required_roles"),
    ("kdf_min_memory_kib = 1024\n", "kdf_min_memory_kib"),
    ("workstation_factor = 'sometimes'\n", "workstation_factor"),
    ("backup_keep = 0\n", "backup_keep"),
    ("colour = 'blue'\n", "colour"),
    ("min_password_length = \n", "TOML"),
])
def test_invalid_policy_gives_defaults_and_names_the_key(tmp_path: Path, text: str,
                                                         key: str) -> None:
    loaded = load_policy(_policy(tmp_path, "erasure = 'erase'\n" + text))
    assert loaded.policy == Policy()
    assert len(loaded.errors) == 1 and key in loaded.errors[0]
    assert "built-in defaults" in loaded.errors[0]


@given(st.binary(max_size=300))
@settings(max_examples=200, deadline=None)
def test_fuzzed_policy_never_weaker(data: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.toml"
        path.write_bytes(data)
        policy = load_policy(path).policy
    assert policy.min_password_length >= 8
    assert policy.kdf_min_memory_kib >= 8192
    assert policy.backup_keep >= 1


def test_policy_minimum_length_applies_to_new_vaults(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDVAULT_POLICY", str(_policy(tmp_path, "min_password_length = 30\n")))
    with pytest.raises(PolicyViolation, match="at least 30"):
        create_vault(tmp_path / "v", owner_name="o", password=OWNER_PASSWORD, kind="practice")


# -- passwords ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["password1234", "Password1234!", "qwertyuiop12", "short"])
def test_common_or_short_passwords_refused(bad: str) -> None:
    verdict = check_password(bad, min_length=12)
    assert not verdict.acceptable and verdict.problems


def test_long_passphrase_accepted_without_composition_rules() -> None:
    verdict = check_password("tangerine lighthouse murmurs softly", min_length=12)
    assert verdict.acceptable and verdict.strength >= 3


def test_name_in_password_refused() -> None:
    verdict = check_password("drsmith-is-the-best", min_length=12, context=["drsmith"])
    assert not verdict.acceptable


def test_normalisation_matches_composed_and_decomposed() -> None:
    assert normalise_password("caf\u00e9 au lait ok") == normalise_password("cafe\u0301 au lait ok")


# -- TOTP --------------------------------------------------------------------------------


def test_totp_drift_and_replay() -> None:
    secret = pyotp.random_base32()
    totp = pyotp.TOTP(secret)
    now = 1_800_000_015.0
    step = int(now // 30)
    assert verify_code(secret, totp.at(now), last_used_step=None, now=now) == step
    assert verify_code(secret, totp.at(now - 30), last_used_step=None, now=now) == step - 1
    assert verify_code(secret, totp.at(now + 30), last_used_step=None, now=now) == step + 1
    assert verify_code(secret, totp.at(now - 60), last_used_step=None, now=now) is None
    assert verify_code(secret, totp.at(now + 60), last_used_step=None, now=now) is None
    assert verify_code(secret, totp.at(now), last_used_step=step, now=now) is None  # replay
    assert verify_code(secret, "12 34 5x", last_used_step=None, now=now) is None


def test_totp_enrolment_then_required_and_single_use(practice: PracticeVault) -> None:
    with practice.open() as vault:
        session = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        enrolment = totp_begin(session)
        totp = pyotp.TOTP(enrolment.secret)
        with pytest.raises(WrongCredentials):
            totp_confirm(session, practice.password(Role.CLINICIAN), enrolment, "000000")
        totp_confirm(session, practice.password(Role.CLINICIAN), enrolment, totp.now())
        session.close()
        assert vault.file.user_by_name("clinician1").totp  # type: ignore[union-attr]
        with pytest.raises(TotpRequired):
            vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        import time

        code = totp.at(time.time() + 30)
        vault.unlock("clinician1", practice.password(Role.CLINICIAN), code).close()
        with pytest.raises(WrongCredentials, match="already used"):
            vault.unlock("clinician1", practice.password(Role.CLINICIAN), code)


def test_policy_requiring_totp_blocks_work_until_enrolled(practice: PracticeVault,
                                                          tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.users import list_users

    monkeypatch.setenv("MEDVAULT_POLICY",
                       str(_policy(tmp_path, 'totp_required_roles = ["owner"]\n')))
    with OpenVault.open(practice.path) as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        with pytest.raises(PolicyViolation, match="authenticator"):
            list_users(session)
        enrolment = totp_begin(session)
        totp_confirm(session, OWNER_PASSWORD, enrolment, pyotp.TOTP(enrolment.secret).now())
        assert list_users(session)
        session.close()


# -- workstation factor ------------------------------------------------------------------


def test_workstation_factor_needs_this_machines_keychain(practice: PracticeVault,
                                                         memory_keyring) -> None:  # type: ignore[no-untyped-def]
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        workstation_enrol(session, OWNER_PASSWORD)
        session.close()
        assert len(memory_keyring.items) == 1
        vault.unlock("owner", OWNER_PASSWORD).close()
        memory_keyring.items.clear()  # "another machine": same files, same password
        with pytest.raises(FactorMissing, match="does not hold the key"):
            vault.unlock("owner", OWNER_PASSWORD)


def test_no_keychain_means_unavailable_never_plaintext(practice: PracticeVault,
                                                       isolated_env: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    before = {p for p in isolated_env.rglob("*")}
    vault_before = {p: p.read_bytes() for p in practice.path.iterdir() if p.is_file()}
    assert not WorkstationKeychain().available()
    with practice.open() as vault:
        session = vault.unlock("owner", OWNER_PASSWORD)
        with pytest.raises(FactorUnavailable, match="No OS keychain"):
            workstation_enrol(session, OWNER_PASSWORD)
        session.close()
    assert {p for p in isolated_env.rglob("*")} == before
    slots = (practice.path / "vault.json").read_text()
    assert '"workstation": true' not in slots
    assert set(vault_before) <= {p for p in practice.path.iterdir()}


def test_owner_can_require_totp_per_role_and_policy_adds_to_it(
        practice: PracticeVault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses

    from app.core.errors import PermissionDenied
    from app.core.users import list_users
    from app.core.vault_settings import current_settings, load_settings, save_settings

    with practice.open() as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        stored = load_settings(owner.conn, "practice")
        save_settings(owner, dataclasses.replace(stored, totp_required_roles=frozenset({"admin"})))
        owner.close()
        admin = vault.unlock("admin1", practice.password(Role.ADMIN))
        assert "totp" in admin.pending_enrolment
        with pytest.raises(PolicyViolation):
            list_users(admin)
        admin.close()
        doc = vault.unlock("clinician1", practice.password(Role.CLINICIAN))
        with pytest.raises(PermissionDenied):
            save_settings(doc, stored)
        doc.close()
    monkeypatch.setenv("MEDVAULT_POLICY", str(_policy(
        tmp_path, 'totp_required_roles = ["clinician"]\nautolock_max_minutes = 2\n')))
    with OpenVault.open(practice.path) as vault:
        owner = vault.unlock("owner", OWNER_PASSWORD)
        settings = current_settings(owner)
        assert settings.totp_required_roles == {"admin", "clinician"}
        assert settings.autolock_minutes == 2
        owner.close()


def test_policy_template_documents_every_key_and_parses_when_uncommented(tmp_path: Path) -> None:
    import dataclasses

    template = Path(__file__).resolve().parents[2] / "packaging" / "policy-template.toml"
    text = template.read_text()
    assert load_policy(template).policy == Policy()  # all commented out: defaults
    keys = {f.name for f in dataclasses.fields(Policy)}
    uncommented = "\n".join(line[2:] for line in text.splitlines()
                            if line.startswith("# ") and " = " in line
                            and line[2:].split(" = ")[0] in keys)
    assert {line.split(" = ")[0] for line in uncommented.splitlines()} == keys
    loaded = load_policy(_policy(tmp_path, uncommented))
    assert not loaded.errors and loaded.managed == keys

