//! The model's weights as bytes: a model file's sparse rows per stage (`Reader::stage`),
//! the packed table the tagger reads (`pack`), and the model image, that table already
//! packed in the tagger's own memory layout (`image_of_file`, `read_image`).
//!
//! The shipped model is embedded as an image, so that a run borrows its tables in place
//! instead of decoding and packing 24 MB of rows (about 30 ms, half of a one-article run).
//! This file uses only `std`: `build.rs` includes it to turn the shipped model file into
//! the image at build time, with the same code the library reads model files with.

/// Tags: O, then B- and I- of PER, ORG, LOC, MISC.
pub const NT: usize = 9;

/// Lanes of a packed row: stage 1's weights in 0..NT, stage 2's in NT..2*NT,
/// zero padding after.
pub const LANES: usize = 24;

/// A model file, once inflated, opens with these bytes.
pub const FILE_MAGIC: &[u8; 8] = b"NPNER\x00\x01\x00";

/// A model image opens with these bytes.
pub const IMAGE_MAGIC: &[u8; 8] = b"NPNERIM\x01";

/// One bucket's weights for both stages, on its own cache line.
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(C, align(64))]
pub struct Row(pub [i16; LANES]);

/// 64 buckets: which have a non-zero row, and the index of the first one's
/// row among the rows. `pad` makes the layout the image stores explicit.
#[derive(Clone, Copy, Default, Debug, PartialEq)]
#[repr(C)]
pub struct Block {
    pub bits: u64,
    pub rank: u32,
    pub pad: u32,
}

/// Bytes of a row and of a block in an image: their size in memory.
pub const ROW_BYTES: usize = std::mem::size_of::<Row>();
pub const BLOCK_BYTES: usize = std::mem::size_of::<Block>();
const _: () = assert!(ROW_BYTES == 64 && BLOCK_BYTES == 16);

/// A stage's rows as stored in a model file: ascending bucket indices and
/// their weights (buckets not listed are zero).
pub struct SparseRows {
    pub rows: Vec<usize>,
    pub w: Vec<[i16; NT]>,
}

/// A stage's scale and transition scores ([prev][cur], prev = NT is the start state).
pub struct StageHead {
    pub scale: f32,
    pub trans: Vec<f32>,
}

/// Reads a model file or image front to back; errors say what was wrong.
pub struct Reader<'a> {
    pub b: &'a [u8],
    pub p: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Reader { b, p: 0 }
    }

    pub fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self
            .p
            .checked_add(n)
            .filter(|&end| end <= self.b.len())
            .ok_or("truncated model file")?;
        let s = &self.b[self.p..end];
        self.p = end;
        Ok(s)
    }

    pub fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }

    pub fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }

    pub fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.take(1)?[0];
            v |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err("bad varint".into());
            }
        }
    }

    /// The magic, then the JSON header's bytes.
    pub fn header(&mut self, magic: &[u8; 8]) -> Result<&'a [u8], String> {
        if self.take(8)? != magic {
            return Err("not a newsprint NER model (bad magic)".into());
        }
        let len = self.u32()? as usize;
        self.take(len)
    }

    pub fn head(&mut self) -> Result<StageHead, String> {
        let scale = self.f32()?;
        let trans = (0..(NT + 1) * NT)
            .map(|_| self.f32())
            .collect::<Result<_, _>>()?;
        Ok(StageHead { scale, trans })
    }

    /// One stage of a model file: its head, then its sparse rows (row indices delta-coded,
    /// then the weights column by column, tag after tag).
    pub fn stage(&mut self, bits: u32) -> Result<(StageHead, SparseRows), String> {
        let head = self.head()?;
        let nrows = self.u32()? as usize;
        let size = 1usize << bits;
        let mut rows = Vec::with_capacity(nrows.min(size));
        let mut prev = 0usize;
        for _ in 0..nrows {
            let row = prev + self.varint()? as usize;
            if row >= size {
                return Err("row out of range".into());
            }
            rows.push(row);
            prev = row;
        }
        // Rows are written one after the other, each gathered from the NT columns: NT
        // sequential reads and one sequential write, where writing a column at a time into
        // the rows strode through them NT times.
        let columns = self.take(nrows * NT * 2)?;
        let column: [&[u8]; NT] =
            std::array::from_fn(|k| &columns[k * 2 * nrows..(k + 1) * 2 * nrows]);
        let w = (0..nrows)
            .map(|i| {
                std::array::from_fn(|k| {
                    i16::from_le_bytes([column[k][2 * i], column[k][2 * i + 1]])
                })
            })
            .collect();
        Ok((head, SparseRows { rows, w }))
    }
}

/// Both stages' rows in one table: a row for each bucket where either stage has weights,
/// in bucket order, found through a bitmap of 64 buckets per block with ranks. A bucket
/// listed twice in a stage takes its last weights.
pub fn pack(bits: u32, s1: &SparseRows, s2: Option<&SparseRows>) -> (Vec<Block>, Vec<Row>) {
    let no_rows = SparseRows {
        rows: Vec::new(),
        w: Vec::new(),
    };
    let s2 = s2.unwrap_or(&no_rows);
    // Both lists ascend: merge them.
    let (a, b) = (&s1.rows, &s2.rows);
    let mut buckets: Vec<usize> = Vec::with_capacity(a.len().max(b.len()));
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let x = if j == b.len() || (i < a.len() && a[i] <= b[j]) {
            i += 1;
            a[i - 1]
        } else {
            j += 1;
            b[j - 1]
        };
        if buckets.last() != Some(&x) {
            buckets.push(x);
        }
    }
    let mut index = vec![Block::default(); (1usize << bits).div_ceil(64)];
    for &b in &buckets {
        index[b / 64].bits |= 1 << (b % 64);
    }
    let mut rank = 0;
    for blk in &mut index {
        blk.rank = rank;
        rank += blk.bits.count_ones();
    }
    let mut rows: Vec<Row> = Vec::with_capacity(buckets.len());
    let (mut i, mut j) = (0, 0);
    for &b in &buckets {
        let mut row = Row([0; LANES]);
        while i < s1.rows.len() && s1.rows[i] == b {
            row.0[..NT].copy_from_slice(&s1.w[i]);
            i += 1;
        }
        while j < s2.rows.len() && s2.rows[j] == b {
            row.0[NT..2 * NT].copy_from_slice(&s2.w[j]);
            j += 1;
        }
        rows.push(row);
    }
    (index, rows)
}

/// An image's parts, borrowed from its bytes. `index` and `rows` are the tables' bytes in
/// memory layout (little-endian), each starting at a multiple of 64 from the image's start.
pub struct Image<'a> {
    pub header: &'a [u8],
    pub stage1: StageHead,
    pub stage2: Option<StageHead>,
    /// The corpus case and cluster tables, as a model file stores them.
    pub tables: &'a [u8],
    pub index: &'a [u8],
    pub rows: &'a [u8],
}

/// The image of an inflated model file: the same header, heads and tables, and both
/// stages' rows packed. `bits_of` reads the hash width from the JSON header.
#[cfg_attr(not(test), allow(dead_code))] // build.rs makes the shipped image; tests make others
pub fn image_of_file(
    raw: &[u8],
    bits_of: impl FnOnce(&[u8]) -> Result<u32, String>,
) -> Result<Vec<u8>, String> {
    let mut r = Reader::new(raw);
    let header = r.header(FILE_MAGIC)?;
    let bits = bits_of(header)?;
    if !(8..=26).contains(&bits) {
        return Err("bad hash_bits".into());
    }
    let (h1, s1) = r.stage(bits)?;
    let stage2 = match r.take(1)?[0] {
        1 => Some(r.stage(bits)?),
        _ => None,
    };
    let tables = &raw[r.p..];
    let (index, rows) = pack(bits, &s1, stage2.as_ref().map(|s| &s.1));

    let mut out = Vec::with_capacity(64 + header.len() + tables.len() + rows.len() * ROW_BYTES);
    out.extend_from_slice(IMAGE_MAGIC);
    out.extend_from_slice(&(header.len() as u32).to_le_bytes());
    out.extend_from_slice(header);
    put_head(&mut out, &h1);
    out.push(stage2.is_some() as u8);
    if let Some((h2, _)) = &stage2 {
        put_head(&mut out, h2);
    }
    out.extend_from_slice(&(tables.len() as u32).to_le_bytes());
    out.extend_from_slice(tables);
    out.extend_from_slice(&(index.len() as u32).to_le_bytes());
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    out.resize(out.len().next_multiple_of(64), 0);
    for blk in &index {
        out.extend_from_slice(&blk.bits.to_le_bytes());
        out.extend_from_slice(&blk.rank.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
    }
    out.resize(out.len().next_multiple_of(64), 0);
    for row in &rows {
        for x in row.0 {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out.resize(out.len() + ROW_BYTES - 2 * LANES, 0);
    }
    Ok(out)
}

#[cfg_attr(not(test), allow(dead_code))]
fn put_head(out: &mut Vec<u8>, h: &StageHead) {
    out.extend_from_slice(&h.scale.to_le_bytes());
    for t in &h.trans {
        out.extend_from_slice(&t.to_le_bytes());
    }
}

/// The parts of an image written by `image_of_file`.
pub fn read_image(b: &[u8]) -> Result<Image<'_>, String> {
    let mut r = Reader::new(b);
    let header = r.header(IMAGE_MAGIC)?;
    let stage1 = r.head()?;
    let stage2 = match r.take(1)?[0] {
        1 => Some(r.head()?),
        _ => None,
    };
    let len = r.u32()? as usize;
    let tables = r.take(len)?;
    let blocks = r.u32()? as usize;
    let rows = r.u32()? as usize;
    r.p = r.p.next_multiple_of(64);
    let index = r.take(blocks * BLOCK_BYTES)?;
    r.p = r.p.next_multiple_of(64);
    let rows = r.take(rows * ROW_BYTES)?;
    Ok(Image {
        header,
        stage1,
        stage2,
        tables,
        index,
        rows,
    })
}
