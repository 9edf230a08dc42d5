//! Every word of the mails `disclosure` sends, applicants' and staff's alike: one catalogue, so the
//! wording is reviewed in one place. Subjects name the agency and the case number, so a mail is
//! recognisable in any inbox (issue #7).
use chrono::{NaiveDate, NaiveDateTime};
use disclosure_core::clock::date_zh;
use disclosure_core::fee::FeeBasis;

/// What every applicant mail closes with.
fn footer(agency: &str, contact: &str) -> String {
    format!(
        "\n\n本邮件由{agency}政府信息公开申请办理系统自动发送，请勿直接回复。如有疑问，请联系：{contact}。\n{agency}"
    )
}

/// The facts every applicant mail names.
#[derive(Debug, Clone)]
pub struct CaseFacts<'a> {
    pub agency: &'a str,
    pub contact: &'a str,
    pub case_number: &'a str,
    pub applicant: &'a str,
    pub received_on: NaiveDate,
}

/// 答复书 issued (条例 §36; delivery by e-mail as the applicant chose, §29(3)).
pub fn reply_issued(
    f: &CaseFacts<'_>,
    doc_number: &str,
    issued_on: NaiveDate,
    attached: bool,
) -> (String, String) {
    let subject = format!(
        "【{}】政府信息公开申请答复书（申请编号{}）",
        f.agency, f.case_number
    );
    let how = if attached {
        "答复书见本邮件附件（PDF文件）。".to_string()
    } else {
        "请凭申请编号和查询码在本机关政府信息公开申请平台“进度查询”中下载答复书。".to_string()
    };
    let body = format!(
        "{}：\n\n您于{}向{}提出的政府信息公开申请（申请编号{}），本机关已于{}作出答复（{}）。{}\n\n如对答复不服，可以依照答复书所载途径申请行政复议或者提起行政诉讼。{}",
        f.applicant,
        date_zh(f.received_on),
        f.agency,
        f.case_number,
        date_zh(issued_on),
        doc_number,
        how,
        footer(f.agency, f.contact)
    );
    (subject, body)
}

/// Extension approved (R-TIME-4: notice to the applicant).
pub fn extension_approved(
    f: &CaseFacts<'_>,
    days: u32,
    due: Option<NaiveDate>,
) -> (String, String) {
    let subject = format!(
        "【{}】延长答复期限告知（申请编号{}）",
        f.agency, f.case_number
    );
    let until = due.map_or(String::new(), |d| {
        format!("，本机关将于{}前作出答复", date_zh(d))
    });
    let body = format!(
        "{}：\n\n您于{}向{}提出的政府信息公开申请（申请编号{}），因需要延长答复期限，经本机关政府信息公开工作机构负责人同意，依照《中华人民共和国政府信息公开条例》第三十三条第一款，答复期限延长{}个工作日{}。{}",
        f.applicant,
        date_zh(f.received_on),
        f.agency,
        f.case_number,
        days,
        until,
        footer(f.agency, f.contact)
    );
    (subject, body)
}

/// 延迟答复 (R-TIME-8, 条例 §35): the later reply date and why.
pub fn reply_deferred(f: &CaseFacts<'_>, until: NaiveDate, reason: &str) -> (String, String) {
    let subject = format!("【{}】延迟答复告知（申请编号{}）", f.agency, f.case_number);
    let body = format!(
        "{}：\n\n您于{}向{}提出的政府信息公开申请（申请编号{}），申请数量、频次明显超过合理范围，您说明的理由合理，但无法在法定期限内答复。因{}，依照《中华人民共和国政府信息公开条例》第三十五条，本机关确定延迟答复的期限为{}，将在该日前向您作出答复。{}",
        f.applicant,
        date_zh(f.received_on),
        f.agency,
        f.case_number,
        reason.trim_end_matches('。'),
        date_zh(until),
        footer(f.agency, f.contact)
    );
    (subject, body)
}

/// 补正 requested (R-COR-1: once and completely, with a reasonable deadline).
pub fn correction_requested(
    f: &CaseFacts<'_>,
    items: &[String],
    reply_by: NaiveDate,
) -> (String, String) {
    let subject = format!("【{}】补正申请告知（申请编号{}）", f.agency, f.case_number);
    let list: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {}", i + 1, s))
        .collect();
    let body = format!(
        "{}：\n\n您于{}向{}提出的政府信息公开申请（申请编号{}），依照《中华人民共和国政府信息公开条例》第三十条，请就以下内容作出补正：\n{}\n\n请于{}前提交补正材料。答复期限自本机关收到补正后的申请之日起计算；无正当理由逾期不补正的，视为放弃申请，本机关不再处理该申请。{}",
        f.applicant,
        date_zh(f.received_on),
        f.agency,
        f.case_number,
        list.join("\n"),
        date_zh(reply_by),
        footer(f.agency, f.contact)
    );
    (subject, body)
}

fn fee_basis_zh(b: &FeeBasis) -> String {
    match b {
        FeeBasis::PerItem { nth } => format!("按件计收（本自然月内第{nth}件申请）"),
        FeeBasis::PerPage { pages } => format!("按量计收（共{pages}页）"),
    }
}

/// Fee notice (R-FEE-5, R-TIME-9: basis, standard, amount, payment within 20 working days).
pub fn fee_noticed(
    f: &CaseFacts<'_>,
    basis: &FeeBasis,
    amount_yuan: u64,
    pay_by: NaiveDate,
) -> (String, String) {
    let subject = format!(
        "【{}】信息处理费缴纳通知（申请编号{}）",
        f.agency, f.case_number
    );
    let body = format!(
        "{}：\n\n您于{}向{}提出的政府信息公开申请（申请编号{}），依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本机关决定收取信息处理费。\n计收方式：{}\n金额：人民币{}元\n\n请于{}前缴纳；逾期未缴纳的，视为放弃申请，本机关不再处理该申请。缴费方式请联系本机关。{}",
        f.applicant,
        date_zh(f.received_on),
        f.agency,
        f.case_number,
        fee_basis_zh(basis),
        amount_yuan,
        date_zh(pay_by),
        footer(f.agency, f.contact)
    );
    (subject, body)
}

/// The note of an e-mail 送达 as the officer sees it: the server's acceptance, and that acceptance is
/// not by itself the applicant's confirmation (cf. 条例 §31(3) 双方确认 for electronic channels).
pub fn delivery_note(message_id: &str, accepted_at: NaiveDateTime, response: &str) -> String {
    format!(
        "电子邮件于{} {}由收件方邮件服务器接收（{}；Message-ID {}）。服务器接收不等于申请人已确认收到，是否视为送达请按与申请人约定的电子送达方式核实。",
        date_zh(accepted_at.date()),
        accepted_at.format("%H:%M:%S"),
        response,
        message_id
    )
}

/// Who records an automatic e-mail 送达 in the case record.
pub const MAIL_ACTOR_NAME: &str = "邮件发送服务";

/// The section a digest line is listed under, in the order they are shown.
fn section(m: &crate::reminders::Matter) -> (u8, &'static str) {
    use crate::reminders::Matter as M;
    match m {
        M::Overdue { .. } => (0, "已超过答复期限"),
        M::ConsultationLapsed { .. } => (1, "征求意见期限已届满、尚未登记答复"),
        M::FeeLapsed { .. } => (2, "缴费期限已届满、尚未登记缴费"),
        M::DueToday { .. } => (3, "今日到期"),
        M::DueWithin3 { .. } => (4, "3个工作日内到期"),
        M::DueWithin5 { .. } => (5, "5个工作日内到期"),
        M::CorrectionLimit { .. } => (6, "补正告知期限临近（收到申请之日起7个工作日内）"),
        M::ConsultationDue { .. } => (7, "征求意见答复期限临近"),
        M::FeeDue { .. } => (8, "缴费期限临近"),
        M::ExtensionAwaitsApproval { .. } => (9, "延期答复待您审批"),
        M::ReplyAwaitsApproval => (10, "答复待您审批"),
        M::AwaitsAssignment => (11, "待分办"),
        M::CalendarMissing { .. } => (12, "工作日历提醒"),
    }
}

fn left_zh(left: u32) -> String {
    if left == 0 {
        "今日".to_string()
    } else {
        format!("还有{left}个工作日")
    }
}

fn line_zh(l: &crate::reminders::Line) -> String {
    use crate::reminders::Matter as M;
    let case = l
        .case_number
        .as_deref()
        .map_or(String::new(), |n| format!("申请编号{n}："));
    let what = match &l.matter {
        M::Overdue { due } => format!("答复期限为{}，已逾期", date_zh(*due)),
        M::DueToday { due } => format!("答复期限为今日（{}）", date_zh(*due)),
        M::DueWithin3 { due, left } | M::DueWithin5 { due, left } => {
            format!("答复期限为{}（{}）", date_zh(*due), left_zh(*left))
        }
        M::CorrectionLimit { limit, left } => format!(
            "如需补正，应于{}前一次性告知申请人（{}）",
            date_zh(*limit),
            left_zh(*left)
        ),
        M::ConsultationDue { party, ends, left } => format!(
            "征求{party}意见的答复期限为{}（{}）",
            date_zh(*ends),
            left_zh(*left)
        ),
        M::ConsultationLapsed { party, ended } => format!(
            "征求{party}意见的答复期限已于{}届满，请登记答复情况或登记期限届满",
            date_zh(*ended)
        ),
        M::FeeDue { pay_by, left } => format!(
            "申请人应于{}前缴纳信息处理费（{}）",
            date_zh(*pay_by),
            left_zh(*left)
        ),
        M::FeeLapsed { pay_by } => format!(
            "缴费期限已于{}届满，请登记缴费或登记逾期未缴费",
            date_zh(*pay_by)
        ),
        M::ExtensionAwaitsApproval { days } => format!("申请延长答复期限{days}个工作日"),
        M::ReplyAwaitsApproval => "答复书草稿待审批".to_string(),
        M::AwaitsAssignment => "已登记，尚未分办承办人".to_string(),
        M::CalendarMissing { year } => format!(
            "{year}年国务院节假日安排尚未载入系统，跨年的期限暂按周末和法定节日推算（以“暂定”标示）。请在通知发布后载入{year}年日历。"
        ),
    };
    format!("  - {case}{what}")
}

/// A 督办 digest: the subject counts what is most urgent; the body lists every matter by section.
pub fn digest(agency: &str, today: NaiveDate, d: &crate::reminders::Digest) -> (String, String) {
    let mut lines: Vec<&crate::reminders::Line> = d.lines.iter().collect();
    lines.sort_by_key(|l| section(&l.matter).0);
    let overdue = d.lines.iter().filter(|l| l.matter.is_overdue()).count();
    let today_n = d
        .lines
        .iter()
        .filter(|l| matches!(l.matter, crate::reminders::Matter::DueToday { .. }))
        .count();
    let mut counts = Vec::new();
    if overdue > 0 {
        counts.push(format!("逾期{overdue}项"));
    }
    if today_n > 0 {
        counts.push(format!("今日到期{today_n}项"));
    }
    counts.push(format!("共{}项", d.lines.len()));
    let subject = format!(
        "【{agency}】督办提醒（{}）：{}",
        date_zh(today),
        counts.join("，")
    );
    let mut body = format!(
        "{}：\n\n截至{}，以下政府信息公开申请事项需要您办理：\n",
        d.recipient.name,
        date_zh(today)
    );
    let mut current = None;
    for l in lines {
        let (n, title) = section(&l.matter);
        if current != Some(n) {
            body.push_str(&format!("\n【{title}】\n"));
            current = Some(n);
        }
        body.push_str(&line_zh(l));
        body.push('\n');
    }
    body.push_str(&format!(
        "\n期限均按国务院公布的工作日计算。本提醒由{agency}政府信息公开申请办理系统每个工作日自动发送（非工作日仅发送逾期事项）。"
    ));
    (subject, body)
}
