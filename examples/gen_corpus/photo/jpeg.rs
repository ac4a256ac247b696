//! A baseline JPEG encoder (ITU T.81): YCbCr with 4:2:0 chroma subsampling, the IJG quality
//! scaling of the Annex K quantisation tables, the Annex K Huffman tables and the AAN float
//! DCT of IJG's `jfdctflt.c`. It is here so that the benchmark's photos need no image tool:
//! the bytes depend only on the pixels, on every machine (an installed libjpeg would make them
//! depend on its version).
//!
//! The image is fed in strips of 16 rows (one row of MCUs), so a 4000×3000 photo never exists
//! as a whole in memory.

/// Annex K.1 tables in natural (row-major) order.
const LUMA_QUANT: [u16; 64] = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
    87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
    72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA_QUANT: [u16; 64] = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99,
];

/// ZIGZAG[k] is the natural index of the k-th coefficient in zigzag order.
const ZIGZAG: [usize; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
    28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54,
    47, 55, 62, 63,
];

/// Annex K.3: code counts per length 1–16, then the symbols.
const DC_LUMA_BITS: [u8; 16] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_CHROMA_BITS: [u8; 16] = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
const DC_VALUES: [u8; 12] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_LUMA_BITS: [u8; 16] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_LUMA_VALUES: [u8; 162] = [
    0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14,
    0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09,
    0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a,
    0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65,
    0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
    0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
    0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
    0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
    0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];
const AC_CHROMA_BITS: [u8; 16] = [0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77];
const AC_CHROMA_VALUES: [u8; 162] = [
    0x00, 0x01, 0x02, 0x03, 0x11, 0x04, 0x05, 0x21, 0x31, 0x06, 0x12, 0x41, 0x51, 0x07, 0x61, 0x71, 0x13, 0x22, 0x32,
    0x81, 0x08, 0x14, 0x42, 0x91, 0xa1, 0xb1, 0xc1, 0x09, 0x23, 0x33, 0x52, 0xf0, 0x15, 0x62, 0x72, 0xd1, 0x0a, 0x16,
    0x24, 0x34, 0xe1, 0x25, 0xf1, 0x17, 0x18, 0x19, 0x1a, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x35, 0x36, 0x37, 0x38, 0x39,
    0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64,
    0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x82, 0x83, 0x84, 0x85, 0x86,
    0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
    0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8,
    0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9,
    0xea, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

/// The AAN DCT leaves row u and column v scaled by these; the quantiser divides them out.
const AAN_SCALE: [f32; 8] = [
    1.0,
    1.387_039_8,
    1.306_563,
    1.175_875_6,
    1.0,
    0.785_695,
    0.541_196_1,
    0.275_899_38,
];

/// Rows of pixels per strip: one row of 4:2:0 MCUs.
pub(crate) const STRIP: usize = 16;

/// A Huffman table as codes and lengths by symbol.
struct Huffman {
    code: [u16; 256],
    len: [u8; 256],
}

impl Huffman {
    /// Annex C: canonical codes, assigned in order of length, then of symbol list.
    fn new(bits: &[u8; 16], values: &[u8]) -> Huffman {
        let mut table = Huffman {
            code: [0; 256],
            len: [0; 256],
        };
        let mut code: u16 = 0;
        let mut k = 0;
        for (i, &count) in bits.iter().enumerate() {
            for _ in 0..count {
                let symbol = values[k] as usize;
                table.code[symbol] = code;
                table.len[symbol] = i as u8 + 1;
                code += 1;
                k += 1;
            }
            code <<= 1;
        }
        table
    }
}

/// Writes entropy-coded bits, stuffing a zero byte after every 0xFF.
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    #[inline]
    fn put(&mut self, bits: u32, len: u32) {
        self.acc = (self.acc << len) | u64::from(bits & ((1u32 << len) - 1));
        self.n += len;
        while self.n >= 8 {
            self.n -= 8;
            let byte = (self.acc >> self.n) as u8;
            self.out.push(byte);
            if byte == 0xFF {
                self.out.push(0);
            }
        }
    }

    /// Pads the last byte with one bits, as T.81 asks.
    fn flush(&mut self) {
        if self.n > 0 {
            let pad = 8 - self.n;
            self.put((1 << pad) - 1, pad);
        }
    }
}

/// One colour component's quantiser and Huffman tables.
struct Component {
    /// Multipliers in natural order: 1 / (quantiser × AAN scales × 8).
    divisors: [f32; 64],
    dc: Huffman,
    ac: Huffman,
    previous_dc: i32,
}

impl Component {
    fn new(quant: &[u8; 64], dc: Huffman, ac: Huffman) -> Component {
        let mut divisors = [0.0; 64];
        for (i, d) in divisors.iter_mut().enumerate() {
            *d = 1.0 / (f32::from(quant[i]) * AAN_SCALE[i / 8] * AAN_SCALE[i % 8] * 8.0);
        }
        Component {
            divisors,
            dc,
            ac,
            previous_dc: 0,
        }
    }

    /// Transforms, quantises and codes one 8×8 block of level-shifted samples.
    fn encode(&mut self, block: &mut [f32; 64], bits: &mut BitWriter) {
        fdct(block);
        let mut zz = [0i32; 64];
        for (k, &natural) in ZIGZAG.iter().enumerate() {
            zz[k] = (block[natural] * self.divisors[natural]).round() as i32;
        }
        let diff = zz[0] - self.previous_dc;
        self.previous_dc = zz[0];
        let (size, value) = magnitude(diff);
        bits.put(
            u32::from(self.dc.code[size as usize]),
            u32::from(self.dc.len[size as usize]),
        );
        bits.put(value, size);
        let mut run = 0;
        for &c in &zz[1..] {
            if c == 0 {
                run += 1;
                continue;
            }
            while run > 15 {
                bits.put(u32::from(self.ac.code[0xF0]), u32::from(self.ac.len[0xF0]));
                run -= 16;
            }
            let (size, value) = magnitude(c);
            let symbol = (run << 4 | size) as usize;
            bits.put(u32::from(self.ac.code[symbol]), u32::from(self.ac.len[symbol]));
            bits.put(value, size);
            run = 0;
        }
        if run > 0 {
            bits.put(u32::from(self.ac.code[0]), u32::from(self.ac.len[0]));
        }
    }
}

/// The size category of a coefficient and its magnitude bits (negative values one's complement).
#[inline]
fn magnitude(v: i32) -> (u32, u32) {
    let size = 32 - v.unsigned_abs().leading_zeros();
    let bits = if v < 0 { (v - 1) as u32 } else { v as u32 };
    (size, bits & ((1u32 << size) - 1))
}

/// IJG's `jpeg_quality_scaling`, applied to a base table and stored as bytes.
fn scaled(base: &[u16; 64], quality: u8) -> [u8; 64] {
    let quality = u32::from(quality.clamp(1, 100));
    let scale = if quality < 50 {
        5000 / quality
    } else {
        200 - quality * 2
    };
    base.map(|b| ((u32::from(b) * scale + 50) / 100).clamp(1, 255) as u8)
}

/// The AAN forward DCT (IJG `jfdctflt.c`), rows then columns, in place; results are scaled by
/// `AAN_SCALE` per row and column and by 8, which the quantiser's divisors undo.
fn fdct(d: &mut [f32; 64]) {
    for row in d.chunks_exact_mut(8) {
        dct_1d(row, 1);
    }
    for col in 0..8 {
        dct_1d(&mut d[col..], 8);
    }
}

#[inline]
fn dct_1d(d: &mut [f32], s: usize) {
    let tmp0 = d[0] + d[7 * s];
    let tmp7 = d[0] - d[7 * s];
    let tmp1 = d[s] + d[6 * s];
    let tmp6 = d[s] - d[6 * s];
    let tmp2 = d[2 * s] + d[5 * s];
    let tmp5 = d[2 * s] - d[5 * s];
    let tmp3 = d[3 * s] + d[4 * s];
    let tmp4 = d[3 * s] - d[4 * s];

    let tmp10 = tmp0 + tmp3;
    let tmp13 = tmp0 - tmp3;
    let tmp11 = tmp1 + tmp2;
    let tmp12 = tmp1 - tmp2;
    d[0] = tmp10 + tmp11;
    d[4 * s] = tmp10 - tmp11;
    let z1 = (tmp12 + tmp13) * 0.707_106_77;
    d[2 * s] = tmp13 + z1;
    d[6 * s] = tmp13 - z1;

    let tmp10 = tmp4 + tmp5;
    let tmp11 = tmp5 + tmp6;
    let tmp12 = tmp6 + tmp7;
    let z5 = (tmp10 - tmp12) * 0.382_683_43;
    let z2 = 0.541_196_1 * tmp10 + z5;
    let z4 = 1.306_563 * tmp12 + z5;
    let z3 = tmp11 * 0.707_106_77;
    let z11 = tmp7 + z3;
    let z13 = tmp7 - z3;
    d[5 * s] = z13 + z2;
    d[3 * s] = z13 - z2;
    d[s] = z11 + z4;
    d[7 * s] = z11 - z4;
}

/// Encodes a `width`×`height` image whose RGB rows `fill(y, strip)` writes, STRIP rows at a
/// time (fewer in the last strip). `app1` (EXIF) goes right after the start marker.
pub(crate) fn encode(
    width: usize,
    height: usize,
    quality: u8,
    app1: &[u8],
    mut fill: impl FnMut(usize, &mut [u8]),
) -> Vec<u8> {
    let luma_q = scaled(&LUMA_QUANT, quality);
    let chroma_q = scaled(&CHROMA_QUANT, quality);
    let mut out = Vec::with_capacity(width * height / 3);
    out.extend_from_slice(&[0xFF, 0xD8]);
    out.extend_from_slice(app1);
    write_headers(&mut out, width, height, &luma_q, &chroma_q);

    let mut y_comp = Component::new(
        &luma_q,
        Huffman::new(&DC_LUMA_BITS, &DC_VALUES),
        Huffman::new(&AC_LUMA_BITS, &AC_LUMA_VALUES),
    );
    let chroma = || {
        Component::new(
            &chroma_q,
            Huffman::new(&DC_CHROMA_BITS, &DC_VALUES),
            Huffman::new(&AC_CHROMA_BITS, &AC_CHROMA_VALUES),
        )
    };
    let (mut cb_comp, mut cr_comp) = (chroma(), chroma());
    let mut bits = BitWriter { out, acc: 0, n: 0 };

    let mcus = width.div_ceil(16);
    let padded = mcus * 16;
    let mut rgb = vec![0u8; width * 3 * STRIP];
    let mut planes = Planes::new(padded);
    for y0 in (0..height).step_by(STRIP) {
        let rows = STRIP.min(height - y0);
        fill(y0, &mut rgb[..width * 3 * rows]);
        planes.convert(&rgb, width, rows);
        for mcu in 0..mcus {
            let x = mcu * 16;
            for (dy, dx) in [(0, 0), (0, 8), (8, 0), (8, 8)] {
                let mut block = planes.block(&planes.y, padded, x + dx, dy);
                y_comp.encode(&mut block, &mut bits);
            }
            let mut block = planes.block(&planes.cb, padded / 2, x / 2, 0);
            cb_comp.encode(&mut block, &mut bits);
            let mut block = planes.block(&planes.cr, padded / 2, x / 2, 0);
            cr_comp.encode(&mut block, &mut bits);
        }
    }
    bits.flush();
    let mut out = bits.out;
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

/// One strip as level-shifted Y (16 rows) and subsampled Cb, Cr (8 rows), edges replicated.
struct Planes {
    y: Vec<f32>,
    cb: Vec<f32>,
    cr: Vec<f32>,
}

impl Planes {
    fn new(padded: usize) -> Planes {
        Planes {
            y: vec![0.0; padded * STRIP],
            cb: vec![0.0; padded / 2 * STRIP / 2],
            cr: vec![0.0; padded / 2 * STRIP / 2],
        }
    }

    /// JFIF's full-range RGB → YCbCr, then 2×2 averages of the chroma.
    fn convert(&mut self, rgb: &[u8], width: usize, rows: usize) {
        let padded = self.y.len() / STRIP;
        let half = padded / 2;
        let mut cb_full = vec![0.0f32; padded * 2];
        let mut cr_full = vec![0.0f32; padded * 2];
        for row in 0..STRIP {
            let src = row.min(rows - 1);
            let line = &rgb[src * width * 3..(src + 1) * width * 3];
            let pair = row % 2;
            for x in 0..padded {
                let i = x.min(width - 1) * 3;
                let (r, g, b) = (f32::from(line[i]), f32::from(line[i + 1]), f32::from(line[i + 2]));
                self.y[row * padded + x] = 0.299 * r + 0.587 * g + 0.114 * b - 128.0;
                cb_full[pair * padded + x] = -0.168_736 * r - 0.331_264 * g + 0.5 * b;
                cr_full[pair * padded + x] = 0.5 * r - 0.418_688 * g - 0.081_312 * b;
            }
            if pair == 1 {
                let out_row = row / 2;
                for x in 0..half {
                    let sum = |p: &[f32]| p[2 * x] + p[2 * x + 1] + p[padded + 2 * x] + p[padded + 2 * x + 1];
                    self.cb[out_row * half + x] = sum(&cb_full) * 0.25;
                    self.cr[out_row * half + x] = sum(&cr_full) * 0.25;
                }
            }
        }
    }

    /// The 8×8 block at column `x`, row `y` of a plane `stride` samples wide.
    fn block(&self, plane: &[f32], stride: usize, x: usize, y: usize) -> [f32; 64] {
        let mut block = [0.0; 64];
        for (r, row) in block.chunks_exact_mut(8).enumerate() {
            let start = (y + r) * stride + x;
            row.copy_from_slice(&plane[start..start + 8]);
        }
        block
    }
}

/// DQT, SOF0, DHT and SOS: the tables and frame of a three-component 4:2:0 baseline image.
fn write_headers(out: &mut Vec<u8>, width: usize, height: usize, luma: &[u8; 64], chroma: &[u8; 64]) {
    let mut dqt = Vec::with_capacity(130);
    for (id, table) in [(0u8, luma), (1, chroma)] {
        dqt.push(id);
        dqt.extend(ZIGZAG.iter().map(|&n| table[n]));
    }
    segment(out, 0xDB, &dqt);

    let (w, h) = (width as u16, height as u16);
    let mut sof = vec![8, (h >> 8) as u8, h as u8, (w >> 8) as u8, w as u8, 3];
    sof.extend_from_slice(&[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    segment(out, 0xC0, &sof);

    let mut dht = Vec::with_capacity(420);
    for (class_id, bits, values) in [
        (0x00u8, &DC_LUMA_BITS, &DC_VALUES[..]),
        (0x10, &AC_LUMA_BITS, &AC_LUMA_VALUES[..]),
        (0x01, &DC_CHROMA_BITS, &DC_VALUES[..]),
        (0x11, &AC_CHROMA_BITS, &AC_CHROMA_VALUES[..]),
    ] {
        dht.push(class_id);
        dht.extend_from_slice(bits);
        dht.extend_from_slice(values);
    }
    segment(out, 0xC4, &dht);

    segment(out, 0xDA, &[3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
}

/// A marker segment: FF, marker, big-endian length (including itself), payload.
fn segment(out: &mut Vec<u8>, marker: u8, payload: &[u8]) {
    let len = (payload.len() + 2) as u16;
    out.extend_from_slice(&[0xFF, marker, (len >> 8) as u8, len as u8]);
    out.extend_from_slice(payload);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_complete() {
        let count = |bits: &[u8; 16]| bits.iter().map(|&b| usize::from(b)).sum::<usize>();
        assert_eq!(count(&AC_LUMA_BITS), AC_LUMA_VALUES.len());
        assert_eq!(count(&AC_CHROMA_BITS), AC_CHROMA_VALUES.len());
        assert_eq!(count(&DC_LUMA_BITS), DC_VALUES.len());
        assert_eq!(count(&DC_CHROMA_BITS), DC_VALUES.len());
    }
}
