//! The case file (案卷): one PDF with the 卷内目录 (no., document, 字号, date, pages) followed by
//! every document issued and the registration form — what legal staff print when a case goes to
//! 行政复议 or court.
//!
//! The documents go in as the bytes that were issued and stored, not re-rendered: an issued
//! document never changes (later template or clause changes do not alter it). Their pages are
//! copied into the file with `lopdf`; the index is rendered here and its pages are not counted,
//! so the page numbers of the index are those of the documents in the file (the archival 页号).

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::{required, DocumentError, Element};
use crate::{
    fonts::Fonts,
    layout::{Align, Letter, Paragraph, Table},
    render::render,
    templates::case_file as t,
    LetterError,
};

/// One document of the file, as issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FiledDocument {
    /// 文件题名, e.g. `某市自然资源局政府信息公开申请答复书`.
    pub title: String,
    /// 字号, if it has one.
    pub doc_number: Option<String>,
    /// The document's date.
    pub date: NaiveDate,
    /// The PDF as issued (stored bytes).
    pub pdf: Vec<u8>,
}

/// The file of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFile {
    /// The agency that keeps the file (立卷单位).
    pub agency: String,
    /// The case number.
    pub case_number: String,
    /// The documents in the order of the file (usually by date: registration form, receipt,
    /// notices, reply, delivery receipt).
    pub documents: Vec<FiledDocument>,
}

/// Why a case file could not be put together.
#[derive(Debug, thiserror::Error)]
pub enum CaseFileError {
    /// A formal element of the index is missing (agency, case number, a title, any document).
    #[error(transparent)]
    Document(#[from] DocumentError),
    /// The index could not be rendered.
    #[error(transparent)]
    Letter(#[from] LetterError),
    /// A document's PDF could not be read or the file not written.
    #[error("document {position} ({title}) of the case file: {message}")]
    Pdf {
        /// 1-based position in the file (0: the file itself).
        position: usize,
        /// Its title.
        title: String,
        /// lopdf's message.
        message: String,
    },
}

/// An entry of the 卷内目录 as printed: no., title, 字号, date, pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// 序号.
    pub number: usize,
    /// 文件题名.
    pub title: String,
    /// 字号 (empty when none).
    pub doc_number: String,
    /// The date, `20260302` (8 digits, the archival form).
    pub date: String,
    /// 页号: `3` or `3-4`.
    pub pages: String,
}

/// The 8-digit archival date (DA/T 22: `20260302`).
fn archival_date(d: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", d.year(), d.month(), d.day())
}

/// The entries of the index, with the page ranges the documents take in the file.
pub fn index_entries(file: &CaseFile) -> Result<Vec<IndexEntry>, CaseFileError> {
    let mut next_page = 1usize;
    let mut entries = Vec::new();
    for (i, doc) in file.documents.iter().enumerate() {
        let title = required(&doc.title.replace('\n', ""), Element::Title)?;
        let pages = Document::load_mem(&doc.pdf)
            .map_err(|e| CaseFileError::Pdf {
                position: i + 1,
                title: title.clone(),
                message: e.to_string(),
            })?
            .get_pages()
            .len()
            .max(1);
        let last = next_page + pages - 1;
        entries.push(IndexEntry {
            number: i + 1,
            title,
            doc_number: doc.doc_number.clone().unwrap_or_default(),
            date: archival_date(doc.date),
            pages: if pages == 1 {
                next_page.to_string()
            } else {
                format!("{next_page}-{last}")
            },
        });
        next_page = last + 1;
    }
    Ok(entries)
}

/// The 卷内目录 as a letter (title, the case line, the ruled table).
pub fn index_letter(file: &CaseFile) -> Result<Letter, CaseFileError> {
    let agency = required(&file.agency, Element::Agency)?;
    let case_number = required(&file.case_number, Element::CaseNumber)?;
    if file.documents.is_empty() {
        return Err(DocumentError::Missing {
            element: Element::FiledDocuments,
        }
        .into());
    }
    let rows = index_entries(file)?
        .into_iter()
        .map(|e| vec![e.number.to_string(), e.title, e.doc_number, e.date, e.pages])
        .collect();
    let mut letter = Letter::new(t::INDEX_TITLE);
    letter.body = vec![Paragraph::flush(t::case_line(&agency, &case_number))];
    letter.table = Some(Table {
        widths: vec![3, 9, 8, 5, 3],
        align: vec![
            Align::Centre,
            Align::Left,
            Align::Left,
            Align::Centre,
            Align::Centre,
        ],
        header: Some(t::HEADINGS.iter().map(|h| (*h).to_owned()).collect()),
        rows,
    });
    Ok(letter)
}

/// The case file as one PDF: the index, then every document's pages as issued.
pub fn render_case_file(file: &CaseFile, fonts: &Fonts) -> Result<Vec<u8>, CaseFileError> {
    let index = render(&index_letter(file)?, fonts)?;
    let mut parts = vec![(t::INDEX_TITLE.to_owned(), index)];
    parts.extend(
        file.documents
            .iter()
            .map(|d| (d.title.replace('\n', ""), d.pdf.clone())),
    );
    merge(&parts)
}

/// Keys a page inherits from its page tree when it does not set them (ISO 32000 7.7.3.4).
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Concatenates PDFs: every page of every part in order, under one page tree.
fn merge(parts: &[(String, Vec<u8>)]) -> Result<Vec<u8>, CaseFileError> {
    let mut objects: BTreeMap<ObjectId, Object> = BTreeMap::new();
    let mut pages: Vec<ObjectId> = Vec::new();
    let mut next_id = 1;
    for (position, (title, bytes)) in parts.iter().enumerate() {
        let pdf_error = |e: lopdf::Error| CaseFileError::Pdf {
            position,
            title: title.clone(),
            message: e.to_string(),
        };
        let mut doc = Document::load_mem(bytes).map_err(pdf_error)?;
        doc.renumber_objects_with(next_id);
        next_id = doc.max_id + 1;
        for (_, page_id) in doc.get_pages() {
            // Copy what the page inherits from its old tree, which is dropped.
            let mut inherited = Vec::new();
            if let Ok(page) = doc.get_dictionary(page_id) {
                let mut parent = page.get(b"Parent").and_then(Object::as_reference).ok();
                let mut guard = 0;
                while let Some(pid) = parent.filter(|_| guard < 32) {
                    guard += 1;
                    let Ok(node) = doc.get_dictionary(pid) else {
                        break;
                    };
                    for key in INHERITED {
                        if !page.has(key) && !inherited.iter().any(|(k, _)| *k == key) {
                            if let Ok(v) = node.get(key) {
                                inherited.push((key, v.clone()));
                            }
                        }
                    }
                    parent = node.get(b"Parent").and_then(Object::as_reference).ok();
                }
            }
            if let Ok(page) = doc.get_dictionary_mut(page_id) {
                for (key, value) in inherited {
                    page.set(key, value);
                }
            }
            pages.push(page_id);
        }
        for (id, object) in doc.objects {
            let skip = object.as_dict().is_ok_and(|d| {
                d.get(b"Type")
                    .and_then(Object::as_name)
                    .is_ok_and(|n| n == b"Catalog" || n == b"Pages")
            });
            if !skip {
                objects.insert(id, object);
            }
        }
    }
    let pages_id: ObjectId = (next_id, 0);
    let catalog_id: ObjectId = (next_id + 1, 0);
    for id in &pages {
        if let Some(Object::Dictionary(page)) = objects.get_mut(id) {
            page.set("Parent", pages_id);
        }
    }
    let count = i64::try_from(pages.len()).unwrap_or(i64::MAX);
    let mut tree = Dictionary::new();
    tree.set("Type", Object::Name(b"Pages".to_vec()));
    tree.set(
        "Kids",
        pages
            .iter()
            .map(|&id| Object::Reference(id))
            .collect::<Vec<_>>(),
    );
    tree.set("Count", count);
    let mut catalog = Dictionary::new();
    catalog.set("Type", Object::Name(b"Catalog".to_vec()));
    catalog.set("Pages", pages_id);
    objects.insert(pages_id, Object::Dictionary(tree));
    objects.insert(catalog_id, Object::Dictionary(catalog));

    let mut out = Document::with_version("1.7");
    out.objects = objects;
    out.max_id = next_id + 1;
    out.trailer.set("Root", catalog_id);
    let mut bytes = Vec::new();
    out.save_to(&mut bytes).map_err(|e| CaseFileError::Pdf {
        position: 0,
        title: t::INDEX_TITLE.to_owned(),
        message: e.to_string(),
    })?;
    Ok(bytes)
}
