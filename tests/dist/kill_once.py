"""Runs newsprint, except that the first run of one shard is SIGKILLed mid-way.

The tests pass a small shell script as the driver's --bin that execs this file with the real
binary's path, so a Ray task sees exactly what it would see if the OOM killer or a preempted
node killed newsprint: a child that died by SIGKILL after doing part of its work.

    python kill_once.py REAL_BIN SHARD(I/N) MARKER SECONDS [worker] -- newsprint arguments...

The first time `--shard I/N` is run (MARKER does not exist yet) it starts REAL_BIN, waits for
its first line of output or SECONDS, whichever comes first, SIGKILLs it, writes MARKER (what
happened), and then SIGKILLs itself, so the task's subprocess dies by SIGKILL even in the
rare case where newsprint had already finished. With `worker` it kills its parent instead,
the Ray worker running the task, as a lost node or Ray's memory monitor would: Ray then
retries the task as a system failure, not as an exception the task raised.
Any other run execs REAL_BIN unchanged.
"""

import os
import select
import signal
import subprocess
import sys
import time


def main():
    cut = sys.argv.index("--")
    real_bin, shard, marker, seconds = sys.argv[1:5]
    kill_worker = sys.argv[5:cut] == ["worker"]
    args = sys.argv[cut + 1:]
    targeted = "--shard" in args and args[args.index("--shard") + 1] == shard
    if not targeted or os.path.exists(marker):
        os.execv(real_bin, [real_bin] + args)

    # O_EXCL: if two attempts ever raced here, only one of them does the killing.
    try:
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        os.execv(real_bin, [real_bin] + args)
    started = time.monotonic()
    child = subprocess.Popen([real_bin] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = started + float(seconds)
    first_line = b""
    while time.monotonic() < deadline and child.poll() is None:
        ready, _, _ = select.select([child.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if ready:
            first_line = child.stdout.readline()
            break
    still_running = child.poll() is None
    child.kill()
    child.wait()
    note = (f"killed {'the Ray worker of ' if kill_worker else ''}{shard} after {time.monotonic() - started:.2f}s;"
            f" {'still running' if still_running else 'had already exited ' + str(child.returncode)};"
            f" first line: {first_line.decode(errors='replace').strip()!r}\n")
    os.write(fd, note.encode())
    os.close(fd)
    sys.stdout.write(note)
    sys.stdout.flush()
    if kill_worker:
        os.kill(os.getppid(), signal.SIGKILL)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    main()
