"""Core's words for people go through codes (issue 15 item 10): every refusal core raises
is coded, so the GUI can say it in the user's language; the CLI keeps the English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.core.errors import MedVaultError, UsageError
from app.core.messages import TEXTS, Message, message, word

CORE = Path(__file__).resolve().parents[2] / "app" / "core"


def _said(node: ast.AST) -> bool:
    """The message argument is built from a code: message(...) or restricted_message(...),
    or is a name (`Session.require` passing its own on), which mypy holds to `Message`:
    `Session.refuse` takes nothing else."""
    if isinstance(node, ast.Name):
        return True
    if not isinstance(node, ast.Call):
        return False
    name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
    return name in {"message", "restricted_message"}


def uncoded_refusals(root: Path) -> list[str]:
    """Each `raise ....refuse(op, TEXT)` and `.require(..., message=TEXT)` whose TEXT is
    not built from a code."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            call, text = None, None
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                call = node.exc
                if (isinstance(call.func, ast.Attribute) and call.func.attr == "refuse"
                        and len(call.args) >= 2):
                    text = call.args[1]
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                  and node.func.attr == "require"):
                text = next((k.value for k in node.keywords if k.arg == "message"), None)
            if text is not None and not _said(text):
                found.append(f"{path.relative_to(root)}:{text.lineno}")
    return found


def test_every_refusal_core_raises_is_coded() -> None:
    assert uncoded_refusals(CORE) == []


def test_the_scan_finds_an_uncoded_refusal(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text(
        "def f(session, op):\n"
        "    raise session.refuse(op, f'Not for {op}.')\n"
        "def g(session, op):\n"
        "    session.require(op, message='Plain words.')\n"
        "def h(session, op):\n"
        "    raise session.refuse(op, message('perm.emergency_inactive'))\n")
    assert uncoded_refusals(tmp_path) == ["bad.py:2", "bad.py:4"]


def test_every_placeholder_of_a_text_is_a_parameter_it_can_be_given() -> None:
    # A code's English formats with its own fields and nothing else (a typo in a field
    # name would raise KeyError in the window, not at the raise site).
    import string

    for code, english in TEXTS.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(english) if name}
        said = Message(code, {name: "x" for name in fields})
        assert said.english(), code


def test_an_error_says_its_english_and_keeps_its_code() -> None:
    error = UsageError.coded("patients.mrn_taken", mrn="A-17")
    assert str(error) == "Another patient already has the MRN A-17."
    assert error.message == message("patients.mrn_taken", mrn="A-17")
    with pytest.raises(KeyError):
        message("no.such.code")


def test_ids_become_words_only_where_a_code_exists() -> None:
    assert word("role", "clinician") == Message("role.clinician")
    assert word("role", "a role from a newer version") == "a role from a newer version"
    nested = message("users.role_not_above", actor=word("role", "admin"),
                     old=word("role", "reception"), new=word("role", "clinician"))
    assert nested.english().startswith("A admin cannot move an account from reception to "
                                       "clinician")
    words = {"admin": "Verwaltung", "reception": "Empfang", "clinician": "Ärztin"}
    assert nested.worded(lambda text: words.get(text, text)).startswith(
        "A Verwaltung cannot move an account from Empfang to Ärztin")


def test_errors_without_a_code_still_say_their_english() -> None:
    assert MedVaultError("Plain.").message is None
