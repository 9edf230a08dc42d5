//! Drawing a laid-out document with printpdf: every character at the position the layout engine
//! gave it, fonts subset.

use std::collections::HashMap;

use chrono::NaiveTime;
use printpdf::{
    Codepoint, DateTime, FontId, Mm, Op, PdfDocument, PdfFontHandle, PdfPage,
    PdfParseErrorSeverity, PdfSaveOptions, Pt, TextItem, TextMatrix,
};

use crate::{
    fonts::{Face, FontRole, Fonts},
    layout::{self, DocumentLayout, Letter, PlacedLine, TextStyle, PAGE_HEIGHT_MM, PAGE_WIDTH_MM},
    LetterError,
};

const PT_PER_MM: f32 = 72.0 / 25.4;

/// Lays out `letter` and renders it to the bytes of an A4 PDF.
pub fn render(letter: &Letter, fonts: &Fonts) -> Result<Vec<u8>, LetterError> {
    render_layout(&layout::layout(letter), fonts)
}

/// Renders an already laid-out document.
pub fn render_layout(doc: &DocumentLayout, fonts: &Fonts) -> Result<Vec<u8>, LetterError> {
    let mut pdf = PdfDocument::new(&doc.title);
    let info = &mut pdf.metadata.info;
    info.creator = "disclosure".to_owned();
    if let Some(sig) = &doc.signature {
        // The document's own date, not the time of rendering: re-rendering an archived letter
        // gives the same metadata.
        let midnight = sig.date.and_time(NaiveTime::MIN).and_utc().timestamp();
        if let Ok(date) = DateTime::from_unix_timestamp(midnight) {
            info.creation_date = date;
            info.modification_date = date;
            info.metadata_date = date;
        }
        info.author = sig.agency.clone();
    }
    let mut ids: HashMap<FontRole, FontId> = HashMap::new();
    let mut pages = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let mut ops = vec![Op::StartTextSection];
        for line in &page.lines {
            let primary = match line.style {
                TextStyle::Title => FontRole::Title,
                TextStyle::Body => FontRole::Body,
                TextStyle::PageNumber => FontRole::PageNumber,
            };
            let y = Pt((PAGE_HEIGHT_MM - line.baseline_mm) * PT_PER_MM);
            let xs = x_positions(line, fonts, primary)?;
            let mut current: Option<FontRole> = None;
            for (placed, x_mm) in line.chars.iter().zip(xs) {
                if placed.ch == ' ' {
                    continue;
                }
                let (role, face) = pick_face(fonts, primary, placed.ch)?;
                let gid = face
                    .font
                    .lookup_glyph_index(u32::from(placed.ch))
                    .unwrap_or(0);
                if current != Some(role) {
                    let id = ids
                        .entry(role)
                        .or_insert_with(|| pdf.add_font(&face.font))
                        .clone();
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(id),
                        size: Pt(line.style.size_pt()),
                    });
                    current = Some(role);
                }
                ops.push(Op::SetTextMatrix {
                    matrix: TextMatrix::Translate(Pt(x_mm * PT_PER_MM), y),
                });
                ops.push(Op::ShowText {
                    items: vec![TextItem::GlyphIds(vec![Codepoint::with_cid(
                        gid,
                        0.0,
                        placed.ch.to_string(),
                    )])],
                });
            }
        }
        ops.push(Op::EndTextSection);
        pages.push(PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops));
    }
    let mut warnings = Vec::new();
    let bytes = pdf
        .with_pages(pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg)
        .collect();
    if errors.is_empty() {
        Ok(bytes)
    } else {
        Err(LetterError::Pdf { messages: errors })
    }
}

/// Where each character of `line` is drawn, mm from the left edge of the page.
///
/// Full-width characters go exactly where the layout put them. A run of ASCII characters keeps
/// the width the layout gave it but is set with the font's own advances, centred in that width
/// (the layout's widths are FandolFang's, so in the body this changes nothing; in the fallback or
/// another configured face it keeps `0000-1234567` and web addresses reading as words).
/// A run that is naturally wider than its cells has its advances tightened to fit.
fn x_positions(
    line: &PlacedLine,
    fonts: &Fonts,
    primary: FontRole,
) -> Result<Vec<f32>, LetterError> {
    let chars = &line.chars;
    let mut xs: Vec<f32> = chars.iter().map(|c| c.x_mm).collect();
    let size_mm = line.style.size_pt() / PT_PER_MM;
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].ch.is_ascii_graphic() {
            i += 1;
            continue;
        }
        let mut j = i;
        let mut advances = Vec::new();
        while j < chars.len() && chars[j].ch.is_ascii_graphic() {
            let (_, face) = pick_face(fonts, primary, chars[j].ch)?;
            let gid = face
                .font
                .lookup_glyph_index(u32::from(chars[j].ch))
                .unwrap_or(0);
            let em = f32::from(face.font.pdf_font_metrics.units_per_em.max(1));
            advances.push(f32::from(face.font.get_horizontal_advance(gid)) / em * size_mm);
            j += 1;
        }
        let allotted =
            chars[j - 1].x_mm + layout::char_width_mm(chars[j - 1].ch, line.style) - chars[i].x_mm;
        let natural: f32 = advances.iter().sum();
        // Wider than its cells (`W`, `M`): tighten the advances to fit; glyphs keep their size.
        let scale = if natural > allotted {
            allotted / natural
        } else {
            1.0
        };
        let mut x = chars[i].x_mm + (allotted - natural * scale) / 2.0;
        for (k, adv) in (i..j).zip(&advances) {
            xs[k] = x;
            x += adv * scale;
        }
        i = j;
    }
    Ok(xs)
}

/// The face that draws `ch`: the style's own face, else the fallback.
fn pick_face(fonts: &Fonts, primary: FontRole, ch: char) -> Result<(FontRole, &Face), LetterError> {
    let face = match primary {
        FontRole::Title => &fonts.title,
        FontRole::PageNumber => &fonts.page_number,
        FontRole::Body | FontRole::Fallback => &fonts.body,
    };
    if face.has(ch) {
        return Ok((primary, face));
    }
    match &fonts.fallback {
        Some(fallback) if fallback.has(ch) => Ok((FontRole::Fallback, fallback)),
        _ => Err(LetterError::UnsupportedCharacter {
            ch,
            codepoint: format!("U+{:04X}", u32::from(ch)),
        }),
    }
}
