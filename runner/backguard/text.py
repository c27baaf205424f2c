"""Text helpers shared by the engines and the reporters: columns and line hashes."""

from __future__ import annotations

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
    # Reason: a faithful port of GitHub's hash, inlined into one loop over local variables
    # (it runs over every character of every file with a finding).
    units = memoryview(text.encode("utf-16-le", "surrogatepass")).cast("H")
    window = [0] * _BLOCK_SIZE
    line_numbers = [-1] * _BLOCK_SIZE
    counts: dict[str, int] = {}
    result: dict[int, str] = {}
    hash_value = index = line = 0
    line_start, prev_cr = True, False
    for current in (*units, _EOF):
        if current == _SPACE or current == _TAB or (prev_cr and current == _LF):
            prev_cr = False
            continue
        prev_cr = current == _CR
        if prev_cr:
            current = _LF
        pending = line_numbers[index]
        if pending != -1:
            value = format(hash_value, "x")
            counts[value] = count = counts.get(value, 0) + 1
            result[pending] = f"{value}:{count}"
            line_numbers[index] = -1
        if line_start:
            line_start = False
            line += 1
            line_numbers[index] = line
        if current == _LF:
            line_start = True
        begin = window[index]
        window[index] = current
        hash_value = (_MOD * hash_value + current - _FIRST_MOD * begin) & _MASK
        index = (index + 1) % _BLOCK_SIZE
    for _ in range(_BLOCK_SIZE):
        pending = line_numbers[index]
        if pending != -1:
            value = format(hash_value, "x")
            counts[value] = count = counts.get(value, 0) + 1
            result[pending] = f"{value}:{count}"
            line_numbers[index] = -1
        begin = window[index]
        window[index] = 0
        hash_value = (_MOD * hash_value - _FIRST_MOD * begin) & _MASK
        index = (index + 1) % _BLOCK_SIZE
    return result
