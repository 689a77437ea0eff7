//! Finding input files and turning their bytes into text: size caps, decompression by
//! content, and charset detection.

use std::io::Read;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::error::{Error, Result};
use crate::vocab::RejectReason;

/// One file to parse, with the path users see in `source_file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The input's identity: unique within a run, lossless for any file name.
    pub rel: String,
    pub path: PathBuf,
    /// Why the entry cannot be read, found while listing (a FIFO, a symbolic link loop):
    /// it becomes a reject without being opened.
    pub unreadable: Option<Refusal>,
}

impl InputFile {
    pub fn new(rel: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        InputFile {
            rel: rel.into(),
            path: path.into(),
            unreadable: None,
        }
    }
}

/// The literal folder a glob starts from: `raw/**/*.txt` → `raw`.
pub fn glob_root(pattern: &Path) -> PathBuf {
    let mut root = PathBuf::new();
    for part in pattern.components() {
        if part
            .as_os_str()
            .to_string_lossy()
            .contains(['*', '?', '[', '{'])
        {
            break;
        }
        root.push(part);
    }
    if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    }
}

pub fn build_set(globs: &[String]) -> Result<GlobSet> {
    let mut builder = GlobSetBuilder::new();
    for g in globs {
        builder.add(Glob::new(g).map_err(|e| Error::Config(format!("exclude glob {g}: {e}")))?);
    }
    builder
        .build()
        .map_err(|e| Error::Config(format!("exclude globs: {e}")))
}

/// A path as text that keeps every byte: valid UTF-8 as it is, any other byte as `\xNN`, so
/// two names that differ only in undecodable bytes stay two names.
pub fn path_text(path: &Path) -> String {
    use std::path::Component;
    let mut parts: Vec<String> = Vec::new();
    let mut absolute = false;
    for c in path.components() {
        match c {
            Component::RootDir => absolute = true,
            Component::CurDir | Component::Prefix(_) => {}
            Component::ParentDir => parts.push("..".to_owned()),
            Component::Normal(name) => parts.push(os_text(name)),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

fn os_text(name: &std::ffi::OsStr) -> String {
    if let Some(s) = name.to_str() {
        return s.to_owned();
    }
    let bytes = name.as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Lists the input files in a stable order. Returns them and the number excluded.
///
/// With one input, a file's identity is its path below that input (a file given alone: its
/// name); with several, it is the path as the input was written, so `a/story.txt` and
/// `b/story.txt` stay apart. Symbolic links are followed (a loop is an unreadable entry);
/// FIFOs, sockets and devices are listed as unreadable so that they end as rejects, never
/// opened. The same file reached twice by the same path is listed once.
pub fn discover(inputs: &[PathBuf], exclude: &[String]) -> Result<(Vec<InputFile>, usize)> {
    let exclude = build_set(exclude)?;
    let mut files = Vec::new();
    let mut excluded = 0;
    let several = inputs.len() > 1;
    for input in inputs {
        let text = input.to_string_lossy();
        let (root, only) = if text.contains(['*', '?', '[', '{']) {
            let glob = Glob::new(&text)
                .map_err(|e| Error::Config(format!("input glob {text}: {e}")))?
                .compile_matcher();
            (glob_root(input), Some(glob))
        } else {
            (input.clone(), None)
        };
        let prefix = if several {
            let root_text = path_text(&root);
            if root_text.is_empty() {
                String::new()
            } else {
                format!("{}/", root_text.trim_end_matches('/'))
            }
        } else {
            String::new()
        };
        match std::fs::metadata(&root) {
            Ok(meta) if meta.is_dir() => {}
            found => {
                let rel = if several {
                    path_text(&root)
                } else {
                    root.file_name()
                        .map(os_text)
                        .unwrap_or_else(|| path_text(&root))
                };
                let mut file = InputFile::new(rel, root.clone());
                file.unreadable = match found {
                    Ok(meta) => not_a_file(&meta.file_type()),
                    Err(e) => Some(Refusal::new(RejectReason::Unreadable, io_message(&e))),
                };
                files.push(file);
                continue;
            }
        }
        for entry in walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
        {
            let (path, unreadable) = match &entry {
                Ok(entry) if entry.file_type().is_dir() => continue,
                Ok(entry) => (entry.path().to_path_buf(), not_a_file(&entry.file_type())),
                Err(e) => {
                    let Some(path) = e.path() else { continue };
                    let refusal = match e.loop_ancestor() {
                        Some(ancestor) => Refusal::new(
                            RejectReason::SymlinkLoop,
                            format!("a symbolic link that loops back to {}", ancestor.display()),
                        ),
                        None => Refusal::new(
                            RejectReason::Unreadable,
                            e.io_error().map_or_else(|| e.to_string(), io_message),
                        ),
                    };
                    (path.to_path_buf(), Some(refusal))
                }
            };
            if let Some(glob) = &only
                && !glob.is_match(&path)
            {
                continue;
            }
            let rel_path = path.strip_prefix(&root).unwrap_or(&path);
            if exclude.is_match(rel_path) {
                excluded += 1;
                continue;
            }
            let mut file = InputFile::new(format!("{prefix}{}", path_text(rel_path)), path);
            file.unreadable = unreadable;
            files.push(file);
        }
    }
    files.sort_by(|a, b| (&a.rel, &a.path).cmp(&(&b.rel, &b.path)));
    files.dedup_by(|a, b| a.rel == b.rel && a.path == b.path);
    disambiguate(&mut files);
    Ok((files, excluded))
}

/// Distinct files that still share an identity (overlapping inputs written two ways, a
/// name that is valid UTF-8 and also the escape of another) get ` (2)`, ` (3)`… in path order.
fn disambiguate(files: &mut [InputFile]) {
    let mut taken: std::collections::HashSet<String> =
        files.iter().map(|f| f.rel.clone()).collect();
    for i in 1..files.len() {
        if files[i].rel != files[i - 1].rel {
            continue;
        }
        let base = files[i].rel.clone();
        let mut n = 2;
        while taken.contains(&format!("{base} ({n})")) {
            n += 1;
        }
        let rel = format!("{base} ({n})");
        taken.insert(rel.clone());
        files[i].rel = rel;
    }
}

/// A refusal for anything that is not a regular file (a FIFO would block the reader).
fn not_a_file(kind: &std::fs::FileType) -> Option<Refusal> {
    if kind.is_file() {
        return None;
    }
    #[cfg(unix)]
    let what = {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            "a FIFO (named pipe)"
        } else if kind.is_socket() {
            "a socket"
        } else if kind.is_block_device() || kind.is_char_device() {
            "a device"
        } else {
            "not a regular file"
        }
    };
    #[cfg(not(unix))]
    let what = "not a regular file";
    Some(Refusal::new(
        RejectReason::NotAFile,
        format!("{what}: only regular files are read"),
    ))
}

/// An OS error without the "(os error N)" suffix users do not need.
pub fn io_message(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// Opens a file for reading without ever blocking: a FIFO swapped in after listing is
/// refused, not waited on.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    Ok(file)
}

/// Why an input could not become text: `reason` goes to the `rejects` table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: RejectReason,
    pub message: String,
}

impl Refusal {
    pub fn new(reason: RejectReason, message: impl Into<String>) -> Self {
        Refusal {
            reason,
            message: message.into(),
        }
    }
}

/// Reads a file, refusing it when it is too large, and unpacks gzip, zstd and bzip2 found
/// by their magic bytes.
pub fn read_bytes(path: &Path, max_file: u64, max_decompressed: u64) -> Result<Vec<u8>, Refusal> {
    let unreadable = |e: std::io::Error| Refusal::new(RejectReason::Unreadable, io_message(&e));
    let mut file = open_regular(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.len() > max_file {
        return Err(Refusal::new(
            RejectReason::TooLarge,
            format!("{} bytes, over the limit of {max_file}", meta.len()),
        ));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.read_to_end(&mut bytes).map_err(unreadable)?;
    unpack(bytes, max_decompressed)
}

/// `read_bytes` of a file of at most `at_most` bytes on disk; `None` when it is larger or
/// cannot be read whole (the caller takes its usual path, which reports why).
pub fn read_small(path: &Path, at_most: u64, max_decompressed: u64) -> Option<Vec<u8>> {
    let mut file = open_regular(path).ok()?;
    let len = file.metadata().ok()?.len();
    if len > at_most {
        return None;
    }
    let mut bytes = Vec::with_capacity(len as usize);
    file.read_to_end(&mut bytes).ok()?;
    unpack(bytes, max_decompressed).ok()
}

/// The bytes of a file as read, gzip, zstd and bzip2 unpacked (found by their magic bytes).
fn unpack(bytes: Vec<u8>, max_decompressed: u64) -> Result<Vec<u8>, Refusal> {
    if bytes.starts_with(&GZIP_MAGIC) {
        return gunzip(&bytes, max_decompressed);
    }
    if bytes.starts_with(&ZSTD_MAGIC) {
        return unzstd(&bytes, max_decompressed);
    }
    if is_bzip2(&bytes) {
        return bunzip2(&bytes, max_decompressed);
    }
    Ok(bytes)
}

/// `BZh` and a block size digit: the start of every bzip2 stream.
pub fn is_bzip2(head: &[u8]) -> bool {
    head.len() >= 4 && head.starts_with(b"BZh") && (b'1'..=b'9').contains(&head[3])
}

/// Several concatenated streams (as pbzip2 writes them) read as one.
fn bunzip2(bytes: &[u8], max: u64) -> Result<Vec<u8>, Refusal> {
    capped_read(bzip2::read::MultiBzDecoder::new(bytes), max, "bzip2")
}

pub const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
pub const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

fn unzstd(bytes: &[u8], max: u64) -> Result<Vec<u8>, Refusal> {
    let decoder = zstd::stream::read::Decoder::new(bytes).map_err(|e| {
        Refusal::new(
            RejectReason::CorruptCompression,
            format!("zstd stream: {e}"),
        )
    })?;
    capped_read(decoder, max, "zstd")
}

/// Reads a decompressing stream up to `max` bytes: one byte more tells a file at the cap
/// from one over it.
fn capped_read(decoder: impl Read, max: u64, what: &str) -> Result<Vec<u8>, Refusal> {
    let mut out = Vec::new();
    match decoder.take(max + 1).read_to_end(&mut out) {
        Ok(_) if out.len() as u64 > max => Err(Refusal::new(
            RejectReason::TooLarge,
            format!("decompresses to more than {max} bytes"),
        )),
        Ok(_) => Ok(out),
        Err(e) => Err(Refusal::new(
            RejectReason::CorruptCompression,
            format!("{what} stream is damaged or truncated: {e}"),
        )),
    }
}

/// Opens a file for streaming, undoing zstd, bzip2 and (unless `keep_gzip`) gzip compression found
/// by their magic bytes. The WARC reader keeps gzip to itself: it needs the member offsets.
pub fn open_stream(
    path: &Path,
    keep_gzip: bool,
) -> std::io::Result<Box<dyn std::io::BufRead + Send>> {
    use std::io::BufRead;
    let mut file = std::io::BufReader::new(open_regular(path)?);
    let head = file.fill_buf()?;
    if head.starts_with(&ZSTD_MAGIC) {
        let decoder = zstd::stream::read::Decoder::with_buffer(file)?;
        return Ok(Box::new(std::io::BufReader::new(decoder)));
    }
    if is_bzip2(head) {
        let decoder = bzip2::bufread::MultiBzDecoder::new(file);
        return Ok(Box::new(std::io::BufReader::new(decoder)));
    }
    if !keep_gzip && head.starts_with(&GZIP_MAGIC) {
        return Ok(Box::new(std::io::BufReader::new(
            flate2::bufread::MultiGzDecoder::new(file),
        )));
    }
    Ok(Box::new(file))
}

fn gunzip(bytes: &[u8], max: u64) -> Result<Vec<u8>, Refusal> {
    if let Some(whole) = gzip_whole::single_member(bytes, max) {
        return Ok(whole);
    }
    capped_read(flate2::read::MultiGzDecoder::new(bytes), max, "gzip")
}

/// UTF-16 and UTF-32 text (with or without a byte-order mark) re-encoded as UTF-8, so that
/// format sniffing and the rest of decoding see ordinary text. Returns the bytes unchanged
/// and `None` for anything else. Without a BOM the width and order are told by where the
/// zero bytes fall in the first kilobyte of mostly-ASCII markup.
pub fn transcode_wide(bytes: Vec<u8>) -> (Vec<u8>, Option<&'static str>) {
    let (kind, skip) = match bytes.as_slice() {
        [0xff, 0xfe, 0, 0, ..] => (Wide::Utf32Le, 4),
        [0, 0, 0xfe, 0xff, ..] => (Wide::Utf32Be, 4),
        [0xff, 0xfe, ..] => (Wide::Utf16Le, 2),
        [0xfe, 0xff, ..] => (Wide::Utf16Be, 2),
        _ => match guess_wide(&bytes) {
            Some(kind) => (kind, 0),
            None => return (bytes, None),
        },
    };
    let body = &bytes[skip..];
    let text: String = match kind {
        Wide::Utf16Le | Wide::Utf16Be => {
            let units = body.chunks_exact(2).map(|c| match kind {
                Wide::Utf16Le => u16::from_le_bytes([c[0], c[1]]),
                _ => u16::from_be_bytes([c[0], c[1]]),
            });
            char::decode_utf16(units)
                .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        Wide::Utf32Le | Wide::Utf32Be => body
            .chunks_exact(4)
            .map(|c| {
                let unit = match kind {
                    Wide::Utf32Le => u32::from_le_bytes([c[0], c[1], c[2], c[3]]),
                    _ => u32::from_be_bytes([c[0], c[1], c[2], c[3]]),
                };
                char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect(),
    };
    (text.into_bytes(), Some(kind.name()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wide {
    Utf16Le,
    Utf16Be,
    Utf32Le,
    Utf32Be,
}

impl Wide {
    fn name(self) -> &'static str {
        match self {
            Wide::Utf16Le => "utf-16le",
            Wide::Utf16Be => "utf-16be",
            Wide::Utf32Le => "utf-32le",
            Wide::Utf32Be => "utf-32be",
        }
    }
}

/// Zeros at one position of every 2 or 4 bytes, the other bytes ASCII-ish: wide text.
fn guess_wide(bytes: &[u8]) -> Option<Wide> {
    let head = &bytes[..bytes.len().min(1024)];
    if head.len() < 16 {
        return None;
    }
    let zero_share = |step: usize, at: usize| {
        let slots: Vec<u8> = head.iter().skip(at).step_by(step).copied().collect();
        slots.iter().filter(|&&b| b == 0).count() as f64 / slots.len().max(1) as f64
    };
    let (z0, z1, z2, z3) = (
        zero_share(4, 0),
        zero_share(4, 1),
        zero_share(4, 2),
        zero_share(4, 3),
    );
    if z1 > 0.9 && z2 > 0.9 && z3 > 0.9 && z0 < 0.5 {
        return Some(Wide::Utf32Le);
    }
    if z0 > 0.9 && z1 > 0.9 && z2 > 0.9 && z3 < 0.5 {
        return Some(Wide::Utf32Be);
    }
    let (even, odd) = (zero_share(2, 0), zero_share(2, 1));
    if odd > 0.7 && even < 0.3 {
        return Some(Wide::Utf16Le);
    }
    if even > 0.7 && odd < 0.3 {
        return Some(Wide::Utf16Be);
    }
    None
}

/// Text decoded from bytes, with what the source claimed and what was used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The bytes themselves when they are UTF-8 as they stand (a page is not copied).
    pub text: std::borrow::Cow<'a, str>,
    pub charset_declared: Option<String>,
    pub charset_used: String,
}

/// Decodes bytes: BOM, then a declared charset (checked against the bytes), then UTF-8
/// validity, then a statistical detector.
pub fn decode<'a>(bytes: &'a [u8], declared: Option<&str>) -> Result<Decoded<'a>, Refusal> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Refusal::new(
            RejectReason::Empty,
            "the file is empty or only whitespace",
        ));
    }
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return finish(text, declared, encoding.name());
    }
    if looks_binary(bytes) {
        return Err(Refusal::new(
            RejectReason::Binary,
            "the file holds binary data (NUL or control bytes), not text",
        ));
    }
    let declared_encoding =
        declared.and_then(|d| encoding_rs::Encoding::for_label(d.trim().as_bytes()));
    let utf8 = std::str::from_utf8(bytes).ok();
    let encoding = match (declared_encoding, utf8) {
        // Valid UTF-8 with non-ASCII bytes is almost never a legacy charset: a page that
        // declares windows-1252 and is UTF-8 decodes as UTF-8.
        (_, Some(text)) => {
            return match undo_double_encoding(text) {
                Some((repaired, via)) => finish(repaired.into(), declared, via),
                None => finish(text.into(), declared, "UTF-8"),
            };
        }
        (Some(enc), None) if enc != encoding_rs::UTF_8 => enc,
        // Declared UTF-8 and UTF-8 in bulk, but for a few bad bytes (a truncated paste, one
        // legacy character): only those bytes are replaced; decoding the whole page in a
        // legacy charset would garble every other non-ASCII character.
        (Some(_), None) if mostly_utf8(bytes) => {
            return finish(
                String::from_utf8_lossy(bytes),
                declared,
                "utf-8 (invalid bytes replaced)",
            );
        }
        _ => {
            let mut detector =
                chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(bytes, true);
            detector.guess(None, chardetng::Utf8Detection::Allow)
        }
    };
    let (text, _, _) = encoding.decode(bytes);
    finish(text, declared, encoding.name())
}

/// Valid multi-byte UTF-8 characters outnumber invalid sequences by at least 3 to 1: legacy
/// text is almost never valid UTF-8 beyond ASCII, so even a few valid ones say UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    multibyte >= 3 * invalid.max(1)
}

/// Characters a double-encoding repair must restore before it is believed.
const MIN_REPAIRED_CHARS: usize = 4;

/// UTF-8 text that was once read as windows-1252 or Mac Roman and written back as UTF-8
/// ("‡§∏‡•Ä" for "सी", "Ã©" for "é"): the text as it was, when every character maps back
/// to one byte of that charset and those bytes are UTF-8. Legitimate text passes that test
/// only by accident of a few characters, so the whole text must pass, not a sample.
/// (Written here: no maintained crate repairs mojibake; this is ftfy's strict case only.)
fn undo_double_encoding(text: &str) -> Option<(String, &'static str)> {
    let first = text.find(|c: char| !c.is_ascii())?;
    [
        (
            encoding_rs::WINDOWS_1252,
            "utf-8 (repaired: double-encoded via windows-1252)",
        ),
        (
            encoding_rs::MACINTOSH,
            "utf-8 (repaired: double-encoded via macintosh)",
        ),
    ]
    .into_iter()
    .find_map(|(encoding, label)| {
        // A cheap look at the first non-ASCII run before encoding the whole text.
        let sample: String = text[first..].chars().take(256).collect();
        let (bytes, _, unmappable) = encoding.encode(&sample);
        let sample_is_utf8 = match std::str::from_utf8(&bytes) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        };
        if unmappable || !sample_is_utf8 {
            return None;
        }
        let (bytes, _, unmappable) = encoding.encode(text);
        if unmappable || bytes.as_ref() == text.as_bytes() {
            return None;
        }
        // A few accented characters can pair up into UTF-8 by chance ("Paris–Évian" reads
        // as "ParisЃvian" through Mac Roman); a double-encoded text has many such pairs.
        String::from_utf8(bytes.into_owned())
            .ok()
            .filter(|repaired| {
                repaired.chars().filter(|c| !c.is_ascii()).count() >= MIN_REPAIRED_CHARS
            })
            .map(|repaired| (repaired, label))
    })
}

fn finish<'a>(
    text: std::borrow::Cow<'a, str>,
    declared: Option<&str>,
    used: &str,
) -> Result<Decoded<'a>, Refusal> {
    if text.trim().is_empty() {
        return Err(Refusal::new(
            RejectReason::Empty,
            "the file is empty or only whitespace",
        ));
    }
    Ok(Decoded {
        text,
        charset_declared: declared.map(|d| d.trim().to_ascii_lowercase()),
        charset_used: used.to_ascii_lowercase(),
    })
}

/// NUL bytes, or many control bytes, in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    controls * 20 > head.len()
}

pub(crate) mod gzip_whole;

#[cfg(test)]
mod tests;
