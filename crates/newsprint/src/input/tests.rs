use super::*;

#[test]
fn latin1_pound_sign_is_detected() {
    let bytes = b"Caf\xe9 owner fined \xa32,500 over outdoor seating\n\nThe owner of a caf\xe9 in the old town said on Monday that the \xa32,500 fine for tables on the pavement was unfair, and that she would appeal against the decision of the council.";
    let d = decode(bytes, None).unwrap();
    assert!(d.text.contains("£2,500"), "{}", d.text);
    assert_ne!(d.charset_used, "utf-8");
}

#[test]
fn declared_legacy_charset_on_utf8_bytes_decodes_as_utf8() {
    let d = decode("Zürich crème brûlée".as_bytes(), Some("windows-1252")).unwrap();
    assert_eq!(d.text, "Zürich crème brûlée");
    assert_eq!(d.charset_used, "utf-8");
    assert_eq!(d.charset_declared.as_deref(), Some("windows-1252"));
}

#[test]
fn utf8_double_encoded_via_a_legacy_charset_is_repaired() {
    let original = "Zürich: the café’s crème brûlée — ₹40, सीएम नीतीश";
    for encoding in [encoding_rs::WINDOWS_1252, encoding_rs::MACINTOSH] {
        let (garbled, _, _) = encoding.decode(original.as_bytes());
        assert_ne!(garbled, original);
        let d = decode(garbled.as_bytes(), Some("utf-8")).unwrap();
        assert_eq!(d.text, original, "{}", encoding.name());
        assert!(d.charset_used.contains("repaired"), "{}", d.charset_used);
    }
    // Text that only looks odd stays as it is: "Ã" and "©" apart, curly quotes, CJK.
    for text in [
        "Ã la carte © 2024",
        "the café’s “menu”",
        "東京の天気 ‡ note",
        "Paris–Évian rally",
    ] {
        let d = decode(text.as_bytes(), None).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.charset_used, "utf-8");
    }
}

#[test]
fn declared_utf8_page_with_a_few_invalid_bytes_stays_utf8() {
    let mut bytes = "<title>Zürich’s café owners — “we will appeal”</title>\n"
        .as_bytes()
        .to_vec();
    bytes.extend(b"<p>Fined \xa32,500, the owners of the caf\xe9 said: ");
    bytes.extend("la crème brûlée reste, Ärger über Gebühren.</p>".as_bytes());
    let d = decode(&bytes, Some("utf-8")).unwrap();
    assert!(
        d.text.contains("Zürich’s café owners — “we will appeal”"),
        "{}",
        d.text
    );
    assert!(d.text.contains("Ärger über Gebühren"), "{}", d.text);
    assert!(d.text.contains("Fined \u{fffd}2,500"), "{}", d.text);
    assert_eq!(d.charset_used, "utf-8 (invalid bytes replaced)");
    // A lying declaration on a legacy page (no valid UTF-8 beyond ASCII) is still read
    // in the charset the bytes are in.
    let d = decode(
        b"Caf\xe9 owner fined \xa32,500 after the caf\xe9 lost its appeal",
        Some("utf-8"),
    )
    .unwrap();
    assert!(d.text.contains("Café owner fined £2,500"), "{}", d.text);
}

#[test]
fn declared_charset_is_used_for_legacy_bytes() {
    let d = decode(b"Z\xfcrich", Some("windows-1252")).unwrap();
    assert_eq!(d.text, "Zürich");
    assert_eq!(d.charset_used, "windows-1252");
}

#[test]
fn binary_and_empty_are_refused() {
    assert_eq!(
        decode(b"\x89PNG\r\n\x1a\n\0\0\0IHDR", None)
            .unwrap_err()
            .reason,
        RejectReason::Binary
    );
    assert_eq!(
        decode(b"  \n\t\n", None).unwrap_err().reason,
        RejectReason::Empty
    );
    assert_eq!(decode(b"", None).unwrap_err().reason, RejectReason::Empty);
}

#[test]
fn truncated_gzip_is_a_refusal() {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let page = b"<html><body><p>hello</p></body></html>".repeat(50);
    enc.write_all(&page).unwrap();
    let gz = enc.finish().unwrap();
    assert_eq!(gunzip(&gz, 1 << 20).unwrap(), page);
    assert_eq!(
        gunzip(&gz[..gz.len() / 2], 1 << 20).unwrap_err().reason,
        RejectReason::CorruptCompression
    );
    assert_eq!(gunzip(&gz, 100).unwrap_err().reason, RejectReason::TooLarge);
}

#[test]
fn inputs_inside_a_hidden_folder_are_not_excluded() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join(".cache").join("raw");
    std::fs::create_dir_all(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/a.txt"), "x").unwrap();
    std::fs::write(root.join("README.md"), "x").unwrap();
    std::fs::write(root.join(".hidden.txt"), "x").unwrap();
    let excludes = ["**/README*".to_owned(), "**/.*".to_owned()];
    let (files, excluded) = discover(&[root], &excludes).unwrap();
    assert_eq!(
        files.iter().map(|f| f.rel.as_str()).collect::<Vec<_>>(),
        ["sub/a.txt"]
    );
    assert_eq!(excluded, 2);
}

#[test]
fn zstd_is_read_by_its_magic_and_capped() {
    let page = b"<html><body><p>hello zstd</p></body></html>".repeat(20);
    let packed = zstd::encode_all(&page[..], 3).unwrap();
    assert_eq!(unzstd(&packed, 1 << 20).unwrap(), page);
    assert_eq!(
        unzstd(&packed, 100).unwrap_err().reason,
        RejectReason::TooLarge
    );
    assert_eq!(
        unzstd(&packed[..packed.len() / 2], 1 << 20)
            .unwrap_err()
            .reason,
        RejectReason::CorruptCompression
    );
    assert_file_reads_as("page.html.zst", &packed, &page);
}

/// A file holding `stored` reads as `plain`, whole and streamed.
fn assert_file_reads_as(name: &str, stored: &[u8], plain: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(name);
    std::fs::write(&path, stored).unwrap();
    assert_eq!(read_bytes(&path, 1 << 20, 1 << 20).unwrap(), plain);
    let mut streamed = Vec::new();
    open_stream(&path, false)
        .unwrap()
        .read_to_end(&mut streamed)
        .unwrap();
    assert_eq!(streamed, plain);
}

#[test]
fn bzip2_is_read_by_its_magic_capped_and_concatenated_streams_join() {
    use bzip2::{Compression, write::BzEncoder};
    use std::io::Write;
    let page = b"<html><body><p>hello bzip2</p></body></html>".repeat(20);
    let pack = |data: &[u8]| {
        let mut enc = BzEncoder::new(Vec::new(), Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    };
    let packed = pack(&page);
    assert!(is_bzip2(&packed));
    assert_eq!(bunzip2(&packed, 1 << 20).unwrap(), page);
    assert_eq!(
        bunzip2(&packed, 100).unwrap_err().reason,
        RejectReason::TooLarge
    );
    assert_eq!(
        bunzip2(&packed[..packed.len() / 2], 1 << 20)
            .unwrap_err()
            .reason,
        RejectReason::CorruptCompression
    );
    // pbzip2 writes one stream per block: all of them are the file.
    let mut two = pack(&page[..100]);
    two.extend(pack(&page[100..]));
    assert_file_reads_as("page.html.bz2", &two, &page);
    // Text that merely starts with "BZh" is not compressed.
    assert!(!is_bzip2(b"BZh is not a word"));
}

#[test]
fn utf16_and_utf32_without_bom_are_text_not_binary() {
    let page = "<html><body><p>Zürich 𝄞 harbour news</p></body></html>";
    let le16: Vec<u8> = page.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be16: Vec<u8> = page.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let le32: Vec<u8> = page
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    let be32: Vec<u8> = page
        .chars()
        .flat_map(|c| (c as u32).to_be_bytes())
        .collect();
    for (bytes, name) in [
        (le16, "utf-16le"),
        (be16, "utf-16be"),
        (le32, "utf-32le"),
        (be32, "utf-32be"),
    ] {
        let (utf8, used) = transcode_wide(bytes);
        assert_eq!(used, Some(name));
        assert_eq!(String::from_utf8(utf8).unwrap(), page);
    }
    let (same, used) = transcode_wide(page.as_bytes().to_vec());
    assert_eq!((same.as_slice(), used), (page.as_bytes(), None));
    assert_eq!(
        transcode_wide(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec()).1,
        None
    );
}

#[test]
fn glob_root_stops_at_first_pattern() {
    assert_eq!(glob_root(Path::new("raw/**/*.txt")), PathBuf::from("raw"));
    assert_eq!(glob_root(Path::new("*.html")), PathBuf::from("."));
}
