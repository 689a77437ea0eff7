//! Whole gzip files decoded in one call by libdeflate: it writes into one buffer of the final
//! size, read from the file's trailer, where flate2's streaming decoder (on its zlib-rs
//! backend, which polars turns on) regrows its buffer as it goes. The benchmark's 181 gzip
//! pages decode in 26 ms instead of 40 on one core; decompression was a tenth of the HTML
//! parse stage. Only the plain case is taken here: one
//! member that decodes whole, to the size the trailer gives, with its checksum right.
//! Anything else (several members, damage, truncation, a size over the cap) returns `None`
//! and goes to the streaming decoder, which reads it as before and words the refusal.

/// Deflate cannot expand data more than about 1032 times; a trailer claiming more lies.
const MAX_DEFLATE_RATIO: u64 = 1032;

/// Smallest gzip file: a 10-byte header, an empty deflate block, the 8-byte trailer.
const MIN_GZIP_LEN: usize = 18;

/// The decompressed bytes of `gz` when it is one whole gzip member of at most `max` bytes.
pub(super) fn single_member(gz: &[u8], max: u64) -> Option<Vec<u8>> {
    if gz.len() < MIN_GZIP_LEN {
        return None;
    }
    let trailer: [u8; 4] = gz[gz.len() - 4..].try_into().ok()?;
    // The size modulo 2^32: a file over 4 GiB does not decode to it, and falls back.
    let size = u64::from(u32::from_le_bytes(trailer));
    if size > max || size > MAX_DEFLATE_RATIO * gz.len() as u64 {
        return None;
    }
    let mut out = vec![0u8; usize::try_from(size).ok()?];
    let decompressor = Decompressor::new()?;
    match decompressor.first_member(gz, &mut out) {
        MemberDecode::Whole { consumed, produced }
            if consumed == gz.len() && produced == out.len() =>
        {
            Some(out)
        }
        _ => None,
    }
}

/// How decoding the first gzip member of some bytes into a buffer ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MemberDecode {
    /// The member, whole and with its checksum right: the input bytes it took, the output
    /// bytes it gave.
    Whole { consumed: usize, produced: usize },
    /// The member decodes to more than the buffer holds.
    OutputFull,
    /// Damaged, or cut off before its end (possibly only by where the input given ends).
    Bad,
}

/// libdeflate's decompressor, freed on drop.
pub(crate) struct Decompressor(std::ptr::NonNull<libdeflate_sys::libdeflate_decompressor>);

// SAFETY: libdeflate's decompressor is plain heap memory with no tie to the thread that
// made it, so it may move to another thread; it is not `Sync`, so no two threads use it at
// once.
#[allow(unsafe_code)]
unsafe impl Send for Decompressor {}

#[allow(unsafe_code)] // FFI to libdeflate: the crate's safe wrapper does not report the input used
impl Decompressor {
    pub(crate) fn new() -> Option<Self> {
        // SAFETY: allocation has no preconditions; a null result is handled as a failure.
        std::ptr::NonNull::new(unsafe { libdeflate_sys::libdeflate_alloc_decompressor() })
            .map(Decompressor)
    }

    /// Decodes the gzip member at the start of `input` into `out`.
    pub(crate) fn first_member(&self, input: &[u8], out: &mut [u8]) -> MemberDecode {
        let (mut consumed, mut produced) = (0usize, 0usize);
        // SAFETY: the pointers and lengths come from live slices that outlive the call;
        // libdeflate reads at most `input.len()` bytes, writes at most `out.len()`, and
        // writes the two counts through the pointers to the locals above.
        let result = unsafe {
            libdeflate_sys::libdeflate_gzip_decompress_ex(
                self.0.as_ptr(),
                input.as_ptr().cast(),
                input.len(),
                out.as_mut_ptr().cast(),
                out.len(),
                &mut consumed,
                &mut produced,
            )
        };
        match result {
            libdeflate_sys::libdeflate_result_LIBDEFLATE_SUCCESS => {
                MemberDecode::Whole { consumed, produced }
            }
            libdeflate_sys::libdeflate_result_LIBDEFLATE_INSUFFICIENT_SPACE => {
                MemberDecode::OutputFull
            }
            _ => MemberDecode::Bad,
        }
    }
}

#[allow(unsafe_code)] // FFI to libdeflate, as above
impl Drop for Decompressor {
    fn drop(&mut self) {
        // SAFETY: the pointer came from `libdeflate_alloc_decompressor` and is freed once.
        unsafe { libdeflate_sys::libdeflate_free_decompressor(self.0.as_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    }

    #[test]
    fn one_member_decodes_whole() {
        let page = b"<html><body><p>Harbour wall repaired</p></body></html>".repeat(50);
        assert_eq!(
            single_member(&gzip(&page), 1 << 20).as_deref(),
            Some(&page[..])
        );
        assert_eq!(
            single_member(&gzip(b""), 1 << 20).as_deref(),
            Some(&b""[..])
        );
    }

    #[test]
    fn identical_concatenated_members_are_left_to_the_streaming_decoder() {
        // `cat a.gz a.gz`: the first member alone matches the trailer's size and checksum.
        let one = gzip(b"the same text twice");
        let twice = [one.clone(), one].concat();
        assert_eq!(single_member(&twice, 1 << 20), None);
    }

    #[test]
    fn damage_truncation_and_the_cap_are_left_to_the_streaming_decoder() {
        let page = b"<p>Gulls nest on the old pier again this spring.</p>".repeat(40);
        let gz = gzip(&page);
        assert_eq!(single_member(&gz[..gz.len() - 1], 1 << 20), None);
        assert_eq!(single_member(&gz[..gz.len() / 2], 1 << 20), None);
        let mut flipped = gz.clone();
        flipped[gz.len() / 2] ^= 0x55;
        assert_eq!(single_member(&flipped, 1 << 20), None);
        assert_eq!(single_member(&gz, page.len() as u64 - 1), None);
        // A trailer that claims more than deflate can expand to.
        let mut lying = gz.clone();
        let n = lying.len();
        lying[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(single_member(&lying, u64::MAX), None);
    }
}
