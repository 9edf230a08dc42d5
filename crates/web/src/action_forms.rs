//! Each case action as a form: its Chinese label and its fields. The pages render these generically;
//! `forms::action` parses what comes back.
use chrono::NaiveDate;

use crate::forms::action::OUTCOME_CHOICES;

/// The kind of input.
#[derive(Debug, Clone)]
pub enum FieldKind {
    Text,
    Date,
    Number,
    TextArea,
    Checkbox,
    Select(Vec<(String, String)>),
    /// One box per case attachment (id, file name), for a search record's evidence.
    Evidence(Vec<(String, String)>),
}

/// One input of an action form.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub value: String,
    pub required: bool,
}

/// An action offered on a case page.
#[derive(Debug, Clone)]
pub struct ActionForm {
    pub name: &'static str,
    pub label: &'static str,
    /// A one-line reminder of the rule behind it.
    pub hint: &'static str,
    pub fields: Vec<Field>,
}

fn f(name: &'static str, label: &'static str, kind: FieldKind, required: bool) -> Field {
    Field {
        name,
        label,
        kind,
        value: String::new(),
        required,
    }
}

fn choices(items: &[(&str, &str)]) -> FieldKind {
    FieldKind::Select(
        items
            .iter()
            .map(|(v, l)| ((*v).to_string(), (*l).to_string()))
            .collect(),
    )
}

fn dated(mut field: Field, today: NaiveDate) -> Field {
    field.value = today.to_string();
    field
}

/// What the forms offer to choose from on this case.
#[derive(Debug, Clone, Default)]
pub struct FormChoices {
    /// (id, name) of the officers, for the assign form.
    pub officers: Vec<(String, String)>,
    /// (id, party) of the open consultations.
    pub consultations: Vec<(u32, String)>,
    /// (id, file name) of the case's attachments, offered as a search's evidence.
    pub attachments: Vec<(String, String)>,
}

/// The form of `action` on a case offering `choices`.
pub fn action_form(action: &'static str, today: NaiveDate, choices_of: &FormChoices) -> ActionForm {
    let officers = &choices_of.officers;
    let consultations = &choices_of.consultations;
    use FieldKind::*;
    let (label, hint, fields): (&'static str, &'static str, Vec<Field>) = match action {
        "assign" => (
            "分办",
            "指定承办人",
            vec![f(
                "officer",
                "承办人",
                Select(
                    officers
                        .iter()
                        .map(|(id, n)| (format!("{id}|{n}"), n.clone()))
                        .collect(),
                ),
                true,
            )],
        ),
        "request_correction" => (
            "补正告知",
            "收到申请之日起7个工作日内一次性告知（条例第三十条）；只能告知一次",
            vec![
                f("items", "需要补正的事项（每行一项）", TextArea, true),
                f("reply_by", "补正期限", Date, true),
            ],
        ),
        "receive_correction" => (
            "收到补正",
            "答复期限自收到补正之日起重新计算（条例第三十条）",
            vec![dated(f("received_on", "收到补正日期", Date, true), today)],
        ),
        "correction_lapsed" => ("逾期未补正", "视为放弃申请（条例第三十条）", vec![]),
        "accept" => ("受理", "申请内容明确，进入办理", vec![]),
        "dismiss" => (
            "不予处理",
            "仅限条例规定的不予处理情形",
            vec![
                f(
                    "ground",
                    "情形",
                    choices(&[
                        ("petition", "信访举报投诉类申请"),
                        ("repeated", "重复申请"),
                        ("publication", "要求提供公开出版物"),
                        ("excessive", "无正当理由大量反复申请"),
                        ("confirm_or_reissue", "要求行政机关确认或重新出具已获取信息"),
                    ]),
                    true,
                ),
                f("facts", "事实依据", TextArea, true),
                f("decision", "告知内容（如应通过的渠道）", TextArea, true),
            ],
        ),
        "record_search" => (
            "检索记录",
            "认定信息不存在前须履行检索义务并留存记录",
            vec![
                f("places", "检索范围（档案、系统、部门）", Text, true),
                f("method", "检索方式", Text, true),
                f("keywords", "关键词", Text, true),
                f("result", "检索结果", TextArea, true),
                dated(f("searched_on", "检索日期", Date, true), today),
                f(
                    "evidence",
                    "检索证据（本案附件，如系统检索截图、档案部门复函）",
                    Evidence(choices_of.attachments.clone()),
                    false,
                ),
            ],
        ),
        "start_consultation" => (
            "征求意见",
            "第三方自收到征求意见书之日起15个工作日内提出意见；征求意见时间不计入答复期限",
            vec![
                f("party", "征求对象", Text, true),
                f(
                    "party_kind",
                    "对象类别",
                    choices(&[("third_party", "第三方"), ("agency", "其他机关")]),
                    true,
                ),
                dated(f("sent_on", "发出日期", Date, true), today),
            ],
        ),
        "receive_consultation_answer" => (
            "收到意见",
            "第三方不同意公开且有合理理由的，不予公开（条例第三十二条）",
            vec![
                f(
                    "consultation_id",
                    "征求意见",
                    Select(
                        consultations
                            .iter()
                            .map(|(id, p)| (id.to_string(), p.clone()))
                            .collect(),
                    ),
                    true,
                ),
                dated(f("answered_on", "收到日期", Date, true), today),
                f(
                    "answer",
                    "意见",
                    choices(&[("agree", "同意公开"), ("object", "不同意公开")]),
                    true,
                ),
                f("reason", "理由", TextArea, false),
            ],
        ),
        "consultation_lapsed" => (
            "征求意见期满未答复",
            "期满未提出意见的，由行政机关依照条例决定",
            vec![f(
                "consultation_id",
                "征求意见",
                Select(
                    consultations
                        .iter()
                        .map(|(id, p)| (id.to_string(), p.clone()))
                        .collect(),
                ),
                true,
            )],
        ),
        "issue_fee_notice" => (
            "收费通知",
            "按件或按量计收，二者选一（国办函〔2020〕109号）；缴费期间不计入答复期限",
            vec![
                f(
                    "basis",
                    "计收方式",
                    choices(&[
                        ("per_page", "按量（页数）"),
                        ("per_item", "按件（本月第几件）"),
                    ]),
                    true,
                ),
                f("quantity", "页数或件次", Number, true),
            ],
        ),
        "fee_paid" => (
            "已缴费",
            "",
            vec![dated(f("paid_on", "缴费日期", Date, true), today)],
        ),
        "fee_lapsed" => ("逾期未缴费", "视为放弃申请", vec![]),
        "waive_fee" => ("减免费用", "", vec![f("reason", "理由", TextArea, true)]),
        "request_extension" => (
            "申请延期",
            "经负责人同意可延长，最长20个工作日，只能延期一次（条例第三十三条）",
            vec![
                f("days", "延长工作日数", Number, true),
                f("reason", "延期理由", TextArea, true),
            ],
        ),
        "approve_extension" => ("批准延期", "须在原答复期限届满前作出", vec![]),
        "reject_extension" => ("不批准延期", "", vec![f("reason", "理由", TextArea, true)]),
        "draft_reply" => (
            "拟写答复",
            "答复书须载明事实依据、法律依据和救济途径",
            vec![
                f("outcome", "答复类型", choices(OUTCOME_CHOICES), true),
                f(
                    "facts",
                    "事实依据（检索、审查、征求意见等）",
                    TextArea,
                    true,
                ),
                f("decision", "答复内容", TextArea, true),
                f("disclosed", "予以公开的信息（每行一项）", TextArea, false),
                f(
                    "withheld",
                    "不予公开的部分及理由（每行“内容｜理由”）",
                    TextArea,
                    false,
                ),
                f(
                    "provision",
                    "提供方式",
                    choices(&[
                        ("", "（不提供）"),
                        ("paper", "纸质文本"),
                        ("electronic", "电子文档"),
                        ("on_site", "当场阅读、抄录"),
                    ]),
                    false,
                ),
                f(
                    "competent_name",
                    "负责公开的机关（不属于本机关时）",
                    Text,
                    false,
                ),
                f("competent_contact", "该机关联系方式", Text, false),
                f(
                    "public_interest_reason",
                    "公共利益理由（第三方不同意公开时）",
                    TextArea,
                    false,
                ),
                f("third_party_notified", "已书面告知第三方", Checkbox, false),
            ],
        ),
        "return_reply" => (
            "退回修改",
            "",
            vec![f("reason", "退回理由", TextArea, true)],
        ),
        "approve_reply" => ("审批通过", "", vec![]),
        "issue_reply" => ("签发答复", "签发时编定字号、确定答复日期", vec![]),
        "record_delivery" => (
            "送达",
            "",
            vec![
                f(
                    "method",
                    "送达方式",
                    choices(&[
                        ("post", "邮寄"),
                        ("pick_up", "自行领取"),
                        ("email", "电子邮件"),
                        ("online", "网上获取"),
                        ("fax", "传真"),
                    ]),
                    true,
                ),
                dated(f("delivered_on", "送达日期", Date, true), today),
                f("tracking_number", "邮件号", Text, false),
                f("signed_receipt", "已签收送达回证", Checkbox, false),
                f("impossible_reason", "无法送达的原因", Text, false),
            ],
        ),
        "archive" => ("归档", "送达后方可归档", vec![]),
        "withdraw" => (
            "撤回",
            "依申请人书面撤回",
            vec![dated(f("on", "撤回日期", Date, true), today)],
        ),
        "record_review" => (
            "记录复议诉讼",
            "用于年度报告表四",
            vec![
                f(
                    "kind",
                    "类别",
                    choices(&[
                        ("reconsideration", "行政复议"),
                        ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
                        ("litigation_after_reconsideration", "行政诉讼（复议后起诉）"),
                    ]),
                    true,
                ),
                dated(f("filed_on", "申请或起诉日期", Date, true), today),
                f(
                    "result",
                    "结果",
                    choices(&[
                        ("pending", "尚未审结"),
                        ("upheld", "结果维持"),
                        ("corrected", "结果纠正"),
                        ("other", "其他结果"),
                    ]),
                    true,
                ),
                f("decided_on", "审结日期", Date, false),
            ],
        ),
        "decide_review" => (
            "登记复议诉讼审结",
            "已登记为尚未审结的复议诉讼，审结后在此登记结果（年度报告表四只计一次）",
            vec![
                f("review", "复议诉讼序号（按登记顺序，从1起）", Number, true),
                f(
                    "result",
                    "结果",
                    choices(&[
                        ("upheld", "结果维持"),
                        ("corrected", "结果纠正"),
                        ("other", "其他结果"),
                    ]),
                    true,
                ),
                dated(f("decided_on", "审结日期", Date, true), today),
            ],
        ),
        _ => ("", "", vec![]),
    };
    ActionForm {
        name: action,
        label,
        hint,
        fields,
    }
}
