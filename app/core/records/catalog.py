"""Common vital signs and laboratory tests: LOINC codes, UCUM units, adult reference ranges.

Used to file vitals with the right codes (so charts and FHIR exports agree) and by the
demo generator. The ranges are typical adult ones, for flagging and charting only; a lab's
own report is what counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.records.codes import CodeSystem, Concept


@dataclass(frozen=True)
class Measure:
    key: str
    loinc: str
    name: str
    unit: str
    low: float | None
    high: float | None
    category: str  # FHIR observation category: vital-signs or laboratory

    @property
    def concept(self) -> Concept:
        return Concept.of(self.name, CodeSystem.LOINC, self.loinc, self.name)


BLOOD_PRESSURE_PANEL = Measure("bp", "85354-9", "Blood pressure panel", "", None, None,
                               "vital-signs")

VITALS: dict[str, Measure] = {m.key: m for m in (
    Measure("systolic", "8480-6", "Systolic blood pressure", "mm[Hg]", 90, 120, "vital-signs"),
    Measure("diastolic", "8462-4", "Diastolic blood pressure", "mm[Hg]", 60, 80,
            "vital-signs"),
    Measure("heart_rate", "8867-4", "Heart rate", "/min", 60, 100, "vital-signs"),
    Measure("resp_rate", "9279-1", "Respiratory rate", "/min", 12, 20, "vital-signs"),
    Measure("temperature", "8310-5", "Body temperature", "Cel", 36.1, 37.5, "vital-signs"),
    Measure("spo2", "59408-5", "Oxygen saturation (pulse oximetry)", "%", 95, 100,
            "vital-signs"),
    Measure("weight", "29463-7", "Body weight", "kg", None, None, "vital-signs"),
    Measure("height", "8302-2", "Body height", "cm", None, None, "vital-signs"),
    Measure("bmi", "39156-5", "Body mass index", "kg/m2", 18.5, 25, "vital-signs"),
)}

LABS: dict[str, Measure] = {m.key: m for m in (
    Measure("hba1c", "4548-4", "Hemoglobin A1c", "%", 4.0, 5.6, "laboratory"),
    Measure("glucose", "2345-7", "Glucose", "mg/dL", 70, 99, "laboratory"),
    Measure("cholesterol", "2093-3", "Cholesterol, total", "mg/dL", None, 200, "laboratory"),
    Measure("hdl", "2085-9", "HDL cholesterol", "mg/dL", 40, None, "laboratory"),
    Measure("ldl", "13457-7", "LDL cholesterol (calculated)", "mg/dL", None, 100,
            "laboratory"),
    Measure("creatinine", "2160-0", "Creatinine", "mg/dL", 0.6, 1.3, "laboratory"),
    Measure("hemoglobin", "718-7", "Hemoglobin", "g/dL", 12.0, 17.5, "laboratory"),
    Measure("tsh", "3016-3", "Thyrotropin (TSH)", "m[IU]/L", 0.4, 4.0, "laboratory"),
    Measure("potassium", "2823-3", "Potassium", "mmol/L", 3.5, 5.1, "laboratory"),
    Measure("sodium", "2951-2", "Sodium", "mmol/L", 135, 145, "laboratory"),
)}
