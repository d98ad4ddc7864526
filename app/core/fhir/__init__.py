"""FHIR R4 (4.0.1) in and out: the public API other modules (sharing, the CLI, the GUI)
build on. No Qt here.

Out: `build_patient_bundle`, `write_bundle`, `write_bulk`, `iter_resources` (with
`export_scope` for callers that write their own files).
In: `plan_import` -> `ImportPlan` (preview, `choose`), then `apply_import`.
Reading outside JSON: `reader.read_file` / `read_text` with `Limits`.
Maps, one per resource type: `maps.MAPS`.
"""

from app.core.fhir.export import (
    ExportResult,
    build_patient_bundle,
    export_scope,
    exportable_sections,
    iter_resources,
    write_bulk,
    write_bundle,
)
from app.core.fhir.importer import (
    ImportPlan,
    ImportReport,
    apply_import,
    import_files,
    plan_import,
    provenance_for,
)
from app.core.fhir.maps import ExportScope
from app.core.fhir.reader import DEFAULT_LIMITS, FhirInputError, Limits

__all__ = ["DEFAULT_LIMITS", "ExportResult", "ExportScope", "FhirInputError", "ImportPlan",
           "ImportReport", "Limits", "apply_import", "build_patient_bundle", "export_scope",
           "exportable_sections", "import_files", "iter_resources", "plan_import",
           "provenance_for", "write_bulk", "write_bundle"]
