"""``envmigrate verify`` vs the official SDK, against the same loopback stand-in, same run.

    python bench/verify.py [--runs N]

envmigrate: wall time of ``envmigrate verify --endpoint URL FILE`` (a real process: start,
token, connections/open, WebSocket upgrade, ping answered, exit), median of N runs.
SDK: time from starting a process that runs ``DingTalkStreamClient.start()`` to the
moment the stand-in receives its ack of the first frame (the ping), median of N runs.
Target (PRODUCT.md): ratio <= 0.9. Every wait is bounded; the script stops by itself.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from envmigrate.testing import FakeDingTalk

SDK_CLIENT = """
import asyncio, sys
import dingtalk_stream
client = dingtalk_stream.DingTalkStreamClient(dingtalk_stream.Credential(sys.argv[1], sys.argv[2]))
asyncio.run(client.start())
"""
TIMEOUT = 20.0


def clean_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["DINGTALK_OPENAPI_ENDPOINT"] = url
    return env


def time_envmigrate(fake: FakeDingTalk, env_file: Path) -> float:
    command = [sys.executable, "-m", "envmigrate", "verify", "-q", "--no-color"]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--endpoint", fake.url, str(env_file)],
        env=clean_env(fake.url), capture_output=True, timeout=TIMEOUT, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"envmigrate verify failed with exit code {done.returncode}")
    return elapsed


def time_sdk(fake: FakeDingTalk) -> float:
    before = len(fake.acks)
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", SDK_CLIENT, fake.client_id, fake.client_secret],
        env=clean_env(fake.url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        ack = fake.wait_for_ack(TIMEOUT, after=before)
        elapsed = time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait(timeout=10)
    if ack is None:
        raise SystemExit("the SDK never acknowledged the ping")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with FakeDingTalk() as fake, tempfile.TemporaryDirectory() as folder:
        env_file = Path(folder) / ".env"
        env_file.write_text(
            f"DINGTALK_CLIENT_ID={fake.client_id}\nDINGTALK_CLIENT_SECRET={fake.client_secret}\n"
        )
        time_envmigrate(fake, env_file), time_sdk(fake)  # warm the file cache
        ours, sdk = [], []
        for _ in range(runs):  # interleaved, so both see the same machine load
            ours.append(time_envmigrate(fake, env_file))
            sdk.append(time_sdk(fake))
    ours_ms, sdk_ms = statistics.median(ours) * 1000, statistics.median(sdk) * 1000
    print(
        f"envmigrate verify (process, token + stream probe): {ours_ms:7.1f} ms (median of {runs})"
    )
    print(f"dingtalk-stream SDK (start to first frame acked):  {sdk_ms:7.1f} ms (median of {runs})")
    print(f"ratio: {ours_ms / sdk_ms:.2f}x (target <= 0.9x)")


if __name__ == "__main__":
    main()
