//! Drawing a laid-out document with printpdf: every character at the position the layout engine
//! gave it, fonts subset (the CFF faces by [`crate::embed`], any other face by printpdf).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveTime;
use printpdf::{
    Codepoint, Color, DateTime, FontId, Greyscale, Line, LineDashPattern, LinePoint, Mm, Op,
    PdfDocument, PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt,
    RawImage, RawImageData, RawImageFormat, Rgb, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use crate::{
    embed::{self, UsedGlyphs},
    fonts::{Face, FontRole, Fonts, Program},
    layout::{
        self, DocumentLayout, Letter, PageLayout, PlacedLine, Seal, SealArea, TextStyle,
        PAGE_HEIGHT_MM, PAGE_WIDTH_MM,
    },
    templates, LetterError,
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
    let mut embedding = Embedding::default();
    let seal_image: Option<XObjectId> = match &doc.seal {
        Seal::Image(img) => Some(pdf.add_image(&RawImage {
            pixels: RawImageData::U8(img.rgba().to_vec()),
            width: img.width() as usize,
            height: img.height() as usize,
            data_format: RawImageFormat::RGBA8,
            tag: Vec::new(),
        })),
        Seal::HandStamp => None,
    };
    let mut pages = Vec::with_capacity(doc.pages.len());
    for page in &doc.pages {
        let mut ops = Vec::new();
        if doc.draft {
            watermark(&mut ops, &mut pdf, &mut embedding, fonts)?;
        }
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale::new(0.0, None)),
        });
        for line in &page.lines {
            draw_line(&mut ops, &mut pdf, &mut embedding, fonts, line)?;
        }
        ops.push(Op::EndTextSection);
        draw_rules(&mut ops, page);
        if let Some(area) = page.seal {
            match &seal_image {
                Some(id) => draw_seal_image(&mut ops, id, &doc.seal, area),
                None => hand_stamp_mark(&mut ops, &mut pdf, &mut embedding, fonts, area)?,
            }
        }
        pages.push(PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops));
    }
    let mut warnings = Vec::new();
    let mut file = pdf
        .with_pages(pages)
        .to_lopdf_document(&PdfSaveOptions::default(), &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg)
        .collect();
    if !errors.is_empty() {
        return Err(LetterError::Pdf { messages: errors });
    }
    let mut deflater = embed::Deflater::new();
    embedding.embed_own_fonts(&mut file, fonts, &mut deflater)?;
    // What printpdf's save does next (`Document::compress`, then `save_to`), faster.
    deflater.compress_streams(&mut file);
    let mut bytes = Vec::new();
    file.save_to(&mut bytes).map_err(|e| LetterError::Pdf {
        messages: vec![e.to_string()],
    })?;
    Ok(bytes)
}

/// How each face of a document is embedded: the faces with a CFF program we subset ourselves
/// (their glyphs collected as the pages are drawn, their fonts added once the pages are
/// written), the others through printpdf.
#[derive(Default)]
struct Embedding {
    printpdf: HashMap<FontRole, FontId>,
    own: BTreeMap<FontRole, UsedGlyphs>,
}

impl Embedding {
    /// The font resource that shows `face`, registering it on first use.
    fn handle(&mut self, pdf: &mut PdfDocument, role: FontRole, face: &Face) -> PdfFontHandle {
        match &face.program {
            Program::Cff(_) => {
                self.own.entry(role).or_default();
                PdfFontHandle::External(FontId(own_resource(role).to_owned()))
            }
            Program::Printpdf(embed) => PdfFontHandle::External(
                self.printpdf
                    .entry(role)
                    .or_insert_with(|| pdf.add_font(embed))
                    .clone(),
            ),
        }
    }

    /// The glyph to put in the content stream for `ch` (glyph `gid` of `face`): the CID for a
    /// face we embed (recorded as used, with its text for /ToUnicode), else the glyph id, which
    /// printpdf renumbers at save.
    fn glyph(&mut self, role: FontRole, face: &Face, gid: u16, ch: char) -> Codepoint {
        match face.cff() {
            Some(program) => {
                self.own
                    .entry(role)
                    .or_default()
                    .entry(gid)
                    .or_insert_with(|| ch.to_string());
                Codepoint::with_cid(program.code(gid), 0.0, ch.to_string())
            }
            None => Codepoint::with_cid(gid, 0.0, ch.to_string()),
        }
    }

    /// Adds the fonts we subset ourselves to the written document and names them in the font
    /// resources printpdf made for the pages.
    fn embed_own_fonts(
        &self,
        file: &mut lopdf::Document,
        fonts: &Fonts,
        deflater: &mut embed::Deflater,
    ) -> Result<(), LetterError> {
        if self.own.is_empty() {
            return Ok(());
        }
        let missing = |what: &str| LetterError::Pdf {
            messages: vec![format!("the written document has no {what}")],
        };
        let mut added = Vec::with_capacity(self.own.len());
        for (role, glyphs) in &self.own {
            let face = fonts
                .face(*role)
                .ok_or_else(|| missing("face for a font"))?;
            let program = face
                .cff()
                .ok_or_else(|| missing("CFF program for a font"))?;
            let id = embed::add_font(
                file,
                &face.font,
                program,
                own_resource(*role),
                glyphs,
                deflater,
            )?;
            added.push((own_resource(*role), id));
        }
        // printpdf 0.12 gives every page the same font dictionary; look at each page anyway.
        let mut font_dicts = std::collections::BTreeSet::new();
        for page in file.get_pages().into_values() {
            let resources = file
                .get_object(page)
                .and_then(lopdf::Object::as_dict)
                .and_then(|page| page.get(b"Resources"))
                .and_then(lopdf::Object::as_reference)
                .map_err(|_| missing("page resources"))?;
            let font_dict = file
                .get_object(resources)
                .and_then(lopdf::Object::as_dict)
                .and_then(|r| r.get(b"Font"))
                .and_then(lopdf::Object::as_reference)
                .map_err(|_| missing("font resources"))?;
            font_dicts.insert(font_dict);
        }
        if font_dicts.is_empty() {
            return Err(missing("page"));
        }
        for font_dict in font_dicts {
            let dict = file
                .get_object_mut(font_dict)
                .and_then(lopdf::Object::as_dict_mut)
                .map_err(|_| missing("font dictionary"))?;
            for (name, id) in &added {
                dict.set(*name, lopdf::Object::Reference(*id));
            }
        }
        Ok(())
    }
}

/// The resource name of a face we embed ourselves (not one of printpdf's standard-14 names
/// `F1`…`F14`, nor one of its random font ids).
fn own_resource(role: FontRole) -> &'static str {
    match role {
        FontRole::Body => "FBody",
        FontRole::Title => "FTitle",
        FontRole::PageNumber => "FPageNumber",
        FontRole::Fallback => "FFallback",
    }
}

/// A run of glyphs on one baseline in one face we embed ourselves, set as one `Tm` and one
/// `TJ` whose kerns put every glyph at its absolute x: what printpdf's glyph-run merger writes
/// for the faces it embeds (PDFium's text selection needs runs, not one `Tm` per glyph).
struct GlyphRun {
    x: f32,
    y: f32,
    size: f32,
    /// Where the viewer's pen is, relative to `x`, in thousandths of an em (advanced by the
    /// same /W widths the viewer uses).
    pen: f64,
    items: Vec<TextItem>,
}

impl GlyphRun {
    fn push(&mut self, x: f32, width: i64, glyph: Codepoint) {
        let dx = (f64::from(x) - f64::from(self.x)) * 1000.0 / f64::from(self.size);
        let kern = (self.pen - dx) as f32;
        if kern != 0.0 {
            self.items.push(TextItem::Offset(kern));
            self.pen -= f64::from(kern);
        }
        self.items.push(TextItem::GlyphIds(vec![glyph]));
        self.pen += width as f64;
    }

    fn flush(run: &mut Option<GlyphRun>, ops: &mut Vec<Op>) {
        if let Some(r) = run.take() {
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(r.x), Pt(r.y)),
            });
            ops.push(Op::ShowText { items: r.items });
        }
    }
}

/// One laid-out line: each character at its x, in its style's face or the fallback.
fn draw_line(
    ops: &mut Vec<Op>,
    pdf: &mut PdfDocument,
    embedding: &mut Embedding,
    fonts: &Fonts,
    line: &PlacedLine,
) -> Result<(), LetterError> {
    let primary = match line.style {
        TextStyle::Title => FontRole::Title,
        TextStyle::Body => FontRole::Body,
        TextStyle::PageNumber => FontRole::PageNumber,
    };
    let size = line.style.size_pt();
    let y = (PAGE_HEIGHT_MM - line.baseline_mm) * PT_PER_MM;
    let xs = x_positions(line, fonts, primary)?;
    let mut current: Option<FontRole> = None;
    let mut run: Option<GlyphRun> = None;
    for (placed, x_mm) in line.chars.iter().zip(xs) {
        if placed.ch == ' ' {
            continue;
        }
        let (role, face) = pick_face(fonts, primary, placed.ch)?;
        let gid = face.glyph(placed.ch).unwrap_or(0);
        if current != Some(role) {
            GlyphRun::flush(&mut run, ops);
            ops.push(Op::SetFont {
                font: embedding.handle(pdf, role, face),
                size: Pt(size),
            });
            current = Some(role);
        }
        let x = x_mm * PT_PER_MM;
        let glyph = embedding.glyph(role, face, gid, placed.ch);
        if face.cff().is_some() {
            run.get_or_insert_with(|| GlyphRun {
                x,
                y,
                size,
                pen: 0.0,
                items: Vec::new(),
            })
            .push(x, embed::width_1000(&face.font, gid), glyph);
        } else {
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(Pt(x), Pt(y)),
            });
            ops.push(Op::ShowText {
                items: vec![TextItem::GlyphIds(vec![glyph])],
            });
        }
    }
    GlyphRun::flush(&mut run, ops);
    Ok(())
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
        // A run ends where the layout left a gap (the next cell of a table).
        let adjacent = |k: usize| {
            k == i
                || chars[k].x_mm
                    - (chars[k - 1].x_mm + layout::char_width_mm(chars[k - 1].ch, line.style))
                    < 0.4 * layout::CELL_MM
        };
        while j < chars.len() && chars[j].ch.is_ascii_graphic() && adjacent(j) {
            let (_, face) = pick_face(fonts, primary, chars[j].ch)?;
            let gid = face.glyph(chars[j].ch).unwrap_or(0);
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

fn pt(mm: f32) -> Pt {
    Pt(mm * PT_PER_MM)
}

/// A point given in mm from the top-left corner, in PDF coordinates.
fn point(x_mm: f32, y_from_top_mm: f32) -> LinePoint {
    LinePoint {
        p: Point {
            x: pt(x_mm),
            y: pt(PAGE_HEIGHT_MM - y_from_top_mm),
        },
        bezier: false,
    }
}

/// Sets `text` in the given face and size at a point (mm from the top-left), rotated by
/// `degrees` counter-clockwise.
#[expect(
    clippy::too_many_arguments,
    reason = "a drawing primitive: position, angle, face, size and text"
)]
fn set_text(
    ops: &mut Vec<Op>,
    pdf: &mut PdfDocument,
    embedding: &mut Embedding,
    fonts: &Fonts,
    primary: FontRole,
    size_pt: f32,
    at: (f32, f32),
    degrees: f32,
    text: &str,
) -> Result<(), LetterError> {
    let (x0, y0) = (at.0 * PT_PER_MM, (PAGE_HEIGHT_MM - at.1) * PT_PER_MM);
    let (sin, cos) = degrees.to_radians().sin_cos();
    let mut advance = 0.0_f32;
    let mut current: Option<FontRole> = None;
    for ch in text.chars() {
        let (role, face) = pick_face(fonts, primary, ch)?;
        let gid = face.glyph(ch).unwrap_or(0);
        if current != Some(role) {
            ops.push(Op::SetFont {
                font: embedding.handle(pdf, role, face),
                size: Pt(size_pt),
            });
            current = Some(role);
        }
        let (x, y) = (x0 + advance * cos, y0 + advance * sin);
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Raw([cos, sin, -sin, cos, x, y]),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(vec![
                embedding.glyph(role, face, gid, ch)
            ])],
        });
        let em = f32::from(face.font.pdf_font_metrics.units_per_em.max(1));
        advance += f32::from(face.font.get_horizontal_advance(gid)) / em * size_pt;
    }
    Ok(())
}

/// The 草稿 watermark of a draft preview: large, light grey, diagonal across the middle of the
/// page, drawn first so the text stays readable over it.
fn watermark(
    ops: &mut Vec<Op>,
    pdf: &mut PdfDocument,
    embedding: &mut Embedding,
    fonts: &Fonts,
) -> Result<(), LetterError> {
    const SIZE_PT: f32 = 110.0;
    let text = templates::DRAFT_WATERMARK;
    let width_mm = text.chars().count() as f32 * SIZE_PT / PT_PER_MM;
    let (sin, cos) = 35.0_f32.to_radians().sin_cos();
    // Start so that the middle of the word is at the middle of the page.
    let cx = PAGE_WIDTH_MM / 2.0 - (width_mm / 2.0) * cos;
    let cy = PAGE_HEIGHT_MM / 2.0 + (width_mm / 2.0) * sin + 0.35 * SIZE_PT / PT_PER_MM;
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFillColor {
        col: Color::Greyscale(Greyscale::new(0.8, None)),
    });
    set_text(
        ops,
        pdf,
        embedding,
        fonts,
        FontRole::Title,
        SIZE_PT,
        (cx, cy),
        35.0,
        text,
    )?;
    ops.push(Op::EndTextSection);
    ops.push(Op::RestoreGraphicsState);
    Ok(())
}

/// The table rules of a page: thin black lines.
fn draw_rules(ops: &mut Vec<Op>, page: &PageLayout) {
    if page.rules.is_empty() {
        return;
    }
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetOutlineColor {
        col: Color::Greyscale(Greyscale::new(0.0, None)),
    });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.75) });
    for r in &page.rules {
        ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(r.x1_mm, r.y1_mm), point(r.x2_mm, r.y2_mm)],
                is_closed: false,
            },
        });
    }
    ops.push(Op::RestoreGraphicsState);
}

/// The electronic seal, scaled to the seal area's diameter (its longer side) and centred on it.
fn draw_seal_image(ops: &mut Vec<Op>, id: &XObjectId, seal: &Seal, area: SealArea) {
    let Seal::Image(img) = seal else { return };
    let (w, h) = (img.width().max(1) as f32, img.height().max(1) as f32);
    // At 72 dpi a pixel is a point; scale the longer side to the diameter.
    let scale = area.diameter_mm * PT_PER_MM / w.max(h);
    let (w_mm, h_mm) = (w * scale / PT_PER_MM, h * scale / PT_PER_MM);
    ops.push(Op::UseXobject {
        id: id.clone(),
        transform: XObjectTransform {
            translate_x: Some(pt(area.centre_x_mm - w_mm / 2.0)),
            translate_y: Some(pt(PAGE_HEIGHT_MM - area.centre_y_mm - h_mm / 2.0)),
            scale_x: Some(scale),
            scale_y: Some(scale),
            dpi: Some(72.0),
            ..XObjectTransform::default()
        },
    });
}

/// Where a hand stamp goes: a thin dashed red circle of the seal's size and `（盖章）` in its upper
/// half, above the agency name, so the clerk stamps the right place and nobody mistakes an
/// unstamped print for an issued letter.
fn hand_stamp_mark(
    ops: &mut Vec<Op>,
    pdf: &mut PdfDocument,
    embedding: &mut Embedding,
    fonts: &Fonts,
    area: SealArea,
) -> Result<(), LetterError> {
    let red = Color::Rgb(Rgb::new(0.8, 0.1, 0.1, None));
    let r = area.diameter_mm / 2.0;
    // A circle as four cubic Béziers (k = 0.5523 of the radius).
    let k = 0.552_284_8 * r;
    let (cx, cy) = (area.centre_x_mm, area.centre_y_mm);
    let mut points = vec![point(cx + r, cy)];
    let quarters = [
        [(cx + r, cy - k), (cx + k, cy - r), (cx, cy - r)],
        [(cx - k, cy - r), (cx - r, cy - k), (cx - r, cy)],
        [(cx - r, cy + k), (cx - k, cy + r), (cx, cy + r)],
        [(cx + k, cy + r), (cx + r, cy + k), (cx + r, cy)],
    ];
    for q in quarters {
        points.push(LinePoint {
            bezier: true,
            ..point(q[0].0, q[0].1)
        });
        points.push(LinePoint {
            bezier: true,
            ..point(q[1].0, q[1].1)
        });
        points.push(point(q[2].0, q[2].1));
    }
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetOutlineColor { col: red.clone() });
    ops.push(Op::SetOutlineThickness { pt: Pt(0.6) });
    ops.push(Op::SetLineDashPattern {
        dash: LineDashPattern::new(0.0, &[3.0, 3.0]),
    });
    ops.push(Op::DrawLine {
        line: Line {
            points,
            is_closed: true,
        },
    });
    ops.push(Op::StartTextSection);
    ops.push(Op::SetFillColor { col: red });
    let label = templates::HAND_STAMP_MARK;
    const SIZE_PT: f32 = 12.0;
    let width_mm = label.chars().count() as f32 * SIZE_PT / PT_PER_MM;
    set_text(
        ops,
        pdf,
        embedding,
        fonts,
        FontRole::Body,
        SIZE_PT,
        (cx - width_mm / 2.0, cy - r / 2.0),
        0.0,
        label,
    )?;
    ops.push(Op::EndTextSection);
    ops.push(Op::RestoreGraphicsState);
    Ok(())
}
