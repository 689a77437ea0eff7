#!/usr/bin/env python3
"""Run newsprint over many machines with Ray: one Ray task per shard, then one finalize.

    dist/.venv/bin/python dist/newsprint_ray.py --pipeline pipelines/news.toml \\
        --input s3://news/raw --output s3://news/datasets/news --shards 16

Each task runs `newsprint run ... --shard I/N` as a subprocess, so Ray does the placement,
the retries and the scale, and newsprint does the work. When every shard has finished, one
more task runs `newsprint finalize OUTPUT` (duplicates across shards, the manifest).

What must hold on the cluster:
- The newsprint binary exists at the same path (`--bin`) on every node that may run a task
  (bake it into the node image, or put it on a shared filesystem). Nothing is shipped to the
  nodes by this driver; a node without it fails its shard, and Ray retries it elsewhere.
- The pipeline file is read here and its text handed to each task (written to a temporary
  file on the node), so it need not exist on the nodes; relative paths inside it are taken
  from `--workdir` on the node, as newsprint takes them from its working directory.
- Inputs and the output are URLs (`s3://...`) every node can reach, or paths on a filesystem
  every node mounts at the same place. Local paths only make sense on one machine.
- Credentials: the driver forwards its own AWS_*, GOOGLE_*, AZURE_*, NEWSPRINT_*, RUST_LOG
  variables (and any named with --env) to each task, on top of the node's environment.
  They travel in the task's arguments, so they are visible to whoever can read the Ray
  cluster's task metadata; on a shared cluster prefer the nodes' own credentials (instance
  roles) and forward nothing.

Retries: a shard whose process exits non-zero or is killed (OOM killer, preemption, a test's
SIGKILL) raises in its task, and `retry_exceptions=True` lets Ray run it again; a task whose
Ray worker dies (node lost) is retried under the same `max_retries`. Both count against
`--retries`. A re-run of a shard replaces only that shard's parts, and a shard that had in
fact finished is a no-op, so a retry is always safe. Running this driver again after a
failure re-runs only the shards that had not finished.

Connecting with --address: Ray 2.60 clusters may require token authentication (ray.init()
turns it on by default for the clusters it starts). The driver's RAY_AUTH_MODE must match
the cluster's: `RAY_AUTH_MODE=token` with the token in ~/.ray/auth_token or RAY_AUTH_TOKEN
for such a cluster, unset for one without. A mismatch shows as "InvalidAuthToken" retries
(token cluster) or a dead actor right after connecting (cluster without tokens).

Exit status: 0 when every shard and finalize succeeded; 1 when a shard failed after its
retries (finalize is then not run, and the failed shards are named); 2 for a usage error
(no binary, a binary without --shard); 3 when finalize failed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

# Variables a shard needs from the driver's environment: object-store credentials and
# endpoints (object_store reads these), newsprint's own settings, and Rust logging.
FORWARDED_PREFIXES = ("AWS_", "GOOGLE_", "AZURE_", "NEWSPRINT_")
FORWARDED_NAMES = ("RUST_LOG", "RUST_BACKTRACE", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")

# How much of a failed shard's output the driver shows: the end is where the error is.
OUTPUT_TAIL_LINES = 30

EXIT_SHARD_FAILED = 1
EXIT_USAGE = 2
EXIT_FINALIZE_FAILED = 3


def default_binary() -> str | None:
    """newsprint on PATH, else the release build of this checkout."""
    on_path = shutil.which("newsprint")
    if on_path:
        return on_path
    repo = Path(__file__).resolve().parent.parent
    target = Path(os.environ.get("CARGO_TARGET_DIR") or repo / "target")
    if not target.is_absolute():
        target = repo / target
    built = target / "release" / "newsprint"
    return str(built) if built.exists() else None


def forwarded_env(extra_names: list[str]) -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if name.startswith(FORWARDED_PREFIXES) or name in FORWARDED_NAMES or name in extra_names
    }


def signal_name(returncode: int) -> str:
    """'exit 3', or 'killed by SIGKILL' for a negative subprocess return code."""
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit {returncode}"


def tail(text: str, lines: int = OUTPUT_TAIL_LINES) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


class ShardFailed(Exception):
    """One attempt at a shard ended badly; raised inside the task so Ray retries it."""

    def __init__(self, shard: int, returncode: int, output: str):
        super().__init__(f"shard {shard}: newsprint {signal_name(returncode)}\n{tail(output)}")
        self.shard = shard
        self.returncode = returncode
        self.output = output

    def __reduce__(self):
        # Ray pickles the exception back to the driver; keep the fields.
        return (ShardFailed, (self.shard, self.returncode, self.output))


def kill_with_parent() -> None:
    """In the child before exec: die when the Ray worker that started us dies.

    Without it a worker killed by Ray's memory monitor or by `ray stop` leaves newsprint
    running as an orphan, still writing the shard that Ray's retry is now writing again.
    """
    try:
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except OSError:
        pass  # not Linux/glibc: no orphan protection, the retry still replaces the parts


def run_binary(command: list[str], env: dict[str, str], workdir: str | None, timeout: float | None):
    """Runs newsprint, returns (returncode, combined output, seconds)."""
    child_env = dict(os.environ)
    child_env.update(env)
    cwd = workdir if workdir and os.path.isdir(workdir) else None
    # PR_SET_PDEATHSIG fires when the *thread* that forked exits; only the main thread lives
    # as long as the worker process, so set it only there.
    on_main = threading.current_thread() is threading.main_thread() and sys.platform == "linux"
    started = time.monotonic()
    try:
        done = subprocess.run(
            command,
            env=child_env,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=timeout,
            preexec_fn=kill_with_parent if on_main else None,
        )
        return done.returncode, done.stdout, time.monotonic() - started
    except subprocess.TimeoutExpired as expired:
        output = expired.output or ""
        if isinstance(output, bytes):
            output = output.decode(errors="replace")
        return -signal.SIGKILL, output + f"\n(newsprint ran past --shard-timeout {timeout}s)", time.monotonic() - started
    except OSError as error:  # no binary on this node, not executable
        return 127, f"cannot run {command[0]}: {error}", time.monotonic() - started


@dataclass
class Attempt:
    node: str
    started: float
    seconds: float | None = None
    returncode: int | None = None


@dataclass
class ShardRecord:
    attempts: list[Attempt] = field(default_factory=list)
    output: str = ""


def build_remote(ray):
    """The Ray pieces, made after `import ray` so the driver's --help needs no Ray."""

    # The book of attempts lives in an actor because Ray's retries are invisible to the
    # driver otherwise: it sees only the last outcome, not how many tries it took or why the
    # earlier ones failed. num_cpus=0 keeps it from taking a slot a shard could use.
    @ray.remote(num_cpus=0)
    class AttemptBook:
        def __init__(self):
            self.events = []

        def record(self, event: dict) -> None:
            event["at"] = time.time()
            self.events.append(event)

        def since(self, index: int) -> list:
            return self.events[index:]

    def run_shard(book, shard: int, command: list[str], env, workdir, timeout, pipeline=None):
        import tempfile

        node = ray.util.get_node_ip_address()
        ray.get(book.record.remote({"kind": "start", "shard": shard, "node": node}))
        with tempfile.TemporaryDirectory(prefix="newsprint-pipeline-") as folder:
            if pipeline:
                # The driver's pipeline file, as text: the node needs no copy of it.
                name, text = pipeline
                path = os.path.join(folder, name)
                with open(path, "w") as out:
                    out.write(text)
                command = command[:2] + [path] + command[2:]
            returncode, output, seconds = run_binary(command, env, workdir, timeout)
        ray.get(
            book.record.remote(
                {"kind": "end", "shard": shard, "node": node, "returncode": returncode,
                 "seconds": seconds, "output": tail(output)}
            )
        )
        if returncode != 0:
            raise ShardFailed(shard, returncode, output)
        return {"shard": shard, "seconds": seconds, "output": output, "node": node}

    return AttemptBook, run_shard


def shard_command(args, shard: int) -> list[str]:
    # The pipeline file's path goes after "run" on the node (run_shard puts it there).
    command = [args.bin, "run"]
    command += ["--input", *args.input, "--output", args.output, "--shard", f"{shard}/{args.shards}"]
    command += ["--threads", str(args.threads), "--quiet"]
    return command + args.newsprint_args


def check_binary(binary: str) -> str | None:
    """An error message when the local binary is missing or predates sharding, else None."""
    if not os.path.isfile(binary) or not os.access(binary, os.X_OK):
        return f"no newsprint binary at {binary} (build it with `cargo build --release`, or pass --bin)"
    try:
        help_text = subprocess.run([binary, "run", "--help"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{binary} run --help failed: {error}"
    if "--shard" not in help_text:
        return f"{binary} has no `run --shard` (a build from before sharded runs): rebuild it"
    return None


def parse_args(argv: list[str] | None):
    parser = argparse.ArgumentParser(
        description="Run newsprint shards as Ray tasks, then finalize.",
        epilog="Arguments after `--` go to every `newsprint run` unchanged (e.g. -- --html-extractor native).",
    )
    parser.add_argument("--address", help="an existing Ray cluster (e.g. auto, ray://head:10001); default: start Ray here")
    parser.add_argument("--num-cpus", type=int, help="CPUs of the local Ray started here (default: all)")
    parser.add_argument("--object-store-mb", type=int, default=100,
                        help="object store of the local Ray (default 100 MB: shards pass only small results)")
    parser.add_argument("--bin", default=None, help="newsprint binary, same path on every node (default: PATH, then $CARGO_TARGET_DIR/release)")
    parser.add_argument("--pipeline", help="pipeline file, read here and sent to the tasks (relative paths in it are read from --workdir)")
    parser.add_argument("--input", action="append", required=True, help="input path or URL (repeatable)")
    parser.add_argument("--output", required=True, help="dataset path or URL shared by all shards")
    parser.add_argument("--shards", type=int, required=True, help="number of shards N")
    parser.add_argument("--retries", type=int, default=3, help="retries per shard after a failure (default 3)")
    parser.add_argument("--threads", type=int, default=1, help="newsprint threads per shard; each task reserves this many Ray CPUs (default 1)")
    parser.add_argument("--workdir", default=os.getcwd(), help="working directory of the shards where it exists (default: this one)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME", help="also forward this environment variable")
    parser.add_argument("--shard-timeout", type=float, help="kill a shard attempt after this many seconds (then it is retried)")
    parser.add_argument("--no-finalize", action="store_true", help="stop after the shards (run `newsprint finalize` yourself)")
    parser.add_argument("--allow-partial", action="store_true",
                        help="finalize even if shards failed (passes --allow-partial; the dataset then lacks them)")
    argv = sys.argv[1:] if argv is None else argv
    passthrough: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, passthrough = argv[:cut], argv[cut + 1:]
    args = parser.parse_args(argv)
    args.newsprint_args = passthrough
    if args.shards < 1:
        parser.error("--shards must be at least 1")
    if args.threads < 1:
        parser.error("--threads must be at least 1")
    if args.retries < 0:
        parser.error("--retries must be 0 or more")
    args.bin = args.bin or default_binary()
    if not args.bin:
        parser.error("no newsprint binary on PATH or in $CARGO_TARGET_DIR/release: pass --bin")
    # Absolute, so tasks started in --workdir (or elsewhere on a node) find the same files.
    args.bin = os.path.abspath(args.bin) if os.sep in args.bin else args.bin
    args.pipeline_text = None
    if args.pipeline:
        try:
            with open(args.pipeline) as source:
                args.pipeline_text = (os.path.basename(args.pipeline), source.read())
        except OSError as error:
            parser.error(f"cannot read --pipeline {args.pipeline}: {error}")
    return args


class Progress:
    """Lines with the elapsed time, flushed at once so a job log shows them live."""

    def __init__(self):
        self.started = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def say(self, text: str) -> None:
        print(f"[{self.elapsed():7.1f}s] {text}", flush=True)


def is_loopback_cluster(address: str | None) -> bool:
    """No address (Ray starts here), or the address of a Ray on 127.0.0.1."""
    if not address:
        return True
    if address == "auto":
        # Where `ray start` and ray.init() note the address of the latest local cluster.
        try:
            with open(os.path.join(os.environ.get("RAY_TMPDIR", "/tmp"), "ray", "ray_current_cluster")) as noted:
                address = noted.read().strip()
        except OSError:
            return False
    host = address.split("://")[-1].rsplit(":", 1)[0].strip("[]")
    return host in ("localhost", "::1") or host.startswith("127.")


def init_ray(args):
    if is_loopback_cluster(args.address):
        # Ray on Linux binds its services to the machine's routable address even for a
        # one-machine cluster, and turns 127.0.0.1 in an address into that one. This switch
        # (meant for macOS/Windows) keeps a local Ray on 127.0.0.1, so a laptop or CI run
        # opens no port to the network, and a driver can reach a Ray that another process
        # started that way. Read when ray is imported.
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    if not sys.stdout.isatty():
        # Ray prints each failed attempt's error itself; no colour codes in a job's log file.
        os.environ.setdefault("RAY_COLOR_PREFIX", "0")
    import ray

    if args.address:
        ray.init(address=args.address, log_to_driver=False)
    else:
        ray.init(
            num_cpus=args.num_cpus,
            # Shards return only small results; a large default store just holds /dev/shm.
            object_store_memory=args.object_store_mb * 1024 * 1024,
            include_dashboard=False,
            # newsprint's output is captured by the task and shown by this driver instead.
            log_to_driver=False,
        )
    return ray


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    local_binary = args.bin if os.sep in args.bin else shutil.which(args.bin)
    if local_binary and os.path.exists(local_binary):
        problem = check_binary(local_binary)
    elif args.address:
        # The driver may run off the cluster (Ray client); the nodes are checked by running.
        problem = None
        print(f"newsprint_ray: {args.bin} is not on this machine; assuming the nodes have it", file=sys.stderr)
    else:
        problem = check_binary(args.bin)
    if problem:
        print(f"newsprint_ray: {problem}", file=sys.stderr)
        return EXIT_USAGE

    progress = Progress()
    ray = init_ray(args)
    cpus = int(ray.cluster_resources().get("CPU", 0))
    progress.say(
        f"Ray {ray.__version__} up ({cpus} CPUs{' at ' + args.address if args.address else ', local'});"
        f" {args.shards} shards, {args.threads} thread(s) each, up to {args.retries} retries per shard"
    )
    if cpus < args.threads:
        print(f"newsprint_ray: --threads {args.threads} needs that many CPUs on one node; the cluster has {cpus}",
              file=sys.stderr)
        return EXIT_USAGE

    AttemptBook, run_shard = build_remote(ray)
    book = AttemptBook.remote()
    env = forwarded_env(args.env)
    shard_task = ray.remote(run_shard).options(
        num_cpus=args.threads, max_retries=args.retries, retry_exceptions=True
    )
    refs = {
        shard_task.remote(book, shard, shard_command(args, shard), env, args.workdir, args.shard_timeout,
                          args.pipeline_text): shard
        for shard in range(args.shards)
    }

    records = {shard: ShardRecord() for shard in range(args.shards)}
    done: dict[int, dict] = {}
    failed: dict[int, str] = {}
    seen_events = 0

    def drain_events() -> None:
        nonlocal seen_events
        events = ray.get(book.since.remote(seen_events))
        seen_events += len(events)
        for event in events:
            if event["shard"] not in records:  # finalize's own attempts
                continue
            record = records[event["shard"]]
            if event["kind"] == "start":
                if record.attempts and record.attempts[-1].returncode is None:
                    # No end event: the Ray worker itself died (node lost, memory monitor).
                    progress.say(f"shard {event['shard']} attempt {len(record.attempts)} lost:"
                                 f" its Ray worker on {record.attempts[-1].node} died")
                record.attempts.append(Attempt(node=event["node"], started=event["at"]))
                if len(record.attempts) > 1:
                    progress.say(f"shard {event['shard']} attempt {len(record.attempts)} started on {event['node']}")
            else:
                attempt = record.attempts[-1]
                attempt.seconds, attempt.returncode = event["seconds"], event["returncode"]
                record.output = event["output"]
                if event["returncode"] != 0:
                    left = args.retries + 1 - len(record.attempts)
                    progress.say(
                        f"shard {event['shard']} attempt {len(record.attempts)} failed"
                        f" ({signal_name(event['returncode'])}, {event['seconds']:.1f}s);"
                        f" {f'{left} retr' + ('y' if left == 1 else 'ies') + ' left' if left > 0 else 'no retries left'}"
                    )

    pending = list(refs)
    try:
        while pending:
            ready, pending = ray.wait(pending, num_returns=1, timeout=0.5)
            drain_events()
            for ref in ready:
                shard = refs[ref]
                try:
                    result = ray.get(ref)
                    done[shard] = result
                    attempts = max(1, len(records[shard].attempts))
                    progress.say(
                        f"shard {shard} done in {result['seconds']:.1f}s on {result['node']}"
                        f"{f' (attempt {attempts})' if attempts > 1 else ''}"
                        f" — {len(done)}/{args.shards} done, {len(failed)} failed, {len(pending)} running or queued"
                    )
                except Exception as error:  # the last attempt's ShardFailed, or a lost worker
                    failed[shard] = str(getattr(error, "cause", None) or error)
                    progress.say(
                        f"shard {shard} FAILED after {len(records[shard].attempts)} attempt(s)"
                        f" — {len(done)}/{args.shards} done, {len(failed)} failed, {len(pending)} running or queued"
                    )
        drain_events()
    except KeyboardInterrupt:
        for ref in pending:
            ray.cancel(ref, force=True)
        print("\nnewsprint_ray: interrupted; finished shards are kept, a new run redoes only the others",
              file=sys.stderr)
        return 130

    print_summary(args, records, done, failed, progress)

    if failed and not args.allow_partial:
        names = ", ".join(str(shard) for shard in sorted(failed))
        print(f"\nnewsprint_ray: {len(failed)} of {args.shards} shards failed after {args.retries} retries: {names}",
              file=sys.stderr)
        for shard in sorted(failed):
            print(f"--- shard {shard}, last attempt:\n{tail(failed[shard])}", file=sys.stderr)
        print("Finalize was not run. Run this command again to redo only the failed shards"
              " (finished shards are kept).", file=sys.stderr)
        return EXIT_SHARD_FAILED

    if args.no_finalize:
        progress.say(f"shards done; finalize skipped (--no-finalize): run `{args.bin} finalize {args.output}`")
        return 0

    # Finalize runs on the cluster too, so it has the same binary, environment and reach to
    # the output as the shards, even when this driver runs somewhere else.
    command = [args.bin, "finalize", args.output] + (["--allow-partial"] if args.allow_partial else [])
    progress.say("all shards done; finalize: " + " ".join(command[1:]))
    finalize_task = ray.remote(run_shard).options(
        num_cpus=args.threads, max_retries=args.retries, retry_exceptions=True
    )
    try:
        result = ray.get(finalize_task.remote(book, -1, command, env, args.workdir, None))
    except Exception as error:
        print(f"newsprint_ray: finalize failed: {getattr(error, 'cause', None) or error}", file=sys.stderr)
        return EXIT_FINALIZE_FAILED
    if result["output"].strip():
        print(tail(result["output"]), flush=True)
    progress.say(f"finalize done in {result['seconds']:.1f}s; dataset at {args.output}")
    return 0


def print_summary(args, records: dict[int, ShardRecord], done: dict, failed: dict, progress: Progress) -> None:
    print(f"\n{'shard':>5}  {'status':<6}  {'attempts':>8}  {'exit codes':<18}  {'last':>7}  {'total':>7}  node")
    for shard, record in records.items():
        status = "ok" if shard in done else "FAILED"
        codes = ",".join("?" if a.returncode is None else str(a.returncode) for a in record.attempts) or "-"
        last = record.attempts[-1].seconds if record.attempts and record.attempts[-1].seconds is not None else None
        total = sum(a.seconds or 0.0 for a in record.attempts)
        node = record.attempts[-1].node if record.attempts else "-"
        print(f"{shard:>5}  {status:<6}  {len(record.attempts):>8}  {codes:<18}  "
              f"{'-' if last is None else f'{last:.1f}s':>7}  {total:>6.1f}s  {node}")
    if any(a.returncode is None for r in records.values() for a in r.attempts):
        print("(exit code ?: the attempt's Ray worker died, or it was still running when the shard failed)")
    retried = sum(1 for r in records.values() if len(r.attempts) > 1)
    print(f"{len(done)} ok, {len(failed)} failed, {retried} retried; wall {progress.elapsed():.1f}s\n", flush=True)


if __name__ == "__main__":
    sys.exit(main())
