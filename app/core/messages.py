"""Core's words for people, each under a stable code with named parameters.

Core raises an error with a `Message` (a code and its parameters) beside its English text.
The CLI prints the English; the GUI words the same code in the user's language through
Qt's translations (app/ui/core_messages.py), and shows the English for a code it has no
translation of, so nothing is ever lost. Each English text lives here only: lupdate reads
the QT_TRANSLATE_NOOP marks below (core stays free of Qt: the mark is a plain function of
the same name), and the German catalogue carries their translations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

CONTEXT = "CoreMessages"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks `text` for lupdate under `context`; returns it unchanged."""
    return text


TEXTS: dict[str, str] = {
    "signin.wrong_credentials": QT_TRANSLATE_NOOP(
        "CoreMessages", "The user name or password is not correct."),
    "signin.wrong_recovery_key": QT_TRANSLATE_NOOP(
        "CoreMessages", "That recovery key does not open this vault."),
    "signin.use_password": QT_TRANSLATE_NOOP("CoreMessages", "Unlock with your password."),
    "signin.totp_required": QT_TRANSLATE_NOOP(
        "CoreMessages", "Enter the 6-digit code from your authenticator app."),
    "signin.wrong_totp": QT_TRANSLATE_NOOP(
        "CoreMessages", "That authenticator code is not correct, or was already used. Wait "
        "for the next code."),
    "signin.throttled": QT_TRANSLATE_NOOP(
        "CoreMessages", "Too many failed sign-in attempts. Wait {seconds} seconds and try "
        "again."),
    "signin.no_key": QT_TRANSLATE_NOOP(
        "CoreMessages", "This account holds no key to the vault yet. Ask the owner or an "
        "admin to check its access."),
    "signin.temporary_expired": QT_TRANSLATE_NOOP(
        "CoreMessages", "Your temporary password expired on {date} without being changed. "
        "Ask the vault owner or an admin to reset it (medvault user reset-password), then "
        "sign in and choose your own password."),
    "vault.in_use": QT_TRANSLATE_NOOP(
        "CoreMessages", "Someone is signed in to this vault in another MedVault ({holder}). "
        "Sign out or lock there first (auto-lock does it too); only one signed-in program "
        "may change a vault at a time."),
    "vault.in_use_waited": QT_TRANSLATE_NOOP(
        "CoreMessages", "Someone is signed in to this vault in another MedVault ({holder}). "
        "MedVault waited {seconds} s for it to sign out or lock. Sign out or lock there "
        "first (auto-lock does it too); only one signed-in program may change a vault at a "
        "time."),
    "password.unusable": QT_TRANSLATE_NOOP(
        "CoreMessages", "This password cannot be used. {problems}"),
    "password.too_short": QT_TRANSLATE_NOOP(
        "CoreMessages", "Use at least {count} characters."),
    "password.common": QT_TRANSLATE_NOOP(
        "CoreMessages", "This is one of the most common passwords. Choose something else."),
    "password.repetitive": QT_TRANSLATE_NOOP(
        "CoreMessages", "Avoid repeating the same few characters. Choose something else."),
    "password.from_names": QT_TRANSLATE_NOOP(
        "CoreMessages", "Do not build the password from your user name or the vault name."),
    # role
    "role.owner": QT_TRANSLATE_NOOP("CoreMessages", "owner"),
    "role.admin": QT_TRANSLATE_NOOP("CoreMessages", "admin"),
    "role.clinician": QT_TRANSLATE_NOOP("CoreMessages", "clinician"),
    "role.reception": QT_TRANSLATE_NOOP("CoreMessages", "reception"),
    "role.auditor": QT_TRANSLATE_NOOP("CoreMessages", "auditor"),
    "role.emergency": QT_TRANSLATE_NOOP("CoreMessages", "emergency"),
    "role.backup": QT_TRANSLATE_NOOP("CoreMessages", "backup"),
    # compartment
    "compartment.clinical": QT_TRANSLATE_NOOP("CoreMessages", "clinical"),
    "compartment.registry": QT_TRANSLATE_NOOP("CoreMessages", "registry"),
    # thing
    "thing.record": QT_TRANSLATE_NOOP("CoreMessages", "patient's record"),
    "thing.note": QT_TRANSLATE_NOOP("CoreMessages", "note"),
    "thing.document": QT_TRANSLATE_NOOP("CoreMessages", "document"),
    # perm
    "perm.role_denied": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Your role ({role}) does not allow this ({operation}). Ask the vault owner if "
        "you need it."),
    "perm.emergency_inactive": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The emergency account must be activated with a reason before use."),
    "perm.emergency_activate_only": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Only the emergency account is activated this way. To open a restricted "
        "record, give a reason when opening it."),
    "perm.no_clinical_key": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Your account holds no key to clinical records. If your role should have it, "
        "ask a clinical key holder to approve your grant (medvault grant approve)."),
    "perm.restricted": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This {what} is restricted. To open it, give a reason (break-glass): the "
        "access is time-limited, flagged and reviewed by the vault owner."),
    # users
    "users.owner_not_disabled": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The owner account cannot be disabled."),
    "users.not_self_disable": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "You cannot disable your own account."),
    "users.owner_role_fixed": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The owner cannot be given another role: a vault keeps its one owner, who "
        "holds the recovery key."),
    "users.not_own_role": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Nobody changes their own role. Ask the vault owner."),
    "users.one_owner": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A vault has exactly one owner; choose another role."),
    "users.role_not_above": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A {actor} cannot move an account from {old} to {new}: only a role above both "
        "may. Ask the vault owner."),
    "users.owner_reset_by_recovery": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The owner's password is reset with the recovery key (medvault recover), not "
        "by another user."),
    "users.reset_not_above": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A {actor} cannot reset the password of a {role} account: only a role above "
        "it may. Ask the vault owner."),
    # grants
    "grants.no_key": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "You do not hold the {compartment} key, so you cannot grant it."),
    # names
    "names.not_utf8": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A user name must be valid text; this one has bytes that are not UTF-8."),
    "names.length": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A user name is 1 to {limit} characters."),
    "names.invisible": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A user name may not contain control, invisible or direction-changing "
        "characters (found U+{char} at position {position})."),
    "names.slashes": QT_TRANSLATE_NOOP("CoreMessages", "A user name may not contain slashes."),
    "names.marks": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A user name may not start with or stack accent marks."),
    "names.taken": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "There is already a user called {name!r}. Pick another name."),
    "names.confusable": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The name {name!r} looks too much like the existing user {clash!r}; someone "
        "reading the audit log could mistake one for the other. Pick a clearly "
        "different name."),
    # notes
    "notes.hidden_draft": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This note is another person's unsigned draft; only its author sees it until "
        "it is signed."),
    "notes.author_only": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Only the author of a draft can change or sign it."),
    "notes.signed_fixed": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This note is signed and never changes. Write an amendment."),
    "notes.empty_unsigned": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "An empty note cannot be signed."),
    "notes.draft_edited": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A draft is edited directly; only signed notes are amended."),
    "notes.empty_amendment": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "An empty amendment cannot be signed."),
    "notes.too_long": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This note is longer than a million characters; split it or attach it as a "
        "document."),
    # patients
    "patients.need_name": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A patient needs a family name or a given name."),
    "patients.possible_duplicate": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This may be a patient already in the vault: {names}. Open the existing record, "
        "or confirm that this is a different person."),
    "patients.candidate_born": QT_TRANSLATE_NOOP("CoreMessages", "{name}, born {born}"),
    "patients.candidates": QT_TRANSLATE_NOOP("CoreMessages", "{first}; {rest}"),
    "patients.bad_email": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{email!r} is not an email address."),
    "patients.mrn_taken": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Another patient already has the MRN {mrn}."),
    # appointments
    "appointments.end_after_start": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "An appointment must end after it starts."),
    "appointments.reason_too_long": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Keep the reason for the visit under 500 characters."),
    "appointments.closed": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This appointment is {status}; book a new one instead."),
    "appointments.conflict": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This overlaps {count} other appointment(s), the first from {start} to {end} "
        "UTC on {day}. Choose another time, or book it as a double booking."),
    # consent
    "consent.no_sections": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Say which sections the consent covers."),
    "consent.end_after_start": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A consent must end after it starts."),
    "consent.withdrawn_already": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This consent was already withdrawn at {when}."),
    # documents
    "documents.too_large": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This file is {size} MiB; documents are limited to {limit} MiB."),
    "documents.unknown_type": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Only PDF, PNG and JPEG files can be stored, and this file's content is none "
        "of them (whatever its name says)."),
    "documents.type_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The file was described as {described}, but its content is {sniffed}. Check "
        "that it is the file you meant."),
    "documents.need_title": QT_TRANSLATE_NOOP("CoreMessages", "Give the document a title."),
    # contacts
    "contacts.need_name": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A contact needs a name (up to 200 characters)."),
    "contacts.not_age_key": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "That is not an age public key (it starts with age1)."),
    "contacts.no_key": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This contact has no public key to verify."),
    "contacts.fingerprints_differ": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The fingerprints differ. Do not use this key; ask the contact to send it "
        "again by another channel."),
    # ranges
    "ranges.not_number": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "A reference range bound must be a number."),
    "ranges.order": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The lower reference limit must be below the upper one."),
    # review
    "review.own_emergency": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Nobody may review their own emergency access: ask another holder of the "
        "clinical key ({others}) to review it."),
    "review.emergency_needs_key": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Reviewing emergency access needs the clinical key: what was opened is "
        "clinical. Ask a holder of the clinical key to review it."),
    "review.own_flag": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Nobody may review a flag about their own access: ask {others} to review it."),
    # notice
    "notice.password_reset": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Your password was reset by {who} ({role}) at {at}. If you did not ask for "
        "this, tell the vault owner now: someone may have signed in as you."),
    "notice.someone": QT_TRANSLATE_NOOP("CoreMessages", "someone"),
    "notice.unknown_role": QT_TRANSLATE_NOOP("CoreMessages", "unknown role"),
    "notice.unknown_time": QT_TRANSLATE_NOOP("CoreMessages", "an unknown time"),
    "notice.rearm_pending": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The emergency account was activated at {at}. Until you {steps}, it cannot be "
        "used again."),
    # rearm
    "rearm.rotate": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "rotate the clinical key (medvault keys rotate --compartment clinical)"),
    "rearm.new_password": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "set a new emergency password (medvault user reset --name NAME), print it and "
        "seal it in the safe"),
    "rearm.both": QT_TRANSLATE_NOOP("CoreMessages", "{first} and {second}"),
    # perm
    "perm.rearm_pending": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The emergency account was last activated at {at}, and its secrets count as "
        "spent. The owner must first {steps}."),
    # readonly
    "readonly.failures_waiting": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{count} failed sign-in(s) wait to be written into the audit log at the next "
        "sign-in where the vault can be written."),
    "readonly.intents_waiting": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "{count} security change(s) still owe their audit entries; they are written "
        "at the next sign-in where the vault can be written."),
    "readonly.signer_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "vault.json names a different signing key for your account than your key slot "
        "holds: someone may have replaced it. Open the vault where it can be written "
        "to put yours back (and have that recorded)."),
    # grants
    "grants.role_never_holds": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "The {role} role never receives the {compartment} key. This grant names a "
        "user whose role was changed outside MedVault; the refusal is flagged for the "
        "owner. Check the vault (medvault verify) and the audit log."),
    # recovery
    "recovery.no_slot": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "This account has no recovery slot to replace. Check the vault with `medvault "
        "verify`; the refusal is flagged for review."),
    # rotation
    "rotation.no_key": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "You do not hold the {compartment} key, so you cannot rotate it."),
    # users (more)
    "users.personal_single_owner": QT_TRANSLATE_NOOP(
        "CoreMessages", "A personal vault has a single owner. Family members are added as "
        "patients, not as users."),
    "users.role_not_given": QT_TRANSLATE_NOOP(
        "CoreMessages", "The {role} role cannot be given; a vault has one owner."),
    "users.emergency_role_fixed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The emergency account is a break-glass account of its own: add or "
        "disable one instead of changing a role to or from it."),
    "users.backup_role_fixed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The backup account is a scheduled job's account of its own: add or "
        "disable one instead of changing a role to or from it."),
    "users.disabled": QT_TRANSLATE_NOOP("CoreMessages", "{name} is disabled."),
    "users.has_role": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name} already has the {role} role."),
    # settings
    "settings.lab_units": QT_TRANSLATE_NOOP(
        "CoreMessages", "Laboratory units are si (mmol/L) or conventional (mg/dL)."),
    "settings.idle_lock_min": QT_TRANSLATE_NOOP(
        "CoreMessages", "The idle lock needs at least one minute."),
    "settings.idle_lock_max": QT_TRANSLATE_NOOP(
        "CoreMessages", "The idle lock can be at most {limit} minutes here; choose {limit} or "
        "fewer. Nothing was changed."),
    "settings.clipboard_range": QT_TRANSLATE_NOOP(
        "CoreMessages", "The clipboard can be cleared after {least} to {most} seconds here. "
        "Nothing was changed."),
    # entries
    "entries.error_reason_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "Say why the entry was entered in error (a few words, e.g. \"wrong "
        "patient\"); it stays with the entry."),
    "entries.error_reason_long": QT_TRANSLATE_NOOP(
        "CoreMessages", "Keep the reason under {limit} characters."),
    "entries.already_in_error": QT_TRANSLATE_NOOP(
        "CoreMessages", "This entry was already marked entered in error at {when}."),
    "entries.draft_not_record": QT_TRANSLATE_NOOP(
        "CoreMessages", "A draft is not part of the record yet: discard it instead."),
    "entries.current_allergy": QT_TRANSLATE_NOOP(
        "CoreMessages", "This patient has a current allergy recorded ({allergy}); mark it "
        "resolved or entered in error first."),
    "entries.current_medication": QT_TRANSLATE_NOOP(
        "CoreMessages", "This patient has a current medication recorded ({medication}); "
        "stop it first."),
    "entries.observation_value": QT_TRANSLATE_NOOP(
        "CoreMessages", "An observation needs a value (a number, or text for a non-numeric "
        "result)."),
    "entries.blood_pressure_pair": QT_TRANSLATE_NOOP(
        "CoreMessages", "A blood pressure needs both systolic and diastolic values."),
    "entries.loinc_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "{loinc} is not a LOINC code: write it as digits, a hyphen and a check "
        "digit, e.g. 2345-7."),
    "entries.loinc_check_digit": QT_TRANSLATE_NOOP(
        "CoreMessages", "The LOINC code {loinc} has a wrong check digit (it would be "
        "{expected}); check it was copied right."),
    "entries.ucum_shape": QT_TRANSLATE_NOOP(
        "CoreMessages", "{unit} is not a UCUM unit (e.g. mg/dL, mmol/L, 10*3/uL, [IU]/L); no "
        "spaces, at most 30 characters."),
    # dates
    "dates.not_a_date": QT_TRANSLATE_NOOP(
        "CoreMessages", "{text} is not a date; write it as YYYY-MM-DD or DD.MM.YYYY."),
    "dates.birth_in_future": QT_TRANSLATE_NOOP(
        "CoreMessages", "A birth date cannot be in the future."),
    # packages (opening one from someone)
    "package.too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package is larger than {mib} MiB; MedVault will not open it."),
    "package.unpacks_too_large": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package unpacks to more than {mib} MiB."),
    "package.not_medvault": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package has no manifest or no signature; it is not a MedVault "
        "sharing package."),
    "package.manifest_unreadable": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package's manifest is unreadable: {problem}."),
    "package.signature_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package's signature does not match its manifest: it was changed "
        "after the sender signed it. Nothing was imported."),
    "package.files_missing": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package is missing files its manifest lists: {files}."),
    "package.files_unlisted": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package holds files its manifest does not list: {files}."),
    "package.file_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The file {name} in the package does not match its manifest: it was "
        "changed after signing."),
    "package.passphrase_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package was re-encrypted after it was signed (its passphrase is not "
        "the one the sender used). Refused."),
    "package.recipient_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package was re-encrypted to someone it was not signed for: your key "
        "is not among the recipients its sender named. Refused."),
    "package.expired": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package expired on {when}. Ask the sender for a new one, or open it "
        "anyway with an override (the override is audited)."),
    "package.bundle_unreadable": QT_TRANSLATE_NOOP(
        "CoreMessages", "The package's FHIR Bundle is unreadable."),
    "age.keys_not_passphrase": QT_TRANSLATE_NOOP(
        "CoreMessages", "This file is encrypted to public keys, not to a passphrase."),
    "age.wrong_passphrase": QT_TRANSLATE_NOOP(
        "CoreMessages", "The passphrase is wrong (or the file is damaged)."),
    "age.needs_passphrase": QT_TRANSLATE_NOOP(
        "CoreMessages", "This file is encrypted to a passphrase; give the passphrase."),
    "age.not_for_you": QT_TRANSLATE_NOOP(
        "CoreMessages", "This file is not encrypted to your key: it was meant for someone else (or "
        "it is damaged)."),
    "age.header_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The encrypted file's header was changed (its MAC does not match); it is "
        "damaged or tampered with."),
    "age.cut_short": QT_TRANSLATE_NOOP(
        "CoreMessages", "The encrypted file is cut short."),
    "age.chunk_failed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The encrypted file is damaged, cut short or tampered with (a chunk failed "
        "authentication)."),
    "age.empty_last_chunk": QT_TRANSLATE_NOOP(
        "CoreMessages", "The encrypted file ends with an empty chunk (not allowed by the age "
        "format)."),
    "age.not_age": QT_TRANSLATE_NOOP(
        "CoreMessages", "This is not an age-encrypted file (it does not start with "
        "'age-encryption.org/v1')."),
    "age.no_payload": QT_TRANSLATE_NOOP(
        "CoreMessages", "The encrypted file is cut short: its payload is missing."),
    # files, backups, exports and FHIR input
    "files.folder_not_empty": QT_TRANSLATE_NOOP(
        "CoreMessages", "{folder} already exists and is not empty. Choose a new folder."),
    "files.folder_just_taken": QT_TRANSLATE_NOOP(
        "CoreMessages", "{folder} already exists and is not empty (another vault was just created "
        "there). Choose a new folder."),
    "files.no_folder": QT_TRANSLATE_NOOP(
        "CoreMessages", "The folder {folder} does not exist."),
    "files.package_exists": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} already exists; choose a new file name so no earlier package is "
        "overwritten."),
    "files.export_exists": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} already exists; choose a new file name so no earlier export is "
        "overwritten."),
    "files.disk_full_package": QT_TRANSLATE_NOOP(
        "CoreMessages", "The disk holding {folder} is full. No package was written and the vault "
        "is unharmed; free some space and try again."),
    "files.disk_full_export": QT_TRANSLATE_NOOP(
        "CoreMessages", "The disk holding {folder} is full. Nothing was written and the vault is "
        "unharmed; free some space and export again."),
    "vault.own_record_personal": QT_TRANSLATE_NOOP(
        "CoreMessages", "Only a personal vault holds its owner's own record."),
    "vault.no_keychain_workstation": QT_TRANSLATE_NOOP(
        "CoreMessages", "No OS keychain is available, so the workstation factor cannot be used on "
        "this machine."),
    "backup.unreadable": QT_TRANSLATE_NOOP(
        "CoreMessages", "{path} is not a readable MedVault backup ({manifest} is missing or "
        "damaged). Choose another backup."),
    "backup.unsafe_name": QT_TRANSLATE_NOOP(
        "CoreMessages", "The backup at {path} names an unsafe file {name}."),
    "backup.checksum": QT_TRANSLATE_NOOP(
        "CoreMessages", "The backup at {path} is damaged: {name} does not match its "
        "checksum. Choose another backup."),
    "backup.other_vault": QT_TRANSLATE_NOOP(
        "CoreMessages", "That backup belongs to a different vault."),
    "backup.does_not_open": QT_TRANSLATE_NOOP(
        "CoreMessages", "The backup at {path} does not open: it is damaged, or it was made "
        "before a key rotation. Choose another backup."),
    "backup.failed_verification": QT_TRANSLATE_NOOP(
        "CoreMessages", "The backup at {path} failed verification: {problem}"),
    "export.file_changed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The file {name} in the export does not match its manifest: it was changed "
        "after the export was made."),
    "export.not_medvault": QT_TRANSLATE_NOOP(
        "CoreMessages", "This is not a MedVault export (no export.json or export.sig)."),
    "export.manifest_unreadable": QT_TRANSLATE_NOOP(
        "CoreMessages", "The export's manifest is unreadable: {problem}."),
    "export.manifest_malformed": QT_TRANSLATE_NOOP(
        "CoreMessages", "The export's manifest is malformed."),
    "export.signature_mismatch": QT_TRANSLATE_NOOP(
        "CoreMessages", "The export's signature does not match its manifest."),
    "export.files_differ": QT_TRANSLATE_NOOP(
        "CoreMessages", "The export's files differ from its manifest's list."),
    "fhir.cannot_read": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: cannot be read ({reason})."),
    "fhir.not_regular_file": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: not a regular file (a pipe, device or folder)."),
    "fhir.too_large_now": QT_TRANSLATE_NOOP(
        "CoreMessages", "{name}: the file grew past the size limit while it was read."),
    "fhir.too_many_files": QT_TRANSLATE_NOOP(
        "CoreMessages", "More than {count} files to read."),
    "fhir.no_files": QT_TRANSLATE_NOOP(
        "CoreMessages", "There are no .json or .ndjson files to import."),
    "fhir.too_many_resources": QT_TRANSLATE_NOOP(
        "CoreMessages", "More than {count} resources."),
    "fhir.too_much_content": QT_TRANSLATE_NOOP(
        "CoreMessages", "The files hold more than {count} objects and lists in all, more "
        "than one import can hold in memory: import them a few at a time."),
    "fhir.planned_by_other": QT_TRANSLATE_NOOP(
        "CoreMessages", "This import was planned by another user; plan it again."),
    # fhir
    "fhir.clinical_left_out": QT_TRANSLATE_NOOP(
        "CoreMessages",
        "Your role may not bring clinical records in: the clinical resources of this "
        "import were left out."),
}


class Moment(str):
    """A stored date or time (ISO 8601, UTC) as a message parameter: the English (the CLI,
    logs) shows it as stored, the GUI in the user's time zone and date format."""

    __slots__ = ()


@dataclass(frozen=True)
class Message:
    """One sentence for a person: its code in TEXTS and the values of its parameters. A
    parameter may itself be a Message, or a tuple of them (joined with spaces)."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)

    def english(self) -> str:
        return self.worded(lambda text: text)

    def worded(self, word: Callable[[str], str],
               when: Callable[[Moment], str] = str) -> str:
        """The sentence with `word` applied to each text (a translation, or none) and
        `when` to each date or time."""
        values: dict[str, object] = {}
        for name, value in self.params.items():
            if isinstance(value, Message):
                value = value.worded(word, when)
            elif isinstance(value, tuple) and all(isinstance(v, Message) for v in value):
                value = " ".join(v.worded(word, when) for v in value)
            elif isinstance(value, Moment):
                value = when(value)
            values[name] = value
        return word(TEXTS[self.code]).format(**values)


def word(kind: str, value: str) -> Message | str:
    """An id (a role, a compartment, a kind of record) as a word in a sentence, coded
    `kind.value`; an id no code knows stays as it is."""
    code = f"{kind}.{value}"
    return Message(code) if code in TEXTS else value


def message(code: str, **params: object) -> Message:
    if code not in TEXTS:
        raise KeyError(f"no core message {code!r}")
    return Message(code, params)
