# --- to add to .ci/run, right after `make test` (main checkout, not the bare clone) ---------
# Distributed runs: 4 shards on a local Ray (2 CPUs) against a local S3 server (moto's
# standalone server on 127.0.0.1), checked against a single-machine run; plus the driver's
# own tests with a stand-in binary. The first run installs dist/.venv (~50 s); the Ray tests
# take about a minute. Both the S3 server and Ray are started and stopped by the tests.
make test-dist
