"""``line-too-long``: a Python line longer than the configured limit (default 88)."""

from __future__ import annotations

import re

from ..discovery import SourceFile
from ..models import Confidence, Engine, Finding, Profile, Region, RuleInfo, Severity
from ..text import utf16_length
from .base import CheckContext

# The documentation's bad example has to be long; built here so this file stays short.
LONG_LINE_EXAMPLE = (
    'response = client.post(f"{base_url}/orders", '
    'json={"customer": customer_id, "items": items}, timeout=5)'
)

RULE = RuleInfo(
    id="line-too-long",
    family="line-too-long",
    summary="A line is longer than the configured limit (88 characters by default).",
    severity=Severity.NOTE,
    profile=Profile.QUALITY,
    engine=Engine.NATIVE,
    confidence=Confidence.HIGH,
    references=(
        "https://peps.python.org/pep-0008/#maximum-line-length",
        "https://black.readthedocs.io/en/stable/the_black_code_style/current_style.html#line-length",
    ),
    docs=f"""\
## What it does

Flags each line of a Python file that is longer than `line-length` characters
(88 by default, Black's and Ruff's default; set it in `[tool.backguard]`).

Not counted: a trailing pragma comment (`# noqa`, `# type: ignore`,
`# nosemgrep`, `# nosec`, `# pragma:`, `# pylint:`, `# pyright:`, `# mypy:`,
`# fmt:`, `# isort:`); a line that is a single word, such as a URL or a path
alone on a line (also inside a comment or string); a line that ends with a URL
starting within the limit. None of those can be wrapped.

## Why is this bad?

Long lines force horizontal scrolling and break side-by-side diffs and code
review, and they usually hide too much happening in one expression. A fixed
limit keeps every file readable in the same window.

## Example

```python
{LONG_LINE_EXAMPLE}
```

## Use instead

```python
response = client.post(
    f"{{base_url}}/orders",
    json={{"customer": customer_id, "items": items}},
    timeout=5,
)
```

## References

- [PEP 8: maximum line length](https://peps.python.org/pep-0008/#maximum-line-length)
- [Black: line length](https://black.readthedocs.io/en/stable/the_black_code_style/current_style.html#line-length)
""",
)

LINE_BREAK = re.compile(r"\r\n|\r|\n")
PRAGMA = re.compile(
    r"#\s*(?:noqa\b|type:\s*ignore\b|nosemgrep\b|nosec\b|"
    r"pragma:|pylint:|pyright:|mypy:|fmt:|isort:)",
    re.IGNORECASE,
)
URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


def measured_text(line: str) -> str:
    """Return the part of a line that counts: without a trailing pragma and spaces.

    Args:
        line: One line of source, without its line break.

    Returns:
        The counted text.
    """
    pragma = PRAGMA.search(line)
    return (line[: pragma.start()] if pragma else line).rstrip()


def cannot_be_wrapped(text: str, limit: int) -> bool:
    """Tell whether a long line is one word or ends with a URL that starts in time.

    Args:
        text: The counted text of the line.
        limit: The configured maximum length.

    Returns:
        ``True`` when the line is exempt.
    """
    words = text.lstrip().lstrip("#").split()
    if len(words) <= 1:
        return True
    last = words[-1]
    return URL.search(last) is not None and text.rfind(last) < limit


class LineTooLong:
    """Finds Python lines over the configured length."""

    rules = (RULE,)
    layout_sensitive = False

    def run(self, context: CheckContext) -> list[Finding]:
        """Report each over-long line once.

        Args:
            context: The shared scan context.

        Returns:
            One finding per line, spanning the characters past the limit.
        """
        findings: list[Finding] = []
        for file in context.python_files_in_focus():
            findings.extend(self.check_file(context, file))
        return findings

    def check_file(self, context: CheckContext, file: SourceFile) -> list[Finding]:
        """Check one Python file (the scan calls this file by file, then frees its AST).

        Args:
            context: The shared scan context.
            file: A Python file of the inventory.

        Returns:
            The file's findings.
        """
        text = context.read_text(file)
        if text is None:
            return []
        limit = context.config.line_length
        findings = []
        for number, line in enumerate(LINE_BREAK.split(text), start=1):
            counted = measured_text(line)
            if len(counted) <= limit or cannot_be_wrapped(counted, limit):
                continue
            region = Region(
                number, utf16_length(counted[:limit]) + 1, number, utf16_length(counted) + 1
            )
            findings.append(
                context.finding(
                    RULE,
                    file.path,
                    region,
                    f"Line is {len(counted)} characters long (limit {limit}). Break it "
                    "inside brackets, split the string or extract a variable.",
                )
            )
        return findings
