"""Codes on clinical entries: optional, several per entry, in FHIR's shape.

A `Concept` is FHIR's CodeableConcept: the text a person reads, one primary coding that is
indexed (charts look observations up by LOINC code), and any further codings, so a
condition coded in both SNOMED CT and ICD-10 keeps both.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.core.errors import UsageError


class CodeSystem(StrEnum):
    SNOMED = "http://snomed.info/sct"
    LOINC = "http://loinc.org"
    RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
    ICD10 = "http://hl7.org/fhir/sid/icd-10"
    CVX = "http://hl7.org/fhir/sid/cvx"
    CPT = "http://www.ama-assn.org/go/cpt"
    UCUM = "http://unitsofmeasure.org"


# Short names people type on the command line.
ALIASES = {"snomed": CodeSystem.SNOMED, "sct": CodeSystem.SNOMED, "loinc": CodeSystem.LOINC,
           "rxnorm": CodeSystem.RXNORM, "icd10": CodeSystem.ICD10,
           "icd-10": CodeSystem.ICD10, "cvx": CodeSystem.CVX, "cpt": CodeSystem.CPT,
           "ucum": CodeSystem.UCUM}

# The names people know the systems by (not translated: they are proper names).
SYSTEM_NAMES = {CodeSystem.SNOMED: "SNOMED CT", CodeSystem.ICD10: "ICD-10",
                CodeSystem.RXNORM: "RxNorm", CodeSystem.LOINC: "LOINC", CodeSystem.CVX: "CVX",
                CodeSystem.CPT: "CPT", CodeSystem.UCUM: "UCUM"}


def system_uri(system: str) -> str:
    cleaned = system.strip()
    if cleaned.lower() in ALIASES:
        return ALIASES[cleaned.lower()].value
    if ":" not in cleaned or len(cleaned) > 200:
        raise UsageError(f"{system!r} is not a code system. Use a URI such as "
                         f"{CodeSystem.SNOMED.value} or one of: {', '.join(sorted(ALIASES))}.")
    return cleaned


@dataclass(frozen=True)
class Coding:
    system: str
    code: str
    display: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "system", system_uri(self.system))
        code = self.code.strip()
        if not code or len(code) > 100:
            raise UsageError("A code is 1 to 100 characters.")
        object.__setattr__(self, "code", code)

    def to_json(self) -> dict[str, Any]:
        data = {"system": self.system, "code": self.code}
        if self.display:
            data["display"] = self.display
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Coding:
        return cls(str(data["system"]), str(data["code"]), data.get("display"))

    @classmethod
    def stored(cls, system: str, code: str, display: str | None) -> Coding:
        """Rebuild a coding read back from the vault, skipping the checks it passed on
        the way in (a chart reads thousands)."""
        coding = object.__new__(cls)
        object.__setattr__(coding, "system", system)
        object.__setattr__(coding, "code", code)
        object.__setattr__(coding, "display", display)
        return coding


@dataclass(frozen=True)
class Concept:
    text: str
    coding: Coding | None = None
    more: tuple[Coding, ...] = ()

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise UsageError("Every coded entry needs a name people can read.")

    @classmethod
    def of(cls, text: str, system: str | None = None, code: str | None = None,
           display: str | None = None) -> Concept:
        coding = Coding(system, code, display) if system and code else None
        return cls(text, coding)

    @property
    def codings(self) -> tuple[Coding, ...]:
        return ((self.coding,) if self.coding else ()) + self.more

    def code_in(self, system: CodeSystem | str) -> str | None:
        wanted = system_uri(str(system))
        return next((c.code for c in self.codings if c.system == wanted), None)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "coding": [c.to_json() for c in self.codings]}

    # -- storage: X (code), X_system, X_text, X_display, X_more -----------------------------
    @staticmethod
    def columns(name: str) -> tuple[str, ...]:
        return (name, f"{name}_system", f"{name}_text", f"{name}_display", f"{name}_more")

    def values(self) -> tuple[Any, ...]:
        c = self.coding
        return (c.code if c else None, c.system if c else None, self.text,
                c.display if c else None,
                json.dumps([m.to_json() for m in self.more]) if self.more else "[]")

    @classmethod
    def from_values(cls, code: str | None, system: str | None, text: str | None,
                    display: str | None, more: str | None) -> Concept | None:
        if text is None:
            return None
        coding = Coding.stored(system, code, display) if system and code else None
        extra = (tuple(Coding.stored(m["system"], m["code"], m.get("display"))
                       for m in json.loads(more)) if more and more != "[]" else ())
        concept = object.__new__(cls)
        object.__setattr__(concept, "text", text)
        object.__setattr__(concept, "coding", coding)
        object.__setattr__(concept, "more", extra)
        return concept
