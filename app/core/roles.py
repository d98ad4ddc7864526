"""Roles, operations and the one permission matrix that decides every operation.

The matrix says who *may* do what. Cryptography says who *can*: a role that is not in
`COMPARTMENTS_BY_ROLE` for a compartment never receives its key, whatever the matrix says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    ADMIN = "admin"
    CLINICIAN = "clinician"
    RECEPTION = "reception"
    AUDITOR = "auditor"
    EMERGENCY = "emergency"
    # A machine account for the scheduled backup job: back up, verify, test a restore and
    # read the health check, nothing else. It holds the registry key only (every sign-in
    # and backup is written to the audit chain, which lives there), never the clinical one.
    BACKUP = "backup"


class Operation(StrEnum):
    # Users, keys and the vault itself
    USER_LIST = "user.list"
    USER_ADD = "user.add"
    USER_IMPORT = "user.import"   # many accounts from a staff CSV, with temporary passwords
    USER_DISABLE = "user.disable"
    USER_RESET_PASSWORD = "user.reset_password"  # noqa: S105 - an operation name
    USER_CHANGE_ROLE = "user.change_role"
    GRANT_LIST = "grant.list"
    GRANT_APPROVE = "grant.approve"
    GRANT_REJECT = "grant.reject"
    RECOVERY_REGENERATE = "recovery.regenerate"
    KEYS_ROTATE_REGISTRY = "keys.rotate.registry"
    KEYS_ROTATE_CLINICAL = "keys.rotate.clinical"
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
    AUDIT_EXPORT = "audit.export"
    VAULT_VERIFY = "vault.verify"
    BACKUP_CREATE = "backup.create"
    BACKUP_DRILL = "backup.drill"
    HEALTH_VIEW = "health.view"
    # Marking a monitoring flag as looked at; never one's own while someone else may.
    MONITOR_REVIEW = "monitor.review"
    # The compliance statement and Art. 30 record (settings, counts; no clinical text).
    REPORT_SECURITY = "report.security"
    # An encrypted incident evidence package: an audit slice, patient names and counts.
    INCIDENT_EXPORT = "incident.export"
    POLICY_VIEW = "policy.view"
    SETTINGS_VIEW = "settings.view"
    SETTINGS_EDIT = "settings.edit"
    # Registry records
    PATIENT_SEARCH = "patient.search"
    PATIENT_READ = "patient.read"
    PATIENT_WRITE = "patient.write"
    PATIENT_ERASE = "patient.erase"
    # Merging a duplicate record into the one to keep (and undoing it): clinical entries
    # move, so it needs the clinical key and a clinical role.
    PATIENT_MERGE = "patient.merge"
    APPOINTMENT_READ = "appointment.read"
    APPOINTMENT_WRITE = "appointment.write"
    # The practice's opening hours and slot length, which the book follows.
    APPOINTMENT_SETUP = "appointment.setup"
    CONTACT_READ = "contact.read"
    CONTACT_WRITE = "contact.write"
    CONSENT_READ = "consent.read"
    CONSENT_WRITE = "consent.write"
    ACCESS_REPORT = "access.report"
    # Clinical records
    CLINICAL_READ = "clinical.read"
    CLINICAL_WRITE = "clinical.write"
    NOTE_SIGN = "note.sign"
    # Marking any clinical entry entered in error (it stays in the history, marked).
    ENTRY_MARK_ERROR = "entry.error"
    CLINICAL_SEARCH = "clinical.search"
    RESTRICTED_ACCESS = "restricted.access"
    EMERGENCY_REVIEW = "emergency.review"
    # Switching the emergency account on, with a reason. Only that account does it; every
    # other role opens a restricted record with a reason instead (RESTRICTED_ACCESS).
    EMERGENCY_ACTIVATE = "emergency.activate"
    SUMMARY_PRINT = "summary.print"
    EXPORT_PATIENT = "export.patient"   # a sharing package, or one patient's full export
    EXPORT_ALL = "export.all"           # the whole vault's export: the owner only
    SHARE_IMPORT = "share.import"       # open a package in the vault and import it
    # FHIR in and out: demographics (Patient, Consent) need these; clinical resources
    # also need EXPORT_PATIENT to leave and CLINICAL_WRITE to come in.
    FHIR_EXPORT = "fhir.export"
    FHIR_IMPORT = "fhir.import"
    DEMO_FILL = "demo.fill"


_ALL = frozenset(Role)
_O, _A, _C, _R, _U, _E, _B = (Role.OWNER, Role.ADMIN, Role.CLINICIAN, Role.RECEPTION,
                              Role.AUDITOR, Role.EMERGENCY, Role.BACKUP)

PERMISSIONS: Mapping[Operation, frozenset[Role]] = {
    Operation.USER_LIST: frozenset({_O, _A, _U}),
    Operation.USER_ADD: frozenset({_O, _A}),
    Operation.USER_IMPORT: frozenset({_O, _A}),
    Operation.USER_DISABLE: frozenset({_O, _A}),
    Operation.USER_RESET_PASSWORD: frozenset({_O, _A}),
    # Within RESETTABLE_BY: an admin moves accounts between clinician and reception only.
    Operation.USER_CHANGE_ROLE: frozenset({_O, _A}),
    Operation.GRANT_LIST: frozenset({_O, _A, _C, _U}),
    # Approving means sealing the clinical key to someone: only its clinical holders.
    Operation.GRANT_APPROVE: frozenset({_O, _C}),
    # Turning a request down is the same decision, so it is theirs too.
    Operation.GRANT_REJECT: frozenset({_O, _C}),
    # The recovery key is the owner's way back in; only the owner replaces it.
    Operation.RECOVERY_REGENERATE: frozenset({_O}),
    Operation.KEYS_ROTATE_REGISTRY: frozenset({_O, _A}),
    Operation.KEYS_ROTATE_CLINICAL: frozenset({_O}),
    Operation.AUDIT_READ: frozenset({_O, _U}),
    Operation.AUDIT_VERIFY: frozenset({_O, _A, _U}),
    Operation.AUDIT_EXPORT: frozenset({_O, _U}),
    # The backup account (_B) gets exactly these four and policy.view: what a nightly job
    # needs to back up, check the copy, test a restore and report the vault's health.
    Operation.VAULT_VERIFY: frozenset({_O, _A, _U, _B}),
    Operation.BACKUP_CREATE: frozenset({_O, _A, _B}),
    # A restore drill reads a whole backup with the session's keys, as backup does.
    Operation.BACKUP_DRILL: frozenset({_O, _A, _B}),
    # The health check names accounts, backups and weak slots: the owner and the auditor,
    # and the backup job that reports it to IT.
    Operation.HEALTH_VIEW: frozenset({_O, _U, _B}),
    # Those who read the flags review them: the owner and the auditor.
    Operation.MONITOR_REVIEW: frozenset({_O, _U}),
    # What an inspector is shown: the owner and the auditor, like the health check.
    Operation.REPORT_SECURITY: frozenset({_O, _U}),
    # The package names patients and holds an audit slice: those who may read the log.
    Operation.INCIDENT_EXPORT: frozenset({_O, _U}),
    Operation.POLICY_VIEW: _ALL,
    Operation.SETTINGS_VIEW: frozenset({_O, _A, _U}),
    Operation.SETTINGS_EDIT: frozenset({_O}),
    Operation.PATIENT_SEARCH: frozenset({_O, _A, _C, _R, _U, _E}),
    Operation.PATIENT_READ: frozenset({_O, _A, _C, _R, _E}),
    Operation.PATIENT_WRITE: frozenset({_O, _A, _C, _R}),
    Operation.PATIENT_ERASE: frozenset({_O}),
    Operation.PATIENT_MERGE: frozenset({_O, _C}),
    Operation.APPOINTMENT_READ: frozenset({_O, _A, _C, _R}),
    Operation.APPOINTMENT_WRITE: frozenset({_O, _A, _C, _R}),
    # Running the practice, not a patient's care: the owner and the practice manager.
    Operation.APPOINTMENT_SETUP: frozenset({_O, _A}),
    Operation.CONTACT_READ: frozenset({_O, _A, _C, _R}),
    Operation.CONTACT_WRITE: frozenset({_O, _A, _C, _R}),
    Operation.CONSENT_READ: frozenset({_O, _A, _C, _R}),
    Operation.CONSENT_WRITE: frozenset({_O, _C, _R}),
    Operation.ACCESS_REPORT: frozenset({_O, _A, _U}),
    Operation.CLINICAL_READ: frozenset({_O, _C, _E}),
    Operation.CLINICAL_WRITE: frozenset({_O, _C}),
    Operation.NOTE_SIGN: frozenset({_O, _C}),
    Operation.ENTRY_MARK_ERROR: frozenset({_O, _C}),
    Operation.CLINICAL_SEARCH: frozenset({_O, _C}),
    Operation.RESTRICTED_ACCESS: frozenset({_O, _C, _E}),
    Operation.EMERGENCY_REVIEW: frozenset({_O, _C}),  # never one's own (emergency.py)
    Operation.EMERGENCY_ACTIVATE: frozenset({_E}),
    Operation.SUMMARY_PRINT: frozenset({_O, _C}),
    Operation.EXPORT_PATIENT: frozenset({_O, _C}),
    Operation.EXPORT_ALL: frozenset({_O}),
    Operation.SHARE_IMPORT: frozenset({_O, _C}),
    Operation.FHIR_EXPORT: frozenset({_O, _A, _C, _R}),
    Operation.FHIR_IMPORT: frozenset({_O, _A, _C, _R}),
    Operation.DEMO_FILL: frozenset({_O}),
}

COMPARTMENTS_BY_ROLE: Mapping[Role, frozenset[str]] = {
    Role.OWNER: frozenset({"registry", "clinical"}),
    Role.CLINICIAN: frozenset({"registry", "clinical"}),
    Role.EMERGENCY: frozenset({"registry", "clinical"}),
    Role.ADMIN: frozenset({"registry"}),
    Role.RECEPTION: frozenset({"registry"}),
    Role.AUDITOR: frozenset({"registry"}),
    Role.BACKUP: frozenset({"registry"}),
}

# Roles the owner or an admin may hand out; there is exactly one owner per vault.
ASSIGNABLE_ROLES = (Role.ADMIN, Role.CLINICIAN, Role.RECEPTION, Role.AUDITOR, Role.EMERGENCY,
                    Role.BACKUP)


# Separation of duties for password resets: a reset hands the account to whoever chose
# the new password, so only a role that outranks the target's may do it. The owner is
# reset only with the recovery key; the auditor and the emergency account (a sealed
# break-glass secret) only by the owner, so an admin cannot become the one who checks
# admins, nor open the clinical compartment.
RESETTABLE_BY: Mapping[Role, frozenset[Role]] = {
    Role.OWNER: frozenset({Role.ADMIN, Role.CLINICIAN, Role.RECEPTION, Role.AUDITOR,
                           Role.EMERGENCY, Role.BACKUP}),
    # The backup account can do less than the admin who resets it.
    Role.ADMIN: frozenset({Role.CLINICIAN, Role.RECEPTION, Role.BACKUP}),
}


# Everything the backup account may do (roles.PERMISSIONS grants it exactly these).
BACKUP_JOB_OPERATIONS = frozenset({Operation.BACKUP_CREATE, Operation.BACKUP_DRILL,
                                   Operation.VAULT_VERIFY, Operation.HEALTH_VIEW,
                                   Operation.POLICY_VIEW})


def may_reset(actor: Role, target: Role) -> bool:
    return target in RESETTABLE_BY.get(actor, frozenset())


def is_allowed(role: Role, operation: Operation) -> bool:
    return role in PERMISSIONS[operation]


def may_hold(role: Role, compartment: str) -> bool:
    return compartment in COMPARTMENTS_BY_ROLE[role]


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(r.value for r in Role)
        raise ValueError(f"Unknown role {text!r}. Choose one of: {names}.") from None


@dataclass(frozen=True)
class RoleFacts:
    """What a role is, as facts the interfaces put into words: core keeps no role names
    or descriptions in any language; the GUI words these with tr(), the CLI prints ids."""

    role: Role
    assignable: bool             # the owner or an admin may give it (not the owner role)
    compartments: frozenset[str]  # the keys it may ever hold
    operations: frozenset[Operation]

    @property
    def reads_clinical(self) -> bool:
        return Operation.CLINICAL_READ in self.operations

    @property
    def writes_clinical(self) -> bool:
        return Operation.CLINICAL_WRITE in self.operations

    @property
    def manages_users(self) -> bool:
        return Operation.USER_ADD in self.operations

    @property
    def reads_audit(self) -> bool:
        return Operation.AUDIT_READ in self.operations

    @property
    def books_appointments(self) -> bool:
        return Operation.APPOINTMENT_WRITE in self.operations

    @property
    def waits_for_clinical_approval(self) -> bool:
        """A new account of this role gets the clinical key only once a holder approves."""
        return self.assignable and "clinical" in self.compartments

    @property
    def backup_only(self) -> bool:
        """The backup job's account: backups, verification and the health check only."""
        return self.operations <= BACKUP_JOB_OPERATIONS

    @property
    def inert_until_activated(self) -> bool:
        """The emergency account can do nothing until activated with a reason."""
        return Operation.EMERGENCY_ACTIVATE in self.operations


def role_facts(role: Role) -> RoleFacts:
    return RoleFacts(role, role in ASSIGNABLE_ROLES, COMPARTMENTS_BY_ROLE[role],
                     frozenset(op for op, roles in PERMISSIONS.items() if role in roles))
