//! The documents an agency issues (公文), laid out per GB/T 9704 and rendered to A4 PDF.
//!
//! Three layers, each usable on its own:
//!
//! * [`layout`]: a [`Letter`] (title, 字号, addressee, paragraphs, attachments, signature, contact)
//!   becomes pages of positioned lines on the 22 × 28 grid, with the line-breaking rules (禁则),
//!   page numbers and the seal area. Pure; no fonts needed.
//! * [`render()`]: a [`Letter`] becomes the bytes of a PDF, with the [`Fonts`] found through a
//!   [`FontConfig`] and subset into the file.
//! * [`documents`]: the typed documents ([`documents::ReceiptContent`],
//!   [`documents::ReplyLetterContent`]) whose constructors refuse a document that lacks a formal
//!   element (R-LET-1), and turn into a [`Letter`].
//!
//! Every Chinese string lives in [`templates`]. Letters know no database: callers pass finished
//! values in.

pub mod documents;
pub(crate) mod embed;
pub mod fonts;
pub mod layout;
pub(crate) mod render;
pub mod samples;
pub mod templates;

pub use fonts::{FontConfig, FontError, FontFile, FontRole, Fonts};
pub use layout::{
    layout, Align, DocumentLayout, Letter, PageLayout, Paragraph, Rule, Seal, SealImage, Signature,
    Table,
};
pub use render::{render, render_layout};

/// Why a letter could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum LetterError {
    /// No loaded face has a glyph for this character (install the fallback font, or check the input).
    #[error("no font has a glyph for the character {ch} ({codepoint})")]
    UnsupportedCharacter {
        /// The character.
        ch: char,
        /// Its code point, `U+XXXX`.
        codepoint: String,
    },
    /// printpdf reported errors while writing the file.
    #[error("the PDF could not be written: {}", messages.join("; "))]
    Pdf {
        /// printpdf's messages.
        messages: Vec<String>,
    },
}
