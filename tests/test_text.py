"""Line hashes and column conversion against GitHub's reference values."""

from __future__ import annotations

import json

import pytest

from backguard.text import line_hashes, utf16_column, utf16_length

from .helpers import DATA

VECTORS = json.loads((DATA / "line-hash-vectors.json").read_text(encoding="utf-8"))["vectors"]


@pytest.mark.parametrize("vector", VECTORS, ids=[vector["name"] for vector in VECTORS])
def test_line_hashes_match_githubs_upload_action(vector: dict) -> None:
    """Every reference value of GitHub's rolling line hash is reproduced."""
    got = {str(line): value for line, value in line_hashes(vector["text"]).items()}
    assert got == vector["hashes"]


def test_utf16_column_counts_code_units_not_bytes() -> None:
    """'é' is 2 UTF-8 bytes but 1 UTF-16 unit; '𝔘' is 4 bytes but 2 units."""
    line = "x = 'é𝔘' + y"
    byte_offset_of_plus = line.encode("utf-8").index(b"+")
    assert utf16_column(line, byte_offset_of_plus) == 11
    assert utf16_length("𝔘") == 2
    assert utf16_column("", 0) == 1
