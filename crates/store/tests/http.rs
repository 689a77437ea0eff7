//! http(s) inputs, read from a real `python3 -m http.server` on localhost.

mod common;

use newsprint_store::{Entry, Store, StoreError, is_url};

use common::{HttpServer, names_in, noise};

#[test]
fn an_http_file_lists_downloads_and_refuses_writes() {
    let served = tempfile::tempdir().unwrap();
    std::fs::create_dir(served.path().join("crawl")).unwrap();
    let bytes = noise(3 * 1024 * 1024 + 17, 3);
    std::fs::write(served.path().join("crawl/a.warc"), &bytes).unwrap();
    let Some(server) = HttpServer::start(
        served.path(),
        "an_http_file_lists_downloads_and_refuses_writes",
    ) else {
        return;
    };

    let url = format!("{}/crawl/a.warc", server.base);
    assert!(is_url(&url));
    let store = Store::open(&url).unwrap();
    assert_eq!(
        store.list().unwrap(),
        vec![Entry {
            key: "a.warc".into(),
            size: bytes.len() as u64
        }]
    );
    let out = tempfile::tempdir().unwrap();
    let dest = out.path().join("a.warc");
    assert_eq!(
        store.download_to("a.warc", &dest).unwrap(),
        bytes.len() as u64
    );
    assert!(std::fs::read(&dest).unwrap() == bytes, "bytes differ");
    assert_eq!(names_in(out.path()), vec!["a.warc"]);

    let err = store.put("a.warc", b"x").unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    let err = store.delete("a.warc").unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
}

#[test]
fn a_missing_http_file_is_not_found() {
    let served = tempfile::tempdir().unwrap();
    let Some(server) = HttpServer::start(served.path(), "a_missing_http_file_is_not_found") else {
        return;
    };
    let url = format!("{}/gone.html", server.base);
    let store = Store::open(&url).unwrap();
    let err = store.list().unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(err.to_string().contains(&url), "{err}");
    let out = tempfile::tempdir().unwrap();
    let err = store
        .download_to("gone.html", &out.path().join("gone.html"))
        .unwrap_err();
    assert!(err.is_not_found(), "{err:?}");
    assert!(names_in(out.path()).is_empty());
    assert_eq!(store.get("gone.html").unwrap(), None);
}
