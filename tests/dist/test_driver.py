"""The Ray driver's own behaviour, with a stand-in binary (fake_newsprint.py) for newsprint.

These need only the dist venv, not a newsprint build with sharding, so they check the
driver's scheduling, retries, summary, finalize and exit codes on their own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import HERE, REPO, kill_once_wrapper, require_dist_venv, run_driver, s3_client

FAKE = HERE / "fake_newsprint.py"


def fake_binary(folder: Path) -> str:
    # Through a script, so the tasks run the stand-in with this venv's Python.
    script = folder / "newsprint"
    script.write_text(f"#!/bin/sh\nexec '{sys.executable}' '{FAKE}' \"$@\"\n")
    script.chmod(0o755)
    return str(script)


def common_args(binary: str, output: Path, shards: int = 4) -> list[str]:
    return ["--num-cpus", "2", "--bin", binary, "--input", "s3://news/raw", "--input", "extra/local",
            "--output", str(output), "--shards", str(shards), "--retries", "2"]


def shard_records(output: Path) -> dict[int, dict]:
    return {int(p.stem): json.loads(p.read_text()) for p in (output / "shards").glob("*.json")}


def test_all_shards_run_once_then_finalize(tmp_path):
    python = require_dist_venv()
    output = tmp_path / "out"
    pipeline = tmp_path / "mine.toml"
    pipeline.write_text("[dataset]\nname = 'mine'\n")
    done = run_driver(python, common_args(fake_binary(tmp_path), output) + ["--pipeline", str(pipeline)],
                      env={"AWS_ENDPOINT_URL": "http://127.0.0.1:9"})
    assert done.returncode == 0, done.stderr
    records = shard_records(output)
    assert sorted(records) == [0, 1, 2, 3]
    for shard, seen in records.items():
        assert seen["shards"] == 4
        assert seen["inputs"] == ["s3://news/raw", "extra/local"]
        assert ["--threads", "1"] == seen["argv"][seen["argv"].index("--threads"):][:2]
        # The object-store settings reach the shard's process.
        assert seen["aws_endpoint"] == "http://127.0.0.1:9"
        # The pipeline file travels as text; shards run in the driver's working directory.
        assert seen["pipeline"] == pipeline.read_text()
        assert seen["cwd"] == str(REPO)
    assert json.loads((output / "finalized.json").read_text()) == {"shards": 4, "found": 4}
    assert "4 ok, 0 failed, 0 retried" in done.stdout
    assert "finalize done" in done.stdout


def test_a_killed_shard_is_retried(tmp_path):
    python = require_dist_venv()
    wrapper, marker = kill_once_wrapper(tmp_path, fake_binary(tmp_path), "1/4")
    output = tmp_path / "out"
    done = run_driver(python, common_args(str(wrapper), output))
    assert done.returncode == 0, done.stderr
    assert "still running" in marker.read_text(), marker.read_text()
    assert "shard 1 attempt 1 failed (killed by SIGKILL" in done.stdout
    summary = next(line for line in done.stdout.splitlines() if line.split()[:2] == ["1", "ok"])
    assert summary.split()[2:4] == ["2", "-9,0"], summary
    assert sorted(shard_records(output)) == [0, 1, 2, 3]
    assert (output / "finalized.json").exists()


def test_a_shard_whose_ray_worker_dies_is_retried(tmp_path):
    python = require_dist_venv()
    wrapper, marker = kill_once_wrapper(tmp_path, fake_binary(tmp_path), "2/4", kill_worker=True)
    output = tmp_path / "out"
    done = run_driver(python, common_args(str(wrapper), output))
    assert done.returncode == 0, done.stderr
    assert "killed the Ray worker of 2/4" in marker.read_text()
    # The dead attempt never reported an exit code: it shows as '?'.
    summary = next(line for line in done.stdout.splitlines() if line.split()[:2] == ["2", "ok"])
    assert summary.split()[2:4] == ["2", "?,0"], summary
    assert "shard 2 attempt 1 lost: its Ray worker on 127.0.0.1 died" in done.stdout
    assert sorted(shard_records(output)) == [0, 1, 2, 3]
    assert (output / "finalized.json").exists()


def test_a_shard_failing_every_time_stops_before_finalize(tmp_path):
    python = require_dist_venv()
    output = tmp_path / "out"
    done = run_driver(python, common_args(fake_binary(tmp_path), output),
                      env={"FAKE_NEWSPRINT_FAIL_SHARD": "2", "FAKE_NEWSPRINT_SECONDS": "0.05"})
    assert done.returncode == 1
    assert "1 of 4 shards failed after 2 retries: 2" in done.stderr
    assert "cannot read its input" in done.stderr  # the shard's own error is shown
    summary = next(line for line in done.stdout.splitlines() if line.split()[:2] == ["2", "FAILED"])
    assert summary.split()[2:4] == ["3", "3,3,3"], summary
    assert not (output / "finalized.json").exists()

    # Run again once the cause is gone: the finished shards are no-ops, shard 2 runs.
    before = {p.name: p.stat().st_mtime_ns for p in (output / "shards").glob("*.json")}
    assert sorted(before) == ["0.json", "1.json", "3.json"]
    again = run_driver(python, common_args(fake_binary(tmp_path), output))
    assert again.returncode == 0, again.stderr
    after = {p.name: p.stat().st_mtime_ns for p in (output / "shards").glob("*.json")}
    assert after == {**before, "2.json": after["2.json"]}
    assert (output / "finalized.json").exists()


def test_a_binary_without_shards_is_refused(tmp_path):
    python = require_dist_venv()
    old = tmp_path / "newsprint-old"
    old.write_text("#!/bin/sh\necho 'Usage: newsprint run [OPTIONS] [PIPELINE]'\n")
    old.chmod(0o755)
    done = run_driver(python, common_args(str(old), tmp_path / "out"))
    assert done.returncode == 2
    assert "has no `run --shard`" in done.stderr


def test_local_s3_server_serves_boto3(s3_env):
    s3 = s3_client(s3_env)
    s3.put_object(Bucket="news", Key="probe/hello.txt", Body=b"hello")
    assert s3.get_object(Bucket="news", Key="probe/hello.txt")["Body"].read() == b"hello"
    assert s3_env["AWS_ENDPOINT_URL"].startswith("http://127.0.0.1:")
    assert s3_env["AWS_ALLOW_HTTP"] == "true"
    s3.delete_object(Bucket="news", Key="probe/hello.txt")


def test_the_driver_uses_an_existing_cluster_given_its_address(tmp_path):
    python = require_dist_venv()
    head = subprocess.Popen([python, str(HERE / "ray_head.py")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        address = head.stdout.readline().strip()
        assert address.startswith("127.0.0.1:"), address
        output = tmp_path / "out"
        # ray.init() turned token authentication on for that cluster: the driver must match.
        args = common_args(fake_binary(tmp_path), output, shards=3)[2:]  # no --num-cpus
        done = run_driver(python, ["--address", address, *args], env={"RAY_AUTH_MODE": "token"}, timeout=300)
        assert done.returncode == 0, done.stderr
        assert f"(2 CPUs at {address})" in done.stdout
        assert sorted(shard_records(output)) == [0, 1, 2]
        assert (output / "finalized.json").exists()
    finally:
        head.stdin.close()
        try:
            head.wait(timeout=60)
        except subprocess.TimeoutExpired:
            head.kill()
