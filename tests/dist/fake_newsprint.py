#!/usr/bin/env python3
"""A stand-in for the newsprint binary with only the shard contract, for the driver's tests.

It lets tests/dist/test_driver.py check the Ray driver (placement, retries, progress, summary,
finalize, exit codes) before and apart from the Rust side. Output must be a local folder.
  run [PIPELINE] --input IN... --output DIR --shard I/N [--threads T] [--quiet]
      writes DIR/shards/I.json (what it saw); a finished shard is a no-op
  finalize DIR [--allow-partial]
      refuses, naming them, when a shard of the N is missing; writes DIR/finalized.json
Knobs (environment): FAKE_NEWSPRINT_SECONDS (work time, default 0.3),
FAKE_NEWSPRINT_FAIL_SHARD (that shard always exits 3).
"""

import json
import os
import sys
import time


def run(argv):
    if "--help" in argv:
        print("Usage: newsprint run [OPTIONS] [PIPELINE]\n  --input <INPUT>...\n  --output <OUTPUT>\n  --shard <I/N>")
        return 0
    output = argv[argv.index("--output") + 1]
    shard, shards = map(int, argv[argv.index("--shard") + 1].split("/"))
    inputs = argv[argv.index("--input") + 1: argv.index("--output")]
    done = os.path.join(output, "shards", f"{shard}.json")
    if os.path.exists(done):
        print(f"shard {shard}/{shards} already finished: nothing to do")
        return 0
    print(f"shard {shard}/{shards}: working", flush=True)
    time.sleep(float(os.environ.get("FAKE_NEWSPRINT_SECONDS", "0.3")))
    if os.environ.get("FAKE_NEWSPRINT_FAIL_SHARD") == str(shard):
        print(f"error: shard {shard} cannot read its input", file=sys.stderr)
        return 3
    os.makedirs(os.path.dirname(done), exist_ok=True)
    seen = {"shard": shard, "shards": shards, "inputs": inputs, "argv": argv,
            "aws_endpoint": os.environ.get("AWS_ENDPOINT_URL"), "cwd": os.getcwd(),
            "pipeline": open(argv[0]).read() if os.path.isfile(argv[0]) else None}
    with open(done + ".partial", "w") as out:
        json.dump(seen, out)
    os.replace(done + ".partial", done)
    print(f"shard {shard}/{shards}: done")
    return 0


def finalize(argv):
    output = argv[0]
    folder = os.path.join(output, "shards")
    found = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
    shards = json.load(open(os.path.join(folder, found[0])))["shards"] if found else 0
    missing = [i for i in range(shards) if f"{i}.json" not in found]
    if (missing or not found) and "--allow-partial" not in argv:
        print(f"error: shards missing: {missing}", file=sys.stderr)
        return 4
    with open(os.path.join(output, "finalized.json"), "w") as out:
        json.dump({"shards": shards, "found": len(found)}, out)
    print(f"finalized {len(found)} shards")
    return 0


def main(argv):
    if not argv or argv[0] in ("--help", "-h"):
        print("Commands:\n  run\n  finalize")
        return 0
    return {"run": run, "finalize": finalize}[argv[0]](argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
