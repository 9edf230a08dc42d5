//! Moving in from the office's Excel ledger (依申请公开台账): each row becomes a case with its history —
//! a `Registered` event decided by the domain like any registration (R-APP-2: the receipt date is
//! the ledger's 收到日期), then an `Imported` event with the ledger's reply date and outcome. Imported
//! cases count in the annual report like any other (R-REP-1).
//!
//! Three steps, so nothing is ever half-imported: [`read_ledger`] reads the sheet, [`plan`] checks
//! every row and lists the broken ones by row number with the reason (a dry run stops here), and
//! [`Services::import_ledger`] writes every good row in one transaction.
//!
//! Importing the same ledger twice must not make every case twice: [`check_duplicates`] marks a row
//! whose 收到日期, 申请人 and 申请内容 match a case already in the database (imported or registered at
//! the desk), or an earlier row of the same sheet, naming the earlier case and import. The key is
//! the row's content, not the file's bytes, so a ledger re-saved by Excel or extended with new rows
//! is still recognised. `--allow-duplicate` imports such rows anyway; the transaction checks again,
//! so two imports racing each other cannot both write the same rows.
use std::collections::BTreeMap;
use std::path::Path;

use calamine::{Data, Reader};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use disclosure_core::actor::{Actor, Role};
use disclosure_core::applicant::{Applicant, ApplicantKind};
use disclosure_core::case::{
    decide, Application, Case, Command, DeliveryMethod, Event, ImportedReply, ProvisionForm,
};
use disclosure_core::outcome::{
    DisclosureBasis, NotProcessedGround, OtherGround, Outcome, UnavailableGround, WithholdGround,
};
use disclosure_core::receipt::ReceiptFacts;
use disclosure_store::cases as store_cases;
use disclosure_store::model::NewApplicant;
use serde::Deserialize;

use crate::records::{projection, to_new_event};
use crate::{ServiceError, Services};

/// The recorder of imported events: a clerk's role (registration is the clerk's, R-FLOW-2), named
/// so that the record shows the case was taken over, not registered by a person in the system.
pub const IMPORT_ACTOR_ID: &str = "ledger-import";
/// How the import is named in the record (shown on the timeline).
pub const IMPORT_ACTOR_NAME: &str = "台账导入";

/// The ledger's columns, by their header text. The defaults are the usual headings; an office
/// whose ledger says e.g. 收文日期 instead of 收到日期 gives a mapping file (`[columns]`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LedgerColumns {
    pub received: String,
    pub applicant: String,
    pub applicant_kind: String,
    pub description: String,
    pub replied_on: String,
    pub reply_kind: String,
    pub handler: String,
    pub note: String,
    /// The applicant's postal address, optional: with it the reply goes by post, without it the
    /// applicant collects it (自行领取) — the 送达回证 of a postal reply needs the address.
    pub address: String,
}

impl Default for LedgerColumns {
    fn default() -> Self {
        Self {
            received: "收到日期".into(),
            applicant: "申请人".into(),
            applicant_kind: "申请人类型".into(),
            description: "申请内容".into(),
            replied_on: "答复日期".into(),
            reply_kind: "答复类型".into(),
            handler: "承办人".into(),
            note: "备注".into(),
            address: "通信地址".into(),
        }
    }
}

/// A mapping file: `[columns]` with any of the keys of [`LedgerColumns`], and optionally the sheet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LedgerMapping {
    /// The worksheet's name; default the first sheet.
    pub sheet: Option<String>,
    pub columns: LedgerColumns,
}

/// One cell as the import sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Date(NaiveDate),
    Number(f64),
}

/// A worksheet: its rows with their spreadsheet row numbers (1-based, as Excel shows them).
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<(u32, Vec<Cell>)>,
}

/// Why the ledger cannot be imported at all (as opposed to a row that cannot).
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error("cannot read the workbook {path}: {message}")]
    Read { path: String, message: String },
    #[error("the workbook has no sheet {0}")]
    NoSheet(String),
    #[error("no header row with the columns {0} within the first 20 rows")]
    NoHeader(String),
}

/// Reads one worksheet of an `.xlsx` (or `.xls`/`.ods`) file.
pub fn read_ledger(path: &Path, sheet: Option<&str>) -> Result<Sheet, LedgerError> {
    let read_err = |message: String| LedgerError::Read {
        path: path.display().to_string(),
        message,
    };
    let mut wb = calamine::open_workbook_auto(path).map_err(|e| read_err(e.to_string()))?;
    let names = wb.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| LedgerError::NoSheet(s.to_string()))?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| LedgerError::NoSheet("(first)".into()))?,
    };
    let range = wb
        .worksheet_range(&name)
        .map_err(|e| read_err(e.to_string()))?;
    let first_row = range.start().map_or(0, |(r, _)| r);
    let first_col = range.start().map_or(0, |(_, c)| c) as usize;
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, row)| {
            let number = first_row + u32::try_from(i).unwrap_or(u32::MAX - first_row) + 1;
            let mut cells = vec![Cell::Empty; first_col];
            cells.extend(row.iter().map(cell_of));
            (number, cells)
        })
        .collect();
    Ok(Sheet { name, rows })
}

fn cell_of(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) if s.trim().is_empty() => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            Cell::Text(s.trim().to_string())
        }
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) => Cell::Date(t.date()),
            None => Cell::Number(dt.as_f64()),
        },
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// Why a row cannot become a case; shown to the office with the row number, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    Missing(&'static str),
    BadDate {
        column: &'static str,
        value: String,
    },
    UnknownApplicantKind(String),
    UnknownReplyKind(String),
    ReplyDateWithoutKind,
    ReplyKindWithoutDate,
    RepliedBeforeReceived,
    InFuture(&'static str),
    /// The domain refused the registration (e.g. a date the calendar does not cover).
    Refused(String),
    /// The same 收到日期, 申请人 and 申请内容 as a case already in the database.
    AlreadyImported {
        case_number: String,
        earlier: String,
    },
    /// The same 收到日期, 申请人 and 申请内容 as an earlier row of this sheet.
    RepeatedInSheet {
        row: u32,
    },
}

impl RowProblem {
    /// The reason in Chinese (this module's own message catalogue).
    pub fn reason_zh(&self) -> String {
        match self {
            Self::Missing(column) => format!("{column}为空"),
            Self::BadDate { column, value } => {
                format!("{column}「{value}」不是日期（应为 2025-03-04、2025/3/4 或 2025年3月4日）")
            }
            Self::UnknownApplicantKind(v) => format!(
                "申请人类型「{v}」无法识别（应为：自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他）"
            ),
            Self::UnknownReplyKind(v) => format!(
                "答复类型「{v}」无法识别（应为年报表三的办理结果，如：予以公开、部分公开、不予公开-保护第三方合法权益、无法提供-本机关不掌握相关政府信息）"
            ),
            Self::ReplyDateWithoutKind => "有答复日期但答复类型为空".into(),
            Self::ReplyKindWithoutDate => "有答复类型但答复日期为空".into(),
            Self::RepliedBeforeReceived => "答复日期早于收到日期".into(),
            Self::InFuture(column) => format!("{column}晚于今天"),
            Self::Refused(why) => format!("无法登记：{why}"),
            Self::AlreadyImported {
                case_number,
                earlier,
            } => format!(
                "与已有案件{case_number}重复（{earlier}），未再导入；确需重复导入请加 --allow-duplicate"
            ),
            Self::RepeatedInSheet { row } => format!(
                "与本表第{row}行的收到日期、申请人、申请内容相同，未再导入；确需重复导入请加 --allow-duplicate"
            ),
        }
    }
}

/// A row that cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The spreadsheet's row number.
    pub row: u32,
    pub problem: RowProblem,
}

/// A row ready to become a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedCase {
    pub row: u32,
    pub application: Application,
    pub imported: Event,
}

/// The outcome of checking a ledger: what would be imported and what cannot be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    pub cases: Vec<PlannedCase>,
    pub errors: Vec<RowError>,
    /// Rows with nothing in them, skipped silently.
    pub blank_rows: usize,
    /// Set by [`check_duplicates`] with `allow = true`: rows matching existing cases are imported
    /// anyway (the office says they are distinct applications).
    pub allow_duplicates: bool,
}

/// Checks every row of `sheet` for `agency_id`, as of `today`; `source` names the file in the record.
pub fn plan(
    sheet: &Sheet,
    columns: &LedgerColumns,
    agency_id: &str,
    source: &str,
    today: NaiveDate,
) -> Result<ImportPlan, LedgerError> {
    let required = [
        &columns.received,
        &columns.applicant,
        &columns.applicant_kind,
        &columns.description,
    ];
    let header_at = sheet.rows.iter().take(20).position(|(_, cells)| {
        required
            .iter()
            .all(|h| cells.iter().any(|c| header_text(c) == h.as_str()))
    });
    let Some(header_at) = header_at else {
        return Err(LedgerError::NoHeader(
            required
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        ));
    };
    let header = &sheet.rows[header_at].1;
    let index: BTreeMap<&str, usize> = header
        .iter()
        .enumerate()
        .filter_map(|(i, c)| match c {
            Cell::Text(t) => Some((t.as_str(), i)),
            _ => None,
        })
        .collect();
    let col = |name: &String| index.get(name.as_str()).copied();
    let at = Columns {
        received: col(&columns.received),
        applicant: col(&columns.applicant),
        applicant_kind: col(&columns.applicant_kind),
        description: col(&columns.description),
        replied_on: col(&columns.replied_on),
        reply_kind: col(&columns.reply_kind),
        handler: col(&columns.handler),
        note: col(&columns.note),
        address: col(&columns.address),
    };
    let mut out = ImportPlan {
        cases: Vec::new(),
        errors: Vec::new(),
        blank_rows: 0,
        allow_duplicates: false,
    };
    for (number, cells) in &sheet.rows[header_at + 1..] {
        if cells.iter().all(|c| *c == Cell::Empty) {
            out.blank_rows += 1;
            continue;
        }
        match plan_row(
            cells,
            &at,
            agency_id,
            &format!("{source} 第{number}行"),
            today,
        ) {
            Ok((application, imported)) => out.cases.push(PlannedCase {
                row: *number,
                application,
                imported,
            }),
            Err(problem) => out.errors.push(RowError {
                row: *number,
                problem,
            }),
        }
    }
    Ok(out)
}

fn header_text(c: &Cell) -> &str {
    match c {
        Cell::Text(t) => t.as_str(),
        _ => "",
    }
}

struct Columns {
    received: Option<usize>,
    applicant: Option<usize>,
    applicant_kind: Option<usize>,
    description: Option<usize>,
    replied_on: Option<usize>,
    reply_kind: Option<usize>,
    handler: Option<usize>,
    note: Option<usize>,
    address: Option<usize>,
}

fn plan_row(
    cells: &[Cell],
    at: &Columns,
    agency_id: &str,
    source: &str,
    today: NaiveDate,
) -> Result<(Application, Event), RowProblem> {
    let get = |i: Option<usize>| i.and_then(|i| cells.get(i)).unwrap_or(&Cell::Empty);
    let text = |i: Option<usize>| match get(i) {
        Cell::Empty => None,
        Cell::Text(t) => Some(t.clone()),
        Cell::Date(d) => Some(d.to_string()),
        Cell::Number(n) => Some(format_number(*n)),
    };
    let received =
        date_cell(get(at.received), "收到日期")?.ok_or(RowProblem::Missing("收到日期"))?;
    if received > today {
        return Err(RowProblem::InFuture("收到日期"));
    }
    let name = text(at.applicant).ok_or(RowProblem::Missing("申请人"))?;
    let kind_text = text(at.applicant_kind).ok_or(RowProblem::Missing("申请人类型"))?;
    let kind = applicant_kind(&kind_text).ok_or(RowProblem::UnknownApplicantKind(kind_text))?;
    let description = text(at.description).ok_or(RowProblem::Missing("申请内容"))?;
    let address = text(at.address).filter(|a| !a.trim().is_empty());
    let replied_on = date_cell(get(at.replied_on), "答复日期")?;
    let reply_kind = text(at.reply_kind);
    let reply = match (replied_on, reply_kind) {
        (None, None) => None,
        (Some(_), None) => return Err(RowProblem::ReplyDateWithoutKind),
        (None, Some(_)) => return Err(RowProblem::ReplyKindWithoutDate),
        (Some(d), Some(k)) => {
            let outcome = outcome_of(&k).ok_or(RowProblem::UnknownReplyKind(k))?;
            if d < received {
                return Err(RowProblem::RepliedBeforeReceived);
            }
            if d > today {
                return Err(RowProblem::InFuture("答复日期"));
            }
            Some(ImportedReply {
                replied_on: d,
                outcome,
            })
        }
    };
    let application = Application {
        agency_id: agency_id.to_string(),
        applicant: Applicant {
            kind,
            name,
            id_document: None,
            phone: None,
            email: None,
            address: address.clone(),
            contact_person: None,
        },
        description,
        requested_form: ProvisionForm::Paper,
        // A ledger seldom says how the reply went; what it can say is where the applicant lives.
        // Without an address the letter waits at the desk (自行领取), so a case still open can be
        // replied and its 送达回证 issued (R-LET-1).
        delivery: if address.is_some() {
            DeliveryMethod::Post
        } else {
            DeliveryMethod::PickUp
        },
        receipt: ReceiptFacts::InPerson {
            handed_in: received,
        },
        oral: false,
    };
    let imported = Event::Imported {
        source: source.to_string(),
        handler: text(at.handler),
        note: text(at.note),
        reply,
    };
    Ok((application, imported))
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// A date cell: a real date, an Excel serial number, or text in the usual Chinese office forms.
fn date_cell(c: &Cell, column: &'static str) -> Result<Option<NaiveDate>, RowProblem> {
    let bad = |value: String| RowProblem::BadDate { column, value };
    match c {
        Cell::Empty => Ok(None),
        Cell::Date(d) => Ok(Some(*d)),
        Cell::Number(n) => {
            // Excel's day serial (1900 system): day 1 is 1900-01-01, with its phantom 1900-02-29.
            let whole = *n as i64;
            if n.fract() != 0.0 || !(61..=2_958_465).contains(&whole) {
                return Err(bad(format_number(*n)));
            }
            NaiveDate::from_ymd_opt(1899, 12, 30)
                .and_then(|epoch| epoch.checked_add_signed(chrono::TimeDelta::days(whole)))
                .map(Some)
                .ok_or_else(|| bad(format_number(*n)))
        }
        Cell::Text(t) => parse_date_text(t).map(Some).ok_or_else(|| bad(t.clone())),
    }
}

/// `2025-03-04`, `2025/3/4`, `2025.3.4`, `2025年3月4日`, and any of these followed by a time.
pub fn parse_date_text(t: &str) -> Option<NaiveDate> {
    let t = t.trim();
    let t = t.split([' ', 'T']).next().unwrap_or(t);
    let normalised: String = t
        .chars()
        .map(|c| match c {
            '年' | '月' | '/' | '.' => '-',
            '日' => ' ',
            c => c,
        })
        .collect();
    let mut parts = normalised.trim().split('-');
    let y: i32 = parts.next()?.trim().parse().ok()?;
    let m: u32 = parts.next()?.trim().parse().ok()?;
    let d: u32 = parts.next()?.trim().parse().ok()?;
    if parts.next().is_some() || !(1900..=9999).contains(&y) {
        return None;
    }
    NaiveDate::from_ymd_opt(y, m, d)
}

/// 申请人类型 as the annual report's columns name them, with the usual longer and shorter forms.
pub fn applicant_kind(text: &str) -> Option<ApplicantKind> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t
        .trim_start_matches("法人或其他组织")
        .trim_start_matches(['：', ':', '-', '—', '/']);
    Some(match t {
        "自然人" | "个人" | "公民" => ApplicantKind::NaturalPerson,
        "商业企业" | "企业" => ApplicantKind::Business,
        "科研机构" => ApplicantKind::Research,
        "社会公益组织" => ApplicantKind::PublicInterest,
        "法律服务机构" => ApplicantKind::LegalService,
        "其他" | "其他组织" => ApplicantKind::OtherOrganisation,
        _ => return None,
    })
}

/// Every outcome a ledger can name, in the order a name is tried (the first of two outcomes that
/// share a report row wins: 「本机关不掌握」 is imported as "does not exist").
const OUTCOMES: &[Outcome] = &[
    Outcome::Disclosed(DisclosureBasis::Provided),
    Outcome::PartiallyDisclosed,
    Outcome::Withheld(WithholdGround::StateSecret),
    Outcome::Withheld(WithholdGround::ForbiddenByLaw),
    Outcome::Withheld(WithholdGround::Endangers),
    Outcome::Withheld(WithholdGround::ThirdPartyRights),
    Outcome::Withheld(WithholdGround::InternalAffairs),
    Outcome::Withheld(WithholdGround::ProcessInformation),
    Outcome::Withheld(WithholdGround::EnforcementFile),
    Outcome::Withheld(WithholdGround::AdministrativeQuery),
    Outcome::Unavailable(UnavailableGround::DoesNotExist),
    Outcome::Unavailable(UnavailableGround::NeedsCreation),
    Outcome::Unavailable(UnavailableGround::UnclearAfterCorrection),
    Outcome::NotProcessed(NotProcessedGround::Petition),
    Outcome::NotProcessed(NotProcessedGround::Repeated),
    Outcome::NotProcessed(NotProcessedGround::Publication),
    Outcome::NotProcessed(NotProcessedGround::Excessive),
    Outcome::NotProcessed(NotProcessedGround::ConfirmOrReissue),
    Outcome::Other(OtherGround::CorrectionLapsed),
    Outcome::Other(OtherGround::FeeLapsed),
    Outcome::Other(OtherGround::Other),
];

/// A row label without its numbering and notes: 「（三）不予公开」 → 不予公开, 「4.保护第三方合法权益」
/// → 保护第三方合法权益, 「（二）部分公开（区分处理的…）」 → 部分公开.
fn bare(label: &str) -> String {
    let s = label
        .trim_start_matches(|c: char| "（）一二三四五六七".contains(c))
        .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    let s = s.split('（').next().unwrap_or(s);
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// 答复类型 → outcome: the section alone where it has no grounds (予以公开, 部分公开), else the ground
/// alone or section and ground together (不予公开-保护第三方合法权益, 不予公开：国家秘密 …).
pub fn outcome_of(text: &str) -> Option<Outcome> {
    let t: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !"-—－:：/、·（）()".contains(*c))
        .collect();
    if t.is_empty() {
        return None;
    }
    // Exact first (the full section-and-ground or ground text), then a unique contained ground.
    for o in OUTCOMES {
        let (section, ground) = o.report_row();
        let (section, ground) = (bare(section), bare(ground));
        let exact = if ground.is_empty() {
            t == section
        } else {
            t == ground || t == format!("{section}{ground}")
        };
        if exact {
            return Some(*o);
        }
    }
    let mut found = OUTCOMES.iter().filter(|o| {
        let (section, ground) = o.report_row();
        let (section, ground) = (bare(section), bare(ground));
        !ground.is_empty()
            && ground.chars().count() >= 4
            && t.starts_with(&section)
            && ground.contains(t.trim_start_matches(section.as_str()))
            && t.len() > section.len() + 3
    });
    let first = found.next()?;
    match found.next() {
        None => Some(*first),
        Some(_) => None,
    }
}

/// What an import wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// (row number, case number `YYYY-N`) per imported row.
    pub cases: Vec<(u32, String)>,
}

impl Services {
    /// Writes every planned case in one transaction: a failure anywhere writes nothing. Each case is
    /// numbered in the year of its receipt date (the ledger's year), gapless like any other.
    ///
    /// Unless the plan allows duplicates, the rows are checked again inside the transaction against
    /// the cases then in the database: a row that became a duplicate since the plan was checked (a
    /// second import running at the same time) refuses the whole import.
    pub fn import_ledger(
        &self,
        plan: &ImportPlan,
        now: NaiveDateTime,
    ) -> Result<Imported, ImportError> {
        let cal = self.calendar();
        let cases = self
            .store
            .write(|c| -> Result<Vec<(u32, String)>, ImportError> {
                if !plan.allow_duplicates {
                    let mut agencies: Vec<&str> = plan
                        .cases
                        .iter()
                        .map(|p| p.application.agency_id.as_str())
                        .collect();
                    agencies.sort_unstable();
                    agencies.dedup();
                    let mut clashes = Vec::new();
                    for agency in agencies {
                        let existing = existing_keys(c, agency)?;
                        clashes.extend(
                            plan.cases
                                .iter()
                                .filter(|p| p.application.agency_id == agency)
                                .filter_map(|p| {
                                    existing.get(&row_key_of(p)).map(|e| RowError {
                                        row: p.row,
                                        problem: e.problem(),
                                    })
                                }),
                        );
                    }
                    if !clashes.is_empty() {
                        clashes.sort_by_key(|e| e.row);
                        return Err(ImportError::Duplicates(clashes));
                    }
                }
                let mut out = Vec::with_capacity(plan.cases.len());
                for planned in &plan.cases {
                    let agency_id = planned.application.agency_id.clone();
                    let actor = Actor::Staff {
                        user_id: IMPORT_ACTOR_ID.into(),
                        name: IMPORT_ACTOR_NAME.into(),
                        role: Role::Clerk,
                        agency_id: agency_id.clone(),
                    };
                    let mut events = decide(
                        &Case::default(),
                        Command::Register {
                            application: planned.application.clone(),
                        },
                        &actor,
                        now,
                        &cal,
                    )
                    .map_err(ServiceError::from)?;
                    events.push(planned.imported.clone());
                    let case = Case::from_events(&events);
                    let proj = projection(&case, &cal)?;
                    let new_events = events
                        .iter()
                        .map(|e| to_new_event(e, &actor, now))
                        .collect::<Result<Vec<_>, _>>()?;
                    let [first, rest @ ..] = new_events.as_slice() else {
                        return Err(
                            ServiceError::Corrupt("registration produced no event".into()).into(),
                        );
                    };
                    let applicant = NewApplicant {
                        kind: serde_json::to_value(planned.application.applicant.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        name: planned.application.applicant.name.clone(),
                        id_doc_type: None,
                        id_doc_number: None,
                        phone: None,
                        email: None,
                        address: None,
                    };
                    let year = proj.receipt_date.year();
                    let reg =
                        store_cases::register(c, &agency_id, year, Some(&applicant), &proj, first)
                            .map_err(ServiceError::from)?;
                    store_cases::append(c, &reg.case_id, 1, rest, &proj, now)
                        .map_err(ServiceError::from)?;
                    out.push((
                        planned.row,
                        format!("{}-{}", reg.number_year, reg.number_seq),
                    ));
                }
                Ok(out)
            })?;
        Ok(Imported { cases })
    }
}

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// Rows that are already cases (found inside the transaction): nothing was written.
    #[error("{} row(s) are already cases in the database ({}); nothing was written", .0.len(), describe_rows(.0))]
    Duplicates(Vec<RowError>),
}

impl From<disclosure_store::StoreError> for ImportError {
    fn from(e: disclosure_store::StoreError) -> Self {
        Self::Service(e.into())
    }
}

fn describe_rows(rows: &[RowError]) -> String {
    rows.iter()
        .map(|e| format!("第{}行: {}", e.row, e.problem.reason_zh()))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What identifies an application in a ledger: receipt date, applicant and request, with runs of
/// white space made one (a re-typed cell often differs only there).
fn row_key(received: NaiveDate, applicant: &str, description: &str) -> String {
    let squeeze = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    format!(
        "{received}\u{1f}{}\u{1f}{}",
        squeeze(applicant),
        squeeze(description)
    )
}

fn row_key_of(p: &PlannedCase) -> String {
    let received = match p.application.receipt {
        ReceiptFacts::InPerson { handed_in } => handed_in,
        _ => NaiveDate::MIN,
    };
    row_key(
        received,
        &p.application.applicant.name,
        &p.application.description,
    )
}

/// A case already in the database that a ledger row may repeat.
#[derive(Debug, Clone)]
struct Existing {
    case_number: String,
    /// 「台账.xlsx 第5行，2026年11月23日15:02导入」 or 「2025年3月4日收到，系统内登记」.
    earlier: String,
}

impl Existing {
    fn problem(&self) -> RowProblem {
        RowProblem::AlreadyImported {
            case_number: self.case_number.clone(),
            earlier: self.earlier.clone(),
        }
    }
}

/// The key of every case of `agency_id`, with how it came in.
fn existing_keys(
    c: &mut disclosure_store::AnyConnection,
    agency_id: &str,
) -> Result<BTreeMap<String, Existing>, ServiceError> {
    let mut out = BTreeMap::new();
    for (row, events) in disclosure_store::reports::agency_cases_with_events(c, Some(agency_id))? {
        let mut application = None;
        let mut imported = None;
        for stored in &events {
            match crate::records::to_event(stored)? {
                Event::Registered { application: a, .. } => application = Some(a),
                Event::Imported { source, .. } => imported = Some((source, stored.recorded_at)),
                _ => {}
            }
        }
        let Some(a) = application else { continue };
        let case_number = disclosure_core::values::CaseNumber::new(
            row.number_year,
            u32::try_from(row.number_seq).unwrap_or(0),
        )
        .to_string();
        let earlier = match imported {
            Some((source, at)) => format!("{source}，{}导入", at.format("%Y年%-m月%-d日%H:%M")),
            None => format!(
                "{}收到，系统内登记",
                disclosure_core::clock::date_zh(row.receipt_date)
            ),
        };
        out.entry(row_key(row.receipt_date, &a.applicant.name, &a.description))
            .or_insert(Existing {
                case_number,
                earlier,
            });
    }
    Ok(out)
}

/// Marks the rows that repeat a case already in the database, or an earlier row of the same sheet,
/// and moves them from `cases` to `errors` — unless `allow` (`--allow-duplicate`), when they stay
/// and the plan is marked so the transaction does not refuse them either.
pub fn check_duplicates(
    plan: &mut ImportPlan,
    services: &Services,
    allow: bool,
) -> Result<(), ServiceError> {
    plan.allow_duplicates = allow;
    if allow {
        return Ok(());
    }
    let mut by_agency: BTreeMap<String, BTreeMap<String, Existing>> = BTreeMap::new();
    let mut seen: BTreeMap<(String, String), u32> = BTreeMap::new();
    let mut kept = Vec::with_capacity(plan.cases.len());
    for planned in plan.cases.drain(..) {
        let agency = planned.application.agency_id.clone();
        if !by_agency.contains_key(&agency) {
            let keys = services.store.read(|c| Ok(existing_keys(c, &agency)))??;
            by_agency.insert(agency.clone(), keys);
        }
        let key = row_key_of(&planned);
        let problem = match by_agency.get(&agency).and_then(|m| m.get(&key)) {
            Some(e) => Some(e.problem()),
            None => seen
                .get(&(agency.clone(), key.clone()))
                .map(|row| RowProblem::RepeatedInSheet { row: *row }),
        };
        match problem {
            Some(problem) => plan.errors.push(RowError {
                row: planned.row,
                problem,
            }),
            None => {
                seen.insert((agency, key), planned.row);
                kept.push(planned);
            }
        }
    }
    plan.cases = kept;
    plan.errors.sort_by_key(|e| e.row);
    Ok(())
}

/// Checks the rows against the domain too (a dry run must find what the real run would refuse):
/// rows whose registration the domain refuses move from `cases` to `errors`.
pub fn check_with_domain(plan: &mut ImportPlan, services: &Services, now: NaiveDateTime) {
    let cal = services.calendar();
    let mut kept = Vec::with_capacity(plan.cases.len());
    for planned in plan.cases.drain(..) {
        let actor = Actor::Staff {
            user_id: IMPORT_ACTOR_ID.into(),
            name: IMPORT_ACTOR_NAME.into(),
            role: Role::Clerk,
            agency_id: planned.application.agency_id.clone(),
        };
        let decided = decide(
            &Case::default(),
            Command::Register {
                application: planned.application.clone(),
            },
            &actor,
            now,
            &cal,
        );
        match decided {
            Ok(_) => kept.push(planned),
            Err(e) => plan.errors.push(RowError {
                row: planned.row,
                problem: RowProblem::Refused(e.to_string()),
            }),
        }
    }
    plan.cases = kept;
    plan.errors.sort_by_key(|e| e.row);
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_the_usual_office_forms() {
        assert_eq!(parse_date_text("2025-03-04"), Some(d(2025, 3, 4)));
        assert_eq!(parse_date_text("2025/3/4"), Some(d(2025, 3, 4)));
        assert_eq!(parse_date_text("2025.3.4"), Some(d(2025, 3, 4)));
        assert_eq!(parse_date_text("2025年3月4日"), Some(d(2025, 3, 4)));
        assert_eq!(parse_date_text("2025-03-04 10:30:00"), Some(d(2025, 3, 4)));
        assert_eq!(parse_date_text("2025-02-30"), None);
        assert_eq!(parse_date_text("三月四日"), None);
        assert_eq!(parse_date_text("25-3-4"), None);
        // Excel serial 45720 is 2025-03-04 (45658 is 2025-01-01; +62 days).
        assert_eq!(
            date_cell(&Cell::Number(45720.0), "收到日期"),
            Ok(Some(d(2025, 3, 4)))
        );
    }

    #[test]
    fn r_rep_1_reply_kinds_map_to_the_rows_of_table_three() {
        use Outcome as O;
        assert_eq!(
            outcome_of("予以公开"),
            Some(O::Disclosed(DisclosureBasis::Provided))
        );
        assert_eq!(outcome_of("部分公开"), Some(O::PartiallyDisclosed));
        assert_eq!(
            outcome_of("不予公开-保护第三方合法权益"),
            Some(O::Withheld(WithholdGround::ThirdPartyRights))
        );
        assert_eq!(
            outcome_of("属于国家秘密"),
            Some(O::Withheld(WithholdGround::StateSecret))
        );
        assert_eq!(
            outcome_of("不予公开：属于国家秘密"),
            Some(O::Withheld(WithholdGround::StateSecret))
        );
        assert_eq!(
            outcome_of("无法提供/本机关不掌握相关政府信息"),
            Some(O::Unavailable(UnavailableGround::DoesNotExist))
        );
        assert_eq!(
            outcome_of("不予处理-重复申请"),
            Some(O::NotProcessed(NotProcessedGround::Repeated))
        );
        assert_eq!(
            outcome_of("其他处理-其他"),
            Some(O::Other(OtherGround::Other))
        );
        // A section with grounds needs its ground; nonsense is refused.
        assert_eq!(outcome_of("不予公开"), None);
        assert_eq!(outcome_of("已办结"), None);
        assert_eq!(outcome_of(""), None);
    }

    #[test]
    fn applicant_kinds_by_their_report_column() {
        assert_eq!(applicant_kind("自然人"), Some(ApplicantKind::NaturalPerson));
        assert_eq!(
            applicant_kind("法人或其他组织：商业企业"),
            Some(ApplicantKind::Business)
        );
        assert_eq!(applicant_kind("科研机构"), Some(ApplicantKind::Research));
        assert_eq!(applicant_kind("外星人"), None);
    }
}
