//! The GB/T 9704 layout engine: a [`Letter`] in, pages of positioned lines out.
//!
//! Pure and independent of any font file or PDF library: characters are placed on the grid the
//! standard prescribes (A4, text area 156 × 225 mm, 22 lines × 28 characters of 16 pt), with the
//! width model "a full-width character is one cell; an ASCII character its Times-like advance
//! (digits exactly half a cell)", measured in thousandths of a cell ([`width_units`]). The renderer
//! draws each character at the position computed here, so what the unit tests of this module see
//! is what ends up on paper.
//!
//! Coordinates are millimetres from the **top-left** corner of the page; baselines are given for
//! every line.

use std::ops::Range;

use chrono::NaiveDate;

use crate::templates;

/// Page width (A4), mm.
pub const PAGE_WIDTH_MM: f32 = 210.0;
/// Page height (A4), mm.
pub const PAGE_HEIGHT_MM: f32 = 297.0;
/// Top margin (天头), mm.
pub const MARGIN_TOP_MM: f32 = 37.0;
/// Bottom margin, mm.
pub const MARGIN_BOTTOM_MM: f32 = 35.0;
/// Left margin (订口, the binding side), mm.
pub const MARGIN_LEFT_MM: f32 = 28.0;
/// Right margin, mm.
pub const MARGIN_RIGHT_MM: f32 = 26.0;
/// Width of the text area (版心), mm.
pub const TEXT_WIDTH_MM: f32 = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM;
/// Height of the text area, mm.
pub const TEXT_HEIGHT_MM: f32 = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM;
/// Lines per page.
pub const LINES_PER_PAGE: usize = 22;
/// Full-width characters per line.
pub const CHARS_PER_LINE: u32 = 28;
/// Width of one character cell, mm (156 / 28).
pub const CELL_MM: f32 = TEXT_WIDTH_MM / CHARS_PER_LINE as f32;
/// Distance between two baselines, mm (225 / 22).
pub const LINE_PITCH_MM: f32 = TEXT_HEIGHT_MM / LINES_PER_PAGE as f32;
/// Diameter of the seal reserved over the signature, mm (the usual 政府信息公开专用章 is 40–42 mm).
pub const SEAL_DIAMETER_MM: f32 = 42.0;
/// Distance from the bottom of the text area to the page-number line, mm.
pub const PAGE_NUMBER_GAP_MM: f32 = 7.0;

/// Body text size, pt (3号).
pub const BODY_SIZE_PT: f32 = 16.0;
/// Title size, pt (2号).
pub const TITLE_SIZE_PT: f32 = 22.0;
/// Page number size, pt (4号).
pub const PAGE_NUMBER_SIZE_PT: f32 = 14.0;

const MM_PER_PT: f32 = 25.4 / 72.0;
/// Width units per cell (a full-width character).
pub const UNITS_PER_CELL: u32 = 1000;
/// Line capacity in width units.
const LINE_UNITS: u32 = CHARS_PER_LINE * UNITS_PER_CELL;
/// First-line indent of body paragraphs (two characters).
const INDENT_UNITS: u32 = 2 * UNITS_PER_CELL;
/// The date is set with four empty cells on its right (GB/T 9704 7.3.5.1).
const DATE_RIGHT_SPACE_UNITS: u32 = 4 * UNITS_PER_CELL;
/// Position of the baseline below the top of the em box, as a fraction of the size.
const ASCENT: f32 = 0.88;
/// Most slack that is spread over a line to justify it (two cells).
const MAX_JUSTIFY_UNITS: u32 = 2 * UNITS_PER_CELL;

/// Punctuation that must not start a line (避头点).
pub const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '》', '”', '’', '…', '〕', '】', '」', '』',
    '〉', '·', ',', '.', ';', ':', '?', '!', ')', ']',
];
/// Punctuation that must not end a line (避尾点).
pub const NO_LINE_END: &[char] = &['（', '《', '“', '‘', '〔', '【', '「', '『', '〈', '(', '['];

/// A document to lay out: the formal parts of a GB/T 9704 letter, as text.
///
/// Build it directly or through one of the typed documents of [`crate::documents`], which refuse to
/// build a letter that lacks a formal element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// The title, centred in 22 pt. A `\n` forces a line break (e.g. after the agency name);
    /// long titles are also broken automatically into balanced lines.
    pub title: String,
    /// The 字号 (e.g. `X府信公开〔2026〕12号`), centred under the title.
    pub doc_number: Option<String>,
    /// The addressee's name; the layout adds the full-width colon.
    pub addressee: Option<String>,
    /// The body paragraphs.
    pub body: Vec<Paragraph>,
    /// Attachment names (附件说明), numbered when there are several.
    pub attachments: Vec<String>,
    /// The agency name and date at the end, with the seal reserved over them.
    pub signature: Option<Signature>,
    /// A contact note (附注) under the date, e.g. `联系人：李四，联系电话：0000-1234567`.
    pub contact: Option<String>,
    /// A ruled table after the body paragraphs (卷内目录, 送达回证, 登记表).
    pub table: Option<Table>,
    /// A preview while drafting: every page carries a 草稿 watermark, so a printed draft can
    /// never pass for the issued letter.
    pub draft: bool,
    /// What marks the seal over the signature.
    pub seal: Seal,
}

impl Letter {
    /// A letter with only a title; fill the other fields directly.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            doc_number: None,
            addressee: None,
            body: Vec::new(),
            attachments: Vec::new(),
            signature: None,
            contact: None,
            table: None,
            draft: false,
            seal: Seal::HandStamp,
        }
    }

    /// The same letter as a draft preview (草稿 watermark), for the officer and the approver.
    pub fn into_draft(mut self) -> Self {
        self.draft = true;
        self
    }
}

/// What is printed where the seal goes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Seal {
    /// No electronic seal is configured: a thin dashed circle with `盖章` shows the clerk where
    /// the hand stamp goes.
    #[default]
    HandStamp,
    /// The agency's electronic seal, drawn over the agency name and the date.
    Image(SealImage),
}

/// An electronic seal as RGBA pixels (decoded by the caller from the agency's settings), shared
/// cheaply between letters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealImage {
    width: u32,
    height: u32,
    rgba: std::sync::Arc<Vec<u8>>,
}

impl SealImage {
    /// Takes `width × height` RGBA pixels, row by row; `None` when the buffer does not hold
    /// exactly that many pixels or the image is empty.
    pub fn from_rgba(width: u32, height: u32, rgba: Vec<u8>) -> Option<Self> {
        let expected = (width as usize)
            .checked_mul(height as usize)?
            .checked_mul(4)?;
        (expected > 0 && rgba.len() == expected).then(|| Self {
            width,
            height,
            rgba: std::sync::Arc::new(rgba),
        })
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The pixels, RGBA, row by row.
    pub fn rgba(&self) -> &[u8] {
        &self.rgba
    }
}

/// How the text of a table column is set in its cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left (after a quarter-cell padding).
    #[default]
    Left,
    /// Centred in the cell.
    Centre,
}

/// A ruled table on the body grid: every line of text in a cell takes one grid row, so the
/// table keeps the 22-line rhythm of the page and paginates like paragraphs. A row is never
/// split over two pages unless it is longer than a page; the header row is kept with the
/// first row after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Column widths in cells (full-width characters of 16 pt); together at most 28.
    pub widths: Vec<u32>,
    /// Alignment per column (missing entries: left).
    pub align: Vec<Align>,
    /// The header row, centred, if any.
    pub header: Option<Vec<String>>,
    /// The rows; a `\n` in a cell forces a line break, and cells wrap to their width.
    pub rows: Vec<Vec<String>>,
}

/// One paragraph of body text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    /// The text; a `\n` starts a new paragraph with the same indent.
    pub text: String,
    /// Whether the first line is indented by two characters.
    pub indent_first_line: bool,
}

impl Paragraph {
    /// An ordinary paragraph: first line indented by two characters.
    pub fn indented(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            indent_first_line: true,
        }
    }

    /// A paragraph set flush left.
    pub fn flush(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            indent_first_line: false,
        }
    }
}

/// The signature block: the issuing agency (under its seal) and the date of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The agency's full name (发文机关署名).
    pub agency: String,
    /// The date of the document (成文日期).
    pub date: NaiveDate,
}

/// Which face and size a line is set in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextStyle {
    /// 22 pt bold 宋体-style: the title.
    Title,
    /// 16 pt 仿宋: everything else on the grid.
    Body,
    /// 14 pt 宋体: the page number.
    PageNumber,
}

impl TextStyle {
    /// The size in points.
    pub fn size_pt(self) -> f32 {
        match self {
            TextStyle::Title => TITLE_SIZE_PT,
            TextStyle::Body => BODY_SIZE_PT,
            TextStyle::PageNumber => PAGE_NUMBER_SIZE_PT,
        }
    }

    fn size_mm(self) -> f32 {
        self.size_pt() * MM_PER_PT
    }
}

/// What a line is, so tests and callers can find the parts of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineRole {
    /// A line of the title.
    Title,
    /// The 字号 line.
    DocNumber,
    /// The addressee line.
    Addressee,
    /// A line of a body paragraph.
    Body,
    /// A line of the attachment list.
    Attachment,
    /// The agency name of the signature block.
    SignatureAgency,
    /// The date of the signature block.
    SignatureDate,
    /// The contact note.
    Contact,
    /// The page number.
    PageNumber,
    /// A line of a table (one grid row across every cell).
    TableRow,
}

/// A character and the left edge of its cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedChar {
    /// The character.
    pub ch: char,
    /// Left edge, mm from the left edge of the page.
    pub x_mm: f32,
}

/// A line of text with every character positioned.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    /// What the line is.
    pub role: LineRole,
    /// Face and size.
    pub style: TextStyle,
    /// The grid row (0–21) for lines of the text area; `None` for the page number.
    pub row: Option<usize>,
    /// Baseline, mm from the top edge of the page.
    pub baseline_mm: f32,
    /// The characters, left to right.
    pub chars: Vec<PlacedChar>,
}

impl PlacedLine {
    /// The text of the line.
    pub fn text(&self) -> String {
        self.chars.iter().map(|c| c.ch).collect()
    }

    /// Left edge of the first character, mm.
    pub fn left_mm(&self) -> f32 {
        self.chars.first().map_or(0.0, |c| c.x_mm)
    }

    /// Right edge of the last character, mm (by the width model).
    pub fn right_mm(&self) -> f32 {
        self.chars
            .last()
            .map_or(0.0, |c| c.x_mm + char_width_mm(c.ch, self.style))
    }
}

/// The circle kept free for the seal, over the agency name and the date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SealArea {
    /// Centre, mm from the left edge of the page.
    pub centre_x_mm: f32,
    /// Centre, mm from the top edge of the page.
    pub centre_y_mm: f32,
    /// Diameter, mm.
    pub diameter_mm: f32,
}

/// One laid-out page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageLayout {
    /// Page number, from 1.
    pub number: u32,
    /// The lines of the text area in row order, then the page number line.
    pub lines: Vec<PlacedLine>,
    /// Where the seal goes, on the page that carries the signature.
    pub seal: Option<SealArea>,
    /// The ruled lines of tables on this page.
    pub rules: Vec<Rule>,
}

/// A straight ruled line (table borders), mm from the top-left corner of the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Start, from the left edge.
    pub x1_mm: f32,
    /// Start, from the top edge.
    pub y1_mm: f32,
    /// End, from the left edge.
    pub x2_mm: f32,
    /// End, from the top edge.
    pub y2_mm: f32,
}

impl PageLayout {
    /// The lines with the given role.
    pub fn lines_with(&self, role: LineRole) -> impl Iterator<Item = &PlacedLine> {
        self.lines.iter().filter(move |l| l.role == role)
    }

    /// The number of grid rows used on this page (blank rows between used ones included).
    pub fn rows_used(&self) -> usize {
        self.lines
            .iter()
            .filter_map(|l| l.row)
            .max()
            .map_or(0, |r| r + 1)
    }
}

/// A laid-out document.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentLayout {
    /// The title, for the PDF metadata.
    pub title: String,
    /// The issuing agency and the date of the document, for the PDF metadata.
    pub signature: Option<Signature>,
    /// The pages, in order.
    pub pages: Vec<PageLayout>,
    /// A draft preview: a 草稿 watermark on every page.
    pub draft: bool,
    /// What marks the seal area.
    pub seal: Seal,
}

/// Advances of the printable ASCII characters (space to `~`) in thousandths of an em: those of
/// FandolFang, the usual Times-like metrics of Chinese serif faces. Digits are exactly half a cell.
const ASCII_UNITS: [u16; 95] = [
    500, 280, 500, 830, 500, 830, 780, 280, 390, 390, 500, 780, 280, 330, 280, 500, //
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 280, 280, 780, 780, 780, 470, //
    780, 740, 700, 720, 760, 680, 650, 780, 740, 350, 510, 770, 620, 910, 740, 780, //
    680, 780, 730, 560, 720, 740, 740, 1020, 740, 740, 610, 280, 500, 280, 610, 780, //
    500, 490, 560, 440, 560, 440, 310, 500, 560, 280, 310, 530, 280, 840, 560, 500, //
    560, 530, 390, 390, 390, 560, 530, 730, 530, 530, 450, 500, 280, 500, 610,
];

/// Width of a character in thousandths of a cell: a full-width character is one cell, an ASCII
/// character its advance (a digit half a cell, `M` 0.91, `.` 0.28); other ASCII controls half.
pub fn width_units(ch: char) -> u32 {
    if !ch.is_ascii() {
        return UNITS_PER_CELL;
    }
    let code = u32::from(ch);
    code.checked_sub(0x20)
        .and_then(|i| ASCII_UNITS.get(i as usize))
        .map_or(UNITS_PER_CELL / 2, |&w| u32::from(w))
}

pub(crate) fn char_width_mm(ch: char, style: TextStyle) -> f32 {
    let full = match style {
        TextStyle::Body => CELL_MM,
        TextStyle::Title | TextStyle::PageNumber => style.size_mm(),
    };
    full * width_units(ch) as f32 / UNITS_PER_CELL as f32
}

fn width_of(chars: &[char]) -> u32 {
    chars.iter().map(|&c| width_units(c)).sum()
}

fn no_start(c: char) -> bool {
    NO_LINE_START.contains(&c)
}

fn no_end(c: char) -> bool {
    NO_LINE_END.contains(&c)
}

/// ASCII characters other than the space stay together: numbers, codes, telephone numbers, web
/// addresses.
fn same_word(a: char, b: char) -> bool {
    a.is_ascii_graphic() && b.is_ascii_graphic()
}

/// Breaks `chars` into lines of at most `width` units (thousandths of a cell) (the first line `first_width`),
/// applying the line-breaking rules (禁则):
///
/// * a single mark that must not start a line is hung at the end of the previous line (it may
///   stick out by one cell into the margin);
/// * a run of such marks (`”。`, `……`) is not hung: the character before it moves down with it;
/// * an opening mark that must not end a line moves to the next line;
/// * runs of ASCII characters (numbers, codes, web addresses) and `——` are not split unless
///   longer than a line.
///
/// Returns the character ranges of the lines; spaces at a break are dropped.
pub fn break_lines(chars: &[char], first_width: u32, width: u32) -> Vec<Range<usize>> {
    let n = chars.len();
    let mut lines = Vec::new();
    let mut start = 0;
    while start < n {
        if !lines.is_empty() {
            while start < n && chars[start] == ' ' {
                start += 1;
            }
            if start == n {
                break;
            }
        }
        let cap = if lines.is_empty() { first_width } else { width };
        let mut w = 0;
        let mut end = start;
        while end < n && w + width_units(chars[end]) <= cap {
            w += width_units(chars[end]);
            end += 1;
        }
        if end == start {
            end = start + 1;
        }
        if end < n {
            end = adjust_break(chars, start, end);
        }
        let mut trimmed = end;
        while trimmed > start + 1 && chars[trimmed - 1] == ' ' {
            trimmed -= 1;
        }
        lines.push(start..trimmed);
        start = end;
    }
    lines
}

/// Moves a break before `b` (the first character that did not fit) to where the rules allow.
fn adjust_break(chars: &[char], start: usize, b: usize) -> usize {
    let n = chars.len();
    // Spaces at the break are dropped, so the next line would start at the first non-space: when
    // that is a mark, decide as if the break were there.
    let mut b = b;
    if chars[b] == ' ' {
        let next = (b..n).find(|&i| chars[i] != ' ').unwrap_or(n);
        if next < n && no_start(chars[next]) {
            b = next;
        } else if chars[b - 1] != ' ' && !no_end(chars[b - 1]) {
            return b;
        }
    }
    // An ASCII word moves down whole (with an opening mark before it), unless it fills the line.
    if same_word(chars[b - 1], chars[b]) {
        let mut j = b;
        while j > start && same_word(chars[j - 1], chars[j]) {
            j -= 1;
        }
        j = back_over_openers(chars, start, j);
        if j > start && !no_start(chars[j]) {
            return j;
        }
    }
    if no_start(chars[b]) {
        // One mark: hang it.
        let after = (b + 1..n).find(|&i| chars[i] != ' ').unwrap_or(n);
        if after >= n || !no_start(chars[after]) {
            return b + 1;
        }
        // A run of marks: carry the character before the run down with it.
        let mut k = b;
        loop {
            while k > start + 1 && (no_start(chars[k]) || chars[k] == ' ') {
                k -= 1;
            }
            k = back_over_openers(chars, start, k);
            if !no_start(chars[k]) || k <= start + 1 {
                break;
            }
        }
        return if no_start(chars[k]) || chars[k] == ' ' {
            b + 1
        } else {
            k
        };
    }
    let mut k = back_over_openers(chars, start, b);
    // `——` is not split.
    if chars[k - 1] == '—' && chars[k] == '—' && k > start + 1 {
        k = back_over_openers(chars, start, k - 1);
    }
    k
}

/// Moves a break at `k` back over opening marks (and spaces before them) so no line ends with one;
/// the line keeps at least one character.
fn back_over_openers(chars: &[char], start: usize, mut k: usize) -> usize {
    loop {
        let mut j = k;
        while j > start + 1 && chars[j - 1] == ' ' {
            j -= 1;
        }
        if j > start + 1 && no_end(chars[j - 1]) {
            k = j - 1;
        } else {
            return k;
        }
    }
}

/// The best place to break a two-line title before one of [`templates::TITLE_BREAK_BEFORE`]:
/// both lines fit, each is at least two fifths of the title, and they are as even as the hints
/// allow.
fn title_break_hint(chars: &[char], cap: u32) -> Option<usize> {
    let total = width_of(chars);
    let text: String = chars.iter().collect();
    let mut best: Option<(u32, usize)> = None;
    for word in templates::TITLE_BREAK_BEFORE {
        for (byte, _) in text.match_indices(word) {
            let at = text[..byte].chars().count();
            let first = width_of(&chars[..at]);
            let rest = total - first;
            if at == 0 || first > cap || rest > cap || first * 5 < total * 2 || rest * 5 < total * 2
            {
                continue;
            }
            let unevenness = first.abs_diff(rest);
            if best.is_none_or(|(u, _)| unevenness < u) {
                best = Some((unevenness, at));
            }
        }
    }
    best.map(|(_, at)| at)
}

/// Breaks a title into balanced lines (梯形): manual `\n` breaks first, then each part into the
/// fewest lines that fit, of nearly equal length.
pub fn break_title(title: &str) -> Vec<String> {
    let cap = (TEXT_WIDTH_MM / TextStyle::Title.size_mm()).floor() as u32 * UNITS_PER_CELL;
    let mut out = Vec::new();
    for part in title.split('\n') {
        let chars: Vec<char> = part.trim().chars().collect();
        if chars.is_empty() {
            continue;
        }
        let total = width_of(&chars);
        let n_lines = total.div_ceil(cap).max(1);
        if n_lines == 2 {
            if let Some(at) = title_break_hint(&chars, cap) {
                out.push(chars[..at].iter().collect());
                out.push(chars[at..].iter().collect());
                continue;
            }
        }
        let target = total.div_ceil(n_lines).max(UNITS_PER_CELL);
        for r in break_lines(&chars, target, target) {
            out.push(chars[r].iter().collect());
        }
    }
    out
}

/// A row of the text area before pagination.
#[derive(Debug, Clone)]
struct Row {
    /// `None`: an empty row.
    line: Option<RowLine>,
    /// Keep this row on the same page as the next one.
    keep_with_next: bool,
    /// The row where the seal is centred (the agency name's row).
    seal_anchor: bool,
    /// The row is a line of a table row: where its rules go.
    table: Option<TableMark>,
}

/// Where the rules of one grid row of a table go.
#[derive(Debug, Clone)]
struct TableMark {
    /// The first line of its table row: a rule above it.
    top: bool,
    /// The last line of its table row: a rule below it.
    bottom: bool,
    /// The x of every column boundary, left edge to right edge, mm.
    columns: std::sync::Arc<Vec<f32>>,
}

#[derive(Debug, Clone)]
struct RowLine {
    role: LineRole,
    style: TextStyle,
    /// Characters with x positions already computed.
    chars: Vec<PlacedChar>,
}

impl Row {
    fn blank() -> Self {
        Row {
            line: None,
            keep_with_next: false,
            seal_anchor: false,
            table: None,
        }
    }

    fn line(role: LineRole, style: TextStyle, chars: Vec<PlacedChar>) -> Self {
        Row {
            line: Some(RowLine { role, style, chars }),
            keep_with_next: false,
            seal_anchor: false,
            table: None,
        }
    }
}

/// Places the characters of one grid line starting `start` units from the left edge of the text
/// area, spreading the slack over the gaps when justifying to `justify_to` units.
fn place_grid(chars: &[char], start: u32, justify_to: Option<u32>) -> Vec<PlacedChar> {
    let unit = CELL_MM / UNITS_PER_CELL as f32;
    let used = start + width_of(chars);
    let extra = match justify_to {
        Some(target) if target > used && target - used <= MAX_JUSTIFY_UNITS && chars.len() > 1 => {
            (target - used) as f32 * unit / (chars.len() - 1) as f32
        }
        _ => 0.0,
    };
    let mut x = MARGIN_LEFT_MM + start as f32 * unit;
    chars
        .iter()
        .enumerate()
        .map(|(i, &ch)| {
            let placed = PlacedChar {
                ch,
                x_mm: x + extra * i as f32,
            };
            x += width_units(ch) as f32 * unit;
            placed
        })
        .collect()
}

/// Places characters of the given style centred in the text area.
fn place_centred(text: &str, style: TextStyle) -> Vec<PlacedChar> {
    let width: f32 = text.chars().map(|c| char_width_mm(c, style)).sum();
    place_from(text, style, MARGIN_LEFT_MM + (TEXT_WIDTH_MM - width) / 2.0)
}

fn place_from(text: &str, style: TextStyle, left: f32) -> Vec<PlacedChar> {
    let mut x = left;
    text.chars()
        .map(|ch| {
            let placed = PlacedChar { ch, x_mm: x };
            x += char_width_mm(ch, style);
            placed
        })
        .collect()
}

/// White space becomes one plain space, and none is kept next to a full-width character: in
/// Chinese text spaces only separate ASCII words (`ISO 9001`).
fn normalise_spaces(text: &str) -> Vec<char> {
    let raw: Vec<char> = text
        .trim()
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    let mut out: Vec<char> = Vec::with_capacity(raw.len());
    for (i, &c) in raw.iter().enumerate() {
        if c == ' ' {
            let prev_ascii = out.last().is_some_and(|p| p.is_ascii() && *p != ' ');
            let next_ascii = raw.get(i + 1).is_some_and(|n| n.is_ascii());
            if !(prev_ascii && next_ascii) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Lays out a paragraph on the grid: first line indented by `first_indent` units, the other
/// lines by `indent` (a hanging indent for attachment lists).
fn paragraph_rows(text: &str, role: LineRole, first_indent: u32, indent: u32) -> Vec<Row> {
    let mut rows = Vec::new();
    for part in text.split('\n') {
        let chars = normalise_spaces(part);
        if chars.is_empty() {
            continue;
        }
        let ranges = break_lines(&chars, LINE_UNITS - first_indent, LINE_UNITS - indent);
        let last = ranges.len() - 1;
        for (i, r) in ranges.into_iter().enumerate() {
            let start = if i == 0 { first_indent } else { indent };
            let justify = (i < last).then_some(LINE_UNITS);
            rows.push(Row::line(
                role,
                TextStyle::Body,
                place_grid(&chars[r], start, justify),
            ));
        }
    }
    rows
}

/// Lays out a letter into pages.
pub fn layout(letter: &Letter) -> DocumentLayout {
    let mut rows: Vec<Row> = Vec::new();

    // Title, 字号, one empty row, addressee (GB/T 9704 7.3.1–7.3.2).
    for line in break_title(&letter.title) {
        let mut row = Row::line(
            LineRole::Title,
            TextStyle::Title,
            place_centred(&line, TextStyle::Title),
        );
        row.keep_with_next = true;
        rows.push(row);
    }
    if let Some(number) = letter
        .doc_number
        .as_deref()
        .filter(|s| !s.trim().is_empty())
    {
        let mut row = Row::line(
            LineRole::DocNumber,
            TextStyle::Body,
            place_centred(number.trim(), TextStyle::Body),
        );
        row.keep_with_next = true;
        rows.push(row);
    }
    if !rows.is_empty() {
        let mut blank = Row::blank();
        blank.keep_with_next = true;
        rows.push(blank);
    }
    if let Some(name) = letter.addressee.as_deref().filter(|s| !s.trim().is_empty()) {
        let text = format!("{}{}", name.trim(), templates::ADDRESSEE_SUFFIX);
        let mut addressee = paragraph_rows(&text, LineRole::Addressee, 0, 0);
        if let Some(last) = addressee.last_mut() {
            last.keep_with_next = true;
        }
        rows.extend(addressee);
    }

    for p in &letter.body {
        let first = if p.indent_first_line { INDENT_UNITS } else { 0 };
        rows.extend(paragraph_rows(&p.text, LineRole::Body, first, 0));
    }

    if let Some(table) = &letter.table {
        rows.extend(table_rows(table));
    }

    // Attachments: one empty row, `附件：` indented two characters; with several attachments they
    // are numbered and continuation lines align with the first character of the name.
    let attachments: Vec<&str> = letter
        .attachments
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .collect();
    if !attachments.is_empty() {
        // The attachment note goes with the signature (below), and takes the last two lines of
        // text with it: a page that holds only the note, the seal and the date reads as if the
        // letter ended on the page before.
        let n = rows.len();
        for row in rows.iter_mut().skip(n.saturating_sub(2)) {
            if row.line.is_some() {
                row.keep_with_next = true;
            }
        }
        let mut blank = Row::blank();
        blank.keep_with_next = true;
        rows.push(blank);
        let label = templates::ATTACHMENTS_LABEL;
        let label_units = width_of(&label.chars().collect::<Vec<_>>());
        for (i, name) in attachments.iter().enumerate() {
            let number = if attachments.len() > 1 {
                format!("{}.", i + 1)
            } else {
                String::new()
            };
            let number_units = width_of(&number.chars().collect::<Vec<_>>());
            let prefix = if i == 0 { label } else { "" };
            let first = INDENT_UNITS + if i == 0 { 0 } else { label_units };
            let hang = INDENT_UNITS + label_units + number_units;
            let text = format!("{prefix}{number}{name}");
            rows.extend(paragraph_rows(&text, LineRole::Attachment, first, hang));
        }
    }

    // The signature block: two empty rows (the seal's top stays within one line of the text),
    // the agency name centred over the date, the date with four empty cells on its right; the
    // last two lines of text move with it so the seal never stands alone on a page.
    if let Some(sig) = &letter.signature {
        let n = rows.len();
        for row in rows.iter_mut().skip(n.saturating_sub(2)) {
            if row.line.is_some() {
                row.keep_with_next = true;
            }
        }
        let date_text = templates::date(sig.date);
        let date_chars: Vec<char> = date_text.chars().collect();
        let date_units = width_of(&date_chars);
        let date_start = LINE_UNITS.saturating_sub(DATE_RIGHT_SPACE_UNITS + date_units);
        let agency: Vec<char> = sig.agency.trim().chars().collect();
        let agency_units = width_of(&agency);
        let centre = 2 * date_start + date_units; // twice the centre of the date
        let agency_start =
            (centre.saturating_sub(agency_units) / 2).min(LINE_UNITS.saturating_sub(agency_units));
        let mut b1 = Row::blank();
        b1.keep_with_next = true;
        let mut b2 = Row::blank();
        b2.keep_with_next = true;
        let mut name = Row::line(
            LineRole::SignatureAgency,
            TextStyle::Body,
            place_grid(&agency, agency_start, None),
        );
        name.keep_with_next = true;
        name.seal_anchor = true;
        let mut date = Row::line(
            LineRole::SignatureDate,
            TextStyle::Body,
            place_grid(&date_chars, date_start, None),
        );
        date.keep_with_next = letter.contact.is_some();
        rows.extend([b1, b2, name, date]);
    }
    if let Some(contact) = letter.contact.as_deref().filter(|s| !s.trim().is_empty()) {
        let text = templates::contact_note(contact.trim());
        rows.extend(paragraph_rows(&text, LineRole::Contact, INDENT_UNITS, 0));
    }

    DocumentLayout {
        title: letter.title.replace('\n', ""),
        signature: letter.signature.clone(),
        pages: paginate(rows),
        draft: letter.draft,
        seal: letter.seal.clone(),
    }
}

/// Inner padding of a table cell on each side, in width units (a quarter of a cell).
const CELL_PAD_UNITS: u32 = UNITS_PER_CELL / 4;

/// The grid rows of a table: each table row as many grid rows as its tallest cell has lines,
/// kept together; the header kept with the first row.
fn table_rows(table: &Table) -> Vec<Row> {
    let unit = CELL_MM / UNITS_PER_CELL as f32;
    let mut bounds = vec![0u32];
    for w in &table.widths {
        let last = bounds.last().copied().unwrap_or(0);
        bounds.push((last + w * UNITS_PER_CELL).min(LINE_UNITS));
    }
    let columns: std::sync::Arc<Vec<f32>> = std::sync::Arc::new(
        bounds
            .iter()
            .map(|&b| MARGIN_LEFT_MM + b as f32 * unit)
            .collect(),
    );
    let mut out = Vec::new();
    let header = table.header.iter().map(|h| (h, true));
    let body = table.rows.iter().map(|r| (r, false));
    for (cells, is_header) in header.chain(body) {
        // Each cell broken into lines of its width.
        let mut cell_lines: Vec<Vec<(u32, Vec<char>)>> = Vec::new();
        for (i, pair) in bounds.windows(2).enumerate() {
            let (left, right) = (pair[0], pair[1]);
            let inner = (right - left)
                .saturating_sub(2 * CELL_PAD_UNITS)
                .max(UNITS_PER_CELL / 2);
            let centre = is_header || table.align.get(i) == Some(&Align::Centre);
            let text = cells.get(i).map_or("", String::as_str);
            let mut lines = Vec::new();
            for part in text.split('\n') {
                let chars = normalise_spaces(part);
                if chars.is_empty() {
                    if text.contains('\n') {
                        lines.push((left + CELL_PAD_UNITS, Vec::new()));
                    }
                    continue;
                }
                for r in break_lines(&chars, inner, inner) {
                    let line: Vec<char> = chars[r].to_vec();
                    let w = width_of(&line);
                    let start = if centre {
                        left + (right - left).saturating_sub(w) / 2
                    } else {
                        left + CELL_PAD_UNITS
                    };
                    lines.push((start, line));
                }
            }
            cell_lines.push(lines);
        }
        let height = cell_lines.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for k in 0..height {
            let mut chars = Vec::new();
            for lines in &cell_lines {
                if let Some((start, line)) = lines.get(k) {
                    chars.extend(place_grid(line, *start, None));
                }
            }
            let mut row = Row::line(LineRole::TableRow, TextStyle::Body, chars);
            row.keep_with_next = k + 1 < height || is_header;
            row.table = Some(TableMark {
                top: k == 0,
                bottom: k + 1 == height,
                columns: columns.clone(),
            });
            out.push(row);
        }
    }
    out
}

/// Distributes rows over pages of 22, keeping chains of `keep_with_next` rows together when they
/// fit on one page, dropping empty rows at the top of a page, and adds the page numbers.
fn paginate(rows: Vec<Row>) -> Vec<PageLayout> {
    // Chains: maximal runs of rows linked by keep_with_next.
    let mut chains: Vec<Vec<Row>> = Vec::new();
    let mut current: Vec<Row> = Vec::new();
    for row in rows {
        let keep = row.keep_with_next;
        current.push(row);
        if !keep {
            chains.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        chains.push(current);
    }

    let mut pages: Vec<Vec<Row>> = vec![Vec::new()];
    for chain in chains {
        let used = pages.last().map_or(0, Vec::len);
        if used > 0 && used + chain.len() > LINES_PER_PAGE && chain.len() <= LINES_PER_PAGE {
            pages.push(Vec::new());
        }
        for row in chain {
            let full = pages.last().is_some_and(|p| p.len() >= LINES_PER_PAGE);
            if full {
                pages.push(Vec::new());
            }
            let Some(page) = pages.last_mut() else {
                continue;
            };
            if page.is_empty() && row.line.is_none() && !row.keep_with_next {
                continue;
            }
            page.push(row);
        }
    }
    if pages.len() > 1 && pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }

    pages
        .into_iter()
        .enumerate()
        .map(|(i, rows)| place_page(i as u32 + 1, rows))
        .collect()
}

fn row_top(row: usize) -> f32 {
    MARGIN_TOP_MM + row as f32 * LINE_PITCH_MM
}

fn place_page(number: u32, rows: Vec<Row>) -> PageLayout {
    let mut lines = Vec::new();
    let mut seal = None;
    let rules = table_rules(&rows);
    for (i, row) in rows.into_iter().enumerate() {
        let Some(line) = row.line else { continue };
        if row.seal_anchor {
            // The name and the date sit just below the seal's centre.
            let centre_x = (line.chars.first().map_or(0.0, |c| c.x_mm)
                + line
                    .chars
                    .last()
                    .map_or(0.0, |c| c.x_mm + char_width_mm(c.ch, line.style)))
                / 2.0;
            seal = Some(SealArea {
                centre_x_mm: centre_x,
                centre_y_mm: row_top(i),
                diameter_mm: SEAL_DIAMETER_MM,
            });
        }
        lines.push(PlacedLine {
            role: line.role,
            style: line.style,
            row: Some(i),
            baseline_mm: row_top(i) + ASCENT * line.style.size_mm(),
            chars: line.chars,
        });
    }
    lines.push(page_number_line(number));
    PageLayout {
        number,
        lines,
        seal,
        rules,
    }
}

/// The rules of the table rows on a page: the cell box of grid row `i` is its row of the grid
/// moved up so that the 16 pt text sits in its middle; a rule above the first and below the last
/// line of every table row (and where a page break cuts a row), and the column boundaries.
fn table_rules(rows: &[Row]) -> Vec<Rule> {
    let offset = (LINE_PITCH_MM - TextStyle::Body.size_mm()) / 2.0;
    let mut rules = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let Some(mark) = &row.table else { continue };
        let top = row_top(i) - offset;
        let bottom = top + LINE_PITCH_MM;
        let (Some(&left), Some(&right)) = (mark.columns.first(), mark.columns.last()) else {
            continue;
        };
        let previous_in_table = i > 0 && rows[i - 1].table.is_some();
        let next_in_table = rows.get(i + 1).is_some_and(|r| r.table.is_some());
        if mark.top || !previous_in_table {
            rules.push(Rule {
                x1_mm: left,
                y1_mm: top,
                x2_mm: right,
                y2_mm: top,
            });
        }
        if mark.bottom || !next_in_table {
            rules.push(Rule {
                x1_mm: left,
                y1_mm: bottom,
                x2_mm: right,
                y2_mm: bottom,
            });
        }
        for &x in mark.columns.iter() {
            rules.push(Rule {
                x1_mm: x,
                y1_mm: top,
                x2_mm: x,
                y2_mm: bottom,
            });
        }
    }
    rules
}

/// `— N —`, 7 mm below the text area, one character in from the outside edge: right on odd
/// pages, left on even pages (GB/T 9704 7.5).
fn page_number_line(number: u32) -> PlacedLine {
    let style = TextStyle::PageNumber;
    let text = templates::page_number(number);
    let em = style.size_mm();
    let width: f32 = text.chars().map(|c| char_width_mm(c, style)).sum();
    let left = if number % 2 == 1 {
        PAGE_WIDTH_MM - MARGIN_RIGHT_MM - em - width
    } else {
        MARGIN_LEFT_MM + em
    };
    // The dashes sit about 0.35 em above the baseline; they are what is 7 mm below the text.
    let baseline = PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM + PAGE_NUMBER_GAP_MM + 0.35 * em;
    PlacedLine {
        role: LineRole::PageNumber,
        style,
        row: None,
        baseline_mm: baseline,
        chars: place_from(&text, style, left),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EPS: f32 = 0.01;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn lines_of(s: &str, first: u32, width: u32) -> Vec<String> {
        let c = chars(s);
        break_lines(&c, first, width)
            .into_iter()
            .map(|r| c[r].iter().collect())
            .collect()
    }

    /// `n` distinct-looking CJK characters.
    fn han(n: usize) -> String {
        "政府信息公开申请答复书本机关收到您提出的"
            .chars()
            .cycle()
            .take(n)
            .collect()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn letter_with_body(paragraphs: Vec<String>) -> Letter {
        Letter {
            title: "某市自然资源局政府信息公开申请答复书".into(),
            doc_number: Some("某自然资信公开〔2026〕12号".into()),
            addressee: Some("张三".into()),
            body: paragraphs.into_iter().map(Paragraph::indented).collect(),
            attachments: Vec::new(),
            signature: Some(Signature {
                agency: "某市自然资源局".into(),
                date: date(2026, 3, 20),
            }),
            contact: None,
            table: None,
            draft: false,
            seal: Seal::HandStamp,
        }
    }

    #[test]
    fn grid_is_28_by_22_in_the_gbt_9704_text_area() {
        assert!((TEXT_WIDTH_MM - 156.0).abs() < EPS);
        assert!((TEXT_HEIGHT_MM - 225.0).abs() < EPS);
        assert!((CELL_MM * 28.0 - 156.0).abs() < EPS);
        assert!((LINE_PITCH_MM * 22.0 - 225.0).abs() < EPS);
    }

    #[test]
    fn full_lines_hold_28_characters_and_the_first_is_indented_by_two() {
        let lines = lines_of(&han(60), 26_000, 28_000);
        assert_eq!(
            lines.iter().map(|l| l.chars().count()).collect::<Vec<_>>(),
            vec![26, 28, 6]
        );
    }

    #[test]
    fn a_comma_that_would_start_a_line_hangs_at_the_end_of_the_previous_one() {
        let text = format!("{}，{}", han(28), han(5));
        let lines = lines_of(&text, 28_000, 28_000);
        assert_eq!(lines[0].chars().count(), 29);
        assert!(lines[0].ends_with('，'));
        assert!(!lines[1].starts_with('，'));
    }

    #[test]
    fn every_mark_of_the_no_start_list_is_kept_off_the_line_start() {
        for mark in [
            '，', '。', '、', '；', '：', '？', '！', '）', '》', '”', '’', '…',
        ] {
            let text = format!("{}{mark}{}", han(28), han(3));
            for line in lines_of(&text, 28_000, 28_000).iter().skip(1) {
                assert!(!line.starts_with(mark), "{mark} starts {line}");
            }
        }
    }

    #[test]
    fn a_run_of_closing_marks_takes_the_previous_character_down_with_it() {
        // `”。` would start line 2: hanging two marks is not allowed, so 的 moves down.
        let text = format!("{}的”。{}", han(27), han(3));
        let lines = lines_of(&text, 28_000, 28_000);
        assert_eq!(lines[0].chars().count(), 27);
        assert!(lines[1].starts_with("的”。"), "{lines:?}");
        // `……` and `——` are never split, wherever they fall.
        for pair in ["……", "——"] {
            for k in 24..30 {
                let text = format!("{}{pair}{}", han(k), han(5));
                let lines = lines_of(&text, 28_000, 28_000);
                assert!(
                    lines.iter().any(|l| l.contains(pair)),
                    "{pair} split at {k}: {lines:?}"
                );
            }
        }
    }

    #[test]
    fn an_opening_mark_never_ends_a_line() {
        for mark in ['（', '《', '“', '‘'] {
            let text = format!("{}{mark}条例》", han(27));
            let lines = lines_of(&text, 28_000, 28_000);
            assert!(!lines[0].ends_with(mark), "{lines:?}");
            assert!(lines[1].starts_with(mark), "{lines:?}");
            assert_eq!(lines[0].chars().count(), 27);
        }
    }

    #[test]
    fn ascii_digits_take_half_a_cell_and_numbers_are_not_split() {
        // 24 characters + 8 digits = 28 cells: one line (digits are half a cell).
        let text = format!("{}12345678", han(24));
        assert_eq!(lines_of(&text, 28_000, 28_000).len(), 1);
        // 25 characters + 8 digits: the number moves down whole.
        let text = format!("{}12345678", han(25));
        let lines = lines_of(&text, 28_000, 28_000);
        assert_eq!(lines, vec![han(25), "12345678".to_owned()]);
        // Codes, telephone numbers and web addresses move down whole.
        let text = format!("{}查询网址：https://example.gov.cn/ysqgk", han(20));
        let lines = lines_of(&text, 28_000, 28_000);
        assert_eq!(lines[1], "https://example.gov.cn/ysqgk", "{lines:?}");
        let text = format!("{}电话0000-1234567", han(22));
        assert_eq!(lines_of(&text, 28_000, 28_000)[1], "0000-1234567");
        // A run longer than a line is broken at the line's end.
        let long = "x".repeat(70);
        assert_eq!(
            lines_of(&long, 28_000, 28_000)
                .iter()
                .map(String::len)
                .collect::<Vec<_>>(),
            vec![52, 18]
        );
        // A date: 2026年3月2日 is 2 + 1 + 0.5 + 1 + 0.5 + 1 = 6 cells.
        assert_eq!(width_of(&chars("2026年3月2日")), 6_000);
        // Latin letters take their own advance: `M` wide, `i` narrow.
        assert!(width_units('M') > width_units('i'));
        assert_eq!(width_units('0'), UNITS_PER_CELL / 2);
    }

    #[test]
    fn spaces_survive_only_between_ascii_words() {
        let s: String = normalise_spaces("  依据 ISO  9001 标准，\t 现予以公开 ")
            .into_iter()
            .collect();
        assert_eq!(s, "依据ISO 9001标准，现予以公开");
    }

    #[test]
    fn long_titles_break_into_balanced_lines() {
        let title = han(30);
        let lines = break_title(&title);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].chars().count(), 15);
        assert_eq!(lines[1].chars().count(), 15);
        assert_eq!(
            break_title("某市自然资源局\n政府信息公开申请答复书").len(),
            2
        );
        assert_eq!(break_title("答复书"), vec!["答复书".to_owned()]);
        // A two-line title breaks before 关于 rather than inside a word.
        assert_eq!(
            break_title("某省某市某区自然资源和规划局关于张三政府信息公开申请的答复书"),
            vec![
                "某省某市某区自然资源和规划局".to_owned(),
                "关于张三政府信息公开申请的答复书".to_owned()
            ]
        );
    }

    #[test]
    fn the_title_is_centred_and_the_doc_number_is_under_it() {
        let doc = layout(&letter_with_body(vec![han(10)]));
        let page = &doc.pages[0];
        let title = page.lines_with(LineRole::Title).next().unwrap();
        assert_eq!(title.row, Some(0));
        assert_eq!(title.style, TextStyle::Title);
        let left_gap = title.left_mm() - MARGIN_LEFT_MM;
        let right_gap = PAGE_WIDTH_MM - MARGIN_RIGHT_MM - title.right_mm();
        assert!(
            (left_gap - right_gap).abs() < EPS,
            "{left_gap} vs {right_gap}"
        );
        let number = page.lines_with(LineRole::DocNumber).next().unwrap();
        assert_eq!(number.row, Some(1));
        assert_eq!(number.text(), "某自然资信公开〔2026〕12号");
        let addressee = page.lines_with(LineRole::Addressee).next().unwrap();
        assert_eq!(
            addressee.row,
            Some(3),
            "one empty row between 字号 and addressee"
        );
        assert_eq!(addressee.text(), "张三：");
        assert!((addressee.left_mm() - MARGIN_LEFT_MM).abs() < EPS);
    }

    #[test]
    fn body_paragraphs_are_indented_two_characters_and_justified() {
        let doc = layout(&letter_with_body(vec![format!("{}12{}", han(40), han(20))]));
        let body: Vec<_> = doc.pages[0].lines_with(LineRole::Body).collect();
        assert!((body[0].left_mm() - (MARGIN_LEFT_MM + 2.0 * CELL_MM)).abs() < EPS);
        assert!((body[1].left_mm() - MARGIN_LEFT_MM).abs() < EPS);
        // The first line is not the last: its right edge is the text area's right edge.
        let right = PAGE_WIDTH_MM - MARGIN_RIGHT_MM;
        assert!(
            (body[0].right_mm() - right).abs() < 0.05,
            "{}",
            body[0].right_mm()
        );
        // Baselines are one line pitch apart.
        assert!((body[1].baseline_mm - body[0].baseline_mm - LINE_PITCH_MM).abs() < EPS);
    }

    #[test]
    fn pages_hold_22_rows_and_carry_page_numbers_on_the_outside_edge() {
        // 40 lines of text: two pages.
        let doc = layout(&letter_with_body(vec![han(28 * 40)]));
        assert!(doc.pages.len() >= 2);
        for page in &doc.pages {
            assert!(page.rows_used() <= LINES_PER_PAGE);
            assert!(page
                .lines
                .iter()
                .filter_map(|l| l.row)
                .all(|r| r < LINES_PER_PAGE));
        }
        assert_eq!(doc.pages[0].rows_used(), 22);
        let first = doc.pages[0]
            .lines_with(LineRole::PageNumber)
            .next()
            .unwrap();
        let second = doc.pages[1]
            .lines_with(LineRole::PageNumber)
            .next()
            .unwrap();
        assert_eq!(first.text(), "— 1 —");
        assert_eq!(second.text(), "— 2 —");
        let em = PAGE_NUMBER_SIZE_PT * MM_PER_PT;
        // Odd page: right, one character in from the text area's right edge.
        assert!((first.right_mm() - (PAGE_WIDTH_MM - MARGIN_RIGHT_MM - em)).abs() < EPS);
        // Even page: left, one character in from the left edge.
        assert!((second.left_mm() - (MARGIN_LEFT_MM + em)).abs() < EPS);
        // Below the text area, inside the bottom margin.
        let text_bottom = PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM;
        assert!(first.baseline_mm > text_bottom + PAGE_NUMBER_GAP_MM);
        assert!(first.baseline_mm < text_bottom + PAGE_NUMBER_GAP_MM + em);
        // Every line of the text area is inside it.
        for page in &doc.pages {
            for line in page.lines.iter().filter(|l| l.row.is_some()) {
                assert!(line.baseline_mm > MARGIN_TOP_MM && line.baseline_mm < text_bottom);
            }
        }
    }

    #[test]
    fn the_signature_block_is_right_aligned_with_the_seal_over_it() {
        let doc = layout(&letter_with_body(vec![han(30)]));
        let page = &doc.pages[0];
        let last_body = page.lines_with(LineRole::Body).last().unwrap().row.unwrap();
        let agency = page.lines_with(LineRole::SignatureAgency).next().unwrap();
        let date_line = page.lines_with(LineRole::SignatureDate).next().unwrap();
        assert_eq!(agency.row, Some(last_body + 3));
        assert_eq!(date_line.row, Some(last_body + 4));
        assert_eq!(date_line.text(), "2026年3月20日");
        // Four empty cells right of the date.
        let right = PAGE_WIDTH_MM - MARGIN_RIGHT_MM;
        assert!((right - date_line.right_mm() - 4.0 * CELL_MM).abs() < EPS);
        // The agency is centred over the date.
        let centre = |l: &PlacedLine| (l.left_mm() + l.right_mm()) / 2.0;
        assert!((centre(agency) - centre(date_line)).abs() < CELL_MM / 2.0 + EPS);
        // The seal: centred on them, its top within one line below the text.
        let seal = page.seal.unwrap();
        assert!((seal.centre_x_mm - centre(agency)).abs() < EPS);
        let seal_top = seal.centre_y_mm - seal.diameter_mm / 2.0;
        let text_bottom = row_top(last_body + 1);
        assert!(
            seal_top > text_bottom - 1.0 && seal_top < text_bottom + LINE_PITCH_MM,
            "{seal_top}"
        );
        // Name and date sit at or below the seal's centre.
        assert!(agency.baseline_mm > seal.centre_y_mm);
        // The seal ends inside the right margin area no further than the text area's edge.
        assert!(seal.centre_x_mm + seal.diameter_mm / 2.0 <= right + EPS);
    }

    #[test]
    fn the_signature_never_stands_alone_on_a_page() {
        // Title, 字号, empty row, addressee = 4 rows; 17 body rows leave 1 row: not enough for the
        // 4-row signature block, so it moves to page 2 with the last two lines of text.
        let body = han(26 + 28 * 16);
        let doc = layout(&letter_with_body(vec![body]));
        assert_eq!(doc.pages.len(), 2);
        let page2 = &doc.pages[1];
        assert_eq!(page2.lines_with(LineRole::Body).count(), 2);
        assert!(page2.seal.is_some());
        assert!(doc.pages[0].seal.is_none());
        assert_eq!(page2.lines[0].row, Some(0));
    }

    #[test]
    fn attachments_hang_under_the_first_character_of_their_name() {
        let mut letter = letter_with_body(vec![han(10)]);
        letter.attachments = vec![han(40), "征地批复文件".into()];
        let doc = layout(&letter);
        let lines: Vec<_> = doc.pages[0].lines_with(LineRole::Attachment).collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].text().starts_with("附件：1.政"));
        assert!((lines[0].left_mm() - (MARGIN_LEFT_MM + 2.0 * CELL_MM)).abs() < EPS);
        // `附件：` is 3 cells, `1.` 0.78 cells: continuation starts 5.78 cells in.
        assert!((lines[1].left_mm() - (MARGIN_LEFT_MM + (5.0 + 0.78) * CELL_MM)).abs() < EPS);
        assert!(lines[2].text().starts_with("2.征地"));
        assert!((lines[2].left_mm() - (MARGIN_LEFT_MM + 5.0 * CELL_MM)).abs() < EPS);
        let body_last = doc.pages[0]
            .lines_with(LineRole::Body)
            .last()
            .unwrap()
            .row
            .unwrap();
        assert_eq!(
            lines[0].row,
            Some(body_last + 2),
            "one empty row before 附件"
        );
    }

    #[test]
    fn the_contact_note_follows_the_date() {
        let mut letter = letter_with_body(vec![han(10)]);
        letter.contact = Some("联系人：李四，联系电话：0000-1234567".into());
        let doc = layout(&letter);
        let date_row = doc.pages[0]
            .lines_with(LineRole::SignatureDate)
            .next()
            .unwrap()
            .row
            .unwrap();
        let contact = doc.pages[0].lines_with(LineRole::Contact).next().unwrap();
        assert_eq!(contact.row, Some(date_row + 1));
        assert_eq!(contact.text(), "（联系人：李四，联系电话：0000-1234567）");
    }

    #[test]
    fn no_line_of_a_long_letter_breaks_the_rules() {
        let para = "本机关于2026年3月2日收到您提出的政府信息公开申请，申请获取“某地块2025年的征地批复文件”。\
                    经检索，本机关保存有您申请获取的信息（共3页），根据《中华人民共和国政府信息公开条例》\
                    第三十六条第（二）项的规定……现予以公开。";
        let doc = layout(&letter_with_body(vec![para.repeat(6)]));
        for page in &doc.pages {
            for line in page.lines_with(LineRole::Body) {
                let t = line.text();
                let first = t.chars().next().unwrap();
                let last = t.chars().last().unwrap();
                assert!(!no_start(first), "line starts with {first}: {t}");
                assert!(!no_end(last), "line ends with {last}: {t}");
                // At most one hanging mark beyond 28 cells.
                assert!(
                    line.right_mm() <= PAGE_WIDTH_MM - MARGIN_RIGHT_MM + CELL_MM + EPS,
                    "{t}"
                );
            }
        }
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Text drawn from Chinese characters, every mark of both 禁则 lists, digits, Latin letters
        /// and the odd space.
        fn text() -> impl Strategy<Value = Vec<char>> {
            let alphabet: Vec<char> =
                "政府信息公开申请答复书，。、；：？！）》”’…（《“‘——0123456789abcXYZ-./ "
                    .chars()
                    .collect();
            proptest::collection::vec(proptest::sample::select(alphabet), 1..200)
        }

        proptest! {
            #[test]
            fn lines_keep_every_character_and_respect_the_rules(chars in text(), indent in 0u32..3) {
                let first = LINE_UNITS - indent * UNITS_PER_CELL;
                let ranges = break_lines(&chars, first, LINE_UNITS);
                // Nothing but spaces at the breaks is lost, and the order is kept.
                let joined: String = ranges.iter().flat_map(|r| chars[r.clone()].iter()).collect();
                let original: String = chars.iter().collect();
                prop_assert_eq!(joined.replace(' ', ""), original.replace(' ', ""));
                for (i, r) in ranges.iter().enumerate() {
                    let line = &chars[r.clone()];
                    prop_assert!(!line.is_empty());
                    let cap = if i == 0 { first } else { LINE_UNITS };
                    // At most one hanging mark beyond the line.
                    let mut body = line;
                    if no_start(body[body.len() - 1]) {
                        body = &body[..body.len() - 1];
                    }
                    while body.last() == Some(&' ') {
                        body = &body[..body.len() - 1];
                    }
                    let width = width_of(body);
                    prop_assert!(width <= cap, "line {} too wide: {:?}", i, line);
                    // 禁则, wherever the text leaves a choice (a line of marks only does not).
                    let all_marks = line.iter().all(|&c| no_start(c) || no_end(c));
                    if i > 0 && !all_marks {
                        prop_assert!(!no_start(line[0]), "line {} starts with {}", i, line[0]);
                    }
                    if i + 1 < ranges.len() && !all_marks {
                        prop_assert!(!no_end(line[line.len() - 1]), "line {} ends with {}", i, line[line.len() - 1]);
                    }
                }
            }

            #[test]
            fn pages_are_full_grids_in_order_and_the_signature_keeps_company(
                paragraphs in proptest::collection::vec(1usize..120, 0..12),
                attachments in 0usize..3,
                contact in proptest::bool::ANY,
            ) {
                let letter = Letter {
                    title: "某市自然资源局政府信息公开申请答复书".into(),
                    doc_number: Some("某自然资信公开〔2026〕12号".into()),
                    addressee: Some("张三".into()),
                    body: paragraphs.iter().map(|&n| Paragraph::indented(han(n))).collect(),
                    attachments: (0..attachments).map(|i| format!("附件名称{i}")).collect(),
                    signature: Some(Signature { agency: "某市自然资源局".into(), date: date(2026, 3, 20) }),
                    contact: contact.then(|| "联系人：李四".to_owned()),
                    table: None,
                    draft: false,
                    seal: Seal::HandStamp,
                };
                let doc = layout(&letter);
                let mut body_chars = 0;
                for (i, page) in doc.pages.iter().enumerate() {
                    prop_assert_eq!(page.number as usize, i + 1);
                    let rows: Vec<usize> = page.lines.iter().filter_map(|l| l.row).collect();
                    prop_assert!(rows.windows(2).all(|w| w[0] < w[1]), "rows out of order");
                    prop_assert!(rows.iter().all(|&r| r < LINES_PER_PAGE));
                    prop_assert_eq!(page.lines_with(LineRole::PageNumber).count(), 1);
                    body_chars += page.lines_with(LineRole::Body).map(|l| l.chars.len()).sum::<usize>();
                }
                // Every character of the body is set, once.
                prop_assert_eq!(body_chars, paragraphs.iter().sum::<usize>());
                // The signature is on the last page, with text above it and the seal over it.
                let last = doc.pages.last().unwrap();
                let agency_row = last.lines_with(LineRole::SignatureAgency).next().unwrap().row.unwrap();
                prop_assert!(agency_row >= 3, "signature without text above it");
                prop_assert!(
                    last.lines.iter().any(|l| l.row == Some(agency_row - 3)),
                    "no text right above the two empty rows of the signature"
                );
                prop_assert!(last.seal.is_some());
                prop_assert_eq!(doc.pages.iter().filter(|p| p.seal.is_some()).count(), 1);
                // An attachment note takes body text with it to the signature's page.
                if attachments > 0 && !paragraphs.is_empty() {
                    prop_assert!(
                        last.lines_with(LineRole::Body).next().is_some(),
                        "the attachment note and the signature stand without body text"
                    );
                }
            }
        }
    }
}
