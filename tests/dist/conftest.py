"""Shared pieces of the distributed-run tests: the dist venv, the local S3 server, the binary.

Run them with the dist venv's Python (`make test-dist` does):
    bash dist/setup.sh && dist/.venv/bin/python -m pytest -q tests/dist
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "dist"
DRIVER = DIST / "newsprint_ray.py"
HERE = Path(__file__).resolve().parent
VENV_PYTHON = Path(os.environ.get("DIST_VENV", DIST / ".venv")) / "bin" / "python"

SETUP_HINT = "run `bash dist/setup.sh`, then `dist/.venv/bin/python -m pytest tests/dist` (or `make test-dist`)"


def require_dist_venv() -> str:
    """The dist venv's Python; skips the test, saying how to get it, when it is missing."""
    if not VENV_PYTHON.exists():
        pytest.skip(f"dist venv missing ({VENV_PYTHON}): {SETUP_HINT}")
    for module in ("ray", "moto", "boto3", "pyarrow", "duckdb"):
        try:
            __import__(module)
        except ImportError:
            pytest.skip(f"this Python ({sys.executable}) lacks {module}: {SETUP_HINT}")
    return str(VENV_PYTHON)


def newsprint_binary() -> str | None:
    """NEWSPRINT_BIN, else the release build in $CARGO_TARGET_DIR (or target/), else PATH."""
    if os.environ.get("NEWSPRINT_BIN"):
        return os.environ["NEWSPRINT_BIN"]
    target = Path(os.environ.get("CARGO_TARGET_DIR") or REPO / "target")
    for built in (target / "release" / "newsprint", target / "debug" / "newsprint"):
        if built.exists():
            return str(built)
    return shutil.which("newsprint")


def sharding_support(binary: str | None) -> str | None:
    """Why `binary` cannot run the distributed tests yet, or None when it can.

    Decided from the binary's own help, so these tests land before the Rust side and start
    running by themselves on the first build that has it: `run --help` must mention
    `--shard` and the top-level help must list `finalize`.
    """
    if not binary or not os.path.exists(binary):
        return f"no newsprint binary (looked at NEWSPRINT_BIN, $CARGO_TARGET_DIR/release, PATH): got {binary!r}"
    run_help = subprocess.run([binary, "run", "--help"], capture_output=True, text=True).stdout
    if "--shard" not in run_help:
        return f"{binary} has no `run --shard` yet (sharded runs not built into this binary)"
    top_help = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    if "finalize" not in top_help:
        return f"{binary} has no `finalize` command yet"
    return None


@pytest.fixture(scope="session")
def dist_python() -> str:
    return require_dist_venv()


@pytest.fixture(scope="session")
def s3_env(dist_python, tmp_path_factory) -> dict[str, str]:
    """A real S3-protocol server (moto's standalone server) on 127.0.0.1, its own process.

    Yields the environment that points boto3 and newsprint at it, with a bucket `news`.
    """
    env_file = tmp_path_factory.mktemp("s3") / "s3.env"
    started = time.monotonic()
    server = subprocess.Popen(
        [dist_python, str(DIST / "s3_server.py"), "--bucket", "news", "--env-file", str(env_file)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not env_file.exists():
            if server.poll() is not None:
                pytest.fail(f"S3 server exited {server.returncode}: {server.stderr.read()}")
            if time.monotonic() - started > 60:
                pytest.fail("S3 server did not answer within 60s")
            time.sleep(0.05)
        env = {}
        for line in env_file.read_text().splitlines():
            key, _, value = line.removeprefix("export ").partition("=")
            env[key] = value
        print(f"S3 server up in {time.monotonic() - started:.2f}s at {env['AWS_ENDPOINT_URL']}")
        yield env
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def s3_client(env: dict[str, str]):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=env["AWS_ENDPOINT_URL"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        region_name=env["AWS_REGION"],
    )


def kill_once_wrapper(folder: Path, real_bin: str, shard: str, seconds: float = 5.0,
                      kill_worker: bool = False) -> tuple[Path, Path]:
    """A --bin for the driver that SIGKILLs the first run of `shard` mid-way (kill_once.py),
    or with kill_worker the Ray worker running it.

    Returns (wrapper script, marker file). The settings are written into the script because
    the driver forwards only a few variables to the tasks.
    """
    marker = folder / f"killed-{shard.replace('/', 'of')}"
    wrapper = folder / "newsprint-kill-once"
    wrapper.write_text(
        "#!/bin/sh\n"
        f"exec '{sys.executable}' '{HERE / 'kill_once.py'}' '{real_bin}' '{shard}' '{marker}' {seconds}"
        f"{' worker' if kill_worker else ''} -- \"$@\"\n"
    )
    wrapper.chmod(0o755)
    return wrapper, marker


def run_driver(python: str, args: list[str], env: dict[str, str] | None = None, timeout: float = 600):
    """Runs dist/newsprint_ray.py; returns the CompletedProcess (output printed for -s/-rA)."""
    started = time.monotonic()
    done = subprocess.run(
        [python, str(DRIVER), *args],
        env={**os.environ, **(env or {})},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    print(f"$ newsprint_ray.py {' '.join(args)}  ({time.monotonic() - started:.1f}s, exit {done.returncode})")
    print(done.stdout)
    print(done.stderr, file=sys.stderr)
    return done
