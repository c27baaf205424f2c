"""Native checks: project-level rules a Semgrep pattern cannot express.

To add a check, write ``checks/<check>.py`` with a class that follows
:class:`backguard.checks.base.Check`, then add one instance to
:data:`ALL_CHECKS` below. The registry is explicit on purpose: no plugin
discovery, no import side effects.
"""

from __future__ import annotations

from .base import Check, CheckContext, FileCheck
from .missing_package_init import MissingPackageInit
from .absolute_internal_import import AbsoluteInternalImport
from .script_execution import ScriptExecution
from .dockerfile_command import DockerfileCommand
from .circular_import import CircularImport
from .global_exception_handler import GlobalExceptionHandler
from .type_hints import MissingTypeHints
from .docstrings import Docstrings
from .line_length import LineTooLong
from .naming import NamingConvention
from .complexity import ReasonCommentMissing
from .resources import OpenWithoutContextManager

ALL_CHECKS: tuple[Check, ...] = (
    MissingPackageInit(),
    AbsoluteInternalImport(),
    ScriptExecution(),
    DockerfileCommand(),
    CircularImport(),
    GlobalExceptionHandler(),
    MissingTypeHints(),
    Docstrings(),
    LineTooLong(),
    NamingConvention(),
    ReasonCommentMissing(),
    OpenWithoutContextManager(),
)

__all__ = ["ALL_CHECKS", "Check", "CheckContext", "FileCheck"]
