"""Benchmarks for the offline path, reported as ratios against baselines run alongside.

    python bench/run.py [--quick]

Every figure is a median of repeated runs of a real child process, measured in this run
next to its baseline, so the ratios mean the same on a slow or a fast machine:

1. start-up: ``envmigrate check SMALL`` vs ``python -c "import click, dotenv.parser"``
   (target <= 1.1x);
2. linear cost: a 100,000-line file vs a 10,000-line file (target ~10x);
3. tree scan: ``envmigrate check TREE`` over 5,000 env files vs ``grep -rlF DINGTALK_``
   on the same tree (target <= 5x);
4. for contrast, python-dotenv's own ``dotenv_values`` on the same 100,000-line file;
5. in-process, per line of the 100,000-line file (CPU time, so a loaded machine skews it
   less): the lossless parse (target <= 2.5 us/line; python-dotenv's ``parse_stream`` on
   the same text alongside) and check's read-only path (decode, the cheaper read, findings
   and credentials; target <= 1 us/line);
6. ``migrate --dry-run`` vs ``check`` on the same 100,000-line file (target <= 1.0x: only
   the bindings a rewrite can touch are lexed and proved, the diff is built from the
   edits, masked only where shown, and the new text is never built whole), in wall time
   and in the children's CPU time (steadier on a loaded machine: a wait for a core is no
   part of it);
7. ``migrate --dry-run`` linear up to 16 MiB: a 16 MiB file vs an 80 KiB one (target
   <= 200x; the sizes differ 200x);
8. peak memory (the child's peak resident set, ``ru_maxrss`` from ``os.wait4``): ``check``
   on a 3 MB file (target <= 32 MiB), and ``migrate --dry-run`` vs ``check`` on that file
   (target <= 1.5x);
9. mixed tree: ``envmigrate check TREE`` over 100,000 files (Python, TypeScript,
   JavaScript, Go, YAML, shell, JSON, Markdown, Dockerfiles and env files; one in 200
   using an old DingTalk name; 15,000 of them in a ``node_modules`` and 5,000 in a
   ``.venv``, which check skips and grep reads) vs ``grep -rlF DINGTALK_`` (target <= 2x),
   and check's peak RSS on it (target <= 40 MiB). Building the tree takes a few seconds.

    python bench/run.py --quick --only migrate,rss

``--only`` runs a subset (comma-separated): ``startup``, ``linear`` (the 10k/100k rows and
the ``dotenv_values`` contrast), ``migrate`` (rows 6 and 7), ``tree``, ``inprocess``, ``rss``,
``mixed`` (row 9).

It writes its inputs under a temporary folder and removes them; it stops by itself.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

PY = sys.executable
ENV = {k: v for k, v in os.environ.items() if not k.startswith("DINGTALK_")}


def timed(cmd: Sequence[str], runs: int) -> float:
    """Median wall time of ``runs`` executions (after one warm-up), in seconds."""
    samples = []
    for i in range(runs + 1):
        start = time.perf_counter()
        subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False
        )
        if i:
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def cpu_timed(cmd: Sequence[str]) -> tuple[float, float]:
    """Wall time and CPU time (the child's user + system time) of one execution, after one
    warm-up, in seconds."""
    samples = []
    for _ in range(2):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, check=False
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        samples.append((wall, cpu))
    return samples[-1]


def cpu_pair(
    a: Sequence[str], b: Sequence[str], runs: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """:func:`pair` that also gives the median CPU time of each command: (wall, cpu) of
    ``a``, then of ``b``. On a loaded machine a child waits for a core; its CPU time does
    not count the wait."""
    ta, tb = [], []
    for _ in range(runs):
        ta.append(cpu_timed(a))
        tb.append(cpu_timed(b))
    return (
        (statistics.median(t for t, _ in ta), statistics.median(c for _, c in ta)),
        (statistics.median(t for t, _ in tb), statistics.median(c for _, c in tb)),
    )


def pair(a: Sequence[str], b: Sequence[str], runs: int) -> tuple[float, float]:
    """Interleave the two commands so drift on the machine hits both alike."""
    ta, tb = [], []
    for _ in range(runs):
        ta.append(timed(a, 1))
        tb.append(timed(b, 1))
    return statistics.median(ta), statistics.median(tb)


#: Runs the command in a child of its own and prints that child's peak RSS (``ru_maxrss``
#: from ``os.wait4``). A command spawned straight from this (large) process would count
#: this process's peak too: Linux keeps the high-water mark of the memory a child starts
#: with (vfork shares it) across ``exec``. Forked from this small launcher, it starts small.
_LAUNCH = """\
import os, sys
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.execv(sys.argv[1], sys.argv[1:])
_, _, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
"""


def peak_rss(cmd: Sequence[str]) -> float:
    """Peak resident set size of one execution, in MiB (ru_maxrss: KiB on Linux, bytes on
    macOS)."""
    out = subprocess.run(
        [PY, "-c", _LAUNCH, *cmd], capture_output=True, text=True, env=ENV, check=True
    )
    return int(out.stdout) / (1024 * 1024 if sys.platform == "darwin" else 1024)


def rss_pair(a: Sequence[str], b: Sequence[str], runs: int) -> tuple[float, float]:
    """Median peak RSS of two commands, interleaved."""
    ra, rb = [], []
    for _ in range(runs):
        ra.append(peak_rss(a))
        rb.append(peak_rss(b))
    return statistics.median(ra), statistics.median(rb)


def big_file(path: Path, lines: int) -> Path:
    """A realistic env file: comments, quoted values, exports, a few DingTalk keys."""
    chunk = []
    for i in range(lines // 10):
        chunk += [
            f"# service {i}",
            f"SERVICE_{i}_URL=https://svc-{i}.internal:8443/api",
            f"export SERVICE_{i}_TOKEN='tok-{i:08d}'",
            f'SERVICE_{i}_NAME="Service number {i}"  # display name',
            f"SERVICE_{i}_TIMEOUT=30",
            f"SERVICE_{i}_REF=${{SERVICE_{i}_NAME}}",
            "",
            f"SERVICE_{i}_RETRIES=3",
            f"SERVICE_{i}_REGION=cn-hangzhou",
            f"DINGTALK_APP_KEY=ding{i:012d}" if i % 1000 == 0 else f"SERVICE_{i}_FLAG=1",
        ]
    path.write_text("\n".join(chunk) + "\n")
    return path


def sized_file(path: Path, size: int) -> Path:
    """The realistic env file (``big_file``'s lines) cut to at most ``size`` bytes."""
    big_file(path, max(10, size // 30))
    data = path.read_bytes()
    while len(data) < size:
        data += data
    data = data[:size]
    path.write_bytes(data[: data.rindex(b"\n") + 1])
    return path


def tree(root: Path, files: int, every: int) -> Path:
    """``files`` env files, four per folder, nested; one in ``every`` mentions DingTalk."""
    names = (".env", ".env.production", "deploy.env", ".env.example")
    for i in range(files):
        folder = root / f"svc{i // 400:02d}" / f"mod{(i // 4) % 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        body = "".join(f"VAR_{i}_{j}=value-{j}\n" for j in range(20))
        if i % every == 0:
            body += "DINGTALK_APP_KEY=dingabc\nDINGTALK_APP_SECRET=s3cr3t-value\n"
        (folder / names[i % 4]).write_text(body)
    return root


def per_line(run: Callable[[], object], lines: int, repeat: int) -> tuple[float, float]:
    """Best CPU and wall time of ``repeat`` calls, in microseconds per line."""
    cpu, wall = [], []
    for _ in range(repeat):
        c, w = time.process_time(), time.perf_counter()
        run()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return min(cpu) / lines * 1e6, min(wall) / lines * 1e6


def in_process(path: Path, lines: int, repeat: int) -> None:
    """The parse and check's read-only path, timed inside this process."""
    import io

    from dotenv.parser import parse_stream

    from envmigrate import credentials
    from envmigrate.detect import resolved, scan
    from envmigrate.dotenv_lexer import installed_dialect
    from envmigrate.envfile import decode, parse, parse_for_check
    from envmigrate.rules import CREDENTIAL_KEYS, DEFAULT_RULES

    data = path.read_bytes()
    names = DEFAULT_RULES.watched | CREDENTIAL_KEYS

    def check() -> object:
        text, bom = decode(data, name=str(path))
        env = parse_for_check(text, bom, names, name=str(path))
        found = scan(env, path=str(path))
        return credentials.from_values(resolved(env, found), source=str(path))

    text = data.decode()
    rows = [
        ("lossless parse (envfile.parse)", lambda: parse(data), "target <= 2.5 us/line"),
        ("python-dotenv parse_stream", lambda: list(parse_stream(io.StringIO(text))), "contrast"),
        ("check's read-only path", check, "target <= 1 us/line"),
    ]
    print(f"in-process, per line of {lines:,} lines (lexer dialect {installed_dialect()}):")
    for label, run, target in rows:
        cpu, wall = per_line(run, lines, repeat)
        print(f"  {label:<44} {cpu:6.2f} us CPU  {wall:6.2f} us wall  ({target})")


#: (suffix, body) of the mixed tree's project files; ``{i}`` numbers them.
MIXED = (
    ("py", "import os\n\n\ndef handler_{i}(event):\n    return os.getenv('SERVICE_{i}_URL')\n"),
    ("ts", "export const url{i} = process.env.SERVICE_{i}_URL ?? '';\n"),
    ("js", "module.exports = {{ url: process.env.SERVICE_{i}_URL }};\n"),
    ("go", 'package svc\n\nvar URL{i} = os.Getenv("SERVICE_{i}_URL")\n'),
    ("yml", "services:\n  svc{i}:\n    environment:\n      SERVICE_{i}_URL: http://x\n"),
    ("sh", '#!/bin/sh\necho "$SERVICE_{i}_URL"\n'),
    ("json", '{{"name": "svc-{i}", "version": "1.0.{i}"}}\n'),
    ("md", "# Service {i}\n\nSome documentation text for service {i}.\n"),
    ("env", "SERVICE_{i}_URL=https://svc-{i}.internal\nSERVICE_{i}_TIMEOUT=30\n"),
    ("Dockerfile", "FROM python:3.11\nENV SERVICE_{i}_URL=http://x\n"),
)
#: A line using an old name, per suffix (Markdown mentions it, as documentation does).
MIXED_LEGACY = {
    "py": "KEY = os.getenv('DINGTALK_APP_KEY')\n",
    "ts": "export const key = process.env.DINGTALK_APP_KEY;\n",
    "js": "exports.key = process.env.DINGTALK_APP_KEY;\n",
    "go": 'var Key = os.Getenv("DINGTALK_APP_KEY")\n',
    "yml": "      DINGTALK_APP_KEY: ${{DINGTALK_APP_KEY}}\n",
    "sh": 'echo "$DINGTALK_APP_KEY"\n',
    "json": "\n",
    "md": "Set DINGTALK_APP_KEY first.\n",
    "env": "DINGTALK_APP_KEY=dingabc\nDINGTALK_APP_SECRET=s3cr3t-value\n",
    "Dockerfile": "ENV DINGTALK_APP_KEY=dingabc\n",
}


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def mixed_tree(root: Path, files: int = 100_000) -> Path:
    """``files`` files: a fifth in ``node_modules`` and ``.venv`` (skipped by check, read
    by grep; some mention DingTalk, as vendored SDKs do), the rest project code and env
    files of several kinds, 50 per folder, one in 200 using an old name."""
    vendored = files // 5
    project = files - vendored
    for i in range(project):
        folder = root / f"app{i // 5000:02d}" / f"pkg{(i // 50) % 100:02d}"
        if i % 50 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        suffix, body = MIXED[i % len(MIXED)]
        text = body.format(i=i) * 6  # a few hundred bytes, like real source files
        if i % 200 == (i // 200) % len(MIXED):  # one in 200, every kind in turn
            text += MIXED_LEGACY[suffix]
        name = {"Dockerfile": "Dockerfile", "env": ".env"}.get(suffix, f"file_{i}.{suffix}")
        _write(str(folder / name), text)
    for i in range(vendored):
        top = root / "node_modules" if i < vendored * 3 // 4 else root / ".venv" / "lib"
        folder = top / f"dep{i // 500:03d}" / f"lib{(i // 50) % 10}"
        if i % 50 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        suffix, body = MIXED[i % 3]
        text = body.format(i=i) * 6 + (MIXED_LEGACY[suffix] if i % 100 == 0 else "")
        _write(str(folder / f"mod_{i}.{suffix}"), text)
    _write(str(root / ".venv" / "pyvenv.cfg"), "home = /usr/bin\n")
    _write(str(root / ".gitignore"), "*.log\nbuild/\n")
    return root


def report(label: str, ours: float, base: float, target: str) -> None:
    times = f"{ours * 1000:9.1f} ms vs {base * 1000:9.1f} ms"
    print(f"{label:<46} {times}  = {ours / base:5.2f}x  ({target})")


SECTIONS = ("startup", "linear", "migrate", "tree", "inprocess", "rss", "mixed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated subset of: {', '.join(SECTIONS)} (default: all)",
    )
    args = parser.parse_args()
    only = set(args.only.split(","))
    if only - set(SECTIONS):
        parser.error(f"--only: unknown {', '.join(sorted(only - set(SECTIONS)))}")
    runs = 5 if args.quick else 15
    work = Path(tempfile.mkdtemp(prefix="envmigrate-bench-"))
    # Byte-compile the package first, as an install would (a source checkout may not have
    # .pyc files yet, and PYTHONDONTWRITEBYTECODE would keep every run compiling).
    package = Path(__file__).resolve().parent.parent / "envmigrate"
    subprocess.run([PY, "-m", "compileall", "-q", str(package)], check=True)
    try:
        check = [PY, "-m", "envmigrate", "check"]
        migrate = [PY, "-m", "envmigrate", "migrate", "--dry-run", "--no-color"]
        ours = None
        if "startup" in only:
            small = work / "small.env"
            shutil.copy(Path(__file__).resolve().parent.parent / "fixtures" / "legacy.env", small)
            ours, base = pair(
                [*check, str(small)], [PY, "-c", "import click, dotenv.parser"], runs * 2
            )
            report("start-up: check small file vs import", ours, base, "target <= 1.10x")

        f100 = big_file(work / "100k.env", 100_000)
        if "linear" in only:
            f10 = big_file(work / "10k.env", 10_000)
            t100, t10 = pair([*check, str(f100)], [*check, str(f10)], max(3, runs // 3))
            report("linear: 100,000-line vs 10,000-line file", t100, t10, "target ~10x")
            if ours is not None:  # subtract the fixed start-up cost to compare the work itself
                work100, work10 = t100 - ours, t10 - ours
                if work10 > 0.002:  # else the 10k file costs no more than start-up: no ratio
                    print(f"{'  same, start-up subtracted':<44} {work100 / work10:5.2f}x")
                else:
                    print(f"{'  same, start-up subtracted':<44} within start-up noise")

        if "migrate" in only:
            # A ratio this close to 1 needs more samples than the others for a steady median.
            (t_migrate, c_migrate), (t_check, c_check) = cpu_pair(
                [*migrate, str(f100)], [*check, str(f100)], max(9, runs)
            )
            report("migrate --dry-run vs check (100k lines)", t_migrate, t_check, "target <= 1.0x")
            report("  same, CPU time (user + system)", c_migrate, c_check, "target <= 1.0x")

            small_kib = sized_file(work / "80k.env", 80 * 1024)
            large_mib = sized_file(work / "16m.env", 16 * 1024 * 1024 - 1024)
            t_large, t_small = pair(
                [*migrate, str(large_mib)], [*migrate, str(small_kib)], max(2, runs // 5)
            )
            report("linear: migrate --dry-run 16 MiB vs 80 KiB", t_large, t_small, "target <= 200x")

        if "rss" in only:
            f3m = sized_file(work / "3m.env", 3 * 1024 * 1024)
            r_migrate, r_check = rss_pair([*migrate, str(f3m)], [*check, str(f3m)], 3)
            print(f"{'peak RSS: check on a 3 MB file':<46} {r_check:9.1f} MiB  (target <= 32 MiB)")
            print(
                f"{'peak RSS: migrate --dry-run vs check (3 MB)':<46} {r_migrate:9.1f} MiB vs "
                f"{r_check:6.1f} MiB = {r_migrate / r_check:5.2f}x  (target <= 1.5x)"
            )

        if "tree" in only:
            for every, label in ((50, "1 in 50"), (10, "1 in 10")):
                root = tree(work / f"tree{every}", 5_000, every)
                grep = ["grep", "-rlF", "DINGTALK_", str(root)]
                ours_tree, base_tree = pair([*check, str(root)], grep, runs)
                report(
                    f"tree: 5,000 files ({label} DingTalk) vs grep",
                    ours_tree,
                    base_tree,
                    "target <= 5x",
                )

        if "mixed" in only:
            root = mixed_tree(work / "mixed")
            grep = ["grep", "-rlF", "DINGTALK_", str(root)]
            ours_tree, base_tree = pair([*check, str(root)], grep, max(3, runs // 2))
            report("tree: 100,000 mixed files vs grep", ours_tree, base_tree, "target <= 2x")
            rss = peak_rss([*check, str(root)])
            print(f"{'peak RSS: check on the mixed tree':<46} {rss:9.1f} MiB  (target <= 40 MiB)")

        if "inprocess" in only:
            in_process(f100, 100_000, 3 if args.quick else 7)

        if "linear" in only:
            values = [PY, "-c", f"import dotenv; dotenv.dotenv_values({str(f100)!r})"]
            dv = timed(values, 1)
            report("contrast: dotenv_values(100k) vs check(100k)", dv, t100, "for contrast")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
