"""backguard: a strict backend policy for Python/FastAPI and Node.js/Express code."""

from __future__ import annotations

__version__ = "0.1.0"
INFORMATION_URI = "https://github.com/backguard/backguard"
