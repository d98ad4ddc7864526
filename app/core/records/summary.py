"""Printing or saving a patient summary: a copy of the record leaving the vault.

The GUI renders the document; this is the rule that lets it and the entry that records it,
so any other front end that prints gets the same check and the same audit trail.
"""

from __future__ import annotations

from typing import Literal

from app.core.roles import Operation
from app.core.session import Session

SummaryOutput = Literal["pdf", "printer"]


def record_summary_print(session: Session, patient_id: str, output: SummaryOutput) -> None:
    session.require(Operation.SUMMARY_PRINT, patient_id=patient_id)
    session.record("summary.print", patient_id=patient_id, target=patient_id,
                   detail={"output": output})
