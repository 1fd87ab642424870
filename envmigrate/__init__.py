"""envmigrate: migrate DingTalk app credentials in .env files to the Stream-mode names.

The offline library API lives here; the live verification (``envmigrate.verify``) is a
separate subpackage that is never imported by this module.
"""

__version__ = "0.1.0"
