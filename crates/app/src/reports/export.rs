//! The reports as files: text for the terminal, CSV, JSON, and XLSX laid out like the official
//! tables of 国办公开办函〔2021〕30号. Every Chinese label of the exports is in this file.
use std::fmt::Write as _;

use disclosure_core::applicant::ApplicantKind;
use disclosure_core::clock::PauseReason;
use disclosure_core::report::compliance::{ComplianceReport, Figures, Handler};
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{AnnualFigures, ReportError, Table3Row};

/// Title of table 三.
pub const TABLE3_TITLE: &str = "三、收到和处理政府信息公开申请情况";
/// Title of table 四.
pub const TABLE4_TITLE: &str = "四、政府信息公开行政复议、行政诉讼情况";
/// The note in the corner of table 三.
pub const TABLE3_NOTE: &str = "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和";
pub const APPLICANTS: &str = "申请人情况";
pub const ORGANISATIONS: &str = "法人或其他组织";
pub const TOTAL: &str = "总计";
/// Table 四's blocks and the results of each.
pub const RECONSIDERATION: &str = "行政复议";
pub const LITIGATION: &str = "行政诉讼";
pub const LITIGATION_KINDS: [&str; 2] = ["未经复议直接起诉", "复议后起诉"];
pub const RESULTS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The seven column labels of table 三, left to right.
pub fn table3_columns() -> [&'static str; 7] {
    let k = ApplicantKind::ALL.map(|k| k.label_zh());
    [k[0], k[1], k[2], k[3], k[4], k[5], TOTAL]
}

/// The 15 column labels of table 四 flattened (`行政复议/结果维持`, …), for CSV and text.
pub fn table4_columns() -> Vec<String> {
    let mut out = Vec::with_capacity(15);
    for block in [
        RECONSIDERATION.to_string(),
        format!("{LITIGATION}/{}", LITIGATION_KINDS[0]),
        format!("{LITIGATION}/{}", LITIGATION_KINDS[1]),
    ] {
        for r in RESULTS {
            out.push(format!("{block}/{r}"));
        }
    }
    out
}

/// One row of table 三 as the official form draws it: the section cell 「三、本年度办理结果」 and the
/// headings with sub-rows (（三）…（六）) are tall cells beside their rows, and carry no numbers of
/// their own there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfficialRow {
    /// On the first row of the section: its label and how many rows it spans.
    pub section: Option<(String, usize)>,
    /// On the first sub-row of a heading: the heading's label and how many rows it spans.
    pub heading: Option<(String, usize)>,
    pub label: String,
    /// How many of the three label columns the label spans (3 for 一、二、四; 2 for a heading
    /// without sub-rows; 1 for a sub-row).
    pub label_cols: u8,
    pub counts: [u64; 7],
}

/// Lays table 三's rows out as the official form does.
pub fn official_rows(rows: &[Table3Row]) -> Vec<OfficialRow> {
    let mut out: Vec<OfficialRow> = Vec::new();
    let mut section: Option<(String, usize)> = None; // (label, index of its first row in out)
    let mut heading: Option<String> = None;
    for (i, r) in rows.iter().enumerate() {
        let next_level = rows.get(i + 1).map(|n| n.level);
        match r.level {
            0 if next_level == Some(1) => {
                section = Some((r.label.clone(), out.len()));
            }
            0 => {
                close_section(&mut out, section.take());
                out.push(OfficialRow {
                    section: None,
                    heading: None,
                    label: r.label.clone(),
                    label_cols: 3,
                    counts: r.counts,
                });
            }
            1 if next_level == Some(2) => heading = Some(r.label.clone()),
            1 => out.push(OfficialRow {
                section: None,
                heading: None,
                label: r.label.clone(),
                label_cols: 2,
                counts: r.counts,
            }),
            _ => {
                let span = rows[i..].iter().take_while(|x| x.level >= 2).count();
                out.push(OfficialRow {
                    section: None,
                    heading: heading.take().map(|h| (h, span)),
                    label: r.label.clone(),
                    label_cols: 1,
                    counts: r.counts,
                });
            }
        }
    }
    close_section(&mut out, section);
    out
}

fn close_section(out: &mut [OfficialRow], section: Option<(String, usize)>) {
    if let Some((label, start)) = section {
        let span = out.len() - start;
        if let Some(first) = out.get_mut(start) {
            first.section = Some((label, span));
        }
    }
}

/// Whether row `i` is 「三、本年度办理结果」: a section title with no numbers of its own.
fn is_section(rows: &[Table3Row], i: usize) -> bool {
    rows[i].level == 0 && rows.get(i + 1).is_some_and(|n| n.level == 1)
}

/// Tables 三 and 四 as plain text for the terminal.
pub fn annual_text(f: &AnnualFigures) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{}　{}年度", f.agency_name, f.year);
    let _ = writeln!(s, "{TABLE3_TITLE}");
    let cols = table3_columns();
    let _ = writeln!(s, "{:<40}\t{}", "", cols.join("\t"));
    for (i, r) in f.table3.iter().enumerate() {
        let indent = "  ".repeat(usize::from(r.level));
        let counts: Vec<String> = if is_section(&f.table3, i) {
            vec![]
        } else {
            r.counts.iter().map(u64::to_string).collect()
        };
        let _ = writeln!(s, "{indent}{}\t{}", r.label, counts.join("\t"));
    }
    if f.identity_breaches.is_empty() {
        let _ = writeln!(s, "勾稽关系：第一项＋第二项＝第三项＋第四项，各列均成立");
    } else {
        let _ = writeln!(
            s,
            "勾稽关系不成立，涉及案件：{}",
            f.identity_breaches.join("、")
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "{TABLE4_TITLE}");
    for (label, n) in table4_columns().iter().zip(&f.table4) {
        let _ = writeln!(s, "{label}\t{n}");
    }
    s
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Tables 三 and 四 as CSV: table 三 one line per row (heading rows included), then table 四.
pub fn annual_csv(f: &AnnualFigures) -> String {
    let mut s = String::new();
    let mut header = vec!["表".to_string(), "项目".to_string()];
    header.extend(table3_columns().iter().map(|c| c.to_string()));
    let _ = writeln!(s, "{}", header.join(","));
    for (i, r) in f.table3.iter().enumerate() {
        let counts: Vec<String> = if is_section(&f.table3, i) {
            vec![String::new(); 7]
        } else {
            r.counts.iter().map(u64::to_string).collect()
        };
        let _ = writeln!(s, "三,{},{}", csv_field(&r.label), counts.join(","));
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "表,{}", table4_columns().join(","));
    let nums: Vec<String> = f.table4.iter().map(u64::to_string).collect();
    let _ = writeln!(s, "四,{}", nums.join(","));
    s
}

/// The figures as JSON (what a locked year stores).
pub fn annual_json(f: &AnnualFigures) -> Result<String, ReportError> {
    serde_json::to_string_pretty(f).map_err(|e| ReportError::Export(e.to_string()))
}

fn xlsx_err(e: XlsxError) -> ReportError {
    ReportError::Export(e.to_string())
}

/// Tables 三 (sheet 表三) and 四 (sheet 表四) laid out like the official form: merged header cells,
/// the section and heading labels as tall cells beside their rows.
pub fn annual_xlsx(f: &AnnualFigures) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let label = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap();
    let num = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);

    let ws = wb.add_worksheet();
    ws.set_name("表三").map_err(xlsx_err)?;
    write_table3(ws, f, &title, &head, &label, &num).map_err(xlsx_err)?;
    let ws = wb.add_worksheet();
    ws.set_name("表四").map_err(xlsx_err)?;
    write_table4(ws, f, &title, &head, &num).map_err(xlsx_err)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

fn write_table3(
    ws: &mut Worksheet,
    f: &AnnualFigures,
    title: &Format,
    head: &Format,
    label: &Format,
    num: &Format,
) -> Result<(), XlsxError> {
    ws.set_column_width(0, 14)?;
    ws.set_column_width(1, 14)?;
    ws.set_column_width(2, 40)?;
    for c in 3..10 {
        ws.set_column_width(c, 10)?;
    }
    ws.merge_range(
        0,
        0,
        0,
        9,
        &format!("{}　{}年度　{TABLE3_TITLE}", f.agency_name, f.year),
        title,
    )?;
    ws.merge_range(1, 0, 3, 2, TABLE3_NOTE, head)?;
    ws.merge_range(1, 3, 1, 9, APPLICANTS, head)?;
    let cols = table3_columns();
    ws.merge_range(2, 3, 3, 3, cols[0], head)?;
    ws.merge_range(2, 4, 2, 8, ORGANISATIONS, head)?;
    ws.merge_range(2, 9, 3, 9, cols[6], head)?;
    for (i, c) in cols[1..6].iter().enumerate() {
        ws.write_string_with_format(3, 4 + i as u16, *c, head)?;
    }
    let first = 4u32;
    for (i, r) in official_rows(&f.table3).iter().enumerate() {
        let row = first + i as u32;
        if let Some((s, span)) = &r.section {
            merge_or_write(ws, row, 0, row + *span as u32 - 1, 0, s, label)?;
        }
        if let Some((h, span)) = &r.heading {
            merge_or_write(ws, row, 1, row + *span as u32 - 1, 1, h, label)?;
        }
        let first_col = 3 - u16::from(r.label_cols);
        merge_or_write(ws, row, first_col, row, 2, &r.label, label)?;
        for (c, n) in r.counts.iter().enumerate() {
            ws.write_number_with_format(row, 3 + c as u16, *n as f64, num)?;
        }
    }
    Ok(())
}

fn merge_or_write(
    ws: &mut Worksheet,
    r0: u32,
    c0: u16,
    r1: u32,
    c1: u16,
    text: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    if (r0, c0) == (r1, c1) {
        ws.write_string_with_format(r0, c0, text, fmt)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, text, fmt)?;
    }
    Ok(())
}

fn write_table4(
    ws: &mut Worksheet,
    f: &AnnualFigures,
    title: &Format,
    head: &Format,
    num: &Format,
) -> Result<(), XlsxError> {
    for c in 0..15 {
        ws.set_column_width(c, 10)?;
    }
    ws.merge_range(
        0,
        0,
        0,
        14,
        &format!("{}　{}年度　{TABLE4_TITLE}", f.agency_name, f.year),
        title,
    )?;
    ws.merge_range(1, 0, 1, 4, RECONSIDERATION, head)?;
    ws.merge_range(1, 5, 1, 14, LITIGATION, head)?;
    for (i, r) in RESULTS.iter().enumerate() {
        ws.merge_range(2, i as u16, 3, i as u16, r, head)?;
    }
    ws.merge_range(2, 5, 2, 9, LITIGATION_KINDS[0], head)?;
    ws.merge_range(2, 10, 2, 14, LITIGATION_KINDS[1], head)?;
    for block in 0..2u16 {
        for (i, r) in RESULTS.iter().enumerate() {
            ws.write_string_with_format(3, 5 + block * 5 + i as u16, *r, head)?;
        }
    }
    for (c, n) in f.table4.iter().enumerate() {
        ws.write_number_with_format(4, c as u16, *n as f64, num)?;
    }
    Ok(())
}

/// The compliance columns: (key, Chinese heading).
pub const COMPLIANCE_COLUMNS: [(&str, &str); 14] = [
    ("replied", "答复件数"),
    ("on_time", "按期答复"),
    ("late", "逾期答复"),
    ("late_days", "逾期工作日合计"),
    ("corrections_in_time", "补正告知（7个工作日内）"),
    ("corrections_late", "补正告知（超过7个工作日）"),
    ("extensions", "延期"),
    ("extensions_late", "延期批准晚于原期限"),
    ("pauses", "中止计时次数"),
    ("paused_days", "中止工作日合计"),
    ("overdue", "当前超期未答复"),
    ("overdue_days", "超期工作日合计"),
    ("median_days", "答复用时中位数（工作日）"),
    ("p90_days", "答复用时90%分位（工作日）"),
];

/// The 14 numbers of a figures row, in [`COMPLIANCE_COLUMNS`] order (`None`: no reply to measure).
pub fn compliance_numbers(f: &Figures) -> [Option<u64>; 14] {
    let n = |x: usize| Some(x as u64);
    [
        n(f.replied()),
        n(f.on_time.len()),
        n(f.late.len()),
        Some(f.late.iter().map(|t| u64::from(t.working_days_late)).sum()),
        n(f.corrections_in_time.len()),
        n(f.corrections_late.len()),
        n(f.extensions.len()),
        n(f.extensions_late().count()),
        n(f.pauses.len()),
        Some(u64::from(f.paused_working_days())),
        n(f.overdue.len()),
        Some(f.overdue.iter().map(|o| u64::from(o.working_days)).sum()),
        f.median_days().map(u64::from),
        f.p90_days().map(u64::from),
    ]
}

/// The name of a group of the report.
pub fn handler_label(h: &Handler) -> String {
    match h {
        Handler::Officer { name, .. } => name.clone(),
        Handler::Unassigned => "（未分办）".into(),
    }
}

/// The Chinese name of why a clock stopped.
pub fn pause_label(r: PauseReason) -> &'static str {
    match r {
        PauseReason::ThirdPartyConsultation => "征求第三方意见",
        PauseReason::AgencyConsultation => "征求其他机关意见",
        PauseReason::FeePayment => "等待缴纳信息处理费",
        PauseReason::Other => "其他中止",
    }
}

/// The rows of the compliance table: the agency, then — when departments are known — each department
/// (科室) followed by its officers, indented; otherwise the officers.
pub fn compliance_rows(agency_name: &str, r: &ComplianceReport) -> Vec<(String, Figures)> {
    let mut rows = vec![(format!("{agency_name}（合计）"), r.total.clone())];
    if r.departments.is_empty() {
        rows.extend(
            r.by_handler
                .iter()
                .map(|(h, f)| (handler_label(h), f.clone())),
        );
        return rows;
    }
    for g in r.by_department() {
        rows.push((department_label(g.department.as_deref()), g.total));
        rows.extend(
            g.officers
                .into_iter()
                .map(|(h, f)| (format!("　　{}", handler_label(&h)), f)),
        );
    }
    rows
}

/// How a department heads its rows: `　政务公开科（科室合计）`, or the group without one.
pub fn department_label(department: Option<&str>) -> String {
    match department {
        Some(d) => format!("　{d}（科室合计）"),
        None => "　未设科室（合计）".into(),
    }
}

/// The compliance figures as CSV: one line for the agency, one per officer.
pub fn compliance_csv(agency_name: &str, r: &ComplianceReport) -> String {
    let mut s = String::new();
    let mut header = vec!["机关、科室或承办人".to_string()];
    header.extend(COMPLIANCE_COLUMNS.iter().map(|(_, l)| csv_field(l)));
    let _ = writeln!(s, "{}", header.join(","));
    for (name, f) in compliance_rows(agency_name, r) {
        let nums: Vec<String> = compliance_numbers(&f)
            .iter()
            .map(|n| n.map(|x| x.to_string()).unwrap_or_default())
            .collect();
        let _ = writeln!(s, "{},{}", csv_field(&name), nums.join(","));
    }
    s
}

/// The compliance figures as XLSX: the same table as the CSV, then the lists behind the numbers.
pub fn compliance_xlsx(agency_name: &str, r: &ComplianceReport) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let ws = wb.add_worksheet();
    ws.set_name("期限合规").map_err(xlsx_err)?;
    let write = |ws: &mut Worksheet| -> Result<(), XlsxError> {
        ws.write_string(
            0,
            0,
            format!(
                "{agency_name}　{}至{}　统计日{}",
                r.period.from, r.period.to, r.as_of
            ),
        )?;
        ws.write_string_with_format(1, 0, "机关、科室或承办人", &head)?;
        for (i, (_, l)) in COMPLIANCE_COLUMNS.iter().enumerate() {
            ws.write_string_with_format(1, 1 + i as u16, *l, &head)?;
        }
        for (i, (name, f)) in compliance_rows(agency_name, r).iter().enumerate() {
            let row = 2 + i as u32;
            ws.write_string(row, 0, name)?;
            for (c, n) in compliance_numbers(f).iter().enumerate() {
                if let Some(n) = n {
                    ws.write_number(row, 1 + c as u16, *n as f64)?;
                }
            }
        }
        ws.set_column_width(0, 20)?;
        Ok(())
    };
    write(ws).map_err(xlsx_err)?;
    let ws = wb.add_worksheet();
    ws.set_name("逾期与超期").map_err(xlsx_err)?;
    let write_lists = |ws: &mut Worksheet| -> Result<(), XlsxError> {
        for (c, h) in ["类别", "案件编号", "期限", "日期", "超出工作日"]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(0, c as u16, *h, &head)?;
        }
        let mut row = 1u32;
        let t = &r.total;
        let timed = t
            .late
            .iter()
            .map(|x| ("逾期答复", x))
            .chain(t.corrections_late.iter().map(|x| ("补正告知超期", x)));
        for (kind, x) in timed {
            ws.write_string(row, 0, kind)?;
            ws.write_string(row, 1, &x.case.number)?;
            ws.write_string(row, 2, x.limit.to_string())?;
            ws.write_string(row, 3, x.on.to_string())?;
            ws.write_number(row, 4, f64::from(x.working_days_late))?;
            row += 1;
        }
        for o in &t.overdue {
            ws.write_string(row, 0, "当前超期未答复")?;
            ws.write_string(row, 1, &o.case.number)?;
            ws.write_string(row, 2, o.due.to_string())?;
            ws.write_string(row, 3, r.as_of.to_string())?;
            ws.write_number(row, 4, f64::from(o.working_days))?;
            row += 1;
        }
        Ok(())
    };
    write_lists(ws).map_err(xlsx_err)?;
    wb.save_to_buffer().map_err(xlsx_err)
}

/// The compliance report as text for the terminal: the table, then the cases behind the breaches.
pub fn compliance_text(agency_name: &str, r: &ComplianceReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{agency_name}　期限合规　{}至{}（统计日{}）",
        r.period.from, r.period.to, r.as_of
    );
    for (name, f) in compliance_rows(agency_name, r) {
        let _ = writeln!(s, "\n[{}]", name.trim_start_matches('　'));
        for ((_, label), n) in COMPLIANCE_COLUMNS.iter().zip(compliance_numbers(&f)) {
            let v = n.map(|x| x.to_string()).unwrap_or_else(|| "—".into());
            let _ = writeln!(s, "  {label}：{v}");
        }
    }
    let t = &r.total;
    if !t.late.is_empty() {
        let _ = writeln!(s, "\n逾期答复：");
        for x in &t.late {
            let _ = writeln!(
                s,
                "  {}　期限{}　答复{}　逾期{}个工作日",
                x.case.number, x.limit, x.on, x.working_days_late
            );
        }
    }
    if !t.corrections_late.is_empty() {
        let _ = writeln!(s, "\n补正告知超过7个工作日：");
        for x in &t.corrections_late {
            let _ = writeln!(
                s,
                "  {}　应于{}前告知　实际{}　超出{}个工作日",
                x.case.number, x.limit, x.on, x.working_days_late
            );
        }
    }
    if !t.extensions.is_empty() {
        let _ = writeln!(s, "\n延期：");
        for e in &t.extensions {
            let when = e
                .approved_on
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into());
            let due = e
                .original_due
                .map(|d| d.to_string())
                .unwrap_or_else(|| "—".into());
            let ok = if e.approved_in_time {
                "原期限内批准"
            } else {
                "晚于原期限批准"
            };
            let _ = writeln!(
                s,
                "  {}　{}个工作日　批准人{}　批准日{when}　原期限{due}　{ok}",
                e.case.number, e.days, e.approver
            );
        }
    }
    if !t.pauses.is_empty() {
        let _ = writeln!(s, "\n中止计时：");
        for p in &t.pauses {
            let until = p
                .until
                .map(|d| d.to_string())
                .unwrap_or_else(|| "尚未结束".into());
            let _ = writeln!(
                s,
                "  {}　{}　{}至{until}　{}个工作日",
                p.case.number,
                pause_label(p.reason),
                p.from,
                p.working_days
            );
        }
    }
    if !t.overdue.is_empty() {
        let _ = writeln!(s, "\n当前超期未答复：");
        for o in &t.overdue {
            let _ = writeln!(
                s,
                "  {}　期限{}　已超期{}个工作日",
                o.case.number, o.due, o.working_days
            );
        }
    }
    for (c, e) in &r.errors {
        let _ = writeln!(s, "\n无法计算期限：{}　{e}", c.number);
    }
    s
}

/// Tables 三 and 四 as a PDF in the letters' faces (A4 portrait on the letters' grid; one ruled table
/// with table 四's rows under table 三's), for printing and filing with the published report.
pub fn annual_pdf(
    f: &AnnualFigures,
    fonts: &disclosure_letters::Fonts,
) -> Result<Vec<u8>, ReportError> {
    use disclosure_letters::{Align, Letter, Paragraph, Table};
    let mut letter = Letter::new(format!("{}年度政府信息公开工作年度报告统计表", f.year));
    letter.body = vec![
        Paragraph::flush(format!("填报单位：{}", f.agency_name)),
        Paragraph::flush(format!("统计年度：{}年　计量单位：件", f.year)),
    ];
    if !f.identity_breaches.is_empty() {
        letter.body.push(Paragraph::flush(format!(
            "注意：{TABLE3_NOTE}，本表不成立，涉及：{}。",
            f.identity_breaches.join("、")
        )));
    }
    let blank = || String::new();
    let mut rows: Vec<Vec<String>> = vec![{
        let mut r = vec![TABLE3_TITLE.to_string()];
        r.extend((0..7).map(|_| blank()));
        r
    }];
    for (i, r) in f.table3.iter().enumerate() {
        let indent = "　".repeat(usize::from(r.level));
        let mut row = vec![format!("{indent}{}", r.label)];
        if is_section(&f.table3, i) {
            row.extend((0..7).map(|_| blank()));
        } else {
            row.extend(r.counts.iter().map(u64::to_string));
        }
        rows.push(row);
    }
    rows.push({
        let mut r = vec![TABLE4_TITLE.to_string()];
        r.extend((0..7).map(|_| blank()));
        r
    });
    rows.push({
        let mut r = vec![blank()];
        r.extend(RESULTS.iter().map(|x| (*x).to_string()));
        r.extend([blank(), blank()]);
        r
    });
    let blocks = [
        RECONSIDERATION.to_string(),
        format!("{LITIGATION}（{}）", LITIGATION_KINDS[0]),
        format!("{LITIGATION}（{}）", LITIGATION_KINDS[1]),
    ];
    for (b, name) in blocks.into_iter().enumerate() {
        let mut r = vec![name];
        r.extend(f.table4.iter().skip(b * 5).take(5).map(u64::to_string));
        r.extend([blank(), blank()]);
        rows.push(r);
    }
    let mut header = vec![APPLICANTS.to_string()];
    header.extend(table3_columns().iter().map(|c| (*c).to_string()));
    letter.table = Some(Table {
        widths: vec![14, 2, 2, 2, 2, 2, 2, 2],
        align: std::iter::once(Align::Left)
            .chain(std::iter::repeat_n(Align::Centre, 7))
            .collect(),
        header: Some(header),
        rows,
    });
    disclosure_letters::render(&letter, fonts).map_err(|e| ReportError::Export(e.to_string()))
}
