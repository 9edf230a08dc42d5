//! Embedding a CID-keyed CFF face as a subset we make ourselves, instead of letting printpdf
//! subset it when the document is saved.
//!
//! printpdf 0.12 subsets through `allsorts::subset::subset`, which always builds a Unicode cmap
//! for the subset by walking the whole cmap of the face (tens of thousands of entries in a CJK
//! face), wraps the result in an OpenType file that it parses again to read the widths, and then
//! has lopdf deflate every stream at the best (slowest) level. A PDF that addresses glyphs
//! through Identity-H codes and a /ToUnicode map needs none of the cmap: only the CFF table,
//! subset to the glyphs used. So for the faces the letters ship with (all four are CID-keyed
//! CFF) we subset the CFF table alone with allsorts' CFF subsetter, key every code by the CID
//! the face's charset gives the glyph (the subset keeps those CIDs, and viewers resolve codes
//! through the charset of a CIDFontType0C program), and write the Type0 font, its /W widths and
//! its /ToUnicode map ourselves, with printpdf's own CMap writer.
//!
//! A face that is not a CID-keyed CFF (a TrueType page-number face, say) is still embedded by
//! printpdf (`Face::printpdf`), so any configured font keeps working.

use std::{collections::BTreeMap, ops::Range};

use allsorts::{
    binary::{
        read::ReadScope,
        write::{WriteBinary, WriteBuffer},
    },
    cff::CFF,
};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};
use printpdf::ParsedFont;

use crate::LetterError;

/// The width printpdf gives a code /W does not list (`DW`).
const DEFAULT_WIDTH: i64 = 1000;

/// The deflate level of the streams we compress. lopdf uses the best level (9) for every
/// stream; on CFF charstrings, level 1 gives files within a few per cent of that size in a
/// fraction of the time (docs/letters.md, "Size and speed").
const DEFLATE_LEVEL: u32 = 1;

/// Where the CFF table of a face is in its file, and the CID of every glyph.
///
/// Found once, when the fonts are loaded; a letter only reads the table back to subset it.
#[derive(Debug, Clone)]
pub(crate) struct CffProgram {
    /// The `CFF ` table, as a byte range of the file (for a collection, of the whole `.ttc`).
    range: Range<usize>,
    /// The CID of each glyph id, from the charset (index = glyph id).
    cids: Vec<u16>,
}

impl CffProgram {
    /// The CFF program of face `face_index` of `file`, if the face is a CID-keyed CFF that
    /// allsorts can subset (one font in the table); `None` for anything else.
    pub(crate) fn find(file: &[u8], face_index: usize) -> Option<Self> {
        let range = cff_table_range(file, face_index)?;
        let table = file.get(range.clone())?;
        let cff = ReadScope::new(table).read::<CFF<'_>>().ok()?;
        if cff.name_index.len() != 1 || cff.fonts.len() != 1 {
            return None;
        }
        let font = cff.fonts.first()?;
        if !font.is_cid_keyed() {
            return None;
        }
        let glyphs = u16::try_from(font.char_strings_index.len()).ok()?;
        let cids = (0..glyphs)
            .map(|gid| font.charset.id_for_glyph(gid))
            .collect::<Option<Vec<u16>>>()?;
        Some(Self { range, cids })
    }

    /// The Identity-H code a glyph is shown with: its CID.
    pub(crate) fn code(&self, gid: u16) -> u16 {
        self.cids.get(usize::from(gid)).copied().unwrap_or(0)
    }

    /// The CFF table cut down to `.notdef` and `glyphs` (with the subroutines they call).
    fn subset(&self, file: &[u8], glyphs: &[u16]) -> Result<Vec<u8>, String> {
        let table = file
            .get(self.range.clone())
            .ok_or_else(|| "the CFF table is outside the font file".to_owned())?;
        let cff = ReadScope::new(table)
            .read::<CFF<'_>>()
            .map_err(|e| e.to_string())?;
        // allsorts wants .notdef first and no duplicates.
        let ids: Vec<u16> = std::iter::once(0)
            .chain(glyphs.iter().copied().filter(|g| *g != 0))
            .collect();
        let subset: CFF<'_> = cff.subset(&ids, false).map_err(|e| e.to_string())?.into();
        let mut out = WriteBuffer::new();
        CFF::write(&mut out, &subset).map_err(|e| e.to_string())?;
        Ok(out.into_inner())
    }
}

/// The byte range of the `CFF ` table of face `face_index` (an OpenType file or a collection).
fn cff_table_range(file: &[u8], face_index: usize) -> Option<Range<usize>> {
    let u32_at = |at: usize| -> Option<usize> {
        let b = file.get(at..at.checked_add(4)?)?;
        usize::try_from(u32::from_be_bytes([b[0], b[1], b[2], b[3]])).ok()
    };
    let directory = if file.get(0..4)? == b"ttcf" {
        let faces = u32_at(8)?;
        if face_index >= faces {
            return None;
        }
        u32_at(12 + 4 * face_index)?
    } else if face_index == 0 {
        0
    } else {
        return None;
    };
    if file.get(directory..directory + 4)? != b"OTTO" {
        return None;
    }
    let tables = file.get(directory + 4..directory + 6)?;
    let tables = usize::from(u16::from_be_bytes([tables[0], tables[1]]));
    (0..tables).find_map(|i| {
        let record = directory + 12 + 16 * i;
        if file.get(record..record + 4)? != b"CFF " {
            return None;
        }
        let offset = u32_at(record + 8)?;
        let length = u32_at(record + 12)?;
        let range = offset..offset.checked_add(length)?;
        (range.end <= file.len()).then_some(range)
    })
}

/// A glyph's advance in thousandths of an em, as /W gives it (and as the viewer moves the pen).
pub(crate) fn width_1000(font: &ParsedFont, gid: u16) -> i64 {
    let upm = f32::from(font.pdf_font_metrics.units_per_em);
    if upm == 0.0 {
        return 0;
    }
    // Truncated, as printpdf does, so the kerns computed against it are exact.
    (f32::from(font.get_horizontal_advance(gid)) * 1000.0 / upm) as i64
}

/// The glyphs one face shows in a document: glyph id → the text it stands for.
pub(crate) type UsedGlyphs = BTreeMap<u16, String>;

/// Deflates the streams of one document, reusing one compressor: miniz_oxide's state (a
/// dictionary and hash chains of a few hundred KB) is allocated and cleared once per document
/// instead of once per stream, as lopdf's `Stream::compress` does.
pub(crate) struct Deflater(flate2::Compress);

impl Deflater {
    pub(crate) fn new() -> Self {
        Self(flate2::Compress::new(
            flate2::Compression::new(DEFLATE_LEVEL),
            true,
        ))
    }

    /// `data` as a zlib stream (what /FlateDecode reads), at [`DEFLATE_LEVEL`]; `None` if the
    /// compressor fails.
    fn deflate(&mut self, data: &[u8]) -> Option<Vec<u8>> {
        self.0.reset();
        // Deflate's worst case is a few bytes per 16 KB block over the input.
        let mut out = Vec::with_capacity(data.len() + data.len() / 8 + 64);
        // One call finishes with this capacity; the bound only guards against a surprise.
        for _ in 0..16 {
            let done = usize::try_from(self.0.total_in()).ok()?;
            match self
                .0
                .compress_vec(data.get(done..)?, &mut out, flate2::FlushCompress::Finish)
            {
                Ok(flate2::Status::StreamEnd) => return Some(out),
                Ok(_) => out.reserve(out.capacity().max(64)),
                Err(_) => return None,
            }
        }
        None
    }

    /// A stream, deflated unless that does not make it smaller.
    fn stream(&mut self, dict: Dictionary, content: Vec<u8>) -> Stream {
        match self.deflate(&content) {
            Some(packed) if packed.len() + 19 < content.len() => {
                let mut dict = dict;
                dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                let mut s = Stream::new(dict, packed);
                s.allows_compression = false;
                s
            }
            _ => Stream::new(dict, content),
        }
    }

    /// Deflates every stream of `doc` that printpdf left uncompressed (content streams,
    /// images), as printpdf's own save does through lopdf (`Document::compress`).
    pub(crate) fn compress_streams(&mut self, doc: &mut lopdf::Document) {
        for object in doc.objects.values_mut() {
            if let Object::Stream(s) = object {
                if s.allows_compression && s.dict.get(b"Filter").is_err() {
                    if let Some(packed) = self.deflate(&s.content) {
                        if packed.len() + 19 < s.content.len() {
                            s.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
                            s.set_content(packed);
                        }
                    }
                }
            }
        }
    }
}

/// A six-letter subset tag (ISO 32000-1, 9.6.4) derived from the face and the glyphs, so the
/// same letter gets the same font names every time it is rendered.
fn subset_tag(name: &str, glyphs: &UsedGlyphs) -> String {
    // FNV-1a over the name and the glyph ids.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    name.bytes().for_each(&mut eat);
    for gid in glyphs.keys() {
        gid.to_be_bytes().into_iter().for_each(&mut eat);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((h >> (i * 8)) % 26) as u8))
        .collect()
}

/// Adds the Type0 font of `font` (whose CFF program is `program`) showing `glyphs` to `doc`,
/// and returns the font dictionary's object id, to be named in the pages' /Font resources.
///
/// The dictionary has the entries printpdf writes for a CID-keyed CFF subset (descriptor
/// metrics scaled to 1000/em, flags, StemV from the weight class), so only the producer of
/// the subset differs.
pub(crate) fn add_font(
    doc: &mut lopdf::Document,
    font: &ParsedFont,
    program: &CffProgram,
    resource: &str,
    glyphs: &UsedGlyphs,
    deflater: &mut Deflater,
) -> Result<ObjectId, LetterError> {
    let pdf_error = |what: String| LetterError::Pdf {
        messages: vec![format!("cannot embed the font {resource}: {what}")],
    };
    let source = font
        .source_bytes()
        .ok_or_else(|| pdf_error("the face kept no font file".to_owned()))?;
    let gids: Vec<u16> = glyphs.keys().copied().collect();
    let cff = program
        .subset(source.as_slice(), &gids)
        .map_err(pdf_error)?;

    // Codes (CIDs) ascending, as the /W runs and the CMap's ranges need them.
    let mut coded: Vec<(u16, u16, &str)> = glyphs
        .iter()
        .map(|(gid, text)| (program.code(*gid), *gid, text.as_str()))
        .collect();
    coded.sort_by_key(|(code, _, _)| *code);

    let to_unicode = printpdf::generate_cmap_string(
        font,
        &printpdf::FontId(resource.to_owned()),
        &coded
            .iter()
            .map(|(code, _, text)| (*code, (*text).to_owned()))
            .collect::<Vec<_>>(),
    );
    let widths = width_array(font, &coded);

    let name = font
        .font_name
        .clone()
        .unwrap_or_else(|| resource.to_owned());
    let face_name = format!("{}+{}", subset_tag(&name, glyphs), name).into_bytes();

    let m = &font.pdf_font_metrics;
    let upm = m.units_per_em;
    let scale = if upm == 0 {
        1.0
    } else {
        1000.0 / f32::from(upm)
    };
    let scaled = |v: f32| (v * scale).round() as i64;
    let ascent = scaled(font.font_metrics.ascent.trunc());
    let descent = scaled(font.font_metrics.descent.trunc());
    let cap_height = font
        .font_metrics
        .cap_height
        .map(|c| (c * scale).round() as i64)
        .unwrap_or(ascent);
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run)
            .atan2(f32::from(m.caret_slope_rise))
            .to_degrees())
        .round() as i64
    };
    const NONSYMBOLIC: i64 = 1 << 5;
    const ITALIC: i64 = 1 << 6;
    let flags = NONSYMBOLIC | if italic_angle != 0 { ITALIC } else { 0 };
    let stem_v = if m.us_weight_class == 0 {
        80
    } else {
        50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
    };

    let program_id = doc.add_object(deflater.stream(
        Dictionary::from_iter(vec![("Subtype", Object::Name(b"CIDFontType0C".to_vec()))]),
        cff,
    ));
    let descriptor = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(face_name.clone())),
        ("Ascent", Object::Integer(ascent)),
        ("Descent", Object::Integer(descent)),
        ("CapHeight", Object::Integer(cap_height)),
        ("ItalicAngle", Object::Integer(italic_angle)),
        ("Flags", Object::Integer(flags)),
        ("StemV", Object::Integer(stem_v)),
        (
            "FontBBox",
            Object::Array(vec![
                Object::Integer(scaled(f32::from(m.x_min))),
                Object::Integer(scaled(f32::from(m.y_min))),
                Object::Integer(scaled(f32::from(m.x_max))),
                Object::Integer(scaled(f32::from(m.y_max))),
            ]),
        ),
        ("FontFile3", Object::Reference(program_id)),
    ]);
    let descriptor_id = doc.add_object(descriptor);
    let to_unicode_id = doc.add_object(deflater.stream(Dictionary::new(), to_unicode.into_bytes()));
    let descendant = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("BaseFont", Object::Name(face_name.clone())),
        ("Subtype", Object::Name(b"CIDFontType0".to_vec())),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                (
                    "Registry",
                    Object::String(b"Adobe".to_vec(), StringFormat::Literal),
                ),
                (
                    "Ordering",
                    Object::String(b"Identity".to_vec(), StringFormat::Literal),
                ),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("W", Object::Array(widths)),
        ("DW", Object::Integer(DEFAULT_WIDTH)),
        ("FontDescriptor", Object::Reference(descriptor_id)),
    ]);
    let type0 = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(face_name)),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        ("ToUnicode", Object::Reference(to_unicode_id)),
        (
            "DescendantFonts",
            Object::Array(vec![Object::Dictionary(descendant)]),
        ),
    ]);
    Ok(doc.add_object(type0))
}

/// The /W array: runs of consecutive codes, each `first [w w …]`.
fn width_array(font: &ParsedFont, coded: &[(u16, u16, &str)]) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Option<(u16, u16, Vec<Object>)> = None;
    for (code, gid, _) in coded {
        let w = Object::Integer(width_1000(font, *gid));
        match &mut run {
            Some((_, last, ws)) if u32::from(*code) == u32::from(*last) + 1 => {
                *last = *code;
                ws.push(w);
            }
            _ => {
                if let Some((first, _, ws)) = run.take() {
                    out.push(Object::Integer(i64::from(first)));
                    out.push(Object::Array(ws));
                }
                run = Some((*code, *code, vec![w]));
            }
        }
    }
    if let Some((first, _, ws)) = run {
        out.push(Object::Integer(i64::from(first)));
        out.push(Object::Array(ws));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_is_not_opentype_cff_has_no_cff_program() {
        assert!(cff_table_range(b"not a font at all", 0).is_none());
        assert!(cff_table_range(b"\0\x01\0\0\0\0\0\0\0\0\0\0", 0).is_none());
        assert!(CffProgram::find(b"OTTO", 0).is_none());
    }

    #[test]
    fn the_subset_tag_is_six_capitals_and_stable() {
        let glyphs: UsedGlyphs = [(3, "政".to_owned()), (9, "府".to_owned())].into();
        let tag = subset_tag("FandolFang-Regular", &glyphs);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()), "{tag}");
        assert_eq!(tag, subset_tag("FandolFang-Regular", &glyphs));
        let other: UsedGlyphs = [(3, "政".to_owned())].into();
        assert_ne!(tag, subset_tag("FandolFang-Regular", &other));
    }
}
