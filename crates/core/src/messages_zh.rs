//! The Chinese catalogue of the domain: what a clerk, officer or applicant reads when `decide`
//! refuses a command or a value typed at the edge cannot be parsed.
//!
//! Every message lives here and nowhere else, so wording can be reviewed (and one day translated) in
//! one file. Messages carry the dates of the refusal, written the way letters write them
//! (`2026年3月2日`), and the rule id (`R-TIME-4`) and article they rest on, so staff can look the rule
//! up. The machine code of each error stays in English (`DomainError::code`).
use disclosure_calendar::CalendarError;

use crate::case::{DomainError, Field, Stage};
use crate::clock::{date_zh, ClockError};
use crate::receipt::ReceiptError;
use crate::values::ValueError;

/// The message for a refusal of `decide`.
pub fn domain_error(e: &DomainError) -> String {
    use DomainError as E;
    match e {
        E::RoleNotAllowed { command, role } => format!(
            "{}无权{}（R-FLOW-2）。",
            role.map_or(PORTAL, |r| r.label_zh()),
            command_label(command)
        ),
        E::PortalOnlineOnly => "在线申请平台只能登记通过网上提交的申请；当面递交、邮寄、传真的申请由受理人员登记（R-FLOW-2，条例第三十一条）。".into(),
        E::OtherAgency => "案件不存在。".into(),
        E::WrongStage { command, stage } => format!(
            "案件当前状态为“{}”，不能{}（R-FLOW-1）。",
            stage.as_ref().map_or("尚未登记", Stage::label_zh),
            command_label(command)
        ),
        E::Receipt(r) => receipt_error(r),
        E::DateInFuture { what, date, today } => format!(
            "{}（{}）不能晚于今天（{}）。",
            field_label(*what),
            date_zh(*date),
            date_zh(*today)
        ),
        E::DateTooEarly {
            what,
            date,
            earlier_what,
            earlier,
        } => format!(
            "{}（{}）不能早于{}（{}）。",
            field_label(*what),
            date_zh(*date),
            field_label(*earlier_what),
            date_zh(*earlier)
        ),
        E::CorrectionAlreadyRequested => "补正告知应当一次性告知；本案已经发出补正告知，不能再次要求补正（R-COR-1，条例第三十条）。".into(),
        E::CorrectionItemsRequired => "请逐项写明需要补正的事项（R-COR-1，条例第三十条）。".into(),
        E::CorrectionDeadlineInvalid { reply_by } => format!(
            "补正期限（{}）应当晚于今天（R-COR-1，条例第三十条）。",
            date_zh(*reply_by)
        ),
        E::CorrectionWindowOpen { reply_by } => format!(
            "申请人的补正期限至{}，期限届满前不能视为放弃申请（R-COR-3，条例第三十条）。",
            date_zh(*reply_by)
        ),
        E::CorrectionRequiredFirst => "只有申请人补正后申请内容仍不明确的，才能答复“补正后申请内容仍不明确”（R-COR-4）。".into(),
        E::SearchRecordRequired => "答复“政府信息不存在”前，应当履行检索义务并留存检索记录（R-DEC-1）。".into(),
        E::ReviewAlreadyRecorded { filed_on } => format!("{}提起的该项复议/诉讼已经登记，请勿重复登记；作出决定后请登记其结果（R-REV-1）。", date_zh(*filed_on)),
        E::SearchEvidenceUnknown(_) => "检索证据须是本案已上传的附件，请先在“附件”中上传检索截图或复函（R-DEC-1）。".into(),
        E::SearchRecordIncomplete => "检索记录应当写明检索范围、检索方式、关键词、检索结果和检索人（R-DEC-1）。".into(),
        E::ConsultationNotFound(id) => format!("没有第{id}号征求意见记录。"),
        E::ConsultationClosed(id) => format!("第{id}号征求意见已经结束。"),
        E::ConsultationWindowOpen { window_ends } => format!(
            "被征求意见方的答复期限至{}，期限届满前不能按逾期未答复处理（R-TIME-6，条例第三十二条）。",
            date_zh(*window_ends)
        ),
        E::ConsultationOpen => "尚有征求意见未结束，请在收到意见或答复期限届满后再作答复（R-TIME-5，条例第三十三条）。".into(),
        E::ObjectionNeedsPublicInterest => "第三方不同意公开的，只有不公开会对公共利益造成重大影响时才能公开，并应写明理由、书面告知第三方（R-TIME-6，条例第三十二条）。".into(),
        E::FeeIsZero => "按收费标准本申请不收取信息处理费，无需发出收费通知（R-FEE-1）。".into(),
        E::PerPageFeeNotApplicable => "按量收费仅适用于申请人要求提供纸质文本、电子邮件或复制电子数据的情形，当场阅读、抄录的不按量收费（R-FEE-4）。".into(),
        E::FeeAlreadyNoticed => "本案已经发出收费通知（R-FEE-2）。".into(),
        E::NoFeePending => "本案没有待缴纳的信息处理费。".into(),
        E::FeeNoticeAfterDueDate { due } => format!(
            "收费通知应当在答复期限（{}）内发出（R-TIME-9）。",
            date_zh(*due)
        ),
        E::FeeWindowOpen { pay_by } => format!(
            "申请人的缴费期限至{}，期限届满前不能按逾期未缴费处理（R-TIME-9）。",
            date_zh(*pay_by)
        ),
        E::FeePending => "信息处理费尚未缴纳或减免，暂不能作出答复（R-TIME-9）。".into(),
        E::ExtensionAlreadyUsed => "答复期限只能延长一次，本案已经延期（R-TIME-4，条例第三十三条）。".into(),
        E::ExtensionPending => "已有延期申请等待审批（R-TIME-4）。".into(),
        E::ExtensionTooLong { days } => format!(
            "延长的期限应为1至20个工作日，不能为{days}个工作日（R-TIME-4，条例第三十三条）。"
        ),
        E::ExtensionReasonRequired => "请写明延期的理由（R-TIME-4）。".into(),
        E::ExtensionAfterDueDate { due } => format!(
            "延期应当在答复期限（{}）届满前决定（R-TIME-4，条例第三十三条）。",
            date_zh(*due)
        ),
        E::NoExtensionPending => "没有等待审批的延期申请。".into(),
        E::DocNumberYearMismatch { doc_year, issued_on } => format!(
            "文号年份（〔{doc_year}〕）与答复日期（{}）的年份不一致（R-LET-1）。",
            date_zh(*issued_on)
        ),
        E::ReplyIncomplete(what) => format!("答复书缺少“{}”（R-LET-1）。", field_label(*what)),
        E::WithheldReasonRequired => "部分公开的，应当对每一项不予公开的内容说明理由（条例第三十七条）。".into(),
        E::DismissIncomplete => "不予处理应当写明事实和答复内容。".into(),
        E::DeliveryIncomplete(what) => format!("送达记录缺少“{}”。", field_label(*what)),
        E::ReasonRequired => "请填写理由或必要的信息。".into(),
        E::AttachmentInvalid => "附件不完整或重复（须有文件名、内容和校验值）。".into(),
        E::NoSuchReview(i) => format!("本案没有第{}项复议诉讼记录（R-REV-1）。", i + 1),
        E::ReviewAlreadyDecided(i) => {
            format!("第{}项复议诉讼已登记审结结果，不能再次登记（R-REV-1）。", i + 1)
        }
        E::ReviewResultRequired => {
            "登记审结应当选择结果：结果维持、结果纠正或其他结果（R-REV-1）。".into()
        }
        E::Clock(c) => clock_error(c),
    }
}

/// The message for deadline facts that contradict each other.
pub fn clock_error(e: &ClockError) -> String {
    use ClockError as E;
    match e {
        E::Calendar(c) => calendar_error(c),
        E::CorrectionBeforeReceipt {
            received,
            requested,
        } => format!(
            "补正告知日期（{}）不能早于收到申请的日期（{}）（R-COR-1，条例第三十条）。",
            date_zh(*requested),
            date_zh(*received)
        ),
        E::CorrectionReceivedBeforeRequest {
            requested,
            received,
        } => format!(
            "收到补正的日期（{}）不能早于发出补正告知的日期（{}）（R-COR-2，条例第三十条）。",
            date_zh(*received),
            date_zh(*requested)
        ),
        E::PauseBeforeStart { from, start } => format!(
            "中止计算的起始日期（{}）不能早于答复期限起算日（{}）（R-TIME-5，条例第三十三条）。",
            date_zh(*from),
            date_zh(*start)
        ),
        E::PauseEndsBeforeStart { from, until } => format!(
            "中止计算的结束日期（{}）不能早于开始日期（{}）（R-TIME-5）。",
            date_zh(*until),
            date_zh(*from)
        ),
        E::ExtensionLength { days } => format!(
            "延长的期限应为1至20个工作日，不能为{days}个工作日（R-TIME-4，条例第三十三条）。"
        ),
        E::ExtensionWithoutApprover => "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人（R-TIME-4，条例第三十三条）。".into(),
    }
}

/// The message for a question the working-day calendar cannot answer.
pub fn calendar_error(e: &CalendarError) -> String {
    match e {
        CalendarError::OutOfRange { date, .. } => format!(
            "日期（{}）超出本系统工作日历的范围（2004年至2099年）（R-TIME-1）。",
            date_zh(*date)
        ),
        CalendarError::ResultOutOfRange { .. } => {
            "计算结果超出本系统工作日历的范围（R-TIME-1）。".into()
        }
        CalendarError::ReversedInterval { .. } => "起始日期不能晚于结束日期。".into(),
        CalendarError::BadData { line, .. } => format!("工作日历数据第{line}行有误。"),
    }
}

/// The message for receipt facts that contradict each other.
pub fn receipt_error(e: &ReceiptError) -> String {
    match e {
        ReceiptError::ConfirmedBeforeArrival { arrived, confirmed } => format!(
            "确认日期（{}）不能早于申请到达的日期（{}）（R-APP-2，条例第三十一条）。",
            date_zh(*confirmed),
            date_zh(*arrived)
        ),
    }
}

/// The message for a value typed at the edge that could not be parsed. The input is not repeated:
/// an ID number with one wrong digit is still personal data.
pub fn value_error(e: &ValueError) -> String {
    match e {
        ValueError::IdNumberFormat(_) => {
            "居民身份证号码应为18位，前17位为数字，最后一位为数字或X。".into()
        }
        ValueError::IdNumberBirthDate(_) => {
            "居民身份证号码第7至14位应为出生日期（年月日），请核对。".into()
        }
        ValueError::IdNumberCheckDigit(_) => {
            "居民身份证号码的校验码不正确，请核对（GB 11643-1999）。".into()
        }
        ValueError::Phone(_) => "联系电话应为手机号码或带区号的固定电话号码。".into(),
        ValueError::CaseNumber(_) => "案件编号应为“年份-序号”，如2026-0001。".into(),
        ValueError::DocNumber(_) => {
            "文号应为“机关代字〔年份〕序号号”，如X府信公开〔2026〕12号。".into()
        }
    }
}

/// The label of a field a refusal points at.
pub fn field_label(field: Field) -> &'static str {
    match field {
        Field::ReceiptDate => "收到申请日期",
        Field::CorrectionReceivedDate => "收到补正日期",
        Field::CorrectionNoticeDate => "补正告知日期",
        Field::SearchDate => "检索日期",
        Field::ConsultationSentDate => "发出征求意见书日期",
        Field::ClockStart => "答复期限起算日",
        Field::ConsultationAnswerDate => "收到意见日期",
        Field::PaymentDate => "缴费日期",
        Field::FeeNoticeDate => "收费通知日期",
        Field::DeliveryDate => "送达日期",
        Field::ReplyDate => "答复日期",
        Field::WithdrawalDate => "撤回日期",
        Field::ReviewFiledDate => "申请复议或起诉日期",
        Field::ReviewDecidedDate => "审结日期",
        Field::ReplyFacts => "答复的事实依据",
        Field::ReplyDecision => "答复内容",
        Field::Provision => "提供方式",
        Field::DisclosedItems => "予以公开的内容",
        Field::ImpossibleDeliveryReason => "无法送达的原因",
    }
}

/// Who gives a command through the portal.
const PORTAL: &str = "在线申请平台";

/// What a command does, as a verb phrase after 不能 / 无权 (keyed by `Command::name`).
pub fn command_label(name: &str) -> &'static str {
    match name {
        "register" => "登记申请",
        "assign" => "指定承办人",
        "request_correction" => "发出补正告知",
        "receive_correction" => "登记补正材料",
        "correction_lapsed" => "按逾期不补正处理",
        "accept" => "受理申请",
        "dismiss" => "作出不予处理决定",
        "record_search" => "登记检索记录",
        "start_consultation" => "征求意见",
        "receive_consultation_answer" => "登记征求意见的答复",
        "consultation_lapsed" => "按逾期未答复处理征求意见",
        "issue_fee_notice" => "发出收费通知",
        "fee_paid" => "登记缴费",
        "fee_lapsed" => "按逾期未缴费处理",
        "waive_fee" => "减免信息处理费",
        "request_extension" => "申请延期答复",
        "approve_extension" => "批准延期答复",
        "reject_extension" => "驳回延期申请",
        "draft_reply" => "拟写答复",
        "return_reply" => "退回答复",
        "approve_reply" => "审批答复",
        "issue_reply" => "印发答复书",
        "record_delivery" => "登记送达",
        "archive" => "归档",
        "withdraw" => "登记撤回申请",
        "record_review" => "登记行政复议或行政诉讼",
        "decide_review" => "登记复议诉讼审结结果",
        _ => "执行此操作",
    }
}
