//! The store against a real S3-protocol server (moto) on localhost.

mod common;

use std::time::{Duration, Instant};

use newsprint_store::{Entry, Options, Store, StoreError};

use common::{closed_port, moto, names_in, noise};

const MIB: usize = 1024 * 1024;

#[test]
fn list_gives_sorted_keys_relative_to_the_prefix_with_sizes() {
    let Some(moto) = moto("list_gives_sorted_keys_relative_to_the_prefix_with_sizes") else {
        return;
    };
    moto.create_bucket("listing");
    let root = Store::open_with("s3://listing", &moto.options()).unwrap();
    root.put("raw/b.html", &[b'b'; 20]).unwrap();
    root.put("raw/a.txt", b"hello").unwrap();
    root.put("raw/sub/c.jsonl", &[b'c'; 300]).unwrap();
    root.put("other/x.txt", b"not under raw").unwrap();
    // A sibling whose name starts like the prefix is not under it.
    root.put("raw2/y.txt", b"not under raw either").unwrap();

    let raw = Store::open_with("s3://listing/raw/", &moto.options()).unwrap();
    let entries = raw.list().unwrap();
    let expected = [("a.txt", 5), ("b.html", 20), ("sub/c.jsonl", 300)];
    assert_eq!(
        entries,
        expected
            .iter()
            .map(|(key, size)| Entry {
                key: key.to_string(),
                size: *size
            })
            .collect::<Vec<_>>()
    );
    assert_eq!(raw.get("sub/c.jsonl").unwrap().unwrap(), vec![b'c'; 300]);

    let under = raw.list_under("sub").unwrap();
    assert_eq!(under.len(), 1);
    assert_eq!(
        under[0].key, "sub/c.jsonl",
        "keys stay relative to the store's prefix"
    );

    let all = root.list().unwrap();
    assert_eq!(all.len(), 5);
    assert_eq!(all[0].key, "other/x.txt");

    // A URL naming one object lists just it, by file name, and that key reads it.
    let one = Store::open_with("s3://listing/raw/sub/c.jsonl", &moto.options()).unwrap();
    let entries = one.list().unwrap();
    assert_eq!(
        entries,
        vec![Entry {
            key: "c.jsonl".into(),
            size: 300
        }]
    );
    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("c.jsonl");
    assert_eq!(one.download_to("c.jsonl", &dest).unwrap(), 300);
    assert_eq!(std::fs::read(&dest).unwrap(), vec![b'c'; 300]);

    // A prefix with nothing under it lists nothing (the bucket exists).
    let empty = Store::open_with("s3://listing/nothing-here", &moto.options()).unwrap();
    assert_eq!(empty.list().unwrap(), vec![]);
}

#[test]
fn multipart_upload_and_streamed_download_round_trip_a_multi_mb_file() {
    let Some(moto) = moto("multipart_upload_and_streamed_download_round_trip_a_multi_mb_file")
    else {
        return;
    };
    moto.create_bucket("big");
    let options = Options {
        part_size: 5 * MIB,
        ..moto.options()
    };
    let store = Store::open_with("s3://big/warc", &options).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src.warc");
    // Two full parts and a short last one.
    let bytes = noise(12 * MIB + 12_345, 7);
    std::fs::write(&src, &bytes).unwrap();

    assert_eq!(
        store.upload_from(&src, "cc/one.warc").unwrap(),
        bytes.len() as u64
    );
    // S3 gives a multipart object an ETag ending in "-<number of parts>": this was a
    // multipart upload of three parts, not one PUT.
    let (status, headers) = moto.head("big", "warc/cc/one.warc");
    assert_eq!(status, 200);
    let etag = headers
        .lines()
        .find_map(|l| l.strip_prefix("etag:"))
        .expect("an etag header")
        .trim()
        .trim_matches('"')
        .to_string();
    assert!(etag.ends_with("-3"), "etag {etag}");

    assert_eq!(
        store.list().unwrap(),
        vec![Entry {
            key: "cc/one.warc".into(),
            size: bytes.len() as u64
        }]
    );

    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("one.warc");
    let n = store.download_to("cc/one.warc", &dest).unwrap();
    assert_eq!(n, bytes.len() as u64);
    let got = std::fs::read(&dest).unwrap();
    assert!(
        got == bytes,
        "downloaded bytes differ from the uploaded ones"
    );
    assert_eq!(
        names_in(out.path()),
        vec!["one.warc"],
        "no temporary file left"
    );

    // A file under the part size goes up in one PUT and reads back the same.
    let small = dir.path().join("small.json");
    std::fs::write(&small, b"{\"rows\": 3}").unwrap();
    assert_eq!(store.upload_from(&small, "manifest.json").unwrap(), 11);
    assert_eq!(
        store.get("manifest.json").unwrap().unwrap(),
        b"{\"rows\": 3}"
    );
    let (_, headers) = moto.head("big", "warc/manifest.json");
    assert!(
        !headers
            .lines()
            .any(|l| l.starts_with("etag:") && l.contains('-')),
        "{headers}"
    );
}

#[test]
fn a_missing_object_is_not_found_not_a_network_error() {
    let Some(moto) = moto("a_missing_object_is_not_found_not_a_network_error") else {
        return;
    };
    moto.create_bucket("sparse");
    let store = Store::open_with("s3://sparse/run", &moto.options()).unwrap();
    assert_eq!(store.get("_shards/0.json").unwrap(), None);

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("gone.warc");
    let err = store.download_to("gone.warc", &dest).unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(
        err.to_string().contains("s3://sparse/run/gone.warc"),
        "{err}"
    );
    assert!(names_in(dir.path()).is_empty(), "no file, no temporary");

    // Written, read, deleted, gone; deleting again is fine.
    store.put("_shards/0.json", b"{}").unwrap();
    assert_eq!(store.get("_shards/0.json").unwrap().unwrap(), b"{}");
    store.delete("_shards/0.json").unwrap();
    assert_eq!(store.get("_shards/0.json").unwrap(), None);
    store.delete("_shards/0.json").unwrap();

    // A single-object URL that names nothing lists nothing.
    let none = Store::open_with("s3://sparse/run/nothing.warc", &moto.options()).unwrap();
    assert_eq!(none.list().unwrap(), vec![]);
}

#[test]
fn a_missing_bucket_is_a_clear_error_naming_it() {
    let Some(moto) = moto("a_missing_bucket_is_a_clear_error_naming_it") else {
        return;
    };
    let store = Store::open_with("s3://no-such-bucket/raw", &moto.options()).unwrap();
    let check = |err: StoreError| {
        assert!(
            matches!(&err, StoreError::BucketNotFound { bucket, .. } if bucket == "no-such-bucket"),
            "{err:?}"
        );
        assert!(err.to_string().contains("no-such-bucket"), "{err}");
    };
    check(store.list().unwrap_err());
    // Not "no such object": a get on a missing bucket must not read as an absent manifest.
    check(store.get("manifest.json").unwrap_err());
    check(store.put("x", b"1").unwrap_err());
    let dir = tempfile::tempdir().unwrap();
    check(
        store
            .download_to("a.warc", &dir.path().join("a"))
            .unwrap_err(),
    );
}

#[test]
fn a_server_that_is_down_gives_a_network_error_after_bounded_retries() {
    // Needs no moto: nothing listens on this port, so every connection is refused.
    let port = closed_port();
    let options = Options {
        max_retries: 3,
        retry_timeout: Duration::from_secs(10),
        initial_backoff: Duration::from_millis(50),
        ..Options::default()
            .with("aws_endpoint", format!("http://127.0.0.1:{port}"))
            .with("aws_access_key_id", "testing")
            .with("aws_secret_access_key", "testing")
            .with("aws_region", "us-east-1")
            .with("aws_allow_http", "true")
    };
    let store = Store::open_with("s3://down/raw", &options).unwrap();
    let started = Instant::now();
    let err = store.get("a.warc").unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "gave up only after {:?}",
        started.elapsed()
    );
    assert!(err.is_network(), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("s3://down/raw/a.warc"), "{text}");
    // object_store's part of the message counts the retries it made.
    assert!(text.contains("after 3 retries"), "{text}");

    let err = store.list().unwrap_err();
    assert!(err.is_network(), "{err:?}");
    let dir = tempfile::tempdir().unwrap();
    let err = store
        .download_to("a.warc", &dir.path().join("a.warc"))
        .unwrap_err();
    assert!(err.is_network(), "{err:?}");
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn a_plain_http_endpoint_without_allow_http_says_which_switch_to_set() {
    // Refused inside the client before any connection: no server needed.
    let options = Options::default()
        .with(
            "aws_endpoint",
            format!("http://127.0.0.1:{}", closed_port()),
        )
        .with("aws_access_key_id", "testing")
        .with("aws_secret_access_key", "testing")
        .with("aws_allow_http", "false");
    let store = Store::open_with("s3://local/raw", &options).unwrap();
    let err = store.list().unwrap_err();
    assert!(matches!(err, StoreError::Config { .. }), "{err:?}");
    assert!(err.to_string().contains("AWS_ALLOW_HTTP=true"), "{err}");
}

/// Run by `open_takes_the_endpoint_and_keys_from_the_environment` in a child process with
/// the environment set (changing this process's environment would race the other tests).
#[test]
#[ignore = "run as a child process by open_takes_the_endpoint_and_keys_from_the_environment"]
fn env_child() {
    let url = std::env::var("NEWSPRINT_STORE_TEST_URL").expect("run by the parent test");
    let store = Store::open(&url).unwrap();
    assert_eq!(
        store.list().unwrap(),
        vec![Entry {
            key: "a.txt".into(),
            size: 3
        }]
    );
}

#[test]
fn open_takes_the_endpoint_and_keys_from_the_environment() {
    let Some(moto) = moto("open_takes_the_endpoint_and_keys_from_the_environment") else {
        return;
    };
    moto.create_bucket("from-env");
    let store = Store::open_with("s3://from-env/in", &moto.options()).unwrap();
    store.put("a.txt", b"abc").unwrap();

    let output = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "env_child", "--ignored", "--test-threads=1"])
        .env("NEWSPRINT_STORE_TEST_URL", "s3://from-env/in")
        .env("AWS_ENDPOINT_URL", &moto.endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_ALLOW_HTTP", "true")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
