"""Pytest configuration: Semgrep runs offline in every test."""

from __future__ import annotations

import os

os.environ.setdefault("SEMGREP_ENABLE_VERSION_CHECK", "0")
