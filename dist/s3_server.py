"""A local S3-protocol server for trying newsprint's object-storage paths and for tests/dist.

It runs moto's standalone server (a real HTTP server speaking the S3 protocol, keeping the
objects in memory) on 127.0.0.1 at a free port, creates the buckets asked for, and prints the
environment that newsprint, boto3 and the Ray driver read:

    dist/.venv/bin/python dist/s3_server.py --bucket news &     # or in another terminal
    eval "$(cat /tmp/newsprint-s3.env)"                          # with --env-file /tmp/newsprint-s3.env

Everything lives in the server's memory: stopping it (Ctrl-C, SIGTERM) drops every object.
Only the loopback address is served; nothing here talks to a real cloud.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from contextlib import contextmanager
from typing import Iterator

# Any non-empty credentials work with moto; fixed ones keep the printed exports copyable.
ACCESS_KEY_ID = "newsprint-local"
SECRET_ACCESS_KEY = "newsprint-local-secret"
REGION = "us-east-1"


def client_env(endpoint: str) -> dict[str, str]:
    """The variables that point newsprint (object_store), boto3 and the AWS CLI at `endpoint`."""
    return {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        "AWS_REGION": REGION,
        # boto3 reads the region from this one, object_store from AWS_REGION.
        "AWS_DEFAULT_REGION": REGION,
        # object_store refuses plain http unless told; the local server has no TLS.
        "AWS_ALLOW_HTTP": "true",
    }


def exports(env: dict[str, str]) -> str:
    return "".join(f"export {key}={value}\n" for key, value in env.items())


def create_buckets(endpoint: str, buckets: list[str]) -> None:
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=ACCESS_KEY_ID,
        aws_secret_access_key=SECRET_ACCESS_KEY,
        region_name=REGION,
    )
    for bucket in buckets:
        s3.create_bucket(Bucket=bucket)


@contextmanager
def running(buckets: list[str] = (), port: int = 0) -> Iterator[str]:
    """Serve S3 in a thread of this process; yields the endpoint URL.

    For callers that keep the process alive while others use the server (an interactive
    session, a test that only uses boto3 itself). Tests that run other processes against it
    for a long time use the command line below instead, so the server has its own GIL.
    """
    from moto.server import ThreadedMotoServer

    # Port 0 lets the kernel pick a free port; get_host_and_port reads the one it chose,
    # which avoids the race of probing a port and binding it later.
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        host, bound_port = server.get_host_and_port()
        endpoint = f"http://{host}:{bound_port}"
        create_buckets(endpoint, list(buckets))
        yield endpoint
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bucket", action="append", default=[], help="create this bucket (repeatable)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument(
        "--env-file",
        help="also write the export lines here, once the server answers (written whole, then renamed,"
        " so a reader that sees the file can use it)",
    )
    parser.add_argument("--log-requests", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    if not args.log_requests:
        # werkzeug logs one line per request; a test run makes thousands.
        import logging

        logging.getLogger("werkzeug").setLevel(logging.WARNING)

    stop = threading.Event()
    # SIGTERM from a test fixture or `kill` ends the server as cleanly as Ctrl-C.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    started = time.monotonic()
    with running(args.bucket, args.port) as endpoint:
        text = exports(client_env(endpoint))
        if args.env_file:
            partial = args.env_file + ".partial"
            with open(partial, "w") as out:
                out.write(text)
            os.replace(partial, args.env_file)
        sys.stdout.write(text)
        sys.stdout.write(
            f"# S3 server at {endpoint}, buckets: {', '.join(args.bucket) or '(none)'};"
            f" up in {time.monotonic() - started:.2f}s. Ctrl-C stops it and drops its objects.\n"
        )
        sys.stdout.flush()
        stop.wait()
    if args.env_file:
        try:
            os.remove(args.env_file)
        except FileNotFoundError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
