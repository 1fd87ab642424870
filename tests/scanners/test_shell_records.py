"""Shell, Dockerfile, Makefile, Procfile and systemd scanners, whole results: every hit
(line, column, code, name, replacement or store) and the exact bytes ``migrate --code``
writes, over the odd layouts (quotes, heredocs, continuations, CR/CRLF, nesting).

The names are short user-configured renames (``OLD_ID``/``OLD_KEY``) and an obsolete
``GONE``, so the tables also prove the scanners follow the configured rules.
"""

from __future__ import annotations

import re

import pytest

from envmigrate.rules import DEFAULT_RULES, RenameTable
from envmigrate.scanners import shell
from tests.scanners.helpers import records_and_fix

Row = tuple[str, list[str], str]

SHELL: list[Row] = [
    # assignments: plain, append, empty; a later word is an argument
    (
        "OLD_ID=1 OLD_KEY+=2 GONE= x OLD_ID=3\n",
        [
            "1:1 EM101 OLD_ID>NEW_ID",
            "1:10 EM101 OLD_KEY>NEW_KEY",
            "1:21 EM103 GONE",
            "1:29 EM101 OLD_ID>NEW_ID",
        ],
        "NEW_ID=1 NEW_KEY+=2 GONE= x NEW_ID=3\n",
    ),
    # an append with an empty value
    (
        "OLD_ID+=\n",
        ["1:1 EM101 OLD_ID>NEW_ID"],
        "NEW_ID+=\n",
    ),
    # leading blanks (space and tab)
    (
        "  \tOLD_ID=1\n",
        ["1:4 EM101 OLD_ID>NEW_ID"],
        "  \tNEW_ID=1\n",
    ),
    # line continuations, LF and CRLF, keep the command
    (
        "export \\\n  OLD_ID=1 \\\r\n  OLD_KEY\n",
        ["2:3 EM101 OLD_ID>NEW_ID", "3:3 EM101 OLD_KEY>NEW_KEY"],
        "export \\\n  NEW_ID=1 \\\r\n  NEW_KEY\n",
    ),
    # a continuation with the next word at the line start (LF, CRLF)
    (
        "export \\\nOLD_ID \\\r\nOLD_KEY\n",
        ["2:1 EM101 OLD_ID>NEW_ID", "3:1 EM101 OLD_KEY>NEW_KEY"],
        "export \\\nNEW_ID \\\r\nNEW_KEY\n",
    ),
    # a new line (LF, CR, CRLF) starts a new command
    (
        "echo hi\nOLD_ID=1\recho x\rexport OLD_KEY\r\nunset GONE\n",
        ["2:1 EM101 OLD_ID>NEW_ID", "4:8 EM101 OLD_KEY>NEW_KEY", "5:7 EM103 GONE"],
        "echo hi\nNEW_ID=1\recho x\rexport NEW_KEY\r\nunset GONE\n",
    ),
    # comments to the end of the line (LF or CR), not a '#' inside a word
    (
        "# $OLD_ID\nx=1 # OLD_KEY $OLD_KEY\rread OLD_ID # $OLD_KEY\na#OLD_ID b\n",
        ["3:6 EM101 OLD_ID>NEW_ID"],
        "# $OLD_ID\nx=1 # OLD_KEY $OLD_KEY\rread NEW_ID # $OLD_KEY\na#OLD_ID b\n",
    ),
    # a here-string has no body
    (
        "cat <<< word\nexport OLD_ID\ncat <<<$OLD_KEY\n",
        ["2:8 EM101 OLD_ID>NEW_ID", "3:9 EM101 OLD_KEY>NEW_KEY"],
        "cat <<< word\nexport NEW_ID\ncat <<<$NEW_KEY\n",
    ),
    # a here-string word right after <<<
    (
        "cat <<<OLD_KEY\n",
        ["1:8 EM101 OLD_KEY>NEW_KEY"],
        "cat <<<NEW_KEY\n",
    ),
    # ; & | ( ) end a command, < > do not
    (
        "echo a; OLD_ID=1\necho a& OLD_ID=1\necho a| OLD_ID=1\necho a( OLD_ID=1\necho a) OLD_ID=1\necho a < OLD_ID\necho a > OLD_KEY\n",
        [
            "1:9 EM101 OLD_ID>NEW_ID",
            "2:9 EM101 OLD_ID>NEW_ID",
            "3:9 EM101 OLD_ID>NEW_ID",
            "4:9 EM101 OLD_ID>NEW_ID",
            "5:9 EM101 OLD_ID>NEW_ID",
        ],
        "echo a; NEW_ID=1\necho a& NEW_ID=1\necho a| NEW_ID=1\necho a( NEW_ID=1\necho a) NEW_ID=1\necho a < OLD_ID\necho a > OLD_KEY\n",
    ),
    # the store commands
    (
        "gh secret set OLD_ID\ngh variable set OLD_KEY\nglab variable set OLD_ID\nglab secret set OLD_KEY\n",
        [
            "1:15 EM102 OLD_ID @github",
            "2:17 EM102 OLD_KEY @github-vars",
            "3:19 EM102 OLD_ID @gitlab",
            "4:17 EM102 OLD_KEY @gitlab",
        ],
        "gh secret set OLD_ID\ngh variable set OLD_KEY\nglab variable set OLD_ID\nglab secret set OLD_KEY\n",
    ),
    # store commands need their exact words, blanks between
    (
        "gh\tsecret  set OLD_ID\ngh secrets set OLD_ID\ngh secretx OLD_ID\nghx secret OLD_ID\nx gh secret set OLD_KEY\n",
        [
            "1:16 EM102 OLD_ID @github",
            "2:16 EM101 OLD_ID>NEW_ID",
            "3:12 EM101 OLD_ID>NEW_ID",
            "4:12 EM101 OLD_ID>NEW_ID",
            "5:17 EM101 OLD_KEY>NEW_KEY",
        ],
        "gh\tsecret  set OLD_ID\ngh secrets set NEW_ID\ngh secretx NEW_ID\nghx secret NEW_ID\nx gh secret set NEW_KEY\n",
    ),
    # a store command: an obsolete name, a reference, a longer name
    (
        "gh secret set GONE $OLD_ID OLD_IDX 'OLD_KEY'\n",
        ["1:15 EM103 GONE", "1:21 EM101 OLD_ID>NEW_ID", "1:37 EM102 OLD_KEY @github"],
        "gh secret set GONE $NEW_ID OLD_IDX 'OLD_KEY'\n",
    ),
    # references: $X ${X} ${#X} ${!X} ${X:-d}, not longer names
    (
        "$OLD_ID ${OLD_ID} ${#OLD_ID} ${!OLD_ID} $OLD_IDX ${OLD_ID:-d} ${OLD_ID_2} $GONE\n",
        [
            "1:2 EM101 OLD_ID>NEW_ID",
            "1:11 EM101 OLD_ID>NEW_ID",
            "1:22 EM101 OLD_ID>NEW_ID",
            "1:33 EM101 OLD_ID>NEW_ID",
            "1:52 EM101 OLD_ID>NEW_ID",
            "1:76 EM103 GONE",
        ],
        "$NEW_ID ${NEW_ID} ${#NEW_ID} ${!NEW_ID} $OLD_IDX ${NEW_ID:-d} ${OLD_ID_2} $GONE\n",
    ),
    # bare names: whole words, not after a letter, '$', '/', 'id=' or '${'
    (
        "cmd aOLD_ID $OLD_ID /OLD_ID id=OLD_ID ${OLD_ID OLD_ID_ _OLD_ID x-OLD_KEY\n",
        ["1:14 EM101 OLD_ID>NEW_ID", "1:32 EM102 OLD_ID @docker", "1:41 EM101 OLD_ID>NEW_ID"],
        "cmd aOLD_ID $NEW_ID /OLD_ID id=OLD_ID ${NEW_ID OLD_ID_ _OLD_ID x-OLD_KEY\n",
    ),
    # quoted words: exactly the name, or an assignment (after --opt=)
    (
        "cmd 'OLD_ID' \"OLD_ID\" 'OLD_ID=1' \"--x=OLD_ID=1\" '-y=OLD_KEY=2' \"a OLD_ID\" 'a=OLD_ID=1' \"OLD_IDX\"\n",
        [
            "1:6 EM101 OLD_ID>NEW_ID",
            "1:15 EM101 OLD_ID>NEW_ID",
            "1:24 EM101 OLD_ID>NEW_ID",
            "1:39 EM101 OLD_ID>NEW_ID",
            "1:53 EM101 OLD_KEY>NEW_KEY",
        ],
        "cmd 'NEW_ID' \"NEW_ID\" 'NEW_ID=1' \"--x=NEW_ID=1\" '-y=NEW_KEY=2' \"a OLD_ID\" 'a=OLD_ID=1' \"OLD_IDX\"\n",
    ),
    # echo: text stays; an assignment word writes an env line
    (
        "echo 'OLD_ID' \"OLD_ID\" 'OLD_ID=1' \"--x=OLD_ID=1\" OLD_ID=2 x OLD_KEY=3 a=OLD_ID=1 OLD_IDX=1\n",
        [
            "1:25 EM101 OLD_ID>NEW_ID",
            "1:40 EM101 OLD_ID>NEW_ID",
            "1:50 EM101 OLD_ID>NEW_ID",
            "1:61 EM101 OLD_KEY>NEW_KEY",
        ],
        "echo 'OLD_ID' \"OLD_ID\" 'NEW_ID=1' \"--x=NEW_ID=1\" NEW_ID=2 x NEW_KEY=3 a=OLD_ID=1 OLD_IDX=1\n",
    ),
    # echo: only a word that starts as an assignment
    (
        'echo "a"OLD_ID=1 OLD_KEY=2\n',
        ["1:18 EM101 OLD_KEY>NEW_KEY"],
        'echo "a"OLD_ID=1 NEW_KEY=2\n',
    ),
    # every mention command
    (
        "printf OLD_ID\nprint OLD_ID\nlog OLD_ID\ninfo OLD_ID\nwarn OLD_ID\ndie OLD_ID\nfail OLD_ID\ncat OLD_KEY\n",
        ["8:5 EM101 OLD_KEY>NEW_KEY"],
        "printf OLD_ID\nprint OLD_ID\nlog OLD_ID\ninfo OLD_ID\nwarn OLD_ID\ndie OLD_ID\nfail OLD_ID\ncat NEW_KEY\n",
    ),
    # a read -p prompt stays, the variable read is renamed
    (
        'read -p OLD_ID OLD_KEY\nread -r OLD_ID\nread -p "OLD_KEY" -r "OLD_ID"\n',
        ["1:16 EM101 OLD_KEY>NEW_KEY", "2:9 EM101 OLD_ID>NEW_ID", "3:23 EM101 OLD_ID>NEW_ID"],
        'read -p OLD_ID NEW_KEY\nread -r NEW_ID\nread -p "OLD_KEY" -r "NEW_ID"\n',
    ),
    # stored secrets: /run/secrets/X and id=X, reported, never renamed
    (
        "cmd /run/secrets/OLD_ID id=OLD_KEY id='OLD_ID' id=\"OLD_KEY\" /run/secrets/GONE\n",
        [
            "1:18 EM102 OLD_ID @docker",
            "1:28 EM102 OLD_KEY @docker",
            "1:40 EM101 OLD_ID>NEW_ID",
            "1:52 EM101 OLD_KEY>NEW_KEY",
            "1:74 EM103 GONE",
        ],
        "cmd /run/secrets/OLD_ID id=OLD_KEY id='NEW_ID' id=\"NEW_KEY\" /run/secrets/GONE\n",
    ),
    # stored secrets in echo text and quotes too
    (
        "echo /run/secrets/OLD_ID 'id=OLD_KEY' \"/run/secrets/OLD_ID\"\n",
        ["1:19 EM102 OLD_ID @docker", "1:30 EM102 OLD_KEY @docker", "1:53 EM102 OLD_ID @docker"],
        "echo /run/secrets/OLD_ID 'id=OLD_KEY' \"/run/secrets/OLD_ID\"\n",
    ),
    # escapes: a backslash keeps the next character
    (
        'cmd x\\ OLD_ID \\$OLD_ID \\"$OLD_KEY\n',
        ["1:8 EM101 OLD_ID>NEW_ID", "1:27 EM101 OLD_KEY>NEW_KEY"],
        'cmd x\\ NEW_ID \\$OLD_ID \\"$NEW_KEY\n',
    ),
    # an escape takes exactly one character
    (
        'cmd \\a"OLD_ID x" \\"a OLD_KEY\\"\n',
        ["1:22 EM101 OLD_KEY>NEW_KEY"],
        'cmd \\a"OLD_ID x" \\"a NEW_KEY\\"\n',
    ),
    # single quotes defer the expansion, except in echo/printf text
    (
        "sh -c 'echo $OLD_ID'\necho '$OLD_KEY'\nprintf '${OLD_ID}'\n",
        ["1:14 EM101 OLD_ID>NEW_ID"],
        "sh -c 'echo $NEW_ID'\necho '$OLD_KEY'\nprintf '${OLD_ID}'\n",
    ),
    # an unclosed quote runs to the end
    (
        "cmd 'unclosed $OLD_ID\n",
        ["1:16 EM101 OLD_ID>NEW_ID"],
        "cmd 'unclosed $NEW_ID\n",
    ),
    # an unclosed double quote runs to the end
    (
        'cmd "unclosed $OLD_ID\nOLD_KEY=1\n',
        ["1:16 EM101 OLD_ID>NEW_ID"],
        'cmd "unclosed $NEW_ID\nOLD_KEY=1\n',
    ),
    # $(...) is a command of its own
    (
        "cmd $(echo OLD_ID; export OLD_KEY) OLD_ID\necho $(cmd) OLD_ID\n",
        ["1:27 EM101 OLD_KEY>NEW_KEY", "1:36 EM101 OLD_ID>NEW_ID"],
        "cmd $(echo OLD_ID; export NEW_KEY) NEW_ID\necho $(cmd) OLD_ID\n",
    ),
    # $((...)) is arithmetic: its names are variables
    (
        'cmd $((1 + 2)) OLD_KEY\nx=$((OLD_ID + $OLD_KEY * (2))) OLD_ID=1\necho "$((OLD_ID))" OLD_KEY\n',
        [
            "1:16 EM101 OLD_KEY>NEW_KEY",
            "2:6 EM101 OLD_ID>NEW_ID",
            "2:16 EM101 OLD_KEY>NEW_KEY",
            "2:32 EM101 OLD_ID>NEW_ID",
            "3:10 EM101 OLD_ID>NEW_ID",
        ],
        'cmd $((1 + 2)) NEW_KEY\nx=$((NEW_ID + $NEW_KEY * (2))) NEW_ID=1\necho "$((NEW_ID))" OLD_KEY\n',
    ),
    # an unclosed $((
    (
        "x=$((OLD_ID\n",
        ["1:6 EM101 OLD_ID>NEW_ID"],
        "x=$((NEW_ID\n",
    ),
    # a reference right after $((
    (
        "cmd $(($OLD_ID+1)) OLD_KEY\n",
        ["1:9 EM101 OLD_ID>NEW_ID", "1:20 EM101 OLD_KEY>NEW_KEY"],
        "cmd $(($NEW_ID+1)) NEW_KEY\n",
    ),
    # backquotes are a command of their own
    (
        "cmd `export OLD_ID` `echo OLD_KEY` OLD_KEY\n",
        ["1:13 EM101 OLD_ID>NEW_ID", "1:36 EM101 OLD_KEY>NEW_KEY"],
        "cmd `export NEW_ID` `echo OLD_KEY` NEW_KEY\n",
    ),
    # an unclosed backquote runs to the end
    (
        "x=`unclosed $OLD_ID\n",
        ["1:14 EM101 OLD_ID>NEW_ID"],
        "x=`unclosed $NEW_ID\n",
    ),
    # ${X:-$(...)} and ${y:-$X}
    (
        "cmd ${OLD_ID:-$(export OLD_KEY)} ${y:-$OLD_ID} OLD_KEY\n",
        [
            "1:7 EM101 OLD_ID>NEW_ID",
            "1:24 EM101 OLD_KEY>NEW_KEY",
            "1:40 EM101 OLD_ID>NEW_ID",
            "1:48 EM101 OLD_KEY>NEW_KEY",
        ],
        "cmd ${NEW_ID:-$(export NEW_KEY)} ${y:-$NEW_ID} NEW_KEY\n",
    ),
    # nested braces in ${...}
    (
        "cmd ${OLD_ID:-{a}} OLD_KEY\ncmd ${x:-{a} OLD_ID}\ncmd ${x:-{{a}} OLD_ID}\ncmd ${x:-\\}} OLD_KEY}\n",
        ["1:7 EM101 OLD_ID>NEW_ID", "1:20 EM101 OLD_KEY>NEW_KEY", "4:14 EM101 OLD_KEY>NEW_KEY"],
        "cmd ${NEW_ID:-{a}} NEW_KEY\ncmd ${x:-{a} OLD_ID}\ncmd ${x:-{{a}} OLD_ID}\ncmd ${x:-\\}} NEW_KEY}\n",
    ),
    # double quotes: references and $(...), escapes
    (
        'cmd "${OLD_ID}" "$(export OLD_KEY)" "\\$OLD_ID" "a\\"$OLD_KEY" "$((1))$OLD_ID" OLD_KEY\n',
        [
            "1:8 EM101 OLD_ID>NEW_ID",
            "1:27 EM101 OLD_KEY>NEW_KEY",
            "1:53 EM101 OLD_KEY>NEW_KEY",
            "1:70 EM101 OLD_ID>NEW_ID",
            "1:78 EM101 OLD_KEY>NEW_KEY",
        ],
        'cmd "${NEW_ID}" "$(export NEW_KEY)" "\\$OLD_ID" "a\\"$NEW_KEY" "$((1))$NEW_ID" NEW_KEY\n',
    ),
    # a quote inside $(...) inside quotes
    (
        'cmd "$(echo ")" $OLD_ID)" OLD_KEY\ncmd $(echo "a)b" $OLD_ID) OLD_KEY\n',
        [
            "1:18 EM101 OLD_ID>NEW_ID",
            "1:27 EM101 OLD_KEY>NEW_KEY",
            "2:19 EM101 OLD_ID>NEW_ID",
            "2:27 EM101 OLD_KEY>NEW_KEY",
        ],
        'cmd "$(echo ")" $NEW_ID)" NEW_KEY\ncmd $(echo "a)b" $NEW_ID) NEW_KEY\n',
    ),
    # a ')' in single quotes inside $(...)
    (
        "cmd $(echo ')' $OLD_ID) OLD_KEY\n",
        ["1:17 EM101 OLD_ID>NEW_ID", "1:25 EM101 OLD_KEY>NEW_KEY"],
        "cmd $(echo ')' $NEW_ID) NEW_KEY\n",
    ),
    # an unclosed single quote inside $(...)
    (
        "x=$(echo 'a) $OLD_ID\n",
        [],
        "x=$(echo 'a) $OLD_ID\n",
    ),
    # quotes inside $(...) inside quotes, right at its ends
    (
        'cmd "$(echo "a")" OLD_ID\ncmd "$("a b")" OLD_KEY\n',
        ["1:19 EM101 OLD_ID>NEW_ID", "2:16 EM101 OLD_KEY>NEW_KEY"],
        'cmd "$(echo "a")" NEW_ID\ncmd "$("a b")" NEW_KEY\n',
    ),
    # quotes inside $(...): empty, first, then more
    (
        "cmd $(a '' b) OLD_KEY\necho $(echo 'a') 'b' OLD_KEY\ncmd $(echo \"\" b) OLD_ID\n",
        ["1:15 EM101 OLD_KEY>NEW_KEY", "3:18 EM101 OLD_ID>NEW_ID"],
        "cmd $(a '' b) NEW_KEY\necho $(echo 'a') 'b' OLD_KEY\ncmd $(echo \"\" b) NEW_ID\n",
    ),
    # an escaped ')' right before the closing one
    (
        "cmd $(a \\)) OLD_KEY\n",
        ["1:13 EM101 OLD_KEY>NEW_KEY"],
        "cmd $(a \\)) NEW_KEY\n",
    ),
    # an escaped ')' inside $(...)
    (
        "cmd $(echo \\) $OLD_ID) OLD_KEY\n",
        ["1:16 EM101 OLD_ID>NEW_ID", "1:24 EM101 OLD_KEY>NEW_KEY"],
        "cmd $(echo \\) $NEW_ID) NEW_KEY\n",
    ),
    # parentheses nest inside $(...)
    (
        "cmd $(a (b) $OLD_ID) OLD_KEY\n",
        ["1:14 EM101 OLD_ID>NEW_ID", "1:22 EM101 OLD_KEY>NEW_KEY"],
        "cmd $(a (b) $NEW_ID) NEW_KEY\n",
    ),
    # an unclosed $( runs to the end
    (
        "x=$(unclosed $OLD_ID\n",
        ["1:15 EM101 OLD_ID>NEW_ID"],
        "x=$(unclosed $NEW_ID\n",
    ),
    # an unclosed ${ runs to the end
    (
        "x=${unclosed $OLD_ID\n",
        ["1:15 EM101 OLD_ID>NEW_ID"],
        "x=${unclosed $NEW_ID\n",
    ),
    # an escaped '}' inside ${...}
    (
        "cmd ${a\\}OLD_ID} OLD_KEY\n",
        ["1:18 EM101 OLD_KEY>NEW_KEY"],
        "cmd ${a\\}OLD_ID} NEW_KEY\n",
    ),
    # a '$' that is not a reference
    (
        "x=$ $1 $OLD_IDX$OLD_ID\n",
        ["1:17 EM101 OLD_ID>NEW_ID"],
        "x=$ $1 $OLD_IDX$NEW_ID\n",
    ),
    # keywords are not commands
    (
        "if OLD_ID=1 true; then echo OLD_ID; elif x; then echo OLD_ID; else echo OLD_ID; fi\n",
        ["1:4 EM101 OLD_ID>NEW_ID"],
        "if NEW_ID=1 true; then echo OLD_ID; elif x; then echo OLD_ID; else echo OLD_ID; fi\n",
    ),
    # loops
    (
        "while true; do echo OLD_ID; done; until x; do OLD_KEY=1; done\nfor v in a; do echo OLD_ID; done\n",
        ["1:47 EM101 OLD_KEY>NEW_KEY"],
        "while true; do echo OLD_ID; done; until x; do NEW_KEY=1; done\nfor v in a; do echo OLD_ID; done\n",
    ),
    # case, groups, negation, time
    (
        "case x in a) echo OLD_ID;; esac\n{ echo OLD_ID; }\n! echo OLD_ID\ntime echo OLD_ID\n[[ -n x ]]\n",
        [],
        "case x in a) echo OLD_ID;; esac\n{ echo OLD_ID; }\n! echo OLD_ID\ntime echo OLD_ID\n[[ -n x ]]\n",
    ),
    # function, select, coproc
    (
        "function f { echo OLD_ID; }\nselect v in a; do echo OLD_ID; done\ncoproc echo OLD_ID\n",
        [],
        "function f { echo OLD_ID; }\nselect v in a; do echo OLD_ID; done\ncoproc echo OLD_ID\n",
    ),
    # for/select set their variable; a function name is not one
    (
        "for OLD_ID in OLD_KEY $OLD_KEY; do echo OLD_ID; done\nselect OLD_KEY in a\ndo x; done\nfunction OLD_ID() { OLD_KEY=1; }\nfunction f\n{\n echo OLD_ID\n}\n",
        [
            "1:5 EM101 OLD_ID>NEW_ID",
            "1:24 EM101 OLD_KEY>NEW_KEY",
            "2:8 EM101 OLD_KEY>NEW_KEY",
            "4:21 EM101 OLD_KEY>NEW_KEY",
        ],
        "for NEW_ID in OLD_KEY $NEW_KEY; do echo OLD_ID; done\nselect NEW_KEY in a\ndo x; done\nfunction OLD_ID() { NEW_KEY=1; }\nfunction f\n{\n echo OLD_ID\n}\n",
    ),
    # heredoc: expanding body, KEY= lines, text, secrets; then shell again
    (
        "cat <<EOF > f\nOLD_ID=$OLD_KEY\n  export OLD_KEY=1\nabout OLD_ID $GONE\n/run/secrets/OLD_ID\nEOF\nexport OLD_ID\n",
        [
            "2:1 EM101 OLD_ID>NEW_ID",
            "2:9 EM101 OLD_KEY>NEW_KEY",
            "3:10 EM101 OLD_KEY>NEW_KEY",
            "4:15 EM103 GONE",
            "5:14 EM102 OLD_ID @docker",
            "7:8 EM101 OLD_ID>NEW_ID",
        ],
        "cat <<EOF > f\nNEW_ID=$NEW_KEY\n  export NEW_KEY=1\nabout OLD_ID $GONE\n/run/secrets/OLD_ID\nEOF\nexport NEW_ID\n",
    ),
    # a quoted delimiter: no expansion, KEY= lines still count
    (
        "cat <<'EOF'\nOLD_ID=$OLD_KEY\nEOF\nOLD_KEY=1\n",
        ["2:1 EM101 OLD_ID>NEW_ID", "4:1 EM101 OLD_KEY>NEW_KEY"],
        "cat <<'EOF'\nNEW_ID=$OLD_KEY\nEOF\nNEW_KEY=1\n",
    ),
    # a double-quoted delimiter with . and -
    (
        'cat <<"E.-1"\n$OLD_ID\nE.-1\nOLD_KEY=1\n',
        ["4:1 EM101 OLD_KEY>NEW_KEY"],
        'cat <<"E.-1"\n$OLD_ID\nE.-1\nNEW_KEY=1\n',
    ),
    # <<- and an indented delimiter
    (
        "cat <<-\tEOF\n\t$OLD_ID\n\tEOF\nOLD_KEY=1\n",
        ["2:3 EM101 OLD_ID>NEW_ID", "4:1 EM101 OLD_KEY>NEW_KEY"],
        "cat <<-\tEOF\n\t$NEW_ID\n\tEOF\nNEW_KEY=1\n",
    ),
    # a heredoc with CRLF
    (
        "cat <<EOF\r\n$OLD_ID\r\nEOF\r\nOLD_KEY=1\r\n",
        ["2:2 EM101 OLD_ID>NEW_ID", "4:1 EM101 OLD_KEY>NEW_KEY"],
        "cat <<EOF\r\n$NEW_ID\r\nEOF\r\nNEW_KEY=1\r\n",
    ),
    # the second body starts after the first delimiter's line
    (
        "cat <<EOF <<F\nEOF\nexport OLD_ID\nF\nexport OLD_KEY\n",
        ["5:8 EM101 OLD_KEY>NEW_KEY"],
        "cat <<EOF <<F\nEOF\nexport OLD_ID\nF\nexport NEW_KEY\n",
    ),
    # two heredocs on one line, read in order
    (
        "cat <<A <<'B'\n$OLD_ID\nA\n$OLD_KEY\nB\nOLD_ID=1\n",
        ["2:2 EM101 OLD_ID>NEW_ID", "6:1 EM101 OLD_ID>NEW_ID"],
        "cat <<A <<'B'\n$NEW_ID\nA\n$OLD_KEY\nB\nNEW_ID=1\n",
    ),
    # an unterminated heredoc runs to the end
    (
        "cat <<EOF\n$OLD_ID\nexport OLD_KEY\n",
        ["2:2 EM101 OLD_ID>NEW_ID"],
        "cat <<EOF\n$NEW_ID\nexport OLD_KEY\n",
    ),
    # an unterminated heredoc without a last line end
    (
        "cat <<EOF\n$OLD_ID",
        ["2:2 EM101 OLD_ID>NEW_ID"],
        "cat <<EOF\n$NEW_ID",
    ),
    # a heredoc in $(...) ends with it
    (
        "x=$(cat <<EOF\nabc) $OLD_ID\n",
        ["2:7 EM101 OLD_ID>NEW_ID"],
        "x=$(cat <<EOF\nabc) $NEW_ID\n",
    ),
    # the delimiter is the whole line
    (
        "cat <<EO\nEOX\nexport OLD_ID\nEO\nexport OLD_KEY\n",
        ["5:8 EM101 OLD_KEY>NEW_KEY"],
        "cat <<EO\nEOX\nexport OLD_ID\nEO\nexport NEW_KEY\n",
    ),
    # no delimiter: not a heredoc
    (
        "cat << $OLD_ID\nOLD_KEY=1\n",
        ["1:9 EM101 OLD_ID>NEW_ID", "2:1 EM101 OLD_KEY>NEW_KEY"],
        "cat << $NEW_ID\nNEW_KEY=1\n",
    ),
    # the rest of the heredoc line is shell
    (
        "cat <<EOF; echo $OLD_ID\nOLD_KEY\nEOF\n",
        ["1:18 EM101 OLD_ID>NEW_ID"],
        "cat <<EOF; echo $NEW_ID\nOLD_KEY\nEOF\n",
    ),
    # heredoc KEY= lines: whole names at the line start only
    (
        "cat <<EOF\n xOLD_ID=1\n OLD_KEY =1\n\tOLD_ID=2\nexport\tOLD_KEY=3\nEOF\n",
        ["4:2 EM101 OLD_ID>NEW_ID", "5:8 EM101 OLD_KEY>NEW_KEY"],
        "cat <<EOF\n xOLD_ID=1\n OLD_KEY =1\n\tNEW_ID=2\nexport\tNEW_KEY=3\nEOF\n",
    ),
]

DOCKER: list[Row] = [
    # every instruction, continued lines (LF, CRLF), not comments
    (
        "ENV OLD_ID=1 OLD_KEY=2\n# ENV OLD_ID\n  run echo $OLD_ID \\\n   OLD_KEY\r\nARG GONE\n",
        [
            "1:5 EM102 OLD_ID>NEW_ID",
            "1:14 EM102 OLD_KEY>NEW_KEY",
            "3:13 EM102 OLD_ID>NEW_ID",
            "4:4 EM102 OLD_KEY>NEW_KEY",
            "5:5 EM103 GONE",
        ],
        "ENV NEW_ID=1 NEW_KEY=2\n# ENV OLD_ID\n  run echo $NEW_ID \\\n   NEW_KEY\r\nARG GONE\n",
    ),
    # a RUN with a secret mount naming an old name: all of it is reported
    (
        "RUN --mount=type=secret,id=OLD_ID,env=OLD_ID cat /run/secrets/OLD_ID $OLD_KEY\n",
        [
            "1:28 EM102 OLD_ID @docker",
            "1:39 EM102 OLD_ID @docker",
            "1:63 EM102 OLD_ID @docker",
            "1:71 EM102 OLD_KEY @docker",
        ],
        "RUN --mount=type=secret,id=OLD_ID,env=OLD_ID cat /run/secrets/OLD_ID $OLD_KEY\n",
    ),
    # the mount and the continued line
    (
        "RUN --mount=type=secret,id=OLD_ID \\\n  echo $OLD_KEY\nENV OLD_ID=1\n",
        ["1:28 EM102 OLD_ID @docker", "2:9 EM102 OLD_KEY @docker", "3:5 EM102 OLD_ID>NEW_ID"],
        "RUN --mount=type=secret,id=OLD_ID \\\n  echo $OLD_KEY\nENV NEW_ID=1\n",
    ),
    # not a RUN: the mount and /run/secrets are stores, the rest is renamed
    (
        "COPY --mount=type=secret,id=OLD_ID x /run/secrets/OLD_KEY $OLD_KEY\n",
        ["1:29 EM102 OLD_ID @docker", "1:51 EM102 OLD_KEY @docker", "1:60 EM102 OLD_KEY>NEW_KEY"],
        "COPY --mount=type=secret,id=OLD_ID x /run/secrets/OLD_KEY $NEW_KEY\n",
    ),
    # type=secret anywhere in the mount options
    (
        "RUN --mount=type=cache,target=/OLD_ID --mount=id=OLD_ID,type=secret x\n",
        ["1:32 EM102 OLD_ID @docker", "1:50 EM102 OLD_ID @docker"],
        "RUN --mount=type=cache,target=/OLD_ID --mount=id=OLD_ID,type=secret x\n",
    ),
    # a mount that is not a secret
    (
        "RUN --mount=type=bind,source=OLD_ID x $OLD_KEY\n",
        ["1:30 EM102 OLD_ID>NEW_ID", "1:40 EM102 OLD_KEY>NEW_KEY"],
        "RUN --mount=type=bind,source=NEW_ID x $NEW_KEY\n",
    ),
    # a secret mount with no watched name
    (
        "RUN --mount=type=secret,id=token x $OLD_KEY\n",
        ["1:37 EM102 OLD_KEY>NEW_KEY"],
        "RUN --mount=type=secret,id=token x $NEW_KEY\n",
    ),
    # whole names only; /run/secrets/ is a store
    (
        "ENV X=/run/secrets/OLD_ID Y=aOLD_ID OLD_IDx\n",
        ["1:20 EM102 OLD_ID @docker"],
        "ENV X=/run/secrets/OLD_ID Y=aOLD_ID OLD_IDx\n",
    ),
    # an obsolete name in a secret mount
    (
        "RUN --mount=type=secret,id=GONE x\nRUN --mount=type=secret,id=GONE,env=OLD_ID x OLD_KEY\n",
        [
            "1:28 EM103 GONE",
            "2:28 EM103 GONE",
            "2:37 EM102 OLD_ID @docker",
            "2:46 EM102 OLD_KEY @docker",
        ],
        "RUN --mount=type=secret,id=GONE x\nRUN --mount=type=secret,id=GONE,env=OLD_ID x OLD_KEY\n",
    ),
    # the instruction word: letters at the line start
    (
        "ENV\tOLD_ID 1\n2ENV OLD_ID\nENV-X OLD_ID\n",
        ["1:5 EM102 OLD_ID>NEW_ID", "3:7 EM102 OLD_ID>NEW_ID"],
        "ENV\tNEW_ID 1\n2ENV OLD_ID\nENV-X NEW_ID\n",
    ),
    # a secret mount in a later instruction
    (
        "RUN echo $OLD_ID\nRUN --mount=type=secret,id=OLD_KEY x\n",
        ["1:11 EM102 OLD_ID>NEW_ID", "2:28 EM102 OLD_KEY @docker"],
        "RUN echo $NEW_ID\nRUN --mount=type=secret,id=OLD_KEY x\n",
    ),
    # a continuation may have blanks after the backslash
    (
        "RUN a \\ \t\n OLD_ID\nRUN a \\x\nOLD_KEY\n",
        ["2:2 EM102 OLD_ID>NEW_ID"],
        "RUN a \\ \t\n NEW_ID\nRUN a \\x\nOLD_KEY\n",
    ),
]

MAKE: list[Row] = [
    # make assignments: every operator, export/override/unexport, not targets
    (
        "OLD_ID ?= 1\nOLD_KEY := 2\nGONE = 3\nOLD_ID\n  override OLD_KEY += 4\nunexport OLD_ID\nexport\tOLD_KEY!= x\nOLD_ID: dep\nOLD_KEY::=v\nx OLD_ID = 1\nOLD_IDX = 1\n",
        [
            "1:1 EM102 OLD_ID>NEW_ID",
            "2:1 EM102 OLD_KEY>NEW_KEY",
            "3:1 EM103 GONE",
            "4:1 EM102 OLD_ID>NEW_ID",
            "5:12 EM102 OLD_KEY>NEW_KEY",
            "6:10 EM102 OLD_ID>NEW_ID",
            "7:8 EM102 OLD_KEY>NEW_KEY",
            "9:1 EM102 OLD_KEY>NEW_KEY",
        ],
        "NEW_ID ?= 1\nNEW_KEY := 2\nGONE = 3\nNEW_ID\n  override NEW_KEY += 4\nunexport NEW_ID\nexport\tNEW_KEY!= x\nOLD_ID: dep\nNEW_KEY::=v\nx OLD_ID = 1\nOLD_IDX = 1\n",
    ),
    # make references $(X) ${X}, not in comments, not $X
    (
        "x = $(OLD_ID) ${OLD_KEY} $(OLD_IDX) $OLD_ID # $(OLD_KEY)\n",
        ["1:7 EM102 OLD_ID>NEW_ID", "1:17 EM102 OLD_KEY>NEW_KEY"],
        "x = $(NEW_ID) ${NEW_KEY} $(OLD_IDX) $OLD_ID # $(OLD_KEY)\n",
    ),
    # recipes are shell after the prefixes, $$ is the shell's $
    (
        'run:\n\t@echo $(OLD_ID) $$OLD_KEY OLD_ID\n\t-OLD_ID=1 cmd # $(OLD_KEY)\n\tcmd "$${OLD_KEY}"\n\t+ @OLD_KEY=2 x\n',
        [
            "2:10 EM102 OLD_ID>NEW_ID",
            "2:20 EM101 OLD_KEY>NEW_KEY",
            "3:3 EM101 OLD_ID>NEW_ID",
            "3:20 EM102 OLD_KEY>NEW_KEY",
            "4:10 EM101 OLD_KEY>NEW_KEY",
            "5:5 EM101 OLD_KEY>NEW_KEY",
        ],
        'run:\n\t@echo $(NEW_ID) $$NEW_KEY OLD_ID\n\t-NEW_ID=1 cmd # $(NEW_KEY)\n\tcmd "$${NEW_KEY}"\n\t+ @NEW_KEY=2 x\n',
    ),
    # comments after a setting
    (
        "export OLD_ID # c\nOLD_KEY # comment\n",
        ["1:8 EM102 OLD_ID>NEW_ID", "2:1 EM102 OLD_KEY>NEW_KEY"],
        "export NEW_ID # c\nNEW_KEY # comment\n",
    ),
    # a comment starts at the first '#'
    (
        "x = 1 # $(OLD_KEY) # c\n",
        [],
        "x = 1 # $(OLD_KEY) # c\n",
    ),
    # $$ escapes make: $$(X) is the shell's, $$$(X) is make's
    (
        "run:\n\techo $$(OLD_ID) $$$(OLD_KEY) $$$$(OLD_ID) $$OLD_KEY\n\tcmd $$(export OLD_ID)\n",
        ["2:22 EM102 OLD_KEY>NEW_KEY", "2:46 EM101 OLD_KEY>NEW_KEY", "3:16 EM101 OLD_ID>NEW_ID"],
        "run:\n\techo $$(OLD_ID) $$$(NEW_KEY) $$$$(OLD_ID) $$NEW_KEY\n\tcmd $$(export NEW_ID)\n",
    ),
    # a non-recipe line is not shell
    (
        "x: ; OLD_ID=1\nx = $$OLD_KEY\n",
        [],
        "x: ; OLD_ID=1\nx = $$OLD_KEY\n",
    ),
    # CRLF
    (
        "OLD_ID = 1\r\nrun:\r\n\techo $$OLD_KEY\r\n",
        ["1:1 EM102 OLD_ID>NEW_ID", "3:9 EM101 OLD_KEY>NEW_KEY"],
        "NEW_ID = 1\r\nrun:\r\n\techo $$NEW_KEY\r\n",
    ),
]

PROCFILE: list[Row] = [
    # a Procfile line is shell after its name
    (
        "web: OLD_ID=1 bot $OLD_KEY\nworker.x-1: echo OLD_ID\nweb:export OLD_KEY\n  a: $OLD_ID\nOLD_ID: x\n",
        [
            "1:6 EM101 OLD_ID>NEW_ID",
            "1:20 EM101 OLD_KEY>NEW_KEY",
            "3:12 EM101 OLD_KEY>NEW_KEY",
            "4:7 EM101 OLD_ID>NEW_ID",
        ],
        "web: NEW_ID=1 bot $NEW_KEY\nworker.x-1: echo OLD_ID\nweb:export NEW_KEY\n  a: $NEW_ID\nOLD_ID: x\n",
    ),
]

SYSTEMD: list[Row] = [
    # Environment= sets names: at the start, after a blank or a quote
    (
        "[Service]\nEnvironment=OLD_ID=1 \"OLD_KEY=2\" 'GONE=3' aOLD_ID=1 OLD_IDX=2\n  Environment = OLD_ID=1\n",
        [
            "2:13 EM102 OLD_ID>NEW_ID",
            "2:23 EM102 OLD_KEY>NEW_KEY",
            "2:35 EM103 GONE",
            "3:17 EM102 OLD_ID>NEW_ID",
        ],
        "[Service]\nEnvironment=NEW_ID=1 \"NEW_KEY=2\" 'GONE=3' aOLD_ID=1 OLD_IDX=2\n  Environment = NEW_ID=1\n",
    ),
    # PassEnvironment= and UnsetEnvironment= list names
    (
        "PassEnvironment=OLD_ID $OLD_KEY /OLD_ID OLD_IDX\tOLD_KEY\nUnsetEnvironment=GONE OLD_ID=1\n",
        [
            "1:17 EM102 OLD_ID>NEW_ID",
            "1:49 EM102 OLD_KEY>NEW_KEY",
            "2:18 EM103 GONE",
            "2:23 EM102 OLD_ID>NEW_ID",
        ],
        "PassEnvironment=NEW_ID $OLD_KEY /OLD_ID OLD_IDX\tNEW_KEY\nUnsetEnvironment=GONE NEW_ID=1\n",
    ),
    # other keys read $X and ${X}
    (
        "ExecStart=/bin/x $OLD_ID ${OLD_KEY} OLD_ID $OLD_IDX\nExecStartPre=-$OLD_ID\n",
        ["1:19 EM102 OLD_ID>NEW_ID", "1:28 EM102 OLD_KEY>NEW_KEY", "2:16 EM102 OLD_ID>NEW_ID"],
        "ExecStart=/bin/x $NEW_ID ${NEW_KEY} OLD_ID $OLD_IDX\nExecStartPre=-$NEW_ID\n",
    ),
    # CRLF
    (
        "Environment=OLD_ID=1\r\nExecStart=x $OLD_KEY\r\n",
        ["1:13 EM102 OLD_ID>NEW_ID", "2:14 EM102 OLD_KEY>NEW_KEY"],
        "Environment=NEW_ID=1\r\nExecStart=x $NEW_KEY\r\n",
    ),
    # a tab before a setting
    (
        "Environment=x=1\tOLD_ID=2\n",
        ["1:17 EM102 OLD_ID>NEW_ID"],
        "Environment=x=1\tNEW_ID=2\n",
    ),
    # not a key=value line
    (
        "# Environment=OLD_ID=1\n[OLD_ID]\nEnvironment OLD_ID=1\n",
        [],
        "# Environment=OLD_ID=1\n[OLD_ID]\nEnvironment OLD_ID=1\n",
    ),
]

SCANNERS = {
    "shell": (shell.scan_shell, SHELL),
    "docker": (shell.scan_docker, DOCKER),
    "make": (shell.scan_make, MAKE),
    "procfile": (shell.scan_procfile, PROCFILE),
    "systemd": (shell.scan_systemd, SYSTEMD),
}


@pytest.mark.parametrize(
    ("kind", "src", "expected", "fixed"),
    [(kind, *row) for kind, (_, table) in SCANNERS.items() for row in table],
)
def test_whole_result(kind: str, src: str, expected: list[str], fixed: str) -> None:
    assert records_and_fix(SCANNERS[kind][0], src) == (expected, fixed)


def _nested(levels: int, inner: str) -> str:
    return "$(" * levels + inner + ")" * levels


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        # 15 levels of $(...) are read as shell; deeper, references only
        (_nested(15, "export OLD_ID"), ["1:38 EM101 OLD_ID>NEW_ID"]),
        (_nested(16, "export OLD_ID"), []),
        (_nested(16, "echo $OLD_ID"), ["1:39 EM101 OLD_ID>NEW_ID"]),
        # at the deepest level read as shell, a quote or a $( runs to the end
        (_nested(14, 'cmd "a" OLD_ID'), ["1:37 EM101 OLD_ID>NEW_ID"]),
        (_nested(15, 'cmd "a" OLD_ID'), []),
        (_nested(14, "cmd $(a) OLD_ID"), ["1:38 EM101 OLD_ID>NEW_ID"]),
        (_nested(15, "cmd $(a) OLD_ID"), []),
        # an escaped quote right before the closing one
        ('cmd "a\\"" OLD_ID\n', ["1:11 EM101 OLD_ID>NEW_ID"]),
        ('"$(' * 15 + "export OLD_ID" + ')"' * 15, ["1:53 EM101 OLD_ID>NEW_ID"]),
        ('"$(' * 16 + "export OLD_ID" + ')"' * 16, []),
        ("${x:-$(" * 15 + "export OLD_ID" + ")}" * 15, ["1:113 EM101 OLD_ID>NEW_ID"]),
    ],
)
def test_nesting_depth(src: str, expected: list[str]) -> None:
    assert records_and_fix(shell.scan_shell, src)[0] == expected


def test_docker_messages_say_where() -> None:
    src = "ENV DINGTALK_APP_KEY=1 DINGTALK_AGENT_ID=2\nRUN cat /run/secrets/DINGTALK_APP_SECRET\n"
    hits = shell.scan_docker(src, DEFAULT_RULES)
    assert [(h.code, h.key, h.message, h.replacement, h.store) for h in hits] == [
        (
            "EM102",
            "DINGTALK_APP_KEY",
            "sets deprecated DINGTALK_APP_KEY in the image: rename it to DINGTALK_CLIENT_ID",
            "DINGTALK_CLIENT_ID",
            "",
        ),
        (
            "EM103",
            "DINGTALK_AGENT_ID",
            "DINGTALK_AGENT_ID is not needed in Stream mode in the image: "
            "remove it when nothing uses it",
            None,
            "",
        ),
        (
            "EM102",
            "DINGTALK_APP_SECRET",
            "names DINGTALK_APP_SECRET, kept in a BuildKit secret: "
            "add DINGTALK_CLIENT_SECRET there first, then rename this",
            None,
            "docker",
        ),
    ]


def test_shell_messages() -> None:
    src = "x=$DINGTALK_APP_KEY\ngh secret set DINGTALK_APP_SECRET\n"
    hits = shell.scan_shell(src, DEFAULT_RULES)
    assert [(h.code, h.message, h.store) for h in hits] == [
        ("EM101", "reads deprecated DINGTALK_APP_KEY: rename it to DINGTALK_CLIENT_ID", ""),
        (
            "EM102",
            "names DINGTALK_APP_SECRET, kept in a GitHub Actions secret: "
            "add DINGTALK_CLIENT_SECRET there first, then rename this",
            "github",
        ),
    ]


def _groups(pattern: re.Pattern[str], text: str) -> list[dict[str, str] | str]:
    return [m.groupdict() or m.group() for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        # gh|glab, one or more blanks (space or tab), secret|variable, a word boundary
        (shell._STORE_COMMANDS, "gh secret", [{"cli": "gh", "what": "secret"}]),
        (shell._STORE_COMMANDS, "glab variable", [{"cli": "glab", "what": "variable"}]),
        (shell._STORE_COMMANDS, "gh \t variable", [{"cli": "gh", "what": "variable"}]),
        (shell._STORE_COMMANDS, "glab\tsecret-x", [{"cli": "glab", "what": "secret"}]),
        (shell._STORE_COMMANDS, "ghsecret", []),
        (shell._STORE_COMMANDS, "gh secrets", []),
        (shell._STORE_COMMANDS, "gh\nsecret", []),
        (shell._LINE_END, "a\rb\nc", ["\r", "\n"]),
        # a letter-only instruction at a line start (any case), its continued lines
        (shell._INSTRUCTION, "env X", [{"op": "env", "body": " X"}]),
        (shell._INSTRUCTION, " \tRUN a\nENV b", [{"op": "RUN", "body": " a"}, {"op": "ENV", "body": " b"}]),
        (shell._INSTRUCTION, "RUN a \\\n b \\ \t\r\n c\nENV d", [
            {"op": "RUN", "body": " a \\\n b \\ \t\r\n c"}, {"op": "ENV", "body": " d"}]),
        (shell._INSTRUCTION, "RUN a\\x\nb", [{"op": "RUN", "body": " a\\x"}, {"op": "b", "body": ""}]),
        (shell._INSTRUCTION, "2RUN a\n-ENV b\nRUN2 c", []),
        (shell._INSTRUCTION, "RUN\r\nENV", [{"op": "RUN", "body": ""}, {"op": "ENV", "body": ""}]),
        # --mount= options that mention type=secret, up to a blank
        (shell._SECRET_MOUNT, "--mount=type=secret,id=a b", [{"opts": "type=secret,id=a"}]),
        (shell._SECRET_MOUNT, "--mount=id=a,type=secret\tb", [{"opts": "id=a,type=secret"}]),
        (shell._SECRET_MOUNT, "--mount=type=cache b,type=secret", []),
        (shell._SECRET_MOUNT, "--mount=id=a\ntype=secret", []),
        (shell._SECRET_MOUNT, "--mount= type=secret", []),
        (shell._RECIPE_PREFIX, "\t@-+ \tx", ["\t@-+ \t"]),
        (shell._RECIPE_PREFIX, "\tx", ["\t"]),
        (shell._RECIPE_PREFIX, " x", []),
        # Key=value lines of a unit, blanks around the key, the value to the line end
        (shell._UNIT_LINE, " \tKey_1 \t= v w\r\nB=\n", [
            {"key": "Key_1", "value": " v w"}, {"key": "B", "value": ""}]),
        (shell._UNIT_LINE, "[Service]\na-b=c\n=d\nx y=z\n", []),
    ],
)  # fmt: skip
def test_module_patterns(pattern: re.Pattern[str], text: str, expected: list[object]) -> None:
    assert _groups(pattern, text) == expected


@pytest.mark.parametrize("keyword", sorted(shell._KEYWORDS))
def test_a_keyword_is_not_a_command(keyword: str) -> None:
    """After a keyword the next word is the command: ``echo`` text stays, an assignment
    counts; a keyword as an argument is only a word."""
    src = f"{keyword} echo OLD_ID\n{keyword} OLD_KEY=1\nfalse {keyword} OLD_ID\n"
    assert records_and_fix(shell.scan_shell, src)[0] == [
        "2:" + str(len(keyword) + 2) + " EM101 OLD_KEY>NEW_KEY",
        "3:" + str(len(keyword) + 8) + " EM101 OLD_ID>NEW_ID",
    ]


def test_short_names_next_to_arithmetic() -> None:
    """A two-letter name touching ``$((``: the arithmetic is read from its own start."""
    rules = RenameTable(renames={"AB": "CD"}, obsolete=())
    assert records_and_fix(shell.scan_shell, "echo AB$((1)) $AB$((2))\n", rules) == (
        ["1:16 EM101 AB>CD"],
        "echo AB$((1)) $CD$((2))\n",
    )
