"""Groovy (Jenkins pipelines, Groovy scripts, Gradle): the lexer's dialect and the scanner.

Rows are ``CODE line:col span``, then ``>replacement`` when ``migrate --code`` renames it
(``tests.scanners.test_lang_records.render`` checks every message word for word, except
the Groovy-only ones, which are checked here). Each fix is checked exactly, for
idempotence, and for a token stream that changes only by the renamed names.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from envmigrate.entry import main
from envmigrate.files import kind_of
from envmigrate.rules import DEFAULT_RULES, RENAMES
from envmigrate.scanners import groovy, registry
from envmigrate.scanners.hits import Hit, Lines
from envmigrate.scanners.lexer import GROOVY, MAX_NESTING, STR, Lexer, LexError, lex
from tests.scanners.helpers import fix
from tests.scanners.test_langs import assert_same_tokens

BY_HAND = "; the script's text could not be mapped back to the file exactly: rename it by hand"
VARIABLE = (
    "{key} is a Groovy variable here: a Jenkins pipeline reads the environment through it, "
    "other scripts a property: rename it by hand (or use env.{new})"
)


def rows(src: str) -> list[str]:
    """Every hit as ``CODE line:col span[>new]``, its message checked."""
    lines, out = Lines(src), []
    for hit in sorted(groovy.scan(src, DEFAULT_RULES)):
        line, col = lines.position(hit.start)
        span = src[hit.start : hit.end]
        assert span == hit.key or hit.code == "EM109", hit
        row = f"{hit.code} {line}:{col} {span}"
        row += f">{hit.replacement}" if hit.replacement is not None else ""
        out.append(row)
        _check_message(hit)
    return out


def _check_message(hit: Hit) -> None:
    new = RENAMES.get(hit.key, "")
    verb = {"EM101": "reads", "EM102": "sets"}.get(hit.code)
    if verb is not None:
        plain = f"{verb} deprecated {hit.key}: rename it to {new}"
        if hit.replacement is None:
            assert hit.message == plain + BY_HAND
        else:
            assert (hit.message, hit.replacement) == (plain, new)
    elif hit.code == "EM109" and hit.key == hit.message.split(" ", 1)[0]:
        assert hit.message == VARIABLE.format(key=hit.key, new=new)
        assert hit.replacement is None


#: (source, every hit, the source after ``migrate --code``)
RECORDS: list[tuple[str, list[str], str | None]] = [
    # the shared rules: a string that is the name, in any Groovy quoting
    (
        "def a = System.getenv('DINGTALK_APP_KEY')\n"
        'def b = System.getenv("DINGTALK_APP_SECRET")\n'
        "def c = env['DINGTALK_APP_KEY'] + providers.environmentVariable('''DINGTALK_APP_KEY''')\n",
        [
            "EM101 1:24 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:24 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 3:14 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 3:68 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
        "def a = System.getenv('DINGTALK_CLIENT_ID')\n"
        'def b = System.getenv("DINGTALK_CLIENT_SECRET")\n'
        "def c = env['DINGTALK_CLIENT_ID'] + providers.environmentVariable('''DINGTALK_CLIENT_ID''')\n",
    ),
    (
        "def k = System.getenv(/DINGTALK_APP_KEY/) ?: System.getenv($/DINGTALK_APP_SECRET/$)\n",
        [
            "EM101 1:24 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:62 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
        "def k = System.getenv(/DINGTALK_CLIENT_ID/) ?: System.getenv($/DINGTALK_CLIENT_SECRET/$)\n",
    ),
    # env.X, System.env.X, script.env.X, params.X, System.getenv().X; env.X = … sets it
    (
        "x = env.DINGTALK_APP_KEY + System.env.DINGTALK_APP_SECRET + script.env?.DINGTALK_APP_KEY\n"
        "y = params.DINGTALK_APP_KEY ?: System.getenv().DINGTALK_APP_SECRET\n"
        "env.DINGTALK_APP_KEY = 'x'\n",
        [
            "EM101 1:9 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:39 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 1:73 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:12 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:48 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM102 3:5 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
        "x = env.DINGTALK_CLIENT_ID + System.env.DINGTALK_CLIENT_SECRET + script.env?.DINGTALK_CLIENT_ID\n"
        "y = params.DINGTALK_CLIENT_ID ?: System.getenv().DINGTALK_CLIENT_SECRET\n"
        "env.DINGTALK_CLIENT_ID = 'x'\n",
    ),
    # in GStrings: ${env.X} and $env.X
    (
        'echo "key ${env.DINGTALK_APP_KEY} and $env.DINGTALK_APP_SECRET."\n',
        [
            "EM101 1:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:44 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
        'echo "key ${env.DINGTALK_CLIENT_ID} and $env.DINGTALK_CLIENT_SECRET."\n',
    ),
    # declarative environment { X = … }
    (
        "pipeline {\n  environment {\n    DINGTALK_APP_KEY = credentials('dingtalk-app-key')\n"
        "    DINGTALK_APP_SECRET = \"${env.OTHER}\"; DINGTALK_AGENT_ID = '1'\n  }\n}\n",
        [
            "EM102 3:5 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 4:5 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM103 4:43 DINGTALK_AGENT_ID",
        ],
        "pipeline {\n  environment {\n    DINGTALK_CLIENT_ID = credentials('dingtalk-app-key')\n"
        "    DINGTALK_CLIENT_SECRET = \"${env.OTHER}\"; DINGTALK_AGENT_ID = '1'\n  }\n}\n",
    ),
    # withEnv items and list items "X=…": the name part
    (
        'withEnv(["DINGTALK_APP_KEY=${k}", \'DINGTALK_APP_SECRET=s\', "DINGTALK_APP_KEY_OLD=1"]) {}\n'
        "def p = 'run'.execute(['DINGTALK_APP_KEY=x', 'PATH=/bin'], null)\n",
        [
            "EM102 1:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 1:36 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM102 2:25 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
        'withEnv(["DINGTALK_CLIENT_ID=${k}", \'DINGTALK_CLIENT_SECRET=s\', "DINGTALK_APP_KEY_OLD=1"]) {}\n'
        "def p = 'run'.execute(['DINGTALK_CLIENT_ID=x', 'PATH=/bin'], null)\n",
    ),
    # a name joined to its value by +, and env lines of a file being written
    (
        "withEnv(['DINGTALK_APP_KEY=' + key]) {}\n"
        'writeFile file: \'.env\', text: """DINGTALK_APP_KEY=${k}\n  export DINGTALK_APP_SECRET=${s}\n"""\n'
        'error("DINGTALK_APP_KEY=${k} is wrong")\n',
        [
            "EM102 1:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 2:34 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 3:10 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
        "withEnv(['DINGTALK_CLIENT_ID=' + key]) {}\n"
        'writeFile file: \'.env\', text: """DINGTALK_CLIENT_ID=${k}\n  export DINGTALK_CLIENT_SECRET=${s}\n"""\n'
        'error("DINGTALK_APP_KEY=${k} is wrong")\n',
    ),
    # withCredentials: the variables bind; the credentials id names a stored secret
    (
        "withCredentials([string(credentialsId: 'DINGTALK_APP_KEY', variable: 'DINGTALK_APP_KEY'),\n"
        "    usernamePassword(credentialsId: 'dt', usernameVariable: 'DINGTALK_APP_KEY',\n"
        "                     passwordVariable: 'DINGTALK_APP_SECRET')]) { sh './run.sh' }\n"
        "environment { K = credentials('DINGTALK_APP_SECRET') }\n",
        [
            "EM102 1:71 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 2:62 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 3:41 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
        "withCredentials([string(credentialsId: 'DINGTALK_APP_KEY', variable: 'DINGTALK_CLIENT_ID'),\n"
        "    usernamePassword(credentialsId: 'dt', usernameVariable: 'DINGTALK_CLIENT_ID',\n"
        "                     passwordVariable: 'DINGTALK_CLIENT_SECRET')]) { sh './run.sh' }\n"
        "environment { K = credentials('DINGTALK_APP_SECRET') }\n",
    ),
    # map keys and named arguments without quotes are strings
    (
        "test { environment DINGTALK_APP_KEY: 'x', 'DINGTALK_APP_SECRET': 'y' }\n"
        "def m = [DINGTALK_APP_KEY: 1]; f(a: 1, DINGTALK_APP_SECRET: 2)\n",
        [
            "EM101 1:20 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:44 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 2:10 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:40 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
        "test { environment DINGTALK_CLIENT_ID: 'x', 'DINGTALK_CLIENT_SECRET': 'y' }\n"
        "def m = [DINGTALK_CLIENT_ID: 1]; f(a: 1, DINGTALK_CLIENT_SECRET: 2)\n",
    ),
    # sh steps, every quoting: the shell scanner reads the script
    (
        "sh 'echo $DINGTALK_APP_KEY | ./deploy.sh'\n"
        'sh "python bot.py --key ${env.DINGTALK_APP_KEY} ${DINGTALK_APP_SECRET} \\$DINGTALK_APP_KEY"\n'
        "sh '''\n  export DINGTALK_APP_KEY=1\n  echo \"${DINGTALK_APP_SECRET:-x}\" > f\n'''\n"
        'sh """\n  DINGTALK_APP_SECRET=$DINGTALK_APP_KEY ./run \\\\\n    --x\n"""\n',
        [
            "EM101 1:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:31 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:51 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 2:74 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 4:10 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 5:11 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 8:3 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 8:24 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
        "sh 'echo $DINGTALK_CLIENT_ID | ./deploy.sh'\n"
        'sh "python bot.py --key ${env.DINGTALK_CLIENT_ID} ${DINGTALK_CLIENT_SECRET} \\$DINGTALK_CLIENT_ID"\n'
        "sh '''\n  export DINGTALK_CLIENT_ID=1\n  echo \"${DINGTALK_CLIENT_SECRET:-x}\" > f\n'''\n"
        'sh """\n  DINGTALK_CLIENT_SECRET=$DINGTALK_CLIENT_ID ./run \\\\\n    --x\n"""\n',
    ),
    # sh(script: …), sh label: …, script: …; the label is text; echo in a script is text
    (
        "def o = sh(returnStdout: true, script: 'printenv DINGTALK_APP_KEY').trim()\n"
        "sh label: 'DINGTALK_APP_KEY', script: \"echo DINGTALK_APP_KEY is \\${DINGTALK_APP_SECRET}\"\n",
        [
            "EM101 1:50 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:68 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
        "def o = sh(returnStdout: true, script: 'printenv DINGTALK_CLIENT_ID').trim()\n"
        "sh label: 'DINGTALK_APP_KEY', script: \"echo DINGTALK_APP_KEY is \\${DINGTALK_CLIENT_SECRET}\"\n",
    ),
    # Groovy code inside a script's interpolation; shared libraries' steps.sh / script.sh
    (
        "sh \"echo ${env['DINGTALK_APP_KEY']} ${System.getenv('DINGTALK_APP_SECRET')}\"\n"
        "steps.sh 'echo $DINGTALK_APP_KEY'\nscript.sh(script: 'echo $DINGTALK_APP_SECRET')\n"
        "if (a) sh 'x' else sh 'unset DINGTALK_APP_KEY'\nlist.each { -> sh 'unset DINGTALK_APP_SECRET' }\n",
        [
            "EM101 1:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:54 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 2:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 3:26 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 4:30 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 5:26 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
        "sh \"echo ${env['DINGTALK_CLIENT_ID']} ${System.getenv('DINGTALK_CLIENT_SECRET')}\"\n"
        "steps.sh 'echo $DINGTALK_CLIENT_ID'\nscript.sh(script: 'echo $DINGTALK_CLIENT_SECRET')\n"
        "if (a) sh 'x' else sh 'unset DINGTALK_CLIENT_ID'\nlist.each { -> sh 'unset DINGTALK_CLIENT_SECRET' }\n",
    ),
    # an Android BuildConfig field is named, not read; the value read inside is renamed
    (
        'buildConfigField "String", "DINGTALK_APP_KEY", "\\"${System.getenv(\'DINGTALK_APP_KEY\')}\\""\n',
        ["EM101 1:68 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        'buildConfigField "String", "DINGTALK_APP_KEY", "\\"${System.getenv(\'DINGTALK_CLIENT_ID\')}\\""\n',
    ),
    # a statement label and a ternary are no map keys
    (
        "foo\nDINGTALK_APP_KEY: bar()\ndef r = a ? DINGTALK_APP_SECRET : b\n",
        ["EM109 2:1 DINGTALK_APP_KEY", "EM109 3:13 DINGTALK_APP_SECRET"],
        None,
    ),
    # bat and PowerShell
    (
        "bat 'echo %DINGTALK_APP_KEY% && set DINGTALK_APP_SECRET=1 && echo !DINGTALK_APP_KEY!'\n"
        "powershell '$env:DINGTALK_APP_KEY; ${env:DINGTALK_APP_SECRET}; Get-Item Env:DINGTALK_APP_KEY'\n"
        "pwsh \"[Environment]::GetEnvironmentVariable('DINGTALK_APP_SECRET') + \\$ENV:DINGTALK_APP_KEY\"\n",
        [
            "EM101 1:12 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:37 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 1:68 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 2:42 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 2:77 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 3:46 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 3:76 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
        "bat 'echo %DINGTALK_CLIENT_ID% && set DINGTALK_CLIENT_SECRET=1 && echo !DINGTALK_CLIENT_ID!'\n"
        "powershell '$env:DINGTALK_CLIENT_ID; ${env:DINGTALK_CLIENT_SECRET}; Get-Item Env:DINGTALK_CLIENT_ID'\n"
        "pwsh \"[Environment]::GetEnvironmentVariable('DINGTALK_CLIENT_SECRET') + \\$ENV:DINGTALK_CLIENT_ID\"\n",
    ),
    # a script built with +: Groovy's own interpolation is renamed, the shell text reported
    (
        "sh 'echo ' + \"$DINGTALK_APP_KEY\" + ' $DINGTALK_APP_SECRET'\n",
        [
            "EM101 1:16 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:39 DINGTALK_APP_SECRET",
        ],
        "sh 'echo ' + \"$DINGTALK_CLIENT_ID\" + ' $DINGTALK_APP_SECRET'\n",
    ),
    # an escape the mapping does not know: reported, not renamed
    (
        "sh 'echo \\q $DINGTALK_APP_KEY'\nsh \"echo \\u00e9 \\$DINGTALK_APP_SECRET\"\n",
        [
            "EM101 1:14 DINGTALK_APP_KEY",
            "EM101 2:19 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
        ],
        "sh 'echo \\q $DINGTALK_APP_KEY'\nsh \"echo \\u00e9 \\$DINGTALK_CLIENT_SECRET\"\n",
    ),
    # references in text that is not a message: a script for sh -c, a Spring placeholder
    (
        "commandLine 'sh', '-c', 'deploy $DINGTALK_APP_KEY ${DINGTALK_APP_SECRET:-none}'\n"
        "@Value('${DINGTALK_APP_KEY}') String key\n"
        "println 'set $DINGTALK_APP_KEY first'\n",
        [
            "EM101 1:34 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 1:53 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM101 2:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
        "commandLine 'sh', '-c', 'deploy $DINGTALK_CLIENT_ID ${DINGTALK_CLIENT_SECRET:-none}'\n"
        "@Value('${DINGTALK_CLIENT_ID}') String key\n"
        "println 'set $DINGTALK_APP_KEY first'\n",
    ),
    # a bare identifier: the environment in a pipeline, maybe a property elsewhere
    (
        'if (DINGTALK_APP_KEY) { echo "${DINGTALK_APP_KEY}" }\nDINGTALK_APP_SECRET = 1\n',
        [
            "EM109 1:5 DINGTALK_APP_KEY",
            "EM109 1:33 DINGTALK_APP_KEY",
            "EM109 2:1 DINGTALK_APP_SECRET",
        ],
        None,
    ),
    # ... unless the file declares it: then it is the program's own variable
    (
        "def DINGTALK_APP_KEY = 'x'\nprintln DINGTALK_APP_KEY\nsh \"echo ${DINGTALK_APP_KEY}\"\n"
        "String DINGTALK_APP_SECRET\nlist.each { DINGTALK_AGENT_ID -> }\n",
        ["EM103 5:13 DINGTALK_AGENT_ID"],
        None,
    ),
    # built names
    (
        "def k = System.getenv('DINGTALK_' + 'APP_KEY') ?: System.getenv(\"${p}_APP_SECRET\")\n",
        ["EM109 1:38 APP_KEY", "EM109 1:66 ${p}_APP_SECRET"],
        None,
    ),
    # obsolete names wherever they are
    (
        "def a = env.DINGTALK_AGENT_ID + System.getenv('DINGTALK_AGENT_ID')\n"
        "sh 'echo $DINGTALK_AGENT_ID'\n",
        [
            "EM103 1:13 DINGTALK_AGENT_ID",
            "EM103 1:48 DINGTALK_AGENT_ID",
            "EM103 2:11 DINGTALK_AGENT_ID",
        ],
        None,
    ),
    # line ends: CRLF and lone CR
    (
        "environment {\r\n  DINGTALK_APP_KEY = 'x'\r\n}\rsh 'echo $DINGTALK_APP_KEY'\r",
        [
            "EM102 2:3 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM101 4:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
        ],
        "environment {\r\n  DINGTALK_CLIENT_ID = 'x'\r\n}\rsh 'echo $DINGTALK_CLIENT_ID'\r",
    ),
    # each row below tells a changed reading apart: slashy and dollar-slashy escapes,
    # interpolated code in a step, declarations, environment blocks, receivers, labels
    (
        "bat(/set \\/a DINGTALK_APP_KEY=1/)\n",
        ["EM101 1:14 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "bat(/set \\/a DINGTALK_CLIENT_ID=1/)\n",
    ),
    (
        "sh(/cd \\/;export DINGTALK_APP_KEY=1/)\n",
        ["EM101 1:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh(/cd \\/;export DINGTALK_CLIENT_ID=1/)\n",
    ),
    (
        "sh(/export DINGTALK_APP_KEY=1; grep '\\d'/)\n",
        ["EM101 1:12 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh(/export DINGTALK_CLIENT_ID=1; grep '\\d'/)\n",
    ),
    (
        "bat($/set $/a DINGTALK_APP_KEY=1/$)\n",
        ["EM101 1:15 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "bat($/set $/a DINGTALK_CLIENT_ID=1/$)\n",
    ),
    (
        "sh($/echo $$DINGTALK_APP_KEY/$)\n",
        ["EM101 1:13 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh($/echo $$DINGTALK_CLIENT_ID/$)\n",
    ),
    (
        "x = $/$$DINGTALK_APP_KEY/$\n",
        ["EM101 1:9 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "x = $/$$DINGTALK_CLIENT_ID/$\n",
    ),
    (
        'pwsh "[Environment]::GetEnvironmentVariable(\'DINGTALK_APP_KEY"\n',
        [],
        None,
    ),
    (
        'sh "echo \'\\$DINGTALK_APP_KEY"\n',
        [],
        None,
    ),
    (
        "sh \"${System.getenv('DINGTALK_APP_KEY')}\"\n",
        ["EM101 1:22 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh \"${System.getenv('DINGTALK_CLIENT_ID')}\"\n",
    ),
    (
        "sh \"${'DINGTALK_APP_KEY'}\"\n",
        [],
        None,
    ),
    (
        "for (DINGTALK_APP_KEY in xs) { echo DINGTALK_APP_KEY }\n",
        [],
        None,
    ),
    (
        "a.B DINGTALK_APP_KEY\nx = DINGTALK_APP_KEY\n",
        [],
        None,
    ),
    (
        "DINGTALK_APP_KEY.each { DINGTALK_APP_SECRET -> }\n",
        ["EM109 1:1 DINGTALK_APP_KEY"],
        None,
    ),
    (
        "environment {\n  DINGTALK_APP_KEY = f('x')\n  DINGTALK_APP_SECRET = [a: 1]\n  DINGTALK_AGENT_ID = { 1 }\n}\nDINGTALK_APP_KEY = 2\n",
        [
            "EM102 2:3 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID",
            "EM102 3:3 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET",
            "EM103 4:3 DINGTALK_AGENT_ID",
            "EM109 6:1 DINGTALK_APP_KEY",
        ],
        "environment {\n  DINGTALK_CLIENT_ID = f('x')\n  DINGTALK_CLIENT_SECRET = [a: 1]\n  DINGTALK_AGENT_ID = { 1 }\n}\nDINGTALK_APP_KEY = 2\n",
    ),
    (
        "environment {\n  A = f(\nDINGTALK_APP_KEY = 1)\n  B = [\nDINGTALK_APP_SECRET = 1]\n  C = {\nDINGTALK_APP_KEY = 1}\n}\n",
        [
            "EM109 3:1 DINGTALK_APP_KEY",
            "EM109 5:1 DINGTALK_APP_SECRET",
            "EM109 7:1 DINGTALK_APP_KEY",
        ],
        None,
    ),
    (
        "environment {\n  DINGTALK_APP_KEY == 'a'\n  'DINGTALK_APP_SECRET' = 1\n}\n",
        ["EM109 2:3 DINGTALK_APP_KEY", "EM101 3:4 DINGTALK_APP_SECRET>DINGTALK_CLIENT_SECRET"],
        "environment {\n  DINGTALK_APP_KEY == 'a'\n  'DINGTALK_CLIENT_SECRET' = 1\n}\n",
    ),
    (
        "environment {\n  x.DINGTALK_APP_KEY = 'a'\n  y DINGTALK_APP_SECRET = 1\n}\n",
        ["EM109 3:5 DINGTALK_APP_SECRET"],
        None,
    ),
    (
        "environment { a = 1; DINGTALK_APP_KEY = 2 }\n",
        ["EM102 1:22 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "environment { a = 1; DINGTALK_CLIENT_ID = 2 }\n",
    ),
    (
        "environment { a = 1 \r DINGTALK_APP_KEY = 2 }\n",
        ["EM102 2:2 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "environment { a = 1 \r DINGTALK_CLIENT_ID = 2 }\n",
    ),
    (
        "environment { a = 1 } DINGTALK_APP_KEY = 2\n",
        ["EM109 1:23 DINGTALK_APP_KEY"],
        None,
    ),
    (
        "x = a.params.DINGTALK_APP_KEY\n",
        [],
        None,
    ),
    (
        "x = a?.params.DINGTALK_APP_KEY\n",
        [],
        None,
    ),
    (
        "x = getenv().DINGTALK_APP_KEY + f().DINGTALK_APP_SECRET + getenv(1).DINGTALK_APP_KEY\n",
        ["EM101 1:14 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "x = getenv().DINGTALK_CLIENT_ID + f().DINGTALK_APP_SECRET + getenv(1).DINGTALK_APP_KEY\n",
    ),
    (
        "f(DINGTALK_APP_KEY: 1)\n",
        ["EM101 1:3 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "f(DINGTALK_CLIENT_ID: 1)\n",
    ),
    (
        "environment DINGTALK_APP_KEY: 'v'\n",
        ["EM101 1:13 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "environment DINGTALK_CLIENT_ID: 'v'\n",
    ),
    (
        "switch (x) {\ncase DINGTALK_APP_KEY: break\ndefault DINGTALK_APP_SECRET: x\n}\n",
        ["EM109 2:6 DINGTALK_APP_KEY", "EM109 3:9 DINGTALK_APP_SECRET"],
        None,
    ),
    (
        "1 DINGTALK_APP_KEY: 2\n",
        ["EM109 1:3 DINGTALK_APP_KEY"],
        None,
    ),
    # which call a string is an argument of: nesting, the statement's end, a command
    (
        "sh(label: f(g(x)), script: 'export DINGTALK_APP_KEY=1')\n",
        ["EM101 1:36 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh(label: f(g(x)), script: 'export DINGTALK_CLIENT_ID=1')\n",
    ),
    (
        "sh { 'export DINGTALK_APP_KEY=1' }\n",
        ["EM102 1:14 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh { 'export DINGTALK_CLIENT_ID=1' }\n",
    ),
    (
        "sh 'x'; x = 'export DINGTALK_APP_KEY=1'\n",
        ["EM102 1:21 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh 'x'; x = 'export DINGTALK_CLIENT_ID=1'\n",
    ),
    (
        "sh 'a'\nx = 'export DINGTALK_APP_KEY=1'\n",
        ["EM102 2:13 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh 'a'\nx = 'export DINGTALK_CLIENT_ID=1'\n",
    ),
    (
        "sh 'echo a' +\n  'export DINGTALK_APP_KEY=1'\n",
        ["EM101 2:11 DINGTALK_APP_KEY"],
        None,
    ),
    (
        "sh script:\n  'export DINGTALK_APP_KEY=1'\n",
        ["EM101 2:11 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh script:\n  'export DINGTALK_CLIENT_ID=1'\n",
    ),
    (
        "sh 'export DINGTALK_APP_KEY=1', x\n",
        ["EM101 1:12 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh 'export DINGTALK_CLIENT_ID=1', x\n",
    ),
    (
        "(x = sh 'export DINGTALK_APP_KEY=1')\n",
        ["EM101 1:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "(x = sh 'export DINGTALK_CLIENT_ID=1')\n",
    ),
    (
        "sh(f(a,) : 'export DINGTALK_APP_KEY=1')\n",
        ["EM101 1:20 DINGTALK_APP_KEY"],
        None,
    ),
    (
        "sh([a,] : 'export DINGTALK_APP_KEY=1')\n",
        ["EM101 1:19 DINGTALK_APP_KEY"],
        None,
    ),
    (
        "sh({a,} : 'export DINGTALK_APP_KEY=1')\n",
        ["EM101 1:19 DINGTALK_APP_KEY"],
        None,
    ),
    (
        "return sh 'export DINGTALK_APP_KEY=1'\n",
        ["EM101 1:19 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "return sh 'export DINGTALK_CLIENT_ID=1'\n",
    ),
    (
        "steps.sh 'export DINGTALK_APP_KEY=1'\n",
        ["EM101 1:18 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "steps.sh 'export DINGTALK_CLIENT_ID=1'\n",
    ),
    (
        "sh a.b, 'export DINGTALK_APP_KEY=1'\n",
        ["EM101 1:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh a.b, 'export DINGTALK_CLIENT_ID=1'\n",
    ),
    (
        "sh 'a'\rx = 'export DINGTALK_APP_KEY=1'\r",
        ["EM102 2:13 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "sh 'a'\rx = 'export DINGTALK_CLIENT_ID=1'\r",
    ),
    (
        "{ } sh 'export DINGTALK_APP_KEY=1'\n",
        ["EM101 1:16 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "{ } sh 'export DINGTALK_CLIENT_ID=1'\n",
    ),
    (
        'sh "export DINGTALK_APP_KEY=${x}"; y\n',
        ["EM101 1:12 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        'sh "export DINGTALK_CLIENT_ID=${x}"; y\n',
    ),
    (
        'pwsh "[Environment]::GetEnvironmentVariable(\'DINGTALK_APP_KEY"\n',
        [],
        None,
    ),
    (
        "environment { a((b)) \n DINGTALK_APP_KEY = 1 }\n",
        ["EM102 2:2 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "environment { a((b)) \n DINGTALK_CLIENT_ID = 1 }\n",
    ),
    # a label outside any call: the look-back stops at the file's start
    (
        "credentialsId: 'DINGTALK_APP_KEY'\nx\n",
        ["EM101 1:17 DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"],
        "credentialsId: 'DINGTALK_CLIENT_ID'\nx\n",
    ),
]


@pytest.mark.parametrize(("src", "want", "fixed"), RECORDS)
def test_every_hit_in_full(src: str, want: list[str], fixed: str | None) -> None:
    assert rows(src) == want
    got = fix(groovy.scan, src)
    assert got == (src if fixed is None else fixed)
    assert fix(groovy.scan, got) == got  # idempotent
    assert_same_tokens(src, got, GROOVY)


NOOP = [
    "// env.DINGTALK_APP_KEY System.getenv('DINGTALK_APP_KEY')\n",
    "/* sh 'echo $DINGTALK_APP_KEY' */\n",
    "#!/usr/bin/env groovy DINGTALK_APP_KEY\nx = 1\n",
    "echo \"DINGTALK_APP_KEY\"\nerror('DINGTALK_APP_KEY')\nprintln 'DINGTALK_APP_KEY'\n",
    "throw new IllegalStateException('DINGTALK_APP_KEY')\nlog.warn('DINGTALK_APP_KEY')\n",
    "def s = 'set DINGTALK_APP_KEY first'\n",
    "x = env.DINGTALK_APP_KEYS + env.MY_DINGTALK_APP_KEY + foo.DINGTALK_APP_KEY\n",
    "x = System.getenv('DINGTALK_APP_KEY_OLD') + env['MY_DINGTALK_APP_KEY']\n",
    "sh 'echo $DINGTALK_APP_KEY_OLD ${MY_DINGTALK_APP_KEY}'\n",
    "sh 'echo DINGTALK_APP_KEY is required'\n",
    "withEnv(['DINGTALK_APP_KEY_2=1', 'X=DINGTALK_APP_KEY']) {}\n",
    "withCredentials([string(credentialsId: 'DINGTALK_APP_KEY', variable: 'K')]) {}\n",
    "stage('Deploy') { steps { sh './deploy.sh' } }\n",
    'buildConfigField "String", "DINGTALK_APP_KEY", "\\"${key}\\""\n',
    "android { defaultConfig { resValue('string', 'DINGTALK_APP_SECRET', 'x') } }\n",
    "if (line ==~ /DINGTALK_APP_KEY/) { }\nassert out =~ 'DINGTALK_APP_SECRET'\n",
    'def t = """\nDINGTALK_APP_KEY is read\n"""\n',
    'println "set \\$DINGTALK_APP_KEY"\n',
    "x = a ? DINGTALK_CLIENT_ID : b\n",
]


@pytest.mark.parametrize("src", NOOP)
def test_noop(src: str) -> None:
    lex(src, GROOVY)  # the case lexes: a no-op is not a refusal in disguise
    assert groovy.scan(src, DEFAULT_RULES) == []


# -- the lexer -----------------------------------------------------------------------------


def tokens(src: str) -> list[str]:
    kinds = {"name": "n", "num": "#", "op": "o", "comment": "c"}
    out = []
    for tok in lex(src, GROOVY):
        text = src[tok.start : tok.end]
        if tok.kind == STR:
            out.append(("s:" if tok.plain else "i:") + text + "|" + src[tok.body : tok.body_end])
        else:
            out.append(f"{kinds[tok.kind]}:{text}")
    return out


TOKENS = [
    ("a / b / c", ["n:a", "o:/", "n:b", "o:/", "n:c"]),
    (
        "f(x) / 2 / y[1] / 3",
        ["n:f", "o:(", "n:x", "o:)", "o:/", "#:2", "o:/", "n:y", "o:[", "#:1", "o:]", "o:/", "#:3"],
    ),
    ("x = /a\\/b\\d$/", ["n:x", "o:=", "s:/a\\/b\\d$/|a\\/b\\d$"]),
    ("x = /a$b.c/", ["n:x", "o:=", "i:/a$b.c/|a$b.c", "n:b", "o:.", "n:c"]),
    ("return /x/", ["n:return", "s:/x/|x"]),
    ("i-- / 2", ["n:i", "o:-", "o:-", "o:/", "#:2"]),
    ("x = $/a$$b$/c/ d/$", ["n:x", "o:=", "s:$/a$$b$/c/ d/$|a$$b$/c/ d"]),
    ("x = $/a $b ${c}/$", ["n:x", "o:=", "i:$/a $b ${c}/$|a $b ${c}", "n:b", "n:c"]),
    ("'a\\'b' + '''x\n'y'''", ["s:'a\\'b'|a\\'b", "o:+", "s:'''x\n'y'''|x\n'y"]),
    ('"$a.b.c()"', ['i:"$a.b.c()"|$a.b.c()', "n:a", "o:.", "n:b", "o:.", "n:c"]),
    (
        '"${ [a: "${b}"] }" \'$c\'',
        [
            'i:"${ [a: "${b}"] }"|${ [a: "${b}"] }',
            "o:[",
            "n:a",
            "o::",
            'i:"${b}"|${b}',
            "n:b",
            "o:]",
            "s:'$c'|$c",
        ],
    ),
    ('"\\${a} \\$b"', ['s:"\\${a} \\$b"|\\${a} \\$b']),
    ('"""a\n"b"\n${c}"""', ['i:"""a\n"b"\n${c}"""|a\n"b"\n${c}', "n:c"]),
    ("#!/usr/bin/env groovy\na$b", ["c:#!/usr/bin/env groovy", "n:a$b"]),
    ("x ==~ /a/ && y =~ 'b'", ["n:x", "o:==~", "s:/a/|a", "o:&&", "n:y", "o:=~", "s:'b'|b"]),
    ('"${/x/}"', ['i:"${/x/}"|${/x/}', "s:/x/|x"]),
    ('"\\u001b[0m"', ['s:"\\u001b[0m"|\\u001b[0m']),
]


def test_interpolation_may_nest_up_to_the_limit() -> None:
    deepest = '"${' * MAX_NESTING + "env.DINGTALK_APP_KEY" + '}"' * MAX_NESTING
    assert rows(deepest) == [f"EM101 1:{MAX_NESTING * 3 + 5} DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"]


@pytest.mark.parametrize(("src", "want"), TOKENS)
def test_every_token(src: str, want: list[str]) -> None:
    assert tokens(src) == want


REFUSED = [
    ('"abc', "unterminated string"),
    ("'a\nb'", "newline in a one-line string"),
    ('x = "${a', "unterminated interpolation"),
    ('x = "${a"', "unterminated string"),
    ('"a $ b"', "'$' without a name or '{' in a GString"),
    ("x = /abc", "unterminated string"),
    ("x = $/abc/", "unterminated string"),
    ("f /x/", "'/' could start a slashy string or divide"),
    ("f() $/x/$", "'$/' after an operand"),
    ("x = /a\\\\/b/", "'\\\\/' in a slashy string"),
    ("x = $/a/$$/$", "'/$$' in a dollar-slashy string"),
    ('"""a""""', "a quote right before the closing quotes"),
    ('x = "\\u0022"', "a unicode escape stands for code"),
    ("x = \\u0041", "a unicode escape stands for code"),
    ("/* x", "unterminated block comment"),
    ('"${' * (MAX_NESTING + 1) + '}"' * (MAX_NESTING + 1), "interpolation nested too deep"),
]


@pytest.mark.parametrize(("src", "why"), REFUSED)
def test_refused(src: str, why: str) -> None:
    with pytest.raises(LexError) as caught:
        lex(src, GROOVY)
    assert str(caught.value) == why
    # every whole old name in a refused file is reported ($X too), nothing is renamed
    text = f"sh 'echo $DINGTALK_APP_KEY' xDINGTALK_APP_KEY DINGTALK_APP_KEYx\n{src}"
    hits = groovy.scan(text, DEFAULT_RULES)
    assert [(h.code, text[h.start : h.end], h.replacement) for h in hits] == [
        ("EM101", "DINGTALK_APP_KEY", None)
    ]
    assert hits[0].message == (
        "reads deprecated DINGTALK_APP_KEY: rename it to DINGTALK_CLIENT_ID; this file could "
        f"not be read as groovy ({why}): check it by hand"
    )


def _covers(text: str) -> None:
    """Top-level tokens are ordered and disjoint with only blanks between them; a token
    nested in a string lies in the string's body, inside one interpolation."""
    lexer = Lexer(text, GROOVY)
    toks = sorted(lexer.tokens(), key=lambda t: t.start)
    holes = lexer.holes
    at, outer = 0, None
    for tok in toks:
        assert 0 <= tok.start < tok.end <= len(text), tok
        if outer is not None and tok.start < outer.end:
            assert outer.body <= tok.start, (outer, tok)
            assert tok.end <= outer.body_end, (outer, tok)
            assert any(a < tok.start and tok.end <= b for a, b in holes), tok
            continue
        assert not text[at : tok.start].strip(" \t\f\v\r\n\ufeff"), text[at : tok.start]
        at = tok.end
        outer = tok if tok.kind == STR else None
        if tok.kind == STR:
            assert tok.start < tok.body <= tok.body_end < tok.end
    assert not text[at:].strip(" \t\f\v\r\n\ufeff")


_PIECES = st.sampled_from(
    ['"', "'", "'''", '"""', "/", "$/", "/$", "$", "${", "}", "{", "\\", "\n", " ", "env", ".",
     "DINGTALK_APP_KEY", "sh", "(", ")", "x", "=", "//", "/*", "*/", ",", ":", "[", "]", "1"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=24).map("".join)))
def test_the_lexer_covers_the_text_or_refuses(text: str) -> None:
    with contextlib.suppress(LexError):  # the only exception it may raise
        _covers(text)
    got = fix(groovy.scan, text)  # and the scanner never crashes
    if got != text:
        assert_same_tokens(text, got, GROOVY)


# -- Hypothesis: generated pipelines change only the renamed names -------------------------

#: (template, how many EM101/EM102 renames); ``{n}`` an old name, ``{m}`` free text.
_SEGMENTS = [
    ("def v = System.getenv('{n}')", 1),
    ("def v = env.{n} + params.{n}", 2),
    ("environment {{\n  {n} = credentials('{m}')\n}}", 1),
    ('withEnv(["{n}=${{v}}"]) {{ sh "./run" }}', 1),
    ("withCredentials([string(credentialsId: '{n}', variable: '{n}')]) {{ }}", 1),
    ("sh '''\n  export {n}=1 # {m}\n  ./run \"${n}\"\n'''", 2),
    ('sh "run ${{{n}}} \\${n} {m}"', 2),
    ("bat 'echo %{n}%'", 1),
    ("// sh 'echo ${n}' {m}", 0),
    ("echo '{n}'", 0),
    ('def t = """\n{m} {n}\n"""', 0),
    ("def v = System.getenv('{n}_OLD') + env.{n}S", 0),
    ("sh 'echo {n} is required'", 0),
]
_TEXT = st.text(alphabet=st.sampled_from("abc XYZ_.,:;()-=!"), max_size=10)


@st.composite
def _pipeline(draw: st.DrawFn) -> tuple[str, list[tuple[str, int]]]:
    parts, names = [], []
    for template, count in draw(st.lists(st.sampled_from(_SEGMENTS), min_size=1, max_size=8)):
        name = draw(st.sampled_from(sorted(RENAMES)))
        parts.append(template.format(n=name, m=draw(_TEXT)))
        names.append((name, count))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    return end.join(parts) + end, names


@settings(max_examples=150, deadline=None)
@given(_pipeline())
def test_generated_pipelines_change_only_the_renamed_names(
    case: tuple[str, list[tuple[str, int]]],
) -> None:
    src, names = case
    hits = groovy.scan(src, DEFAULT_RULES)
    renamed = sorted(h for h in hits if h.replacement is not None)
    assert len(renamed) == sum(count for _, count in names)
    assert all(h.code in ("EM101", "EM102") for h in renamed)
    got = fix(groovy.scan, src)
    # outside the renamed names not one character changes
    at, rebuilt = 0, []
    for hit in renamed:
        rebuilt.append(src[at : hit.start])
        rebuilt.append(RENAMES[src[hit.start : hit.end]])
        at = hit.end
    assert got == "".join(rebuilt) + src[at:]
    assert fix(groovy.scan, got) == got
    assert_same_tokens(src, got, GROOVY)


# -- kinds, registry, pre-filter, masks, the command line ----------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Jenkinsfile", "groovy"),
        ("Jenkinsfile.deploy", "groovy"),
        ("Jenkinsfile.groovy", "groovy"),
        ("release.jenkinsfile", "groovy"),
        ("vars/deploy.groovy", "groovy"),
        ("script.gvy", "groovy"),
        ("build.gradle", "groovy"),
        ("settings.gradle", "groovy"),
        ("build.gradle.kts", "kotlin"),
        ("Jenkinsfile.swp", None),
        ("Jenkinsfile~", None),
        ("jenkinsfile.txt", None),
    ],
)
def test_kind_of(name: str, kind: str | None) -> None:
    assert kind_of(name.rpartition("/")[2]) == kind


def test_the_scanner_is_imported_only_when_a_groovy_file_is_scanned() -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom envmigrate.scanners import registry\n"
        "registry.needles('groovy', __import__('envmigrate.rules').rules.DEFAULT_RULES)\n"
        "assert 'envmigrate.scanners.groovy' not in sys.modules\n"
        "registry.scanner('groovy')\nassert 'envmigrate.scanners.groovy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


SENTINEL = "Zq9sentinelSECRETvalue"


@pytest.mark.parametrize(
    "src",
    [
        "environment {{\n  DINGTALK_APP_KEY = '{s}'\n}}\nsh \"curl -d {s} ${{env.DINGTALK_APP_KEY}}\"\n",
        "sh '''\n  export DINGTALK_APP_KEY={s}\n'''\n",
        'withEnv(["DINGTALK_APP_KEY={s}"]) {{}}\nx = /{s}/ + $/{s}/$\n',
        "def k = System.getenv('DINGTALK_APP_KEY') ?: '{s}' // {s}\n/* {s} */ def n = 12345{s}\n",
    ],
)
def test_masked_diff_hides_string_text(src: str) -> None:
    from envmigrate.diff import Edit, RawView, from_edits
    from envmigrate.scanners.mask import masked_diff

    text = src.format(s=SENTINEL)
    hits = groovy.scan(text, DEFAULT_RULES)
    edits = sorted(Edit(h.start, h.end, h.replacement) for h in hits if h.replacement)
    assert edits
    diff = masked_diff(text, edits, "Jenkinsfile", registry.mask_kind("groovy"))
    assert SENTINEL not in diff
    assert "Zq9" not in diff
    assert "DINGTALK_CLIENT_ID" in diff
    assert SENTINEL in from_edits(text, edits, "Jenkinsfile", RawView(text, edits))


JENKINSFILE = """\
pipeline {
    agent any
    environment {
        DINGTALK_APP_KEY = credentials('dingtalk-app-key')
        DINGTALK_APP_SECRET = credentials('dingtalk-app-secret')
    }
    stages { stage('Deploy') { steps {
        sh 'echo $DINGTALK_APP_KEY | ./deploy.sh --token Zq9sentinelSECRETvalue'
        sh "python bot.py --key ${env.DINGTALK_APP_KEY}"
        withCredentials([string(credentialsId: 'dt', variable: 'DINGTALK_APP_SECRET')]) { sh './run.sh' }
    } } }
}
"""
GRADLE = """\
def key = System.getenv("DINGTALK_APP_KEY") ?: "Zq9sentinelSECRETvalue"
test { environment "DINGTALK_APP_SECRET", project.findProperty("s") }
"""


def test_check_migrate_check(in_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A repository whose only old names are in its pipeline and its build: check fails
    and lists them, migrate --code rewrites them, check is clean."""
    (in_tmp / "Jenkinsfile").write_text(JENKINSFILE)
    (in_tmp / "build.gradle").write_text(GRADLE)
    (in_tmp / ".env").write_text(
        "DINGTALK_APP_KEY=abc\nDINGTALK_APP_SECRET=Zq9sentinelSECRETvalue\n"
    )
    assert main(["check", "--no-color", "."]) == 1
    out = capsys.readouterr().out
    found = sorted(line.split(": ", 1)[0] for line in out.splitlines() if ": EM1" in line)
    assert found == [
        "Jenkinsfile:10:65",
        "Jenkinsfile:4:9",
        "Jenkinsfile:5:9",
        "Jenkinsfile:8:19",
        "Jenkinsfile:9:39",
        "build.gradle:1:26",
        "build.gradle:2:21",
    ]
    assert main(["migrate", "--code", "--dry-run", "--no-color", "."]) in (0, 1)
    dry = capsys.readouterr()
    assert "Zq9" not in dry.out + dry.err
    assert "DINGTALK_CLIENT_ID" in dry.out
    assert main(["migrate", "--code", "--yes", "--no-verify", "--no-color", "."]) == 0
    capsys.readouterr()
    jenkinsfile = (in_tmp / "Jenkinsfile").read_text()
    assert jenkinsfile == (
        JENKINSFILE.replace("DINGTALK_APP_KEY =", "DINGTALK_CLIENT_ID =")
        .replace("DINGTALK_APP_SECRET =", "DINGTALK_CLIENT_SECRET =")
        .replace("$DINGTALK_APP_KEY", "$DINGTALK_CLIENT_ID")
        .replace("env.DINGTALK_APP_KEY", "env.DINGTALK_CLIENT_ID")
        .replace("'DINGTALK_APP_SECRET'", "'DINGTALK_CLIENT_SECRET'")
    )
    assert (in_tmp / "build.gradle").read_text() == GRADLE.replace(
        '"DINGTALK_APP_KEY"', '"DINGTALK_CLIENT_ID"'
    ).replace('"DINGTALK_APP_SECRET"', '"DINGTALK_CLIENT_SECRET"')
    assert main(["check", "--no-color", "."]) == 0


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "sh 'docker run -e DINGTALK_APP_KEY -e TOKEN=s3cr3t $HOME ${X:-dflt} img'\n",
            "sh '****DINGTALK_APP_KEY****TOKEN****$HOME****${X:-****}****'\n",
        ),
        (
            "bat 'set DINGTALK_APP_KEY=abc && echo %DINGTALK_APP_KEY%'\n",
            "bat '****DINGTALK_APP_KEY****DINGTALK_APP_KEY****'\n",
        ),
        (
            'withEnv(["DINGTALK_APP_KEY=${k}x9", "A=b"]) {}\n',
            'withEnv(["DINGTALK_APP_KEY****k****", "A****"]) {}\n',
        ),
        (
            "def p = 'hunter' // DINGTALK_APP_KEY is 12\nx = /ab\\/c$d/ + $/q$$w/$ + 0x1F\n",
            "def p = '****' // DINGTALK_APP_KEY is ****\nx = /****d/ + $/****/$ + ****\n",
        ),
        ("f /x/ DINGTALK_APP_KEY secret9\n", "f /x/ DINGTALK_APP_KEY ****\n"),  # refused: strict
    ],
)
def test_mask(text: str, masked: str) -> None:
    from envmigrate.scanners.mask import mask

    assert mask(text, "groovy", {"DINGTALK_APP_KEY", "DINGTALK_CLIENT_ID"}) == masked


def test_a_suppression_comment_silences_a_finding(in_tmp: Path) -> None:
    (in_tmp / ".env").write_text("DINGTALK_CLIENT_ID=a\n")
    (in_tmp / "Jenkinsfile").write_text(
        "if (DINGTALK_APP_KEY) { }  // envmigrate: ignore[EM109]\n"
        "/* envmigrate: ignore */ sh 'echo $DINGTALK_APP_SECRET'\n"
    )
    assert main(["check", "--no-color", "."]) == 0
    (in_tmp / "Jenkinsfile").write_text("if (DINGTALK_APP_KEY) { }  # envmigrate: ignore\n")
    assert main(["check", "--no-color", "."]) == 1  # not a Groovy comment: refused, reported


# -- escapes: what a backslash sequence stands for, its length, whether it is understood ----


@pytest.mark.parametrize(
    ("text", "at", "want"),
    [
        ("\\n", 0, ("\n", 2, True)),
        ("\\b\\t\\f\\r", 2, ("\t", 2, True)),
        ("x\\s", 1, (" ", 2, True)),
        ("\\$", 0, ("$", 2, True)),
        ("\\/", 0, ("/", 2, True)),
        ("\\\\", 0, ("\\", 2, True)),
        ("\\'\\\"", 2, ('"', 2, True)),
        ("ab\\u0041z", 2, ("A", 6, True)),  # \u and four hex digits
        ("a\\uu00e9", 1, ("\u00e9", 7, True)),  # any number of u
        ("\\uABCDx", 0, ("\uabcd", 6, True)),
        ("\\u004", 0, ("u", 2, False)),  # three digits: not understood
        ("\\u004g", 0, ("u", 2, False)),
        ("a\\\n", 1, ("", 2, True)),  # a line continuation
        ("a\\\r\nx", 1, ("", 3, True)),
        ("a\\\rx", 1, ("", 2, True)),
        ("a\\\n\r", 1, ("", 2, True)),
        ("a\\q", 1, ("q", 2, False)),  # unknown
        ("a\\", 1, ("", 2, False)),  # at the end
    ],
)
def test_escape(text: str, at: int, want: tuple[str, int, bool]) -> None:
    assert groovy._escape(text, at) == want


@pytest.mark.parametrize(("args", "code"), [(199, "EM101"), (200, "EM102")])
def test_a_call_is_looked_for_400_tokens_back(args: int, code: str) -> None:
    """The string is the step's script while its ``(`` is at most 400 tokens back;
    past that it is plain text (an env line)."""
    src = "sh(" + "a, " * args + "'export DINGTALK_APP_KEY=1')\n"
    col = len(src) - len("DINGTALK_APP_KEY=1')\n") + 1
    assert rows(src) == [f"{code} 1:{col} DINGTALK_APP_KEY>DINGTALK_CLIENT_ID"]


def test_a_bare_name_is_reported_with_its_whole_message() -> None:
    [hit] = groovy.scan("if (DINGTALK_APP_SECRET) {}\n", DEFAULT_RULES)
    assert hit[:4] == (4, 23, "EM109", "DINGTALK_APP_SECRET")
    assert str(hit.message) == VARIABLE.format(
        key="DINGTALK_APP_SECRET", new="DINGTALK_CLIENT_SECRET"
    )
    assert hit.replacement is None


def test_a_name_both_renamed_and_configured_obsolete_is_a_read() -> None:
    from envmigrate.rules import RenameTable

    rules = RenameTable(renames={"OLD_KEY": "NEW_KEY"}, obsolete=("OLD_KEY",))
    hits = groovy.scan("if (OLD_KEY) {}\nx = env.OLD_KEY\n", rules)
    assert [(h.code, h.start, h.end, h.replacement) for h in sorted(hits)] == [
        ("EM101", 4, 11, "NEW_KEY"),
        ("EM101", 24, 31, "NEW_KEY"),
    ]
