"""Benchmark the reference scan (EM1xx) against ``grep -rlF DINGTALK_`` on the same tree.

    python bench/refs.py [--quick] [--files N]

Generates a repository-like tree of 20,000 files (Python, TypeScript, YAML, shell,
Dockerfiles, Markdown and JSON, 40 per folder, one in 200 using an old DingTalk name)
in a temporary folder, times ``envmigrate check TREE`` (env files and references, one
walk) against grep, prints both and the ratio (target <= 5x), and removes the tree.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PY, pair, report  # the shared timing helpers

BODIES = {
    "py": "import os\n\n\ndef handler_{i}(event):\n    return os.getenv('SERVICE_{i}_URL')\n",
    "ts": "export const url{i} = process.env.SERVICE_{i}_URL ?? '';\n",
    "yml": "services:\n  svc{i}:\n    environment:\n      SERVICE_{i}_URL: http://x\n",
    "sh": '#!/bin/sh\necho "$SERVICE_{i}_URL"\n',
    "md": "# Service {i}\n\nSome documentation text for service {i}.\n",
    "json": '{{"name": "svc-{i}", "version": "1.0.{i}"}}\n',
}
LEGACY = {
    "py": "KEY = os.getenv('DINGTALK_APP_KEY')\n",
    "ts": "export const key = process.env.DINGTALK_APP_KEY;\n",
    "yml": "      DINGTALK_APP_KEY: ${DINGTALK_APP_KEY}\n",
    "sh": 'echo "$DINGTALK_APP_KEY"\n',
    "md": "Set DINGTALK_APP_KEY first.\n",
    "json": "\n",
}


def tree(root: Path, files: int) -> Path:
    kinds = list(BODIES)
    for i in range(files):
        folder = root / f"pkg{i // 2000:02d}" / f"mod{(i // 40) % 50:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        kind = kinds[i % len(kinds)]
        body = BODIES[kind].format(i=i) * 8  # a few hundred bytes, like real source files
        if i % 200 == 0:
            body += LEGACY[kind]
        name = "Dockerfile" if i % 1000 == 7 else f"file_{i}.{kind}"
        (folder / name).write_text(body)
    (root / ".gitignore").write_text("*.log\nbuild/\n")
    return root


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--files", type=int, default=20_000)
    args = parser.parse_args()
    runs = 3 if args.quick else 9
    package = Path(__file__).resolve().parent.parent / "envmigrate"
    subprocess.run([PY, "-m", "compileall", "-q", str(package)], check=True)
    work = Path(tempfile.mkdtemp(prefix="envmigrate-bench-refs-"))
    try:
        root = tree(work / "tree", args.files)
        ours, base = pair(
            [PY, "-m", "envmigrate", "check", str(root)],
            ["grep", "-rlF", "DINGTALK_", str(root)],
            runs,
        )
        report(f"refs: {args.files:,} files vs grep -rlF", ours, base, "target <= 5x")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
