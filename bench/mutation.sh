#!/usr/bin/env bash
# Mutation testing of the core (issue: a test must notice every change).
#
#   bash bench/mutation.sh                 # every core module (see [tool.mutmut] in pyproject)
#   bash bench/mutation.sh detect rewrite  # only these modules (names under envmigrate/)
#   bash bench/mutation.sh --report        # print the score of the last run again
#   bash bench/mutation.sh --survivors detect  # run again only what survived last time
#
# Runs mutmut (pip install mutmut) niced, with the in-process tests only and a test budget
# per mutated function (MUTATION_TEST_BUDGET seconds, default 1; see bench/mutmut_run.py),
# then prints killed/survived per module and the score. Mutants listed in bench/mutation-equivalents.txt
# (reviewed: they cannot change behaviour) are excluded from the score. Work files go to
# ./mutants (git-ignored); delete it to start from scratch. Not part of CI's default run.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
CHILDREN=${MUTATION_CHILDREN:-2}
# Property tests on a fixed seed (the "ci" Hypothesis profile in tests/conftest.py): a mutant
# is killed or not the same way every run.
export CI=${CI:-true}

report_only=0
survivors_only=0
globs=()
for arg in "$@"; do
  case "$arg" in
    --report) report_only=1 ;;
    --survivors) survivors_only=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) globs+=("envmigrate.${arg//\//.}.*") ;;
  esac
done

if [ "$report_only" = 0 ]; then
  "$PY" -c 'import mutmut' 2>/dev/null || { echo "mutation.sh: mutmut is not installed (pip install 'mutmut>=3.8,<4')" >&2; exit 2; }
  mkdir -p mutants
  targets=("${globs[@]}")
  if [ "$survivors_only" = 1 ]; then
    # The names that survived (or had no test) in the last run, within the modules asked for.
    mapfile -t targets < <("$PY" - "${globs[@]}" <<'PY'
import fnmatch, json, sys
from pathlib import Path
globs = sys.argv[1:]
for meta in sorted(Path("mutants").rglob("*.py.meta")):
    for name, code in json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}).items():
        if code in (0, 33, 34) and (not globs or any(fnmatch.fnmatch(name, g) for g in globs)):
            print(name)
PY
)
    if [ "${#targets[@]}" = 0 ]; then echo "mutation.sh: no survivors to run again"; exit 0; fi
    echo "mutation.sh: running ${#targets[@]} survivors again"
  fi
  start=$(date +%s)
  nice -n 19 "$PY" bench/mutmut_run.py run --max-children "$CHILDREN" "${targets[@]}" >mutants/run.log 2>&1 || {
    status=$?; tail -n 30 mutants/run.log >&2; echo "mutation.sh: mutmut failed ($status); full log: mutants/run.log" >&2; exit "$status"; }
  echo "mutmut run: $(( $(date +%s) - start )) s (log: mutants/run.log)"
fi

"$PY" - "${globs[@]}" <<'PY'
"""Per-module killed/survived and the score, equivalents excluded."""
import fnmatch
import json
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3, 37}  # a failing test, a pytest error, the type checker
SURVIVED = {0}
TIMEOUT = {36, 24, -24, 152, 255}
globs = sys.argv[1:]
sys.path.insert(0, "bench")
from equivalents import names  # noqa: E402 - the one reader of the list

equivalents = names()

rows: dict[str, Counter[str]] = {}
survivors: list[str] = []
for meta in sorted(Path("mutants").rglob("*.py.meta")):
    data = json.loads(meta.read_text(encoding="utf-8"))
    for name, code in data.get("exit_code_by_key", {}).items():
        if globs and not any(fnmatch.fnmatch(name, g) for g in globs):
            continue
        module = name.split(".x_")[0].split(".xǁ")[0]
        counts = rows.setdefault(module, Counter())
        if name in equivalents:
            counts["equivalent"] += 1
        elif code in KILLED or code in TIMEOUT:
            counts["killed"] += 1
        elif code in SURVIVED:
            counts["survived"] += 1
            survivors.append(name)
        elif code is None or code == 34:  # 34: skipped as an equivalent no longer listed
            counts["not run"] += 1
        else:
            counts["no tests"] += 1  # no test covers it: counts as a survivor
            survivors.append(name)

def score(c: Counter[str]) -> str:
    """Killed / (killed + survivors), equivalents and mutants not run yet left out."""
    measured = c["killed"] + c["survived"] + c["no tests"]
    return f"{100 * c['killed'] / measured:.1f}%" if measured else "-"


if not rows:
    sys.exit("mutation.sh: no results (run it first)")
print(f"{'module':<34} {'killed':>7} {'survived':>9} {'no tests':>9} {'equiv':>6} {'score':>7}")
total = Counter()
for module, c in sorted(rows.items()):
    total.update(c)
    print(f"{module:<34} {c['killed']:>7} {c['survived']:>9} {c['no tests']:>9} {c['equivalent']:>6} {score(c):>7}")
print(f"{'total':<34} {total['killed']:>7} {total['survived']:>9} {total['no tests']:>9} "
      f"{total['equivalent']:>6} {score(total):>7}")
if total["not run"]:
    print(f"({total['not run']} mutants not run yet)")
if survivors:
    print("survivors (show one: python -m mutmut show NAME):")
    for name in survivors:
        print("  " + name)
PY

# A listed equivalent whose function changed may now name another mutant: say which.
"$PY" bench/equivalents.py "${globs[@]}"
