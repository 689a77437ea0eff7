//! Gzip input read member by member, logging where each member starts so that records
//! can be given their member's offset in the compressed file.

use std::collections::VecDeque;
use std::io::{self, BufRead, Read};
use std::sync::{Arc, Mutex, PoisonError};

use super::GZIP_MAGIC;
use super::reader::ByteBuf;

/// Where gzip members start: (decompressed position, compressed offset), oldest first.
#[derive(Debug, Default)]
pub(super) struct MemberLog {
    pub(super) members: VecDeque<(u64, u64)>,
    /// The compressed offset of the member whose first record was reported.
    pub(super) claimed: Option<u64>,
}

enum GzState<R> {
    Between(ByteBuf<R>),
    Member(Box<flate2::bufread::GzDecoder<ByteBuf<R>>>, u64),
    /// A member decoded whole into `GzMembers::whole`, served from this position on.
    Whole(ByteBuf<R>, usize),
    Done,
}

/// Compressed bytes looked ahead for a member to decode whole: a member that ends within
/// them (a WARC record of a web page is tens of kilobytes) is decoded in one call by
/// libdeflate, about twice as fast as the streaming decoder; a longer, damaged or cut-off
/// one is left to the streaming decoder, which reads it as before and words what is wrong.
const WHOLE_MEMBER_INPUT: usize = 1 << 20;

/// The most a member decoded whole may give; a larger one is streamed.
const WHOLE_MEMBER_OUTPUT: usize = 32 << 20;

/// The output buffer's first size; it doubles when a member needs more, and is kept.
const FIRST_WHOLE_OUTPUT: usize = 64 << 10;

/// A member's decoded bytes, and what decodes it.
struct WholeMember {
    decompressor: crate::input::gzip_whole::Decompressor,
    /// Zeroed once and reused (its length is its capacity); `len` bytes of it are the
    /// member's.
    out: Vec<u8>,
    len: usize,
}

/// Decompresses gzip member after member, logging where each starts. A damaged member is
/// reported once as a read error (`UnexpectedEof` when no member follows it, so the caller
/// can call it truncation), then reading goes on at the next gzip header.
pub(super) struct GzMembers<R> {
    state: GzState<R>,
    /// `None` when libdeflate could not be set up: every member is streamed.
    whole: Option<WholeMember>,
    produced: u64,
    log: Arc<Mutex<MemberLog>>,
    /// After an error: false starts found while looking for the next member are not
    /// reported again until a member gives data.
    quiet: bool,
}

impl<R: Read> GzMembers<R> {
    pub(super) fn new(input: R, log: Arc<Mutex<MemberLog>>) -> Self {
        GzMembers {
            state: GzState::Between(ByteBuf::new(input)),
            whole: crate::input::gzip_whole::Decompressor::new().map(|decompressor| WholeMember {
                decompressor,
                out: Vec::new(),
                len: 0,
            }),
            produced: 0,
            log,
            quiet: false,
        }
    }

    /// Decodes the member at the start of `src` whole when it ends within the look-ahead
    /// and decodes cleanly: the compressed bytes it took. `None` leaves `src` as it was.
    fn decode_whole(&mut self, src: &mut ByteBuf<R>) -> Option<usize> {
        use crate::input::gzip_whole::MemberDecode;
        let whole = self.whole.as_mut()?;
        // A read error while looking ahead is returned by the next read, as the streaming
        // decoder would meet it.
        src.ensure_soft(WHOLE_MEMBER_INPUT);
        let input = src.avail();
        let input = &input[..input.len().min(WHOLE_MEMBER_INPUT)];
        if whole.out.is_empty() {
            whole.out = vec![0; FIRST_WHOLE_OUTPUT];
        }
        loop {
            match whole.decompressor.first_member(input, &mut whole.out) {
                MemberDecode::Whole { consumed, produced } => {
                    whole.len = produced;
                    return Some(consumed);
                }
                MemberDecode::OutputFull if whole.out.len() < WHOLE_MEMBER_OUTPUT => {
                    let grown = (2 * whole.out.len()).min(WHOLE_MEMBER_OUTPUT);
                    whole.out.resize(grown, 0);
                }
                MemberDecode::OutputFull | MemberDecode::Bad => return None,
            }
        }
    }

    fn damaged(&mut self, found_next: bool, message: String) -> Option<io::Error> {
        if self.quiet {
            return None;
        }
        self.quiet = true;
        let kind = if found_next {
            io::ErrorKind::InvalidData
        } else {
            io::ErrorKind::UnexpectedEof
        };
        Some(io::Error::new(kind, message))
    }
}

/// Moves to the next gzip header; `false` at the end of the input.
fn scan_gzip_magic<R: Read>(src: &mut ByteBuf<R>) -> io::Result<bool> {
    loop {
        if !src.ensure(GZIP_MAGIC.len())? {
            let n = src.avail().len();
            src.consume(n);
            return Ok(false);
        }
        let avail = src.avail();
        if avail.starts_with(&GZIP_MAGIC) {
            return Ok(true);
        }
        let skip = memchr::memchr(GZIP_MAGIC[0], &avail[1..]).map_or(avail.len(), |i| i + 1);
        src.consume(skip);
    }
}

impl<R: Read> Read for GzMembers<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            match std::mem::replace(&mut self.state, GzState::Done) {
                GzState::Done => return Ok(0),
                GzState::Between(mut src) => {
                    // Padding between members is passed over.
                    loop {
                        let avail = src.fill_buf()?;
                        if avail.is_empty() {
                            return Ok(0);
                        }
                        match avail
                            .iter()
                            .position(|b| *b != 0 && !b.is_ascii_whitespace())
                        {
                            Some(i) => {
                                src.consume(i);
                                break;
                            }
                            None => {
                                let n = avail.len();
                                src.consume(n);
                            }
                        }
                    }
                    if src.ensure(GZIP_MAGIC.len())? && src.avail().starts_with(&GZIP_MAGIC) {
                        let start = src.pos;
                        let mut log = self.log.lock().unwrap_or_else(PoisonError::into_inner);
                        log.members.push_back((self.produced, start));
                        drop(log);
                        if let Some(consumed) = self.decode_whole(&mut src) {
                            src.consume(consumed);
                            self.state = GzState::Whole(src, 0);
                            continue;
                        }
                        let decoder = flate2::bufread::GzDecoder::new(src);
                        self.state = GzState::Member(Box::new(decoder), start);
                        continue;
                    }
                    let at = src.pos;
                    let found = scan_gzip_magic(&mut src)?;
                    let skipped = src.pos - at;
                    if found {
                        self.state = GzState::Between(src);
                    }
                    if let Some(e) = self.damaged(
                        found,
                        format!("{skipped} bytes that are not gzip at compressed offset {at}"),
                    ) {
                        return Err(e);
                    }
                }
                GzState::Whole(src, at) => {
                    // (`Whole` is only entered with the buffer there.)
                    let rest = self.whole.as_ref().map_or(&[][..], |w| &w.out[at..w.len]);
                    if rest.is_empty() {
                        self.state = GzState::Between(src);
                        continue;
                    }
                    let n = rest.len().min(out.len());
                    out[..n].copy_from_slice(&rest[..n]);
                    self.produced += n as u64;
                    self.quiet = false;
                    self.state = GzState::Whole(src, at + n);
                    return Ok(n);
                }
                GzState::Member(mut decoder, start) => match decoder.read(out) {
                    Ok(0) => self.state = GzState::Between((*decoder).into_inner()),
                    Ok(n) => {
                        self.produced += n as u64;
                        self.quiet = false;
                        self.state = GzState::Member(decoder, start);
                        return Ok(n);
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {
                        self.state = GzState::Member(decoder, start);
                    }
                    Err(e) => {
                        let mut src = (*decoder).into_inner();
                        if src.pos == start {
                            src.consume(1);
                        }
                        let found = scan_gzip_magic(&mut src)?;
                        if found {
                            self.state = GzState::Between(src);
                        }
                        let what = if e.kind() == io::ErrorKind::UnexpectedEof {
                            "cut off"
                        } else {
                            "damaged"
                        };
                        if let Some(e) = self.damaged(
                            found,
                            format!("gzip member at compressed offset {start} is {what}: {e}"),
                        ) {
                            return Err(e);
                        }
                    }
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use crate::formats::warc::tests::{
        MAX, SAMPLE_KINDS, gzip, http, kinds, offsets, read, record, responses, sample,
    };

    /// A response record whose page body is `body`.
    fn page_record(uri: &str, body: &[u8]) -> Vec<u8> {
        record(
            "response",
            uri,
            &http("200 OK", &["Content-Type: text/html"], body, "\r\n"),
        )
    }

    #[test]
    fn members_past_the_look_ahead_or_the_first_buffer_read_alike() {
        // One member over the look-ahead (random letters: about 1.4 MiB compressed),
        // one that decodes to many times the first output buffer, and small ones around them.
        let mut noise = Vec::with_capacity(2_400_000);
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        while noise.len() < 2_400_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            noise.extend(x.to_le_bytes().iter().map(|b| b'a' + b % 26));
        }
        let repeated = b"<p>The ferry runs twice a day.</p>".repeat(60_000);
        let plain = [
            page_record("http://a.example/1", b"<p>First page.</p>"),
            page_record("http://a.example/noise", &noise),
            page_record("http://a.example/2", b"<p>Second page.</p>"),
            page_record("http://a.example/repeated", &repeated),
            page_record("http://a.example/3", b"<p>Third page.</p>"),
        ];
        let members: Vec<Vec<u8>> = plain.iter().map(|r| gzip(r)).collect();
        assert!(members[1].len() > super::WHOLE_MEMBER_INPUT);
        assert!(repeated.len() > 8 * super::FIRST_WHOLE_OUTPUT);
        let max = 8 << 20;
        let from_gzip = read(&members.concat(), max);
        let from_plain = read(&plain.concat(), max);
        let bodies =
            |items| -> Vec<Vec<u8>> { responses(items).iter().map(|r| r.body.clone()).collect() };
        assert_eq!(bodies(&from_gzip), bodies(&from_plain));
        assert_eq!(bodies(&from_gzip)[1].len(), noise.len());
        let mut at = 0;
        for (member, offset) in members.iter().zip(offsets(&from_gzip)) {
            assert_eq!(offset, at);
            at += member.len() as u64;
        }
    }

    #[test]
    fn gzip_per_record_reports_member_offsets() {
        let members: Vec<Vec<u8>> = sample().iter().map(|r| gzip(r)).collect();
        let file = members.concat();
        let items = read(&file, MAX);
        assert_eq!(kinds(&items), SAMPLE_KINDS);
        let mut at = 0;
        for (member, offset) in members.iter().zip(offsets(&items)) {
            assert_eq!(offset, at);
            let mut head = [0u8; 5];
            flate2::read::GzDecoder::new(&file[offset as usize..])
                .read_exact(&mut head)
                .unwrap();
            assert_eq!(&head, b"WARC/");
            at += member.len() as u64;
        }
    }

    #[test]
    fn whole_file_gzip_reports_decompressed_offsets() {
        let plain = sample().concat();
        let plain_items = read(&plain, MAX);
        let items = read(&gzip(&plain), MAX);
        assert_eq!(items, plain_items);
    }

    #[test]
    fn truncated_and_corrupt_gzip() {
        let members: Vec<Vec<u8>> = sample().iter().map(|r| gzip(r)).collect();
        let file = members.concat();
        let last = members.last().unwrap().len();
        let items = read(&file[..file.len() - last / 2], MAX);
        assert_eq!(kinds(&items)[..4], SAMPLE_KINDS[..4]);
        assert_eq!(kinds(&items)[4], "B truncated");
        assert_eq!(items.len(), 5);
        // Damage inside the second member: reported, and the next members are read.
        let mut damaged = file.clone();
        let second = members[0].len();
        for b in &mut damaged[second + 20..second + 60] {
            *b = !*b;
        }
        let items = read(&damaged, MAX);
        let k = kinds(&items);
        assert_eq!(k[0], SAMPLE_KINDS[0]);
        assert_eq!(k[1], "B corrupt_gzip");
        assert_eq!(k[2..], SAMPLE_KINDS[2..]);
        // Junk after the last member.
        let mut tail = file.clone();
        tail.extend_from_slice(b"not gzip at all");
        let k = kinds(&read(&tail, MAX));
        assert_eq!(k[..5], SAMPLE_KINDS);
        assert_eq!(k[5], "B truncated");
    }
}
