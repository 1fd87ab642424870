"""envmigrate: migrate DingTalk app credentials in .env files to the Stream-mode names.

The offline library API lives here; the live verification (``envmigrate.verify``) is a
separate subpackage that is never imported by this module.

>>> from envmigrate import parse, rewrite
>>> env = parse(b"DINGTALK_APP_KEY=abc\\n")
>>> env.render(rewrite(env).text)
b'DINGTALK_CLIENT_ID=abc\\n'
"""

from envmigrate.detect import detect, detect_environ
from envmigrate.envfile import EnvFile, parse, resolve
from envmigrate.errors import EnvmigrateError, ExitCode
from envmigrate.findings import Finding, Severity
from envmigrate.rewrite import AgentIdPolicy, Options, Prefer, RewriteResult, rewrite
from envmigrate.rules import DEFAULT_RULES, Rules

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_RULES",
    "AgentIdPolicy",
    "EnvFile",
    "EnvmigrateError",
    "ExitCode",
    "Finding",
    "Options",
    "Prefer",
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
