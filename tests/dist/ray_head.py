"""Starts a local Ray (2 CPUs, on 127.0.0.1) and keeps it up until its stdin closes.

For the test of the driver's --address: prints the cluster's address on its first line,
then waits; closing stdin (the test's teardown) shuts Ray down through ray.shutdown(), so
only this process's own Ray processes are stopped.
"""

import os
import sys

os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # loopback only, as the driver does
import ray  # noqa: E402

ray.init(num_cpus=2, object_store_memory=100 * 1024 * 1024, include_dashboard=False)
print(ray.get_runtime_context().gcs_address, flush=True)
sys.stdin.read()
ray.shutdown()
