"""The SDK misuses (EM106/EM107/EM108) as whole findings: code, severity, path, position,
key and message, every misuse of a file reported, in position order."""

from __future__ import annotations

import pytest

from envmigrate.findings import Finding, Severity
from envmigrate.rules import DEFAULT_RULES
from envmigrate.scanners import python
from envmigrate.scanners.hits import findings
from tests.scanners.helpers import fix
from tests.scanners.test_js_records import Record, records

CLIENT = "DingTalkStreamClient"
EM106 = (
    f"{CLIENT}(id, secret) passes the secret as the SDK's logger: "
    f"use {CLIENT}(dingtalk_stream.Credential(id, secret))"
)
EM107 = f"{CLIENT}.Credential does not exist: use dingtalk_stream.Credential"
E, W = Severity.ERROR, Severity.WARNING


def found(src: str) -> list[Finding]:
    return findings(python.scan(src, DEFAULT_RULES), src, "app.py")


def F(code: str, sev: Severity, line: int, col: int, key: str, message: str) -> Finding:
    return Finding(code, sev, "app.py", line, col, key, message)


SRC = (
    "import dingtalk_stream\n"
    "from dingtalk_stream import DingTalkStreamClient\n"
    "from pydantic_settings import BaseSettings\n"
    "\n"
    "a = DingTalkStreamClient(cid, secret)\n"
    "b = dingtalk_stream.DingTalkStreamClient.Credential(cid, secret)\r\n"
    "c = DingTalkStreamClient(x, y)\n"
    "\n"
    "class S(BaseSettings):\n"
    "    dingtalk_app_key: str\n"
    '    dingtalk_agent_id: str = ""\n'
    '    dingtalk_app_secret: str = Field(alias="X")\n'
)


def test_every_misuse_in_full() -> None:
    assert found(SRC) == [
        F("EM108", W, 3, 43, "Field", "import Field for the settings aliases"),
        F("EM106", E, 5, 5, CLIENT, EM106),
        F("EM107", E, 6, 5, CLIENT, EM107),
        F("EM106", E, 7, 5, CLIENT, EM106),
        F(
            "EM108",
            W,
            10,
            26,
            "DINGTALK_APP_KEY",
            "settings field dingtalk_app_key reads DINGTALK_APP_KEY: "
            "read DINGTALK_CLIENT_ID through validation_alias",
        ),
        F(
            "EM108",
            W,
            11,
            5,
            "DINGTALK_AGENT_ID",
            "settings field dingtalk_agent_id reads DINGTALK_AGENT_ID: remove it when nothing uses it",
        ),
    ]


def test_the_fix_of_the_settings_fields_in_full() -> None:
    assert fix(python.scan, SRC) == SRC.replace(
        "import BaseSettings\n", "import BaseSettings\nfrom pydantic import Field\n"
    ).replace(
        "dingtalk_app_key: str\n",
        'dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    )


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # two misuses on one line: both, left to right
        (
            "x = (DingTalkStreamClient(a, b), DingTalkStreamClient.Credential(a, b))\n",
            [F("EM106", E, 1, 6, CLIENT, EM106), F("EM107", E, 1, 34, CLIENT, EM107)],
        ),
        # the same misuse twice: both
        (
            "a = DingTalkStreamClient(i, s)\nb = DingTalkStreamClient(i, s)\n",
            [F("EM106", E, 1, 5, CLIENT, EM106), F("EM106", E, 2, 5, CLIENT, EM106)],
        ),
        (
            "a = DingTalkStreamClient.Credential(i, s)\n\n\nb = DingTalkStreamClient.Credential\n",
            [F("EM107", E, 1, 5, CLIENT, EM107), F("EM107", E, 4, 5, CLIENT, EM107)],
        ),
        # nested: the outer call is fine (a Credential), the inner attribute is not
        (
            "c = DingTalkStreamClient(DingTalkStreamClient.Credential(i, s))\n",
            [F("EM107", E, 1, 26, CLIENT, EM107)],
        ),
        # not misuses
        ("c = DingTalkStreamClient(Credential(i, s), logger)\n", []),
        ("c = DingTalkStreamClient(i, my_logger)\n", []),
        ("c = DingTalkStreamClient(i, make())\n", []),
        ("c = DingTalkStreamClient(*args)\n", []),
        ("c = DingTalkStreamClient(i, *rest)\n", []),
        ("c = DingTalkStreamClient(i)\n", []),
        ("c = Other.Credential(i, s)\n", []),
        ("c = DingTalkStreamClient(\n", []),  # does not parse: no AST findings
    ],
)
def test_misuses_in_full(src: str, expected: list[Finding]) -> None:
    assert found(src) == expected


#: Every hit of a snippet in full, and the exact text ``migrate --code`` writes: string
#: tokens of every prefix and quote, f-string fields, identifiers, message text left alone
#: (print/logger/exceptions/test helpers, ``match=``, ``assert "X" in <message>``), and
#: pydantic-settings fields (prefixes, ``Field`` spellings, existing keyword arguments).
PYTHON = [
    (
        "import os\nk = os.getenv('DINGTALK_APP_KEY')\ns = os.environ[\"DINGTALK_APP_SECRET\"]\na = os.environ.get('''DINGTALK_AGENT_ID''')\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 2, 16, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                3,
                17,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
            ("EM103", "DINGTALK_AGENT_ID", 4, 23, "DINGTALK_AGENT_ID", None),
        ],
        "import os\nk = os.getenv('DINGTALK_CLIENT_ID')\ns = os.environ[\"DINGTALK_CLIENT_SECRET\"]\na = os.environ.get('''DINGTALK_AGENT_ID''')\n",
    ),
    (
        "k = os.getenv(rb'DINGTALK_APP_KEY') or os.getenv(U\"DINGTALK_APP_SECRET\")\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 18, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                52,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "k = os.getenv(rb'DINGTALK_CLIENT_ID') or os.getenv(U\"DINGTALK_CLIENT_SECRET\")\n",
    ),
    (
        "k = f'{os.environ[\"DINGTALK_APP_KEY\"]}:{cfg.DINGTALK_APP_SECRET!r}'\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 20, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                45,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "k = f'{os.environ[\"DINGTALK_CLIENT_ID\"]}:{cfg.DINGTALK_CLIENT_SECRET!r}'\n",
    ),
    (
        "k = f'{{DINGTALK_APP_KEY}} {DINGTALK_APP_KEY_2} {x}'\n",
        [],
        "k = f'{{DINGTALK_APP_KEY}} {DINGTALK_APP_KEY_2} {x}'\n",
    ),
    (
        "k = rf'{DINGTALK_AGENT_ID}' + F\"{DINGTALK_APP_KEY}\"\n",
        [
            ("EM103", "DINGTALK_AGENT_ID", 1, 9, "DINGTALK_AGENT_ID", None),
            ("EM101", "DINGTALK_APP_KEY", 1, 34, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
        ],
        "k = rf'{DINGTALK_AGENT_ID}' + F\"{DINGTALK_CLIENT_ID}\"\n",
    ),
    (
        "k = b'DINGTALK_APP_KEY' + 'DINGTALK_APP_KEY ' + ' DINGTALK_APP_KEY'\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 7, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "k = b'DINGTALK_CLIENT_ID' + 'DINGTALK_APP_KEY ' + ' DINGTALK_APP_KEY'\n",
    ),
    (
        "# os.getenv('DINGTALK_APP_KEY')\nx = 1  # DINGTALK_APP_SECRET\n",
        [],
        "# os.getenv('DINGTALK_APP_KEY')\nx = 1  # DINGTALK_APP_SECRET\n",
    ),
    (
        "print('DINGTALK_APP_KEY')\nlogger.error(\"missing %s\", 'DINGTALK_APP_KEY')\nraise ValueError('DINGTALK_APP_SECRET')\n",
        [],
        "print('DINGTALK_APP_KEY')\nlogger.error(\"missing %s\", 'DINGTALK_APP_KEY')\nraise ValueError('DINGTALK_APP_SECRET')\n",
    ),
    (
        "raise SystemExit('DINGTALK_APP_KEY')\nwarnings.warn('DINGTALK_APP_KEY', UserWarning)\nclick.echo('DINGTALK_APP_KEY')\n",
        [],
        "raise SystemExit('DINGTALK_APP_KEY')\nwarnings.warn('DINGTALK_APP_KEY', UserWarning)\nclick.echo('DINGTALK_APP_KEY')\n",
    ),
    (
        "self.assertIn('DINGTALK_APP_KEY', out)\npytest.fail('DINGTALK_APP_KEY')\n_('DINGTALK_APP_KEY')\n",
        [],
        "self.assertIn('DINGTALK_APP_KEY', out)\npytest.fail('DINGTALK_APP_KEY')\n_('DINGTALK_APP_KEY')\n",
    ),
    (
        "with pytest.raises(KeyError, match='DINGTALK_APP_KEY'):\n    f()\n",
        [],
        "with pytest.raises(KeyError, match='DINGTALK_APP_KEY'):\n    f()\n",
    ),
    (
        "assert 'DINGTALK_APP_KEY' in str(err)\nassert 'DINGTALK_APP_KEY' not in caplog.text\nassert 'DINGTALK_APP_KEY' in REQUIRED\n",
        [("EM101", "DINGTALK_APP_KEY", 3, 9, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "assert 'DINGTALK_APP_KEY' in str(err)\nassert 'DINGTALK_APP_KEY' not in caplog.text\nassert 'DINGTALK_CLIENT_ID' in REQUIRED\n",
    ),
    (
        "x = 'DINGTALK_APP_KEY' in message\nassert x\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 6, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "x = 'DINGTALK_CLIENT_ID' in message\nassert x\n",
    ),
    (
        "print(os.getenv('DINGTALK_APP_KEY'))\nlog(f(os.environ['DINGTALK_APP_SECRET']))\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 18, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                2,
                19,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "print(os.getenv('DINGTALK_CLIENT_ID'))\nlog(f(os.environ['DINGTALK_CLIENT_SECRET']))\n",
    ),
    (
        "print([os.environ['DINGTALK_APP_KEY']], {'DINGTALK_APP_SECRET': 1})\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 20, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                1,
                43,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "print([os.environ['DINGTALK_CLIENT_ID']], {'DINGTALK_CLIENT_SECRET': 1})\n",
    ),
    (
        "REQUIRED = ['DINGTALK_APP_KEY',\n            'DINGTALK_APP_SECRET']\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 14, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                2,
                14,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "REQUIRED = ['DINGTALK_CLIENT_ID',\n            'DINGTALK_CLIENT_SECRET']\n",
    ),
    (
        "DINGTALK_APP_KEY = os.getenv('DINGTALK_APP_KEY')\nprint(DINGTALK_APP_KEY)\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 1, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            ("EM101", "DINGTALK_APP_KEY", 1, 31, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            ("EM101", "DINGTALK_APP_KEY", 2, 7, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
        ],
        "DINGTALK_CLIENT_ID = os.getenv('DINGTALK_CLIENT_ID')\nprint(DINGTALK_CLIENT_ID)\n",
    ),
    (
        "class S(BaseSettings):\n    DINGTALK_APP_KEY: str\n    dingtalk_app_secret: str = ''\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 2, 5, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM108",
                "DINGTALK_APP_SECRET",
                3,
                5,
                "dingtalk_app_secret",
                None,
                "settings field dingtalk_app_secret reads DINGTALK_APP_SECRET: give it validation_alias='DINGTALK_CLIENT_SECRET'",
            ),
        ],
        "class S(BaseSettings):\n    DINGTALK_CLIENT_ID: str\n    dingtalk_app_secret: str = ''\n",
    ),
    (
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\nclass S(BaseSettings):\n    dingtalk_app_key: str\n    dingtalk_app_secret: SecretStr = Field(default='')\n    dingtalk_agent_id: int = 0\n    other: str = 'x'\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                5,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
            (
                "EM108",
                "DINGTALK_APP_SECRET",
                6,
                54,
                "",
                ', validation_alias="DINGTALK_CLIENT_SECRET"',
                "settings field dingtalk_app_secret reads DINGTALK_APP_SECRET: read DINGTALK_CLIENT_SECRET through validation_alias",
            ),
            (
                "EM108",
                "DINGTALK_AGENT_ID",
                7,
                5,
                "dingtalk_agent_id",
                None,
                "settings field dingtalk_agent_id reads DINGTALK_AGENT_ID: remove it when nothing uses it",
            ),
        ],
        "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias=\"DINGTALK_CLIENT_ID\")\n    dingtalk_app_secret: SecretStr = Field(default='', validation_alias=\"DINGTALK_CLIENT_SECRET\")\n    dingtalk_agent_id: int = 0\n    other: str = 'x'\n",
    ),
    (
        "from pydantic import Field as F\nclass S(BaseSettings):\n    dingtalk_app_key: str = 'dev'\n    dingtalk_app_secret: str = F()\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                29,
                "'dev'",
                "F('dev', validation_alias=\"DINGTALK_CLIENT_ID\")",
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
            (
                "EM108",
                "DINGTALK_APP_SECRET",
                4,
                32,
                "F()",
                'F(F(), validation_alias="DINGTALK_CLIENT_SECRET")',
                "settings field dingtalk_app_secret reads DINGTALK_APP_SECRET: read DINGTALK_CLIENT_SECRET through validation_alias",
            ),
        ],
        'from pydantic import Field as F\nclass S(BaseSettings):\n    dingtalk_app_key: str = F(\'dev\', validation_alias="DINGTALK_CLIENT_ID")\n    dingtalk_app_secret: str = F(F(), validation_alias="DINGTALK_CLIENT_SECRET")\n',
    ),
    (
        "import pydantic\nclass S(pydantic_settings.BaseSettings):\n    dingtalk_app_key: str = pydantic.Field(default='x',)\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                56,
                "",
                'validation_alias="DINGTALK_CLIENT_ID"',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        "import pydantic\nclass S(pydantic_settings.BaseSettings):\n    dingtalk_app_key: str = pydantic.Field(default='x',validation_alias=\"DINGTALK_CLIENT_ID\")\n",
    ),
    (
        "import pydantic as pd\nclass S(BaseSettings):\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                26,
                "",
                ' = pd.Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        'import pydantic as pd\nclass S(BaseSettings):\n    dingtalk_app_key: str = pd.Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "import os\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='DINGTALK_')\n    app_key: str\n    APP_SECRET: str = 'x'\n    agent_id: int = 0\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                4,
                17,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
            (
                "EM108",
                "DINGTALK_APP_SECRET",
                5,
                23,
                "'x'",
                "Field('x', validation_alias=\"DINGTALK_CLIENT_SECRET\")",
                "settings field APP_SECRET reads DINGTALK_APP_SECRET: read DINGTALK_CLIENT_SECRET through validation_alias",
            ),
            (
                "EM108",
                "DINGTALK_AGENT_ID",
                6,
                5,
                "agent_id",
                None,
                "settings field agent_id reads DINGTALK_AGENT_ID: remove it when nothing uses it",
            ),
        ],
        "import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='DINGTALK_')\n    app_key: str = Field(validation_alias=\"DINGTALK_CLIENT_ID\")\n    APP_SECRET: str = Field('x', validation_alias=\"DINGTALK_CLIENT_SECRET\")\n    agent_id: int = 0\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    class Config:\n        env_prefix = 'dingtalk_'\n    app_key: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                5,
                17,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
        ],
        "import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    class Config:\n        env_prefix = 'dingtalk_'\n    app_key: str = Field(validation_alias=\"DINGTALK_CLIENT_ID\")\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias='K')\n    dingtalk_app_secret: str = Field(alias='S')\n",
        [],
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias='K')\n    dingtalk_app_secret: str = Field(alias='S')\n",
    ),
    (
        "import os\nclass S(MySettings):\n    x: int = 1\n    dingtalk_app_key: str\n    def f(self): pass\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                4,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
        ],
        'import os\nfrom pydantic import Field\nclass S(MySettings):\n    x: int = 1\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n    def f(self): pass\n',
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key = 'x'\n    self.dingtalk_app_secret: str = 'y'\n",
        [],
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key = 'x'\n    self.dingtalk_app_secret: str = 'y'\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(\n        default='x',\n    )\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                5,
                5,
                "",
                'validation_alias="DINGTALK_CLIENT_ID"',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(\n        default='x',\n    validation_alias=\"DINGTALK_CLIENT_ID\")\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field('x')\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                38,
                "",
                ', validation_alias="DINGTALK_CLIENT_ID"',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field('x', validation_alias=\"DINGTALK_CLIENT_ID\")\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    é: str = 'é'\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                4,
                5,
                "dingtalk_app_key",
                None,
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: give it validation_alias='DINGTALK_CLIENT_ID'",
            )
        ],
        "import os\nclass S(BaseSettings):\n    é: str = 'é'\n    dingtalk_app_key: str\n",
    ),
    (
        "x = os.getenv('DINGTALK_APP_KEY')\r\ny = os.getenv('DINGTALK_APP_SECRET')\r\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 16, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            (
                "EM101",
                "DINGTALK_APP_SECRET",
                2,
                16,
                "DINGTALK_APP_SECRET",
                "DINGTALK_CLIENT_SECRET",
            ),
        ],
        "x = os.getenv('DINGTALK_CLIENT_ID')\r\ny = os.getenv('DINGTALK_CLIENT_SECRET')\r\n",
    ),
    (
        "x = 'DINGTALK_APP_KEY' if a else \\\n    'DINGTALK_APP_SECRET'\n",
        [
            ("EM101", "DINGTALK_APP_KEY", 1, 6, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
            ("EM101", "DINGTALK_APP_SECRET", 2, 6, "DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET"),
        ],
        "x = 'DINGTALK_CLIENT_ID' if a else \\\n    'DINGTALK_CLIENT_SECRET'\n",
    ),
    (
        "def f(k='DINGTALK_APP_KEY'):\n    return os.environ[k]\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 10, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "def f(k='DINGTALK_CLIENT_ID'):\n    return os.environ[k]\n",
    ),
    # where Field comes from, env_prefix spellings, the SDK constructor's arguments
    (
        "from pydantic.fields import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        'from pydantic.fields import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "from pydantic import Field\nimport pydantic\nclass S(BaseSettings):\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                4,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        'from pydantic import Field\nimport pydantic\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "import pydantic\nfrom pydantic import BaseModel, Field as PField\nclass S(BaseSettings):\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                4,
                26,
                "",
                ' = PField(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        'import pydantic\nfrom pydantic import BaseModel, Field as PField\nclass S(BaseSettings):\n    dingtalk_app_key: str = PField(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "from other import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field()\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                35,
                "",
                'validation_alias="DINGTALK_CLIENT_ID"',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        'from other import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "import os\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix=1)\n    app_key: str\n    dingtalk_app_secret: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_SECRET",
                5,
                29,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_SECRET")',
                "settings field dingtalk_app_secret reads DINGTALK_APP_SECRET: read DINGTALK_CLIENT_SECRET through validation_alias",
            ),
        ],
        'import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix=1)\n    app_key: str\n    dingtalk_app_secret: str = Field(validation_alias="DINGTALK_CLIENT_SECRET")\n',
    ),
    (
        "import os\nclass S(BaseSettings):\n    env_prefix = 'DINGTALK_APP_'\n    key: str\n    secret: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                4,
                13,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
            (
                "EM108",
                "DINGTALK_APP_SECRET",
                5,
                16,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_SECRET")',
                "settings field secret reads DINGTALK_APP_SECRET: read DINGTALK_CLIENT_SECRET through validation_alias",
            ),
        ],
        'import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    env_prefix = \'DINGTALK_APP_\'\n    key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n    secret: str = Field(validation_alias="DINGTALK_CLIENT_SECRET")\n',
    ),
    (
        "import os\nclass S(BaseSettings):\n    x = env_prefix = 'DINGTALK_'\n    app_key: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                4,
                17,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
        ],
        "import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    x = env_prefix = 'DINGTALK_'\n    app_key: str = Field(validation_alias=\"DINGTALK_CLIENT_ID\")\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    other = 'DINGTALK_'\n    app_key: str\n",
        [],
        "import os\nclass S(BaseSettings):\n    other = 'DINGTALK_'\n    app_key: str\n",
    ),
    (
        "import os\nclass S(Base, BaseSettings):\n    dingtalk_app_key: str\nclass T(Base):\n    dingtalk_app_secret: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
        ],
        'import os\nfrom pydantic import Field\nclass S(Base, BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\nclass T(Base):\n    dingtalk_app_secret: str\n',
    ),
    (
        "c = DingTalkStreamClient(cred, log)\nd = DingTalkStreamClient(cred, self.my_logger)\ne = DingTalkStreamClient(a, b, c)\n",
        [
            (
                "EM106",
                "DingTalkStreamClient",
                3,
                5,
                "",
                None,
                "DingTalkStreamClient(id, secret) passes the secret as the SDK's logger: use DingTalkStreamClient(dingtalk_stream.Credential(id, secret))",
            )
        ],
        "c = DingTalkStreamClient(cred, log)\nd = DingTalkStreamClient(cred, self.my_logger)\ne = DingTalkStreamClient(a, b, c)\n",
    ),
    (
        "c = DingTalkStreamClient(Credential(a, b), x)\nd = DingTalkStreamClient(m.Credential(a, b), x)\ne = DingTalkStreamClient(f(a), b)\n",
        [
            (
                "EM106",
                "DingTalkStreamClient",
                3,
                5,
                "",
                None,
                "DingTalkStreamClient(id, secret) passes the secret as the SDK's logger: use DingTalkStreamClient(dingtalk_stream.Credential(id, secret))",
            )
        ],
        "c = DingTalkStreamClient(Credential(a, b), x)\nd = DingTalkStreamClient(m.Credential(a, b), x)\ne = DingTalkStreamClient(f(a), b)\n",
    ),
    (
        "c = m.DingTalkStreamClient(a, Logger)\nd = DingTalkStreamClient(a, LOG)\ne = DingTalkStreamClient(a, b.c.logx)\n",
        [],
        "c = m.DingTalkStreamClient(a, Logger)\nd = DingTalkStreamClient(a, LOG)\ne = DingTalkStreamClient(a, b.c.logx)\n",
    ),
    (
        "c = DingTalkStreamClient(*a, b)\nd = DingTalkStreamClient(a, b=1)\n",
        [],
        "c = DingTalkStreamClient(*a, b)\nd = DingTalkStreamClient(a, b=1)\n",
    ),
    (
        "x = Other.DingTalkStreamClient.Credential\ny = Credential\nz = DingTalkStreamClient.Other\n",
        [
            (
                "EM107",
                "DingTalkStreamClient",
                1,
                5,
                "",
                None,
                "DingTalkStreamClient.Credential does not exist: use dingtalk_stream.Credential",
            )
        ],
        "x = Other.DingTalkStreamClient.Credential\ny = Credential\nz = DingTalkStreamClient.Other\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field()\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                35,
                "",
                'validation_alias="DINGTALK_CLIENT_ID"',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        'import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(\n    )\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                4,
                5,
                "",
                'validation_alias="DINGTALK_CLIENT_ID"',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        'import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(\n    validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = other()\n    dingtalk_app_secret: str = x.y\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                29,
                "other()",
                'Field(other(), validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
            (
                "EM108",
                "DINGTALK_APP_SECRET",
                4,
                32,
                "x.y",
                'Field(x.y, validation_alias="DINGTALK_CLIENT_SECRET")',
                "settings field dingtalk_app_secret reads DINGTALK_APP_SECRET: read DINGTALK_CLIENT_SECRET through validation_alias",
            ),
        ],
        'import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(other(), validation_alias="DINGTALK_CLIENT_ID")\n    dingtalk_app_secret: str = Field(x.y, validation_alias="DINGTALK_CLIENT_SECRET")\n',
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = other(alias='K')\n",
        [],
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = other(alias='K')\n",
    ),
    (
        "import os\nclass S:\n    dingtalk_app_key: str\n",
        [],
        "import os\nclass S:\n    dingtalk_app_key: str\n",
    ),
    (
        "class S(BaseSettings):\n    dingtalk_app_key: str = 'x'\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                2,
                5,
                "dingtalk_app_key",
                None,
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: give it validation_alias='DINGTALK_CLIENT_ID'",
            )
        ],
        "class S(BaseSettings):\n    dingtalk_app_key: str = 'x'\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='DINGTALK_')\n    DINGTALK_APP_KEY: str\n    dingtalk_app_key: str\n",
        [("EM101", "DINGTALK_APP_KEY", 4, 5, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "import os\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='DINGTALK_')\n    DINGTALK_CLIENT_ID: str\n    dingtalk_app_key: str\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str\nclass T(BaseSettings):\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                5,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
        ],
        'import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\nclass T(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "import os; import sys\nclass S(BaseSettings):\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                22,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
        ],
        'import os; import sys\nfrom pydantic import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    (
        "import os\n\nclass S(BaseSettings):\n    'doc'\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                5,
                26,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
        ],
        "import os\nfrom pydantic import Field\n\nclass S(BaseSettings):\n    'doc'\n    dingtalk_app_key: str = Field(validation_alias=\"DINGTALK_CLIENT_ID\")\n",
    ),
    (
        "c = DingTalkStreamClient(a, b, *c)\n",
        [
            (
                "EM106",
                "DingTalkStreamClient",
                1,
                5,
                "",
                None,
                "DingTalkStreamClient(id, secret) passes the secret as the SDK's logger: use DingTalkStreamClient(dingtalk_stream.Credential(id, secret))",
            )
        ],
        "c = DingTalkStreamClient(a, b, *c)\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(alias='K')\n    dingtalk_app_secret: str\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_SECRET",
                4,
                29,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_SECRET")',
                "settings field dingtalk_app_secret reads DINGTALK_APP_SECRET: read DINGTALK_CLIENT_SECRET through validation_alias",
            ),
        ],
        "import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    dingtalk_app_key: str = Field(alias='K')\n    dingtalk_app_secret: str = Field(validation_alias=\"DINGTALK_CLIENT_SECRET\")\n",
    ),
    (
        "class S(BaseSettings):\n    dingtalk_app_key: str\n    dingtalk_agent_id: str\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                2,
                5,
                "dingtalk_app_key",
                None,
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: give it validation_alias='DINGTALK_CLIENT_ID'",
            ),
            (
                "EM108",
                "DINGTALK_AGENT_ID",
                3,
                5,
                "dingtalk_agent_id",
                None,
                "settings field dingtalk_agent_id reads DINGTALK_AGENT_ID: remove it when nothing uses it",
            ),
        ],
        "class S(BaseSettings):\n    dingtalk_app_key: str\n    dingtalk_agent_id: str\n",
    ),
    (
        "import os\nclass S(BaseSettings):\n    dingtalk_app_key: Annotated[\n        str, 'x'\n    ]\n",
        [
            (
                "EM108",
                "Field",
                1,
                10,
                "",
                "\nfrom pydantic import Field",
                "import Field for the settings aliases",
            ),
            (
                "EM108",
                "DINGTALK_APP_KEY",
                5,
                6,
                "",
                ' = Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            ),
        ],
        "import os\nfrom pydantic import Field\nclass S(BaseSettings):\n    dingtalk_app_key: Annotated[\n        str, 'x'\n    ] = Field(validation_alias=\"DINGTALK_CLIENT_ID\")\n",
    ),
    (
        "import pydantic\nclass S(BaseSettings):\n    dingtalk_app_key: str\n",
        [
            (
                "EM108",
                "DINGTALK_APP_KEY",
                3,
                26,
                "",
                ' = pydantic.Field(validation_alias="DINGTALK_CLIENT_ID")',
                "settings field dingtalk_app_key reads DINGTALK_APP_KEY: read DINGTALK_CLIENT_ID through validation_alias",
            )
        ],
        'import pydantic\nclass S(BaseSettings):\n    dingtalk_app_key: str = pydantic.Field(validation_alias="DINGTALK_CLIENT_ID")\n',
    ),
    # an f-string over lines ending in CRLF or CR: the field's offset counts every character
    (
        'x = f"""\r\n{DINGTALK_APP_KEY}"""\r\ny = 1\r\n',
        [("EM101", "DINGTALK_APP_KEY", 2, 2, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        'x = f"""\r\n{DINGTALK_CLIENT_ID}"""\r\ny = 1\r\n',
    ),
    (
        'x = f"""\r{DINGTALK_APP_KEY}"""\ry = 1\r',
        [("EM101", "DINGTALK_APP_KEY", 2, 2, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        'x = f"""\r{DINGTALK_CLIENT_ID}"""\ry = 1\r',
    ),
    # lines ending in a lone CR: statements and calls are told apart as with LF
    (
        "x = 1\rassert 'DINGTALK_APP_KEY' in str(e)\rk = os.getenv('DINGTALK_APP_SECRET')\r",
        [("EM101", "DINGTALK_APP_SECRET", 3, 16, "DINGTALK_APP_SECRET", "DINGTALK_CLIENT_SECRET")],
        "x = 1\rassert 'DINGTALK_APP_KEY' in str(e)\rk = os.getenv('DINGTALK_CLIENT_SECRET')\r",
    ),
    (
        "if x:\r    print('DINGTALK_APP_KEY')\r    k = f(\r        'DINGTALK_APP_KEY')\r",
        [("EM101", "DINGTALK_APP_KEY", 4, 10, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "if x:\r    print('DINGTALK_APP_KEY')\r    k = f(\r        'DINGTALK_CLIENT_ID')\r",
    ),
    # ``match=`` at the very start of a file
    (
        'match = "DINGTALK_APP_KEY"\nx = 1\n',
        [],
        'match = "DINGTALK_APP_KEY"\nx = 1\n',
    ),
    (
        'match="DINGTALK_APP_KEY"\n',
        [],
        'match="DINGTALK_APP_KEY"\n',
    ),
    # brackets that are not calls, a call closed before the string, braces in a plain string
    (
        "('DINGTALK_APP_KEY')\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 3, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "('DINGTALK_CLIENT_ID')\n",
    ),
    (
        "print['DINGTALK_APP_KEY']\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 8, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "print['DINGTALK_CLIENT_ID']\n",
    ),
    (
        "print(x); k = 'DINGTALK_APP_KEY'\n",
        [("EM101", "DINGTALK_APP_KEY", 1, 16, "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")],
        "print(x); k = 'DINGTALK_CLIENT_ID'\n",
    ),
    (
        "msg = 'fix {DINGTALK_APP_KEY} first'\n",
        [],
        "msg = 'fix {DINGTALK_APP_KEY} first'\n",
    ),
]


@pytest.mark.parametrize(("src", "expected", "fixed"), PYTHON)
def test_python_records(src: str, expected: list[Record], fixed: str) -> None:
    assert records(python.scan, src) == expected
    assert fix(python.scan, src) == fixed


#: Each call whose string arguments are message text (spelt out: a name dropped from the set
#: fails here), and the suffixes that make a constructor one.
CALLS = [
    "print", "echo", "secho", "debug", "info", "warning", "warn", "error", "exception",
    "critical", "log", "fail", "skip", "xfail", "exit", "assertIn", "assertNotIn",
    "assertRegex", "assertNotRegex", "assertRaisesRegex", "assertWarnsRegex", "_",
    "KeyError", "MyException", "UserWarning", "SystemExit",
]  # fmt: skip


@pytest.mark.parametrize("call", CALLS)
def test_message_calls_keep_their_text(call: str) -> None:
    mention = f"x.{call}('DINGTALK_APP_KEY', y)\n"
    assert python.scan(mention, DEFAULT_RULES) == []
    read = f"x.{call}z('DINGTALK_APP_KEY', y)\n"  # another call: a read
    assert fix(python.scan, read) == read.replace("DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")


@pytest.mark.parametrize(
    "word", ["str", "repr", "err", "out", "message", "msg", "text", "log", "exc", "value"]
)
def test_assert_in_message_text(word: str) -> None:
    """``assert "X" in <expr>``: message text when the expression has one of the words."""
    for src in (
        f"assert 'DINGTALK_APP_KEY' in {word}\n",
        f"assert 'DINGTALK_APP_KEY' in a.B{word.upper()}x\n",
    ):
        assert python.scan(src, DEFAULT_RULES) == [], src
    data = "assert 'DINGTALK_APP_KEY' in names\n"
    assert fix(python.scan, data) == data.replace("DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")


@pytest.mark.parametrize("prefix", ["", "r", "R", "b", "B", "u", "U", "rb", "Rb", "bR", "BR"])
def test_string_prefixes(prefix: str) -> None:
    src = f"x = {prefix}'DINGTALK_APP_KEY'\n"
    assert records(python.scan, src) == [
        ("EM101", "DINGTALK_APP_KEY", 1, 6 + len(prefix), "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID")
    ]


@pytest.mark.parametrize("prefix", ["f", "F", "rf", "fR", "Rf", "FR"])
def test_fstring_prefixes(prefix: str) -> None:
    src = f"x = {prefix}'{{DINGTALK_APP_KEY}}{{{{DINGTALK_APP_SECRET}}}}{{a[DINGTALK_AGENT_ID]}}'\n"
    assert records(python.scan, src) == [
        ("EM101", "DINGTALK_APP_KEY", 1, 7 + len(prefix), "DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"),
        ("EM103", "DINGTALK_AGENT_ID", 1, 50 + len(prefix), "DINGTALK_AGENT_ID", None),
    ]
