"""The Bulk export's lines written through templates (app/core/fhir/lines.py) are byte for
byte the JSON of the resources the maps build: on a demo practice with imported and
restricted entries, and on hypothesis-made observation rows that try to fool the
templates (stand-in text in constant columns, falsy values, escapes)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.fhir import apply_import, plan_import, samples
from app.core.fhir.lines import Templates, encode, stand_in_float, stand_in_text
from app.core.fhir.maps import MAPS, ExportScope, ObservationMap
from app.core.records.demo import fill_demo
from app.core.roles import Role
from tests.core.conftest import PracticeVault
from tests.core.fhir.records_seed import seed_patient
from tests.core.records.conftest import signed_in


def test_every_map_writes_the_lines_its_resources_encode_to(practice: PracticeVault,
                                                             tmp_path: Any) -> None:
    with signed_in(practice, Role.OWNER) as owner:
        fill_demo(owner, 25, seed=3)
        seeded = seed_patient(owner)  # restricted entries, pulse oximetry, a panel, notes
        source = samples.write_json(tmp_path / "synthea.json", samples.synthea_bundle(5))
        apply_import(owner, plan_import(owner, [source]))  # kept elements in `extra`
        conn = owner.conn
        templated = 0
        for everything in (False, True):  # restricted ones left out, then named
            named = frozenset({seeded.restricted_condition}) if everything else frozenset()
            for resource_map in MAPS.writers():
                by_dict = ExportScope(None, None, named)
                expected = [(pid, encode(r)) for pid, r in resource_map.export(conn, by_dict)]
                by_line = ExportScope(None, None, named)
                if isinstance(resource_map, ObservationMap):
                    templates = Templates()
                    lines = list(resource_map.export_lines(conn, by_line, templates))
                    templated = len(templates.known)
                else:
                    lines = list(resource_map.export_lines(conn, by_line))
                assert lines == expected
                assert by_line.left_out == by_dict.left_out
                if isinstance(resource_map, ObservationMap):
                    assert any(json.loads(line)["resourceType"] == "Observation"
                               for _, line in expected)
        assert templated > 5  # the templates were used, not only the dict way


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12) | st.sampled_from(
    [stand_in_text(0), stand_in_text(3), repr(stand_in_float(4)), '"\\\n\u2028', "é"])
MAYBE_TEXT = st.none() | st.just("") | TEXT
NUMBER = st.none() | st.sampled_from([0.0, -0.0, stand_in_float(4), 1e300, 5e-324]) \
    | st.floats(allow_nan=False, allow_infinity=False)
CODES = st.sampled_from([("8480-6", "http://loinc.org", "Systolic blood pressure"),
                         ("8462-4", "http://loinc.org", "Diastolic blood pressure"),
                         ("59408-5", "http://loinc.org", "SpO2"),
                         ("2708-6", "http://loinc.org", "Oxygen saturation"),
                         ("8867-4", "http://loinc.org", "Heart rate"),
                         ("4548-4", "http://loinc.org", "HbA1c"), (None, None, "Free text")])


@st.composite
def observation_rows(draw: st.DrawFn, group: str | None) -> tuple[Any, ...]:
    code, system, label = draw(CODES)
    more = draw(st.sampled_from(['[]', '[{"system": "http://snomed.info/sct", "code": "1"}]',
                                 '[{"system": "http://loinc.org", "code": "2708-6"}]']))
    values = {"id": draw(st.sampled_from(["a" * 32, stand_in_text(1), "b1"])),
              "patient_id": draw(st.sampled_from(["p" * 32, "é"])),
              "encounter_id": draw(st.none() | st.just("") | st.just("e" * 32)),
              "restricted": draw(st.sampled_from([0, 0, 0, 1])),
              "created_at": "2024-01-01T00:00:00.000+00:00",
              "updated_at": "2024-01-01T00:00:00.000+00:00",
              "code": code, "code_system": system, "code_text": draw(st.just(label) | TEXT),
              "code_display": draw(st.none() | TEXT), "code_more": more,
              "effective": draw(TEXT), "value": draw(NUMBER), "value_text": draw(MAYBE_TEXT),
              "unit": draw(st.none() | st.sampled_from(["mm[Hg]", "%", ""]) | TEXT),
              "ref_low": draw(NUMBER), "ref_high": draw(NUMBER),
              "interpretation": draw(st.none() | st.sampled_from(["N", "H", "L"])),
              "status": draw(st.sampled_from(["final", "amended"]) | TEXT),
              "category": draw(st.sampled_from(["vital-signs", "laboratory"])),
              "group_id": group, "note": draw(MAYBE_TEXT),
              "extra": draw(st.sampled_from(["{}", "{}", '{"issued": "2024-01-01"}']))}
    return tuple(values[c] for c in ObservationMap.COLUMNS)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.sampled_from([None, "g" * 32, stand_in_text(2)]), st.integers(1, 2))
def test_observation_lines_match_the_dict_way_on_any_row(data: st.DataObject, group: str | None,
                                                         count: int) -> None:
    mapper, templates = ObservationMap(), Templates()
    rows = [data.draw(observation_rows(group)) for _ in range(count if group else 1)]
    line = mapper._line(rows, templates)
    expected = [encode(resource) for _, resource in mapper._resources(rows)]
    if line is not None:
        assert [line] == expected
    # A second row of the same shape fills the same template.
    if line is not None and len(rows) == 1:
        again = (*rows[0][:1], "c" * 32, *rows[0][2:])
        assert [mapper._line([again], templates)] == [
            encode(r) for _, r in mapper._resources([again])]
