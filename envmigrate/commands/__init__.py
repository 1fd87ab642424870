"""The commands: ``check``, ``migrate``, ``verify``, ``demo`` and ``fake-server``."""
