"""envmigrate: migrate DingTalk app credentials in .env files to the Stream-mode names.

The offline library API lives here, imported on first use (``import envmigrate`` stays
light); the live verification (``envmigrate.verify``) is a separate subpackage that is
never imported by this module.

>>> from envmigrate import parse, rewrite
>>> env = parse(b"DINGTALK_APP_KEY=abc\\n")
>>> env.render(rewrite(env).text)
b'DINGTALK_CLIENT_ID=abc\\n'
"""

import importlib as _importlib
import sys as _sys
import time as _time
import types as _types
import typing as _typing

#: When the package was first imported: for the command line, the start of the process
#: (``verify --timeout`` bounds the command's wall time from there).
_imported_at = _time.monotonic()

if _typing.TYPE_CHECKING:
    from envmigrate.detect import detect, detect_environ
    from envmigrate.envfile import EnvFile, parse, resolve
    from envmigrate.errors import EnvmigrateError, ExitCode
    from envmigrate.findings import Finding, Severity
    from envmigrate.options import AgentIdPolicy, Options, Prefer
    from envmigrate.rewrite import RewriteResult, rewrite
    from envmigrate.rules import DEFAULT_RULES, RenameTable, Rules

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_API = {
    "DEFAULT_RULES": "rules",
    "AgentIdPolicy": "options",
    "EnvFile": "envfile",
    "EnvmigrateError": "errors",
    "ExitCode": "errors",
    "Finding": "findings",
    "Options": "options",
    "Prefer": "options",
    "RewriteResult": "rewrite",
    "RenameTable": "rules",
    "Rules": "rules",
    "Severity": "findings",
    "detect": "detect",
    "detect_environ": "detect",
    "parse": "envfile",
    "resolve": "envfile",
    "rewrite": "rewrite",
}

__all__ = [
    "DEFAULT_RULES",
    "AgentIdPolicy",
    "EnvFile",
    "EnvmigrateError",
    "ExitCode",
    "Finding",
    "Options",
    "Prefer",
    "RenameTable",
    "RewriteResult",
    "Rules",
    "Severity",
    "__version__",
    "detect",
    "detect_environ",
    "parse",
    "resolve",
    "rewrite",
]


def __getattr__(name: str) -> object:
    """Import a public name's module on first use (PEP 562)."""
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'envmigrate' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"envmigrate.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})


class _Package(_types.ModuleType):
    """Keeps ``envmigrate.detect`` and ``envmigrate.rewrite`` the functions of those names.

    Importing a submodule binds it on its package; these two share their function's name.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _API and isinstance(value, _types.ModuleType):
            return
        super().__setattr__(name, value)


_sys.modules[__name__].__class__ = _Package
