"""Small FHIR building blocks shared by the resource maps: codings, references, reasons.

Every helper that reads input treats it as hostile: anything of the wrong JSON type is
ignored or reported as `Unmapped`, never trusted into an attribute access.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from app.core.errors import UsageError
from app.core.json_encode import one_shot_encoder
from app.core.records import clock
from app.core.records.codes import CodeSystem, Coding, Concept

TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"
UCUM = CodeSystem.UCUM.value
LOINC = CodeSystem.LOINC.value
SNOMED = CodeSystem.SNOMED.value
# Our own systems, for what FHIR has no code system for (a user id, a consent section).
MEDVAULT = "urn:medvault:"
FHIR_ID = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
VAULT_ID = re.compile(r"^[0-9a-f]{32}$")


class Reason(StrEnum):
    """Why a resource was not imported: the groups of the import report."""

    UNSUPPORTED = "unsupported type"
    MISSING = "missing required field"
    REFERENCE = "bad reference"
    UNIT = "unit could not be read"
    VALUE = "invalid value"
    UNREADABLE = "unreadable input"
    ROLE = "not allowed for your role"
    POLICY = "not imported by design"


class Unmapped(Exception):
    """A resource that cannot become a vault entry, and why."""

    def __init__(self, reason: Reason, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


def obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def objs(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        return []
    for item in value:  # almost always all objects: copied whole, without a comprehension
        if not isinstance(item, dict):
            return [v for v in value if isinstance(v, dict)]
    return list(value)


def text(value: Any, limit: int = 100_000) -> str | None:
    if isinstance(value, str):
        stripped = value.strip()
        if stripped:
            return stripped[:limit]
    return None


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


# -- CodeableConcept -----------------------------------------------------------------------
def codeable(concept: Concept | None) -> dict[str, Any] | None:
    if concept is None:
        return None
    out: dict[str, Any] = {"text": concept.text}
    if concept.coding is not None or concept.more:
        out["coding"] = [c.to_json() for c in concept.codings]
    return out


# Codings already checked (None: left out), by (system, code, display) as read: an import
# meets the same few hundred codes thousands of times, and a Coding is immutable, so one
# is shared.
_CODINGS: dict[tuple[str, str, str | None], Coding | None] = {}
_MAX_CODINGS = 4096
_UNSEEN: Any = object()


def codings_of(value: Any) -> list[Coding]:
    found: list[Coding] = []
    for raw in objs(value.get("coding") if isinstance(value, dict) else None)[:20]:
        system, code, display = raw.get("system"), raw.get("code"), raw.get("display")
        if type(system) is str and type(code) is str and (
                display is None or type(display) is str):
            key = (system, code, display)  # looked up as read: text only, so hashable
            coding = _CODINGS.get(key, _UNSEEN)
            if coding is _UNSEEN:
                coding = _coding(system, code, display)
                if len(_CODINGS) >= _MAX_CODINGS:
                    _CODINGS.clear()
                _CODINGS[key] = coding
        else:
            coding = _coding(system, code, display)
        if coding is not None:
            found.append(coding)
    return found


def _coding(system: Any, code: Any, display: Any) -> Coding | None:
    """A checked Coding from a FHIR coding's elements, or None to leave it out."""
    system, code = text(system, 300), text(code, 100)
    if system is None or code is None:
        return None
    try:
        return Coding(system, code, text(display, 500))
    except UsageError:
        return None  # not a URI system; the concept keeps its text


def concept_of(value: Any, *, prefer: Iterable[str] = (), what: str = "code",
               required: bool = False) -> Concept | None:
    """A Concept from a CodeableConcept; `prefer` names codes to put first (so the one
    our charts index is primary), every other coding is kept."""
    data = obj(value)
    codings = codings_of(data)
    label = text(data.get("text"), 1000) or next(
        (c.display for c in codings if c.display), None) or next(
        (c.code for c in codings), None)
    if label is None:
        if required:
            raise Unmapped(Reason.MISSING, f"It has no {what}.")
        return None
    if len(codings) > 1 and prefer:
        wanted = prefer if isinstance(prefer, set | frozenset) else set(prefer)
        codings.sort(key=lambda c: c.code not in wanted)
    return Concept(label, codings[0] if codings else None, tuple(codings[1:]))


def label_of(value: Any) -> str | None:
    """What a person reads for a CodeableConcept, or None."""
    concept = concept_of(value)
    return concept.text if concept else None


def code_in(value: Any, *systems: str) -> str | None:
    """The first code of a CodeableConcept (in one of `systems`, if given)."""
    for raw in objs(obj(value).get("coding")):
        code = text(raw.get("code"), 100)
        if code and (not systems or raw.get("system") in systems):
            return code
    return None


def status_concept(system: str, code: str | None, display: str | None = None
                   ) -> dict[str, Any] | None:
    if code is None:
        return None
    coding: dict[str, Any] = {"system": TERMINOLOGY + system, "code": code}
    if display:
        coding["display"] = display
    return {"coding": [coding]}


def choice(value: str | None, allowed: frozenset[str] | Iterable[str], what: str
           ) -> str | None:
    if value is None:
        return None
    if value not in allowed:
        raise Unmapped(Reason.VALUE, f"{what} {value[:40]!r} is not one FHIR R4 allows here.")
    return value


def date(value: Any, what: str) -> str | None:
    """A FHIR date or dateTime (partial dates kept), or Unmapped."""
    return _when(value, what, clock.fhir_date, "a FHIR date or dateTime")


def moment(value: Any, what: str) -> str | None:
    """A full point in time, normalised to UTC, or Unmapped."""
    return _when(value, what, clock.moment, "a FHIR dateTime")


def _when(value: Any, what: str, parse: Callable[[str, str], str | None], kind: str
          ) -> str | None:
    raw = text(value, 64)
    if raw is None:
        return None
    try:
        return parse(raw, what)
    except (UsageError, ValueError):
        raise Unmapped(Reason.VALUE, f"The {what} {raw!r} is not {kind}.") from None


def notes_text(value: Any) -> str | None:
    parts = [t for t in (text(n.get("text")) for n in objs(value)) if t]
    return "\n\n".join(parts) if parts else None


def note_list(value: str | None) -> list[dict[str, Any]] | None:
    return [{"text": value}] if value else None


def reference(resource_type: str, ident: str | None) -> dict[str, Any] | None:
    return {"reference": f"{resource_type}/{ident}"} if ident else None


_NOT_EXTRA = frozenset({"resourceType", "id", "meta", "text", "contained", "subject",
                        "patient", "encounter", "context"})


@functools.lru_cache(maxsize=256)
def _skipped(used: tuple[str, ...]) -> frozenset[str]:
    return _NOT_EXTRA.union(used)


def leftovers(resource: dict[str, Any], used: Iterable[str]) -> dict[str, Any]:
    """Elements no column holds, kept in `extra` so an export gives them back."""
    # A map names the same few element lists for every resource: each set built once.
    skip = _skipped(tuple(used))
    return {k: v for k, v in resource.items() if k not in skip}


# FHIR choice elements ("value[x]"): one resource carries only one of each.
CHOICE_PREFIXES = ("value", "effective", "onset", "abatement", "performed", "occurrence",
                   "medication", "deceased", "multipleBirth", "timing")


def merge_extra(resource: dict[str, Any], extra: dict[str, Any] | None) -> dict[str, Any]:
    """Put back kept elements without overwriting what the columns say, and never a
    second form of a choice element the columns already wrote (effectivePeriod beside
    effectiveDateTime would make the resource invalid)."""
    if extra:
        taken = {p for p in CHOICE_PREFIXES for k, v in resource.items()
                 if v is not None and k.startswith(p) and k[len(p):][:1].isupper()}
        for key, value in extra.items():
            if key in resource or not isinstance(key, str) or not key[:1].isalpha():
                continue
            if any(key.startswith(p) and key[len(p):][:1].isupper() for p in taken):
                continue
            resource[key] = value
    return {k: v for k, v in resource.items() if v is not None and v != [] and v != {}}


# The canonical form the content hash is taken over: json.dumps(body, sort_keys=True,
# separators=(",", ":")), byte for byte (hashes stored by earlier imports must still
# match). One C encoder for every call; decoded JSON has no cycles to look for.
_CANONICAL = one_shot_encoder(sort_keys=True, item_separator=",", key_separator=":")


def content_hash(resource: dict[str, Any]) -> str:
    """SHA-256 of the resource's content without id and meta, so the same facts sent
    twice under different ids are recognised."""
    body = dict(resource)  # sorted when encoded, so the order of keys does not matter
    body.pop("id", None)
    body.pop("meta", None)
    # ensure_ascii keeps json's C encoder on its fastest path; the hash only compares.
    return hashlib.sha256(_CANONICAL(body).encode()).hexdigest()


@dataclass(frozen=True)
class Ref:
    """A reference as written: `Patient/123`, `urn:uuid:...`, `#contained`, or a URL."""

    raw: str

    @property
    def contained(self) -> bool:
        return self.raw.startswith("#")

    @property
    def type_and_id(self) -> tuple[str, str] | None:
        """("Patient", "123") for relative or absolute RESTful references."""
        parts = self.raw.split("/_history/")[0].rstrip("/").split("/")
        if len(parts) >= 2 and parts[-2][:1].isupper() and FHIR_ID.match(parts[-1]):
            return parts[-2], parts[-1]
        return None


def ref_of(value: Any) -> Ref | None:
    raw = value.get("reference") if isinstance(value, dict) else None
    if not isinstance(raw, str):
        return None
    raw = raw.strip()  # as text(raw, 500), inline: every resource has two or three
    return Ref(raw[:500]) if raw else None


RESTRICTED = {"system": "http://terminology.hl7.org/CodeSystem/v3-Confidentiality",
              "code": "R", "display": "restricted"}


def mark_restricted(resource: dict[str, Any], restricted: bool) -> dict[str, Any]:
    """A restricted entry travels with confidentiality R, so the next system (and
    MedVault, on import) keeps it restricted."""
    if restricted:
        meta = resource.setdefault("meta", {})
        meta.setdefault("security", []).append(dict(RESTRICTED))
    return resource


def is_restricted(resource: dict[str, Any]) -> bool:
    """Confidentiality R (restricted) or V (very restricted): MedVault has one level, so
    both become a restricted entry (V must never come in weaker than R)."""
    meta = resource.get("meta")
    if not isinstance(meta, dict) or not meta.get("security"):
        return False  # most resources: no security labels at all
    return any(s.get("code") in ("R", "V") and s.get("system") == RESTRICTED["system"]
               for s in objs(meta.get("security")))
