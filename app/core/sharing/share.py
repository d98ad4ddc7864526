"""Sharing packages inside a vault: create (consent, audit), preview, import (trust, replay).

`package.py` is the format and knows nothing of vaults. Here are the rules around it:

- Create checks `consent_allows` for the recipient contact, every section and the purpose.
  Without consent it refuses (PermissionDenied, audited) unless the sender gives an
  override reason, which is recorded, flagged, in the `share.create` entry. A contact whose
  key was never verified needs an explicit `allow_unverified`. Sending to a bare age key or
  a passphrase has no contact to hold a consent: it is allowed for the patient's own
  request (purpose `patient-request`, GDPR Art. 15/20) and otherwise needs an override.
- Import opens the package with the user's own identity, then: the sender's key must not
  contradict a contact's (a changed key is refused); an unknown sender needs an explicit,
  audited acceptance; an expired package needs an audited override; a package id imported
  before, or one older than the last imported from the same sender for the same patient,
  is refused. Only then does the FHIR importer see the Bundle, from memory. Provenance
  names the package and the sender.
- Every refusal is audited (`share.refused`, flagged) before it is raised.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from app.core.errors import DiskFull, PermissionDenied, UsageError
from app.core.fhir import apply_import, build_patient_bundle, plan_import
from app.core.fhir.importer import ImportPlan, ImportReport
from app.core.ids import new_id
from app.core.progress import FINAL, ProgressCallback, no_progress
from app.core.records import clock
from app.core.records.consent import (
    ALL,
    DEMOGRAPHICS,
    SECTIONS,
    Purpose,
    consent_allows,
    consent_from_row,
    parse_purpose,
)
from app.core.records.contacts import Contact, load_contact, recipient_fingerprint
from app.core.records.guard import patient_access
from app.core.records.patients import load as load_patient
from app.core.roles import Operation
from app.core.session import Session
from app.core.sharing import agekeys
from app.core.sharing.errors import PackageRefused
from app.core.sharing.package import (
    BUNDLE,
    OpenedPackage,
    PackageSpec,
    Sender,
    build_package,
    check_expiry,
    open_package,
)
from app.core.sharing.summary import summary_html, summary_pdf
from app.core.signing import fingerprint as identity_fingerprint

DEFAULT_DAYS = 30
MAX_DAYS = 366
_EXTENSIONS = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
CLINICAL_SECTIONS = tuple(s for s in SECTIONS if s != ALL)


@dataclass(frozen=True)
class CreatedShare:
    package: bytes
    package_id: str
    sections: tuple[str, ...]
    recipient: str          # a contact id, an age recipient, or "passphrase"
    consent_id: str | None
    overridden: bool
    counts: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"package_id": self.package_id, "sections": list(self.sections),
                "recipient": self.recipient, "consent_id": self.consent_id,
                "consent_overridden": self.overridden, "counts": self.counts,
                "bytes": len(self.package)}


def _sections(values: Collection[str] | None) -> tuple[str, ...]:
    chosen = set(values or [ALL])
    if chosen - set(SECTIONS):
        raise UsageError("Sections are: " + ", ".join(SECTIONS))
    if ALL in chosen:
        return CLINICAL_SECTIONS
    return tuple(sorted(chosen))


def _expiry(value: str | None) -> str:
    now = clock.now()
    if not value:
        return clock.iso(now + timedelta(days=DEFAULT_DAYS))
    moment = clock.moment(value, "expires")
    if len(moment) == 10:
        moment += "T23:59:59.999+00:00"
    if moment <= clock.iso(now) or moment > clock.iso(now + timedelta(days=MAX_DAYS)):
        raise UsageError(f"A package expires after now and within {MAX_DAYS} days.")
    return moment


def _consent(session: Session, patient_id: str, contact_id: str, sections: tuple[str, ...],
             purpose: str) -> tuple[list[str], str | None]:
    """(sections without consent, the id of a consent covering all the others)."""
    missing = [s for s in sections
               if not consent_allows(session, patient_id, contact_id, s, purpose)]
    rows = session.conn.execute(
        "SELECT id, patient_id, recipient_id, sections, purpose, valid_from, valid_until, "
        "withdrawn_at, withdrawn_by, note, created_at, created_by FROM consents WHERE "
        "patient_id = ? AND recipient_id = ?", (patient_id, contact_id)).fetchall()
    now = clock.now_iso()
    covering = [c.id for c in map(consent_from_row, rows)
                if all(c.covers(s, purpose, now) for s in sections if s not in missing)]
    return missing, covering[0] if covering else None


def _refuse(session: Session, why: str, message: str, *, patient_id: str | None = None,
            target: str | None = None, error: type[Exception] = PackageRefused,
            detail: dict[str, Any] | None = None) -> Exception:
    session.record("share.refused", patient_id=patient_id, target=target, flagged=True,
                   detail={"why": why, **(detail or {})})
    return error(message)


def create_share(session: Session, patient_id: str, *, contact_id: str | None = None,
                 recipient: str | None = None, passphrase: str | None = None,
                 sections: Collection[str] | None = None, since: str | None = None,
                 purpose: str = Purpose.REFERRAL.value, expires: str | None = None,
                 include_restricted: Collection[str] = (), override_reason: str | None = None,
                 allow_unverified: bool = False, practice: str = "",
                 progress: ProgressCallback = no_progress) -> CreatedShare:
    """Build a package in memory and record `share.create`. `progress` is called between
    the steps (checks, the Bundle, the summaries, the encryption); raising from it stops
    with nothing recorded but the Bundle's own read entry. The caller stores the bytes;
    `save_share` also writes the file safely."""
    created, entry = _make_share(
        session, patient_id, contact_id=contact_id, recipient=recipient,
        passphrase=passphrase, sections=sections, since=since, purpose=purpose,
        expires=expires, include_restricted=include_restricted,
        override_reason=override_reason, allow_unverified=allow_unverified,
        practice=practice, progress=progress)
    session.record("share.create", **entry)
    return created


def _make_share(session: Session, patient_id: str, *, contact_id: str | None,
                recipient: str | None, passphrase: str | None,
                sections: Collection[str] | None, since: str | None, purpose: str,
                expires: str | None, include_restricted: Collection[str],
                override_reason: str | None, allow_unverified: bool, practice: str,
                progress: ProgressCallback) -> tuple[CreatedShare, dict[str, Any]]:
    """The package and the `share.create` entry it needs (not yet recorded)."""
    patient_access(session, Operation.EXPORT_PATIENT, patient_id, clinical=True)
    if sum(x is not None for x in (contact_id, recipient, passphrase)) != 1:
        raise UsageError("Send to one contact, one age recipient, or a passphrase.")
    chosen, why = _sections(sections), parse_purpose(purpose)
    until = _expiry(expires)
    reason = " ".join((override_reason or "").split()) or None
    contact: Contact | None = None
    consent_id: str | None = None
    overridden = False
    if contact_id is not None:
        contact = load_contact(session.conn, contact_id)
        if contact is None or not contact.age_recipient:
            raise UsageError("That contact has no public key; import their contact card "
                             "(medvault contact import) first.")
        if not contact.key_verified and not allow_unverified:
            raise _refuse(session, "unverified_key",
                          f"The key of {contact.name} has not been verified. Compare the "
                          "fingerprint with them first (medvault contact verify), or send "
                          "anyway with the explicit flag for unverified keys.",
                          patient_id=patient_id, target=contact_id, error=UsageError)
        recipient = contact.age_recipient
        missing, consent_id = _consent(session, patient_id, contact.id, chosen, why)
        if missing and reason is None:
            raise _refuse(session, "no_consent",
                          f"The patient has not consented to sharing {', '.join(missing)} "
                          f"with {contact.name} for {why}. Record the consent first, or give "
                          "an override reason (it is flagged for review).",
                          patient_id=patient_id, target=contact_id, error=PermissionDenied,
                          detail={"sections": missing, "purpose": why})
        overridden = bool(missing)
    elif why != Purpose.PATIENT_REQUEST.value:
        if reason is None:
            raise _refuse(session, "no_consent",
                          "Sending to a key or passphrase outside your contacts is for the "
                          "patient's own request (purpose patient-request); for anything "
                          "else give an override reason (it is flagged for review).",
                          patient_id=patient_id, error=PermissionDenied)
        overridden = True
    if recipient is not None:
        try:
            agekeys.recipient_bytes(recipient)
        except ValueError:
            raise UsageError("That is not an age public key (it starts with age1).") from None
    progress(0, _STEPS, "")
    # The Patient resource always goes along: facts about nobody cannot be filed. Consent
    # is asked for the chosen sections; who they are about is part of each of them.
    bundle = build_patient_bundle(session, patient_id,
                                  sections=sorted({DEMOGRAPHICS, *chosen}), since=since,
                                  include_restricted=include_restricted)
    members, counts = _bundle_members(bundle)
    progress(1, _STEPS, "")
    patient = load_patient(session.conn, patient_id)
    assert patient is not None
    me = session.user_identity()
    sender = Sender(session.user.full_name or session.user.name, practice, me.signing_public,
                    me.recipient, session.vault.file.vault_id)
    package_id = new_id()
    header = [f"Patient: {patient.given} {patient.family}"
              + (f", born {patient.birth_date}" if patient.birth_date else ""),
              f"Sent by {sender.name}{', ' + practice if practice else ''} for {why}; "
              f"sections: {', '.join(chosen)}" + (f"; since {since}" if since else ""),
              f"Package {package_id}, valid until {until[:10]}"]
    members["summary.html"] = summary_html(bundle, header)
    members["summary.pdf"] = summary_pdf(bundle, header)
    progress(2, _STEPS, "")
    spec = PackageSpec(
        sender=sender, patient={"id": patient_id, "family": patient.family,
                                "given": patient.given, "birth_date": patient.birth_date},
        purpose=why, sections=chosen, expires=until, members=members, consent_id=consent_id,
        since=since, recipient_label=contact.name if contact else None,
        package_id=package_id)
    data = build_package(spec, session.signing_key(), recipient=recipient,
                         passphrase=passphrase)
    progress(3, _STEPS, "")
    to = contact.id if contact else (recipient or "passphrase")
    entry = {"patient_id": patient_id, "target": package_id, "reason": reason,
             "flagged": overridden or bool(include_restricted),
             "detail": {"recipient": to, "fingerprint":
                        recipient_fingerprint(recipient) if recipient else None,
                        "sections": list(chosen), "purpose": why, "consent": consent_id,
                        "consent_overridden": overridden, "expires": until,
                        "restricted_included": sorted(include_restricted),
                        "counts": counts}}
    return CreatedShare(data, package_id, chosen, to, consent_id, overridden, counts), entry


#: Progress steps of making a package (writing it adds its own).
_STEPS = 5
_CHUNK = 1024 * 1024


def save_share(session: Session, patient_id: str, out: Path, *,
               progress: ProgressCallback = no_progress, **options: Any) -> CreatedShare:
    """`create_share`, written to `out` safely: the package goes to a hidden temp file
    beside `out` (ciphertext only: the package is encrypted in memory before any byte is
    written), is fsynced and renamed into place, and only then is `share.create`
    recorded. Cancel (`progress` raising) or any failure before the rename deletes the
    temp file and records `share.abandoned`; there is never a partial package at `out`.
    An existing `out` is refused, so no earlier package is overwritten."""
    from app.core.atomic import fsync_dir

    out = Path(out)
    check_new_file(out)
    created, entry = _make_share(session, patient_id, progress=progress,
                                 **_share_options(options))
    temp = out.parent / f".{out.name}.partial-{new_id()[:8]}"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
        with os.fdopen(fd, "wb") as handle:
            data = created.package
            for start in range(0, len(data), _CHUNK):
                progress(3, _STEPS, "")  # a chance to stop between chunks
                handle.write(data[start:start + _CHUNK])
            handle.flush()
            os.fsync(handle.fileno())
        # The last chance to stop: what follows (rename, audit) is quick and runs to the end.
        progress(4, _STEPS, FINAL)
        os.replace(temp, out)
        fsync_dir(out.parent)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        with contextlib.suppress(Exception):
            session.record("share.abandoned", patient_id=patient_id,
                           target=created.package_id, detail={"reason": type(exc).__name__})
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise DiskFull.coded("files.disk_full_package", folder=str(out.parent)) from None
        raise
    try:
        session.record("share.create", **entry)
    except BaseException:
        # Unrecorded, the package must not exist: every package that leaves is audited.
        with contextlib.suppress(FileNotFoundError):
            out.unlink()
        raise
    # No progress call after this point: a Cancel pressed now must not turn a written,
    # audited package into a "cancelled" one.
    return created


def _share_options(options: dict[str, Any]) -> dict[str, Any]:
    allowed = {"contact_id": None, "recipient": None, "passphrase": None, "sections": None,
               "since": None, "purpose": Purpose.REFERRAL.value, "expires": None,
               "include_restricted": (), "override_reason": None, "allow_unverified": False,
               "practice": ""}
    unknown = set(options) - set(allowed)
    if unknown:
        raise TypeError(f"unknown share options: {sorted(unknown)}")
    return {**allowed, **options}


def check_new_file(out: Path) -> None:
    """Packages and exports never overwrite a file; their folder must exist."""
    if out.exists():
        raise UsageError.coded("files.package_exists", path=str(out))
    if not out.parent.is_dir():
        raise UsageError.coded("files.no_folder", folder=str(out.parent))


def _bundle_members(bundle: dict[str, Any]) -> tuple[dict[str, bytes], dict[str, int]]:
    """The Bundle without inline document bytes, and the documents as their own files."""
    import base64

    members: dict[str, bytes] = {}
    counts: dict[str, int] = {}
    for entry in bundle.get("entry", []):
        resource = entry["resource"]
        kind = resource["resourceType"]
        counts[kind] = counts.get(kind, 0) + 1
        if kind != "DocumentReference":
            continue
        for item in resource.get("content", []):
            attachment = item.get("attachment", {})
            extension = _EXTENSIONS.get(attachment.get("contentType", ""))
            if extension and "data" in attachment:
                name = f"documents/{resource['id']}.{extension}"
                members[name] = base64.b64decode(attachment.pop("data"))
                attachment["url"] = name
    members[BUNDLE] = json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode()
    return members, counts


# -- opening and importing ---------------------------------------------------------------------
@dataclass(frozen=True)
class SenderTrust:
    state: str  # "verified", "unverified", "unknown", "changed"
    contact_id: str | None
    contact_name: str | None

    def to_json(self) -> dict[str, Any]:
        return {"state": self.state, "contact_id": self.contact_id,
                "contact_name": self.contact_name}


@dataclass(frozen=True)
class Preview:
    package_id: str
    sender: dict[str, Any]
    sender_fingerprint: str
    trust: SenderTrust | None
    purpose: str
    sections: list[str]
    created: str
    expires: str
    expired: bool
    patient: dict[str, Any]
    contents: dict[str, int]  # FHIR resources by type, plus documents and summaries

    def to_json(self) -> dict[str, Any]:
        return {"package_id": self.package_id, "sender": self.sender,
                "sender_fingerprint": self.sender_fingerprint,
                "sender_trust": self.trust.to_json() if self.trust else None,
                "purpose": self.purpose, "sections": self.sections, "created": self.created,
                "expires": self.expires, "expired": self.expired, "patient": self.patient,
                "contents": self.contents}


def sender_trust(session: Session, opened: OpenedPackage) -> SenderTrust:
    sender = opened.sender
    rows = session.conn.execute(
        "SELECT id FROM contacts WHERE signing_key = ? OR age_recipient = ?",
        (sender["signing_key"], sender["recipient"])).fetchall()
    contacts = [c for c in (load_contact(session.conn, r[0]) for r in rows) if c is not None]
    for contact in contacts:
        if (contact.signing_key is not None and contact.signing_key != sender["signing_key"]) \
                or contact.age_recipient != sender["recipient"]:
            return SenderTrust("changed", contact.id, contact.name)
    for contact in contacts:
        if contact.signing_key == sender["signing_key"]:
            state = "verified" if contact.key_verified else "unverified"
            return SenderTrust(state, contact.id, contact.name)
    return SenderTrust("unknown", None, None)


def preview(opened: OpenedPackage, trust: SenderTrust | None) -> Preview:
    counts: dict[str, int] = {}
    try:
        bundle = json.loads(opened.members[BUNDLE]) if BUNDLE in opened.members else {}
        for entry in bundle.get("entry", []):
            kind = str(entry["resource"]["resourceType"])
            counts[kind] = counts.get(kind, 0) + 1
    except (ValueError, KeyError, TypeError, AttributeError):
        raise PackageRefused.coded("package.bundle_unreadable") from None
    for name in opened.members:
        if name.startswith("documents/"):
            counts["document files"] = counts.get("document files", 0) + 1
    m = opened.manifest
    return Preview(opened.package_id, opened.sender, opened.sender_fingerprint, trust,
                   m["purpose"], list(m["sections"]), m["created"], m["expires"],
                   opened.expired(), dict(m["patient"]), counts)


def open_in_vault(session: Session, data: bytes) -> tuple[OpenedPackage, Preview]:
    """Open a package with the acting user's own key and say who sent it. Audited."""
    session.require(Operation.SHARE_IMPORT)
    try:
        opened = open_package(data, identities=[session.identity])
    except PackageRefused as exc:
        raise _refuse(session, "package", str(exc)) from None
    trust = sender_trust(session, opened)
    shown = preview(opened, trust)
    session.record("share.open", target=opened.package_id,
                   detail={"sender_fingerprint": opened.sender_fingerprint,
                           "trust": trust.state, "expired": shown.expired})
    return opened, shown


@dataclass(frozen=True)
class ImportedShare:
    package_id: str
    report: ImportReport
    trust: SenderTrust

    def to_json(self) -> dict[str, Any]:
        return {"package_id": self.package_id, "sender_trust": self.trust.to_json(),
                "report": self.report.to_json()}


def import_share(session: Session, data: bytes, *, patient_id: str | None = None,
                 new_patient: bool = False, expired_reason: str | None = None,
                 unknown_sender_reason: str | None = None, dry_run: bool = False,
                 progress: ProgressCallback = no_progress) -> ImportedShare:
    """Check the package (trust, expiry, replay), plan the import, then write it in one
    transaction. `progress` is called between the steps; raising from it before the
    writing (marked `FINAL`) imports nothing: the plan lives in memory only."""
    progress(0, 4, "")
    opened, shown = open_in_vault(session, data)
    progress(1, 4, "")
    pid, trust = opened.package_id, shown.trust
    assert trust is not None
    sender_key = opened.sender["signing_key"]
    if trust.state == "changed":
        raise _refuse(session, "changed_sender_key",
                      f"The sender's key differs from the one stored for {trust.contact_name}."
                      " Do not import this; ask the sender by phone whether their key "
                      "changed.", target=pid, detail={"contact": trust.contact_id})
    reasons: dict[str, str] = {}
    if trust.state == "unknown":
        if not (unknown_sender_reason or "").strip():
            raise _refuse(session, "unknown_sender",
                          "The sender is not among your contacts (fingerprint "
                          f"{opened.sender_fingerprint}). Check the fingerprint with them, "
                          "import their card, or accept this sender explicitly with a reason "
                          "(audited).", target=pid)
        reasons["unknown_sender"] = unknown_sender_reason or ""
    try:
        check_expiry(opened, allow_expired=bool((expired_reason or "").strip()))
    except PackageRefused as exc:
        raise _refuse(session, "expired", str(exc), target=pid) from None
    if shown.expired:
        reasons["expired"] = expired_reason or ""
    if session.conn.execute("SELECT 1 FROM imported_packages WHERE package_id = ?",
                            (pid,)).fetchone():
        raise _refuse(session, "replayed", "This package was imported before; importing it "
                      "again is refused (a replay).", target=pid)
    source_patient = str(opened.manifest["patient"].get("id", ""))
    newest = session.conn.execute(
        "SELECT max(created) FROM imported_packages WHERE sender_key = ? AND "
        "source_patient = ?", (sender_key, source_patient)).fetchone()[0]
    if newest is not None and opened.manifest["created"] < newest:
        raise _refuse(session, "older", "A newer package from this sender for this patient "
                      "was already imported; this older one is refused.", target=pid)
    bundle = json.loads(opened.members[BUNDLE])
    _rehydrate(bundle, opened.members)
    label = (f"sharing package {pid} from {opened.sender['name']} "
             f"({opened.sender_fingerprint})")
    plan: ImportPlan = plan_import(session, [], patient_id=patient_id, new_patient=new_patient,
                                   texts=[(label, json.dumps(bundle, ensure_ascii=False))])
    if dry_run:
        return ImportedShare(pid, plan.report(), trust)
    progress(2, 4, "")
    # From here the import is one transaction that runs to the end (or rolls back whole).
    progress(3, 4, FINAL)
    with session.transaction() as conn:
        # The entries and the replay record commit together: a crash leaves neither.
        report = apply_import(session, plan)
        target = None
        for group in report.patients:
            target = getattr(group, "target", None) or target
        conn.execute("INSERT INTO imported_packages (package_id, sender_key, source_patient, "
                     "created, patient_id, imported_at, imported_by) VALUES (?,?,?,?,?,?,?)",
                     (pid, sender_key, source_patient, opened.manifest["created"], target,
                      clock.now_iso(), session.user.user_id))
        session.record("share.import", patient_id=target, target=pid,
                       reason="; ".join(f"{k}: {v}" for k, v in reasons.items()) or None,
                       flagged=bool(reasons),
                       detail={"sender": opened.sender["name"],
                               "sender_fingerprint": opened.sender_fingerprint,
                               "trust": trust.state, "import": report.import_id,
                               "imported": report.imported,
                               "identity": identity_fingerprint(opened.sender["recipient"],
                                                                sender_key)})
    return ImportedShare(pid, report, trust)


def _rehydrate(bundle: dict[str, Any], members: dict[str, bytes]) -> None:
    """Put each document's bytes back inline, for the FHIR importer, in memory."""
    import base64

    for entry in bundle.get("entry", []) if isinstance(bundle, dict) else []:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        if not isinstance(resource, dict) or resource.get("resourceType") != "DocumentReference":
            continue
        for item in resource.get("content") or []:
            attachment = item.get("attachment") if isinstance(item, dict) else None
            if isinstance(attachment, dict) and attachment.get("url") in members:
                attachment["data"] = base64.b64encode(members[attachment.pop("url")]).decode()


@dataclass(frozen=True)
class SharePreview:
    """What a package with these choices would carry, by FHIR resource type, and what the
    restriction rules keep out of it (restricted entries not named explicitly)."""

    included: dict[str, int]
    withheld: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"included": self.included, "withheld": self.withheld}


def preview_share(session: Session, patient_id: str, sections: Collection[str] | None,
                  since: str | None = None, include_restricted: Collection[str] = ()
                  ) -> SharePreview:
    """For the sender to check before anything leaves: the same scope and restriction
    rules as `create_share` (the FHIR export's), counted, not built. Checks permissions;
    not audited (creating the package is)."""
    from app.core.fhir import export_scope
    from app.core.fhir.export import permitted_maps

    patient_access(session, Operation.EXPORT_PATIENT, patient_id, clinical=True)
    chosen = sorted({DEMOGRAPHICS, *_sections(sections)})
    maps = permitted_maps(session, chosen, patient_id)
    scope = export_scope(session, [patient_id], since, include_restricted)
    included: dict[str, int] = {}
    withheld: dict[str, int] = {}
    for resource_map in maps:
        before = scope.left_out
        for _ in resource_map.export(session.conn, scope):
            included[resource_map.resource_type] = included.get(
                resource_map.resource_type, 0) + 1
        if scope.left_out > before:
            withheld[resource_map.resource_type] = scope.left_out - before
    return SharePreview(included, withheld)


def share_preview(session: Session, patient_id: str, sections: Collection[str] | None,
                  since: str | None = None) -> dict[str, int]:
    """What a package with these sections would carry, by FHIR resource type."""
    return preview_share(session, patient_id, sections, since).included


@dataclass(frozen=True)
class ConsentCheck:
    """Whether a share needs an override reason, and why (in core's words)."""

    missing: tuple[str, ...]   # sections the patient has not consented to share so
    needs_reason: bool
    message: str


def check_share_consent(session: Session, patient_id: str, *, contact_id: str | None,
                        sections: Collection[str] | None, purpose: str) -> ConsentCheck:
    """The consent rule `create_share` applies, asked before creating (contact_id None:
    a bare key or a passphrase). Not audited; creating the package is."""
    patient_access(session, Operation.EXPORT_PATIENT, patient_id, clinical=True)
    chosen, why = _sections(sections), parse_purpose(purpose)
    if contact_id is None:
        if why == Purpose.PATIENT_REQUEST.value:
            return ConsentCheck((), False, "")
        return ConsentCheck((), True, "Sending to a passphrase or a key outside your "
                            "contacts is for the patient's own request; for this purpose "
                            "give a reason (it is flagged for review).")
    contact = load_contact(session.conn, contact_id)
    if contact is None:
        raise UsageError(f"There is no contact with id {contact_id!r}.")
    missing, _ = _consent(session, patient_id, contact_id, chosen, why)
    if not missing:
        return ConsentCheck((), False, "")
    return ConsentCheck(tuple(missing), True, f"The patient has not consented to sharing "
                        f"{', '.join(missing)} with {contact.name} for {why}. Record the "
                        "consent first, or give a reason (it is flagged for review).")


@dataclass(frozen=True)
class SentShare:
    """A package that left the vault, as its `share.create` entry recorded it."""

    package_id: str
    created: str
    by: str
    recipient: str       # a contact's name, "passphrase", or an age recipient
    sections: tuple[str, ...]
    purpose: str
    expires: str

    def to_json(self) -> dict[str, Any]:
        return {"package_id": self.package_id, "created": self.created, "by": self.by,
                "recipient": self.recipient, "sections": list(self.sections),
                "purpose": self.purpose, "expires": self.expires}


def sent_shares(session: Session, patient_id: str, *, limit: int = 200) -> list[SentShare]:
    """The packages made of one patient's record, newest first, from the audit log (the
    log is where a share is recorded; the package itself never stays in the vault).
    Needs the same access as sharing it; audited `share.list`."""
    patient_access(session, Operation.EXPORT_PATIENT, patient_id, clinical=True)
    found: list[SentShare] = []
    names: dict[str, str] = {}
    for entry in session.audit.entries(patient_id=patient_id, action_prefix="share.create",
                                       newest_first=True, limit=max(1, limit)):
        if entry.action != "share.create":
            continue
        try:
            detail = json.loads(entry.detail or "{}")
        except ValueError:
            detail = {}
        if not isinstance(detail, dict):
            detail = {}
        to = str(detail.get("recipient") or "")
        if to and to not in ("passphrase",) and not to.startswith("age1"):
            if to not in names:
                contact = load_contact(session.conn, to)
                names[to] = contact.name if contact else to
            to = names[to]
        found.append(SentShare(str(entry.target or ""), entry.ts, entry.actor, to,
                               tuple(detail.get("sections") or ()),
                               str(detail.get("purpose") or ""),
                               str(detail.get("expires") or "")))
    session.record("share.list", patient_id=patient_id, detail={"results": len(found)})
    return found
