//! Real servers for the store tests: moto's S3 server and Python's `http.server`, started on
//! localhost by the tests themselves. No mocked client: the store talks HTTP to a process.
//!
//! moto is found through `NEWSPRINT_MOTO_SERVER` (the path of a `moto_server` script) or
//! `dist/.venv/bin/moto_server` under the workspace root (where the project's setup installs
//! it). When neither exists the tests that need it print why and pass without checking, so
//! `cargo test` works on a bare clone; a moto that exists but fails to start is a failure.

#![allow(dead_code)] // each test file uses a different part of this module

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use newsprint_store::Options;

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The `moto_server` script to use, if any.
fn moto_server_script() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NEWSPRINT_MOTO_SERVER") {
        let path = PathBuf::from(path);
        assert!(
            path.exists(),
            "NEWSPRINT_MOTO_SERVER names {}, which does not exist",
            path.display()
        );
        return Some(path);
    }
    let default = workspace_root().join("dist/.venv/bin/moto_server");
    default.exists().then_some(default)
}

/// The Python that has moto: the interpreter on the script's `#!` line (a venv's), or the
/// `python3` beside it.
fn moto_python(script: &Path) -> PathBuf {
    let first_line = std::fs::read(script)
        .ok()
        .and_then(|bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            text.lines().next().map(str::to_string)
        })
        .unwrap_or_default();
    match first_line.strip_prefix("#!") {
        Some(interp) if !interp.contains(' ') && Path::new(interp.trim()).exists() => {
            PathBuf::from(interp.trim())
        }
        _ => script.with_file_name("python3"),
    }
}

/// One moto server for the whole test binary; each test uses buckets of its own.
pub struct Moto {
    pub endpoint: String,
    pub port: u16,
    /// Kept open for the life of the process: the server stops when it reads end-of-file,
    /// which the system gives it when this process ends, however it ends. No server is
    /// left behind by a test run, even a killed one.
    _stdin: Mutex<ChildStdin>,
    _child: Mutex<Child>,
}

/// The shared moto server, or `None` (after printing why) when moto is not installed.
pub fn moto(test: &str) -> Option<&'static Moto> {
    static MOTO: OnceLock<Option<Moto>> = OnceLock::new();
    let moto = MOTO.get_or_init(|| moto_server_script().map(|script| start_moto(&script)));
    if moto.is_none() {
        println!(
            "skipped {test}: no moto server (set NEWSPRINT_MOTO_SERVER to a moto_server script, \
             or install moto[server] into dist/.venv)"
        );
    }
    moto.as_ref()
}

const MOTO_SCRIPT: &str = r#"
import sys
from moto.server import ThreadedMotoServer
server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
server.start()
print(server.get_host_and_port()[1], flush=True)
sys.stdin.read()
server.stop()
"#;

fn start_moto(script: &Path) -> Moto {
    let python = moto_python(script);
    let mut child = Command::new(&python)
        .args(["-c", MOTO_SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start moto with {}: {e}", python.display()));
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port: u16 = line
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("moto did not start ({}): {line:?}", python.display()));
    let stdin = child.stdin.take().unwrap();
    Moto {
        endpoint: format!("http://127.0.0.1:{port}"),
        port,
        _stdin: Mutex::new(stdin),
        _child: Mutex::new(child),
    }
}

impl Moto {
    /// Store options that point at this server: path-style requests to a plain-HTTP
    /// endpoint, the fake keys moto accepts, a region (S3 signing needs one).
    pub fn options(&self) -> Options {
        Options::default()
            .with("aws_endpoint", &self.endpoint)
            .with("aws_access_key_id", "testing")
            .with("aws_secret_access_key", "testing")
            .with("aws_region", "us-east-1")
            .with("aws_allow_http", "true")
    }

    /// Creates a bucket with a plain S3 `PUT /bucket` (object_store cannot create buckets).
    pub fn create_bucket(&self, name: &str) {
        let (status, _) = raw_request(self.port, "PUT", &format!("/{name}"));
        assert_eq!(status, 200, "creating bucket {name}");
    }

    /// The headers moto gives for an object, lower-cased names.
    pub fn head(&self, bucket: &str, key: &str) -> (u16, String) {
        raw_request(self.port, "HEAD", &format!("/{bucket}/{key}"))
    }
}

/// One HTTP/1.1 request with no body; returns the status and the header block. moto does
/// not check signatures, so bucket creation and inspection need no S3 client.
pub fn raw_request(port: u16, method: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let head = text
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer to {method} {path}: {text:?}"));
    (status, head.to_ascii_lowercase())
}

/// A port on localhost that nothing listens on (bound, then released).
pub fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// `python3 -m http.server` serving a folder, stopped when dropped.
pub struct HttpServer {
    pub base: String,
    child: Child,
}

impl HttpServer {
    /// Starts one, or `None` (after printing why) when there is no `python3`.
    pub fn start(dir: &Path, test: &str) -> Option<HttpServer> {
        let port = closed_port();
        let child = Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1"])
            .arg(port.to_string())
            .arg("--directory")
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let Ok(child) = child else {
            println!("skipped {test}: no python3 to serve files over HTTP");
            return None;
        };
        let server = HttpServer {
            base: format!("http://127.0.0.1:{port}"),
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "http.server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(server)
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Bytes that do not repeat in any short period, so a misplaced chunk shows.
pub fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// The names in a folder, to check that no temporary file was left.
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
