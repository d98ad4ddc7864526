"""The bounded reader: every limit holds before work, bad input is reported in place, and
hypothesis finds no input that makes the reader or the mappers raise."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.fhir.common import Unmapped
from app.core.fhir.importer import version_problem
from app.core.fhir.maps import MAPS, read_document_reference
from app.core.fhir.reader import (
    FhirInputError,
    Item,
    Limits,
    check_file,
    read_file,
    read_text,
)
from app.core.strict_json import BoundedDecoder, JsonBounds, StrictJsonError


def _items(text: str, **limits: Any) -> list[Item]:
    return list(read_text(text, limits=Limits(**limits)))


def _errors(text: str, **limits: Any) -> list[str]:
    return [i.error for i in _items(text, **limits) if i.error]


def test_a_bundle_is_streamed_entry_by_entry_with_full_urls() -> None:
    bundle = {"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": f"urn:uuid:{n}", "resource": {"resourceType": "Patient", "id": str(n)},
         "request": {"method": "POST", "url": "Patient"}} for n in range(3)]}
    items = _items(json.dumps(bundle))
    assert [(i.where, i.full_url, i.request_method) for i in items] == [
        ("entry 1", "urn:uuid:0", "POST"), ("entry 2", "urn:uuid:1", "POST"),
        ("entry 3", "urn:uuid:2", "POST")]


def test_the_bundle_is_never_held_whole(tmp_path: Path) -> None:
    """With a value limit far below the file size, a large Bundle still reads: only one
    entry at a time is decoded."""
    entry = {"resource": {"resourceType": "Observation", "note": [{"text": "x" * 2000}]}}
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection",
                                "entry": [entry] * 2000}))
    assert path.stat().st_size > 4_000_000
    items = list(read_file(path, Limits(max_value_chars=64_000)))
    assert len(items) == 2000 and not any(i.error for i in items)


def test_ndjson_lines_are_independent() -> None:
    text = '{"resourceType":"Patient","id":"a"}\n{broken\n{"resourceType":"Patient","id":"b"}\n'
    items = _items(text)
    assert [(i.where, bool(i.error)) for i in items] == [("file", False), ("line 2", True),
                                                          ("line 3", False)]


@pytest.mark.parametrize(("text", "message"), [
    ('{"resourceType":"Patient","x":NaN}', "NaN is not a number"),
    ('{"resourceType":"Patient","x":Infinity}', "Infinity is not a number"),
    ('{"resourceType":"Patient","x":-Infinity}', "Infinity is not a number"),
    ('{"resourceType":"Patient","x":1e400}', "too large"),
    ('{"resourceType":"Patient","x":' + "9" * 5000 + "}", "digits"),
    ('{"resourceType":"Patient","a":1,"a":2}', "appears twice"),
    ('{"resourceType":"Bundle","type":"x","type":"y","entry":[]}', "appears twice"),
    ('{"a":' * 65 + "1" + "}" * 65, "nested more than 64"),
    ('{"resourceType":"Patient","x":' + "[" * 100 + "]" * 100 + "}", "nested more than 64"),
    ("[" * 100_000 + "]" * 100_000, "expected a JSON object"),
    ('{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":'
     '"Patient"}}', "cut short"),
    ("", "empty"),
    ("\ufeff\ufeff{}", "expected a JSON object"),  # one byte-order mark is dropped, not two
])
def test_hostile_json_is_refused_with_a_clear_message(text: str, message: str) -> None:
    errors = _errors(text)
    assert errors and message in errors[0], errors


def test_string_and_value_limits() -> None:
    long = '{"resourceType":"Patient","x":"' + "a" * 200 + '"}'
    assert "200 characters" in _errors(long, max_string_chars=100)[0]
    listed = '{"resourceType":"Patient","x":["' + "a" * 200 + '"]}'
    assert "200 characters" in _errors(listed, max_string_chars=100)[0]
    assert "larger than" in _errors('{"resourceType":"Patient","x":"' + "a" * 3_000_000
                                    + '"}', max_value_chars=2 * 1024 * 1024)[0]


def test_the_file_limit_and_non_files_are_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * 2048)
    with pytest.raises(FhirInputError, match="limit for one file"):
        check_file(path, Limits(max_file_bytes=1024))
    with pytest.raises(FhirInputError, match="not a regular file"):
        check_file(tmp_path, Limits())
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(FhirInputError, match="not a regular file"):
        list(read_file(fifo))
    assert Limits().max_file_bytes >= 512 * 1024 * 1024
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"resourceType":"Patient","name":[{"family":"Müller"}]}'.encode(
        "latin-1"))
    assert "not UTF-8" in (next(iter(read_file(latin))).error or "")


def test_other_fhir_versions_get_their_own_message() -> None:
    assert "R5" in (version_problem({"resourceType": "SubscriptionTopic"}) or "")
    assert "DSTU2" in (version_problem({"resourceType": "MedicationOrder"}) or "")
    assert "DSTU2/STU3" in (version_problem({"resourceType": "Condition",
                                             "clinicalStatus": "active"}) or "")
    assert "R5" in (version_problem({"resourceType": "Encounter", "class": [{}]}) or "")
    assert version_problem({"resourceType": "Condition", "clinicalStatus": {}}) is None


# -- fuzzing ---------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=30)
TYPES = ["Patient", "Observation", "Condition", "MedicationStatement", "MedicationRequest",
         "AllergyIntolerance", "Immunization", "Encounter", "DocumentReference", "Consent",
         "Bundle", "DiagnosticReport", 7, None]
KEYS = ["code", "subject", "patient", "valueQuantity", "component", "effectiveDateTime",
        "status", "category", "name", "birthDate", "identifier", "referenceRange",
        "interpretation", "dosage", "reaction", "content", "period", "class", "type",
        "clinicalStatus", "onsetDateTime", "note", "extension", "telecom", "address",
        "contact", "vaccineCode", "protocolApplied", "medicationCodeableConcept",
        "verificationStatus", "severity", "meta", "valueString", "gender", "coding",
        "system", "value", "unit", "text", "id"]


@st.composite
def resources(draw: st.DrawFn) -> dict[str, Any]:
    shaped = st.dictionaries(st.sampled_from(KEYS), JSON_VALUES, max_size=8)
    resource: dict[str, Any] = draw(shaped)
    resource["resourceType"] = draw(st.sampled_from(TYPES))
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=3)):
        resource[key] = draw(st.sampled_from([
            {"coding": [{"system": "http://loinc.org", "code": draw(st.sampled_from(
                ["85354-9", "55284-4", "8480-6", "8462-4", "59408-5", "x"]))}]},
            {"value": draw(JSON_VALUES), "unit": draw(st.text(max_size=5))},
            [{"code": {"coding": [{"system": "http://loinc.org", "code": "8480-6"}]},
              "valueQuantity": {"value": draw(JSON_VALUES)}}],
            [{"attachment": {"data": draw(st.text(max_size=12)),
                             "contentType": draw(st.sampled_from(["text/plain", "x"]))}}],
            draw(st.text(max_size=30))]))
    return resource


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_reader_with_bytes_never_raises(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    for item in read_text(text, limits=Limits(max_value_chars=4096, max_string_chars=256)):
        assert (item.error is None) != (item.resource is None) or item.error


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(JSON_VALUES, max_size=3), st.integers(0, 3))
def test_fuzz_reader_with_json_shapes_never_raises(values: list[Any], wrap: int) -> None:
    if wrap == 0:
        text = "\n".join(json.dumps(v) for v in values)
    elif wrap == 1:
        text = json.dumps({"resourceType": "Bundle", "type": "batch",
                           "entry": [{"resource": v} for v in values]})
    elif wrap == 2:
        text = json.dumps({"resourceType": "Bundle", "entry": values})
    else:
        text = json.dumps(values)[: max(1, len(json.dumps(values)) // 2)]
    list(read_text(text, limits=Limits(max_value_chars=4096)))


# JSON text as written by a stranger: duplicate keys (three key names), long and huge
# numbers, NaN, escapes, long strings, nesting. Hostile scalars are one in eight, so most
# objects get as far as their keys.
HOSTILE_TEXTS = st.sampled_from([
    "1e400", "-1e400", "9" * 45, "-" + "9" * 40, "1." + "0" * 45, "NaN", "Infinity",
    '"' + "y" * 30 + '"', '"\\u003a:"', '"{[["'])
BENIGN_TEXTS = st.sampled_from(["1", "-0.5", "0", "true", "null", '"x"']) \
    | st.integers().map(str) | st.floats(allow_nan=False, allow_infinity=False).map(repr) \
    | st.text(max_size=12).map(json.dumps)
SCALAR_TEXTS = st.integers(0, 7).flatmap(lambda n: HOSTILE_TEXTS if n == 0 else BENIGN_TEXTS)
JSON_TEXTS = st.recursive(
    SCALAR_TEXTS,
    lambda children: st.lists(children, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]")
    | st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), children), max_size=4).map(
        lambda pairs: "{" + ",".join(f'"{k}":{v}' for k, v in pairs) + "}"),
    max_leaves=25)


def _outcome(decode: Any, text: str, base_depth: int) -> tuple[Any, ...]:
    try:
        value, end = decode(text, 0, base_depth)
    except (StrictJsonError, json.JSONDecodeError, RecursionError, ValueError) as exc:
        return (type(exc).__name__, str(exc))
    return ("read", value, end)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSON_TEXTS, st.integers(1, 8), st.sampled_from([0, 4, 12, 29, 100, 10_000]),
       st.integers(0, 3), st.booleans())
@example('{"a":"' + "y" * 30 + '"}', 8, 29, 0, False)  # a string just over the limit
@example('["' + "y" * 30 + '"]', 8, 29, 0, False)
@example('{"a":' * 5 + "1" + "}" * 5, 4, 40, 0, False)  # one level too deep
@example('{"a":' * 5 + "1" + "}" * 5, 8, 40, 4, False)  # too deep below the file's top
def test_the_quick_pass_decides_exactly_as_the_full_pass(
        text: str, depth: int, string: int, base: int, cut: bool) -> None:
    """The reader's quick pass (duplicate keys and numbers in hooks, depth and strings
    proved from the text) accepts, refuses and words refusals exactly as the full pass."""
    if cut:
        text = text[: len(text) // 2]  # incomplete or broken JSON
    decoder = BoundedDecoder(JsonBounds(max_depth=depth, max_string_chars=string))
    assert _outcome(decoder.decode, text, base) == _outcome(decoder.full_decode, text, base)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resources())
def test_fuzz_every_mapper_maps_or_says_why(resource: dict[str, Any]) -> None:
    """A mapper either returns entries or raises Unmapped with a reason; nothing else."""
    rtype = resource.get("resourceType")
    resource_map = MAPS.reader(rtype) if isinstance(rtype, str) else None
    if resource_map is None:
        return
    try:
        if rtype == "DocumentReference":
            read_document_reference(resource)
        else:
            resource_map.read(resource)
    except Unmapped as exc:
        assert exc.message


def test_fuzz_found_inputs_stay_fixed() -> None:
    """Inputs that once broke a mapper: each must map or be refused with a reason."""
    for resource in (
        {"resourceType": "Observation", "code": {"coding": [{"system": "http://loinc.org",
                                                             "code": "85354-9"}]},
         "component": [{"valueQuantity": {"value": True}}]},
        {"resourceType": "Patient", "name": [{"given": [1, None]}], "birthDate": 5},
        {"resourceType": "Immunization", "vaccineCode": {"text": "x"},
         "protocolApplied": [{"doseNumberPositiveInt": True}]},
    ):
        resource_map = MAPS.reader(str(resource["resourceType"]))
        assert resource_map is not None
        try:
            resource_map.read(resource)
        except Unmapped as exc:
            assert exc.message


@pytest.mark.parametrize("chunk", [64, 256, 1000])
def test_values_ending_at_the_end_of_the_buffer_are_never_skipped(
        chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """With small chunks, many lines end exactly where the buffer does and the buffer is
    moved while reading on: every line is read once (once ~1 MiB went unread, silently)."""
    from app.core.fhir import reader

    monkeypatch.setattr(reader._Stream, "CHUNK", chunk)
    for pad in (1, 7, 13):
        lines = [json.dumps({"resourceType": "Patient", "id": f"p{i}",
                             "x": "a" * ((i * pad) % 97)}) for i in range(2000)]
        items = list(read_text("\n".join(lines) + "\n"))
        assert [i.resource["id"] for i in items if i.resource] == [f"p{i}" for i in range(2000)]
        assert not [i for i in items if i.error]


def _bundle_text(*entries: str) -> str:
    return ('{"resourceType":"Bundle","type":"collection","entry":[' + ",".join(entries)
            + "]}")


def _good(i: int) -> str:
    return json.dumps({"resource": {"resourceType": "Patient", "id": f"p{i}"}})


@pytest.mark.parametrize("chunk", [3, 16, 1 << 20])
def test_a_refused_entry_is_passed_over_and_the_bundle_read_on(
        chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry that is well-formed JSON but breaks a rule (a duplicate key, a lone
    surrogate, NaN, a number too long) is refused on its own line; the entries after it
    are read, whatever brackets, quotes and escapes its strings hold and wherever the
    buffer ends. Before, the Bundle stopped at the first such entry."""
    from app.core.fhir import reader

    monkeypatch.setattr(reader._Stream, "CHUNK", chunk)
    tricky = json.dumps('}]"{[\\ \\" ]]}')
    text = _bundle_text(
        _good(0),
        '{"resource":{"resourceType":"Patient","x":' + tricky + ',"x":1}}',
        '{"resource":{"resourceType":"Patient","text":"bad \\ud800 half"}}',
        "NaN", "9" * 50,
        '{"resource":{"resourceType":"Patient","x":[' + tricky + ',{"y":NaN}]}}',
        *(_good(i) for i in range(1, 40)))
    items = list(read_text(text))
    assert [i.resource["id"] for i in items if i.resource] == [f"p{i}" for i in range(40)]
    errors = [(i.where, i.error) for i in items if i.error]
    assert [where for where, _ in errors] == [f"entry {n}" for n in range(2, 7)]
    assert "appears twice" in str(errors[0][1]) and "surrogate" in str(errors[1][1])


def test_a_lone_surrogate_is_refused_and_a_pair_is_text() -> None:
    """A lone UTF-16 half (valid JSON, not text) is refused where it is read; before, it
    failed the whole import at the database with "not UTF-8". A pair is one character."""
    lone = _errors('{"resourceType":"Patient","x":"a\\udc00b"}')
    assert lone and "lone UTF-16 surrogate" in lone[0]
    assert "surrogate" in _errors('{"resourceType":"Patient","\\ud800":1}')[0]
    [item] = _items('{"resourceType":"Patient","x":"\\ud83d\\ude00"}')
    assert item.resource is not None and item.resource["x"] == "\U0001f600"


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.text(max_size=40), chunk=st.sampled_from([2, 5, 11, 1 << 20]))
def test_fuzz_skipping_a_refused_entry_never_loses_the_next(
        content: str, chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.fhir import reader

    monkeypatch.setattr(reader._Stream, "CHUNK", chunk)
    bad = ('{"resource":{"resourceType":"Patient","x":' + json.dumps(content)
           + ',"x":' + json.dumps(content) + "}}")
    items = list(read_text(_bundle_text(bad, _good(1), _good(2))))
    assert [i.resource["id"] for i in items if i.resource] == ["p1", "p2"]
    assert [i.where for i in items if i.error] == ["entry 1"]


def test_a_value_of_many_small_objects_is_refused_by_count() -> None:
    """Memory, not only text, is bounded: "{}," is 3 characters and about 100 bytes once
    decoded. A value with more objects and lists than the bound is refused: within what
    was read at once, as a refused entry the Bundle reads past; while it is still being
    read, before the next (larger) attempt decodes more of it."""
    many = '{"resource":{"resourceType":"Patient","extension":[' + ",".join(
        ["{}"] * 3000) + "]}}"
    items = _items(_bundle_text(many, _good(1)), max_value_nodes=2000)
    assert [i.error for i in items] == [
        "one value holds more than 2,000 objects and lists", None]
    assert [i.resource["id"] for i in items if i.resource] == ["p1"]


def test_a_growing_value_is_refused_before_it_is_decoded_again(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.fhir import reader

    monkeypatch.setattr(reader._Stream, "CHUNK", 1024)
    decoded: list[int] = []
    full = reader.BoundedDecoder.decode

    def counting(self: Any, text: str, start: int = 0, base_depth: int = 0) -> Any:
        decoded.append(len(text) - start)
        return full(self, text, start, base_depth)

    monkeypatch.setattr(reader.BoundedDecoder, "decode", counting)
    many = '{"resource":{"resourceType":"Patient","extension":[' + ",".join(
        ["{}"] * 100_000) + "]}}"
    items = _items(_bundle_text(_good(0), many, _good(1)), max_value_nodes=2000)
    assert [i.error for i in items] == [
        None, "one value holds more than 2,000 objects and lists", None]
    # Refused on its own line, and passed over: the entries after it are read.
    assert items[-1].resource is not None and items[-1].resource["id"] == "p1"
    # Attempts double the text read; it stopped once a few KiB held too many.
    assert max(decoded) < 16 * 1024


def test_an_import_holds_a_bounded_number_of_objects_in_all(practice: Any,
                                                            tmp_path: Path) -> None:
    from app.core.errors import UsageError
    from app.core.fhir import plan_import
    from app.core.roles import Role
    from tests.core.records.conftest import signed_in

    lines = [json.dumps({"resourceType": "Patient", "id": f"p{i}",
                         "name": [{"family": "Aaberg", "given": ["Ann"]}],
                         "extension": [{"url": "x"}] * 20}) for i in range(100)]
    path = tmp_path / "a.ndjson"
    path.write_text("\n".join(lines) + "\n")
    with signed_in(practice, Role.CLINICIAN) as doc:
        with pytest.raises(UsageError, match="more than 1,000 objects and lists in all"):
            plan_import(doc, [path, path], limits=Limits(max_total_nodes=1000))
        assert plan_import(doc, [path], limits=Limits(max_total_nodes=100_000)).read == 100


@pytest.mark.parametrize(("text", "expected"), [
    # A broken first NDJSON line is one broken line: the file goes on (it once ended).
    ('{bad json}\n' + _good(1).replace('{"resource": ', "")[:-1] + "\n",
     [("line 1", True), ("line 2", False)]),
    ('{"resourceType":"Patient","a":1,"a":2}\n{"resourceType":"Patient"}\n',
     [("line 1", True), ("line 2", False)]),
    # A pretty-printed resource that is broken is still one broken file.
    ('{\n  "resourceType": "Patient",\n  "x": NaN\n}\n', [("file", True)]),
    # Junk after a resource on its line: the line is one refused item, not two.
    ('{"resourceType":"Patient"}\n{"resourceType":"Patient"} junk\n'
     '{"resourceType":"Patient"}\n', [("file", False), ("line 2", True), ("line 3", False)]),
    ('{"resourceType":"Patient"} junk\n{"resourceType":"Patient"}\n',
     [("file", True), ("line 2", False)]),
    ('{"resourceType":"Patient"}  \r\n{"resourceType":"Patient"}', [("file", False),
                                                                    ("line 2", False)]),
])
def test_each_ndjson_line_is_one_item(text: str, expected: list[tuple[str, bool]]) -> None:
    assert [(i.where, i.error is not None) for i in _items(text)] == expected


def test_a_bundle_cut_short_after_a_comma_says_so() -> None:
    text = '{"resourceType":"Bundle","type":"collection","entry":[' + _good(1) + ", "
    assert _errors(text) == ["the file ends in the middle of the Bundle (it is cut short)"]


@pytest.mark.parametrize("text", [
    '{"resourceType":"Bundle","type":"collection","entry":[' + _good(1) + ',{"resource":',
    '{"resourceType":"Patient","x":"abc',
    '{"resourceType":"Patient"}\n{"resourceType":"Pat',
])
def test_a_file_cut_short_in_a_value_says_so_once(text: str) -> None:
    errors = _errors(text)
    assert errors == ["the file ends in the middle of a value (it is cut short)"]


def test_an_ndjson_resource_running_on_into_the_next_line_is_refused() -> None:
    """One resource per line: a line left open would otherwise take the next line inside
    itself. The open line is refused; every line after it is read as its own."""
    text = ('{"resourceType":"Patient","id":"a"}\n{"resourceType":"Patient","id":"b"\n'
            '}\n{"resourceType":"Patient","id":"c"}\n')
    items = _items(text)
    assert [(i.where, i.error) for i in items] == [
        ("file", None), ("line 2", "the resource runs on past the end of its line"),
        ("line 3", "expected a JSON object (a FHIR resource) here"), ("line 4", None)]


def test_a_broken_bundle_is_never_read_again_as_ndjson() -> None:
    """A Bundle written one entry per line whose first entry is broken is one broken
    file, not lines of NDJSON each reported as "more follows" (the read count was a
    line count)."""
    text = ('{"resourceType":"Bundle","type":"collection","entry":[{"resource":'
            '{"resourceType":"Patient",}},\n' + _good(1) + ",\n" + _good(2) + "]}\n")
    assert [(i.where, i.error is not None) for i in _items(text)] == [("file", True)]
