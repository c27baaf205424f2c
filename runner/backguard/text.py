"""Text helpers shared by the engines and the reporters: columns and line hashes."""

from __future__ import annotations

from collections.abc import Iterator

_BLOCK_SIZE = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, _BLOCK_SIZE, 1 << 64)
_TAB, _SPACE, _LF, _CR, _EOF = 9, 32, 10, 13, 65535


def utf16_length(text: str) -> int:
    """Count UTF-16 code units (astral characters count twice).

    Args:
        text: Any text.

    Returns:
        The length in UTF-16 code units.
    """
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def utf16_column(line: str, utf8_offset: int) -> int:
    """Convert a 0-based UTF-8 byte offset within a line to a 1-based UTF-16 column.

    Semgrep and Python's ``ast`` count columns in UTF-8 bytes; SARIF (with
    ``columnKind: utf16CodeUnits``) and GitHub count UTF-16 code units.

    Args:
        line: The line's text.
        utf8_offset: The 0-based byte offset into the line's UTF-8 encoding.

    Returns:
        The 1-based column in UTF-16 code units.
    """
    prefix = line.encode("utf-8")[: max(utf8_offset, 0)].decode("utf-8", errors="ignore")
    return utf16_length(prefix) + 1


def _utf16_units(text: str) -> Iterator[int]:
    for char in text:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            yield 0xD800 + (code >> 10)
            yield 0xDC00 + (code & 0x3FF)
        else:
            yield code


def line_hashes(text: str) -> dict[int, str]:
    """Compute GitHub's ``primaryLocationLineHash`` for every line of a file.

    This is a faithful port of ``hash()`` in github/codeql-action
    ``src/fingerprints.ts``: a rolling hash (base 37, modulo 2**64) over the
    next 100 non-whitespace UTF-16 code units from the start of each line,
    CR and CRLF read as LF, value ``<hex>:<n>`` where ``n`` counts earlier
    lines with the same hash. Matching it lets GitHub keep an alert open
    across uploads even when the line moves.

    Args:
        text: The whole file's text.

    Returns:
        A mapping from 1-based line numbers to hash values.
    """
    # Reason: a faithful port of GitHub's hash; its shape is kept to compare with the original.
    window = [0] * _BLOCK_SIZE
    line_numbers = [-1] * _BLOCK_SIZE
    state = {"hash": 0, "index": 0, "line": 0, "line_start": True, "prev_cr": False}
    counts: dict[str, int] = {}
    result: dict[int, str] = {}

    def output() -> None:
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        result[line_numbers[state["index"]]] = f"{value}:{counts[value]}"
        line_numbers[state["index"]] = -1

    def update(current: int) -> None:
        index = state["index"]
        begin = window[index]
        window[index] = current
        state["hash"] = (_MOD * state["hash"] + current - _FIRST_MOD * begin) & _MASK
        state["index"] = (index + 1) % _BLOCK_SIZE

    def process(current: int) -> None:
        if current in (_SPACE, _TAB) or (state["prev_cr"] and current == _LF):
            state["prev_cr"] = False
            return
        if current == _CR:
            current = _LF
            state["prev_cr"] = True
        else:
            state["prev_cr"] = False
        if line_numbers[state["index"]] != -1:
            output()
        if state["line_start"]:
            state["line_start"] = False
            state["line"] += 1
            line_numbers[state["index"]] = state["line"]
        if current == _LF:
            state["line_start"] = True
        update(current)

    for unit in _utf16_units(text):
        process(unit)
    process(_EOF)
    for _ in range(_BLOCK_SIZE):
        if line_numbers[state["index"]] != -1:
            output()
        update(0)
    return result
