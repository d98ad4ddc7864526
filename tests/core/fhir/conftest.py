"""Fixtures for FHIR tests: sample files written by the generators in app.core.fhir.samples,
and helpers that validate every exported resource with fhir.resources' R4B models."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from app.core.fhir import samples


def validate_r4(resource: dict[str, Any]) -> None:
    """Validate with fhir.resources' R4B model of the resource's type (R4B's structure
    matches R4 4.0.1 for every type MedVault writes; the R5 default models do not)."""
    rtype = resource["resourceType"]
    module = importlib.import_module(f"fhir.resources.R4B.{rtype.lower()}")
    getattr(module, rtype).model_validate(resource)


def validate_all(resources: Iterable[dict[str, Any]]) -> int:
    count = 0
    for resource in resources:
        validate_r4(resource)
        count += 1
    return count


def read_ndjson(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


@pytest.fixture
def sample_files(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "samples"
    folder.mkdir()
    return {
        "synthea": samples.write_json(folder / "synthea.json", samples.synthea_bundle(1)),
        "portal": samples.write_json(folder / "portal.json", samples.portal_bundle()),
        "ips": samples.write_json(folder / "ips.json", samples.ips_document()),
        "broken": samples.write_json(folder / "broken.json", samples.broken_bundle()),
        "bulk": samples.bulk_ndjson(folder / "bulk"),
    }
