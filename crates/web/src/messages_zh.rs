//! The Chinese message catalogue of the web edge: one message per stable error code.
//!
//! The web layer's own codes (forms, login, sessions). The domain's refusals carry their Chinese
//! message from `disclosure_core::messages_zh` (with their dates and rule), so they are not repeated
//! here; an unknown code falls back to a generic message.

/// Every code with its message, in one table.
pub const MESSAGES: &[(&str, &str)] = &[
    ("not_found", "页面不存在。"),
    ("invalid_query", "请求参数有误。"),
    (
        "invalid_date",
        "日期格式有误，请按“年-月-日”（如 2026-03-02）填写。",
    ),
    ("missing_received_date", "请填写收到申请的日期。"),
    ("invalid_working_days", "延长天数应为1至20之间的整数。"),
    (
        "incomplete_period",
        "请同时填写开始和结束日期，或只填写开始日期（尚未结束）。",
    ),
    (
        "date_out_of_calendar_range",
        "日期超出本系统工作日历的范围（2004年至2099年）。",
    ),
    (
        "result_out_of_calendar_range",
        "计算结果超出本系统工作日历的范围。",
    ),
    (
        "correction_before_receipt",
        "补正告知日期不能早于收到申请的日期（条例第三十条）。",
    ),
    (
        "correction_received_before_request",
        "收到补正的日期不能早于发出补正告知的日期（条例第三十条）。",
    ),
    (
        "pause_before_clock_start",
        "中止计算的起始日期不能早于答复期限起算日（条例第三十三条）。",
    ),
    (
        "pause_ends_before_start",
        "中止计算的结束日期不能早于开始日期。",
    ),
    (
        "extension_length",
        "延长答复期限最长不得超过20个工作日（条例第三十三条）。",
    ),
    (
        "extension_without_approver",
        "延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人（条例第三十三条）。",
    ),
];

/// The Chinese message for a code.
pub fn message(code: &str) -> &'static str {
    MESSAGES
        .iter()
        .chain(MORE_MESSAGES)
        .find(|(c, _)| *c == code)
        .map(|(_, m)| *m)
        .unwrap_or("请求未能完成，请检查填写的内容。")
}

/// The title of an error page by HTTP status.
pub fn status_title(status: u16) -> &'static str {
    match status {
        400 => "填写有误",
        403 => "无权访问",
        404 => "页面不存在",
        _ => "出错了",
    }
}

/// Messages of the staff pages and of the service and store errors that have no domain message.
pub const MORE_MESSAGES: &[(&str, &str)] = &[
    ("login_required", "请先登录。"),
    ("bad_credentials", "用户名或密码错误。"),
    (
        "csrf_invalid",
        "页面已过期或来源不明，请刷新页面后重新提交。",
    ),
    (
        "internal_error",
        "系统出现错误，请稍后重试；如持续出现请联系管理员。",
    ),
    ("database_error", "数据库暂时不可用，请稍后重试。"),
    ("database_unavailable", "数据库暂时不可用，请稍后重试。"),
    (
        "stale_case_version",
        "该案件刚刚已被他人更新，请刷新后再操作。",
    ),
    ("case_not_found", "案件不存在或不属于本机关。"),
    ("role_not_allowed", "您的岗位无权进行此项操作。"),
    ("invalid_choice", "请从列表中选择。"),
    ("invalid_number", "请填写数字。"),
    ("invalid_email", "电子邮箱格式有误。"),
    ("too_long", "填写内容过长。"),
    (
        "letter_fonts_missing",
        "文书字体未安装，暂不能生成PDF文书，请联系系统管理员。",
    ),
    (
        "letter_not_available",
        "该文书尚不能生成（案件尚未进行到相应环节）。",
    ),
    ("letter_element_missing", "文书缺少必备要素，不能生成。"),
    (
        "receipt_dates_inconsistent",
        "确认日期不能早于到达日期（条例第三十一条）。",
    ),
    (
        "correction_already_requested",
        "补正告知只能一次性作出，本案已告知过（条例第三十条）。",
    ),
    (
        "correction_items_required",
        "请写明需要补正的具体事项（条例第三十条）。",
    ),
    (
        "correction_required_first",
        "“补正后申请内容仍不明确”须在收到补正后才能作出。",
    ),
    (
        "search_record_required",
        "认定信息不存在前须先登记检索记录（检索义务）。",
    ),
    (
        "search_record_incomplete",
        "检索记录须写明检索范围、方式、关键词和结果。",
    ),
    (
        "consultation_window_open",
        "征求意见的15个工作日期限尚未届满。",
    ),
    (
        "objection_needs_public_interest",
        "第三方不同意公开的，须说明公共利益理由并书面告知第三方（条例第三十二条）。",
    ),
    (
        "extension_already_used",
        "每件申请只能延期一次（条例第三十三条）。",
    ),
    (
        "extension_too_long",
        "延长答复期限最长不得超过20个工作日（条例第三十三条）。",
    ),
    (
        "extension_after_due_date",
        "延期须在答复期限届满前决定（条例第三十三条）。",
    ),
    (
        "reply_incomplete",
        "答复书缺少必备内容（事实依据、答复内容或提供方式）。",
    ),
    (
        "withheld_reason_required",
        "部分公开的，须对每一项不予公开的内容说明理由（条例第三十七条）。",
    ),
];

/// The Chinese name of an event kind for the case timeline.
pub fn event_label(kind: &str) -> &'static str {
    match kind {
        "registered" => "登记",
        "assigned" => "分办",
        "correction_requested" => "补正告知",
        "correction_received" => "收到补正",
        "correction_lapsed" => "逾期未补正",
        "accepted" => "受理",
        "search_recorded" => "检索记录",
        "consultation_started" => "征求意见",
        "consultation_answered" => "收到意见",
        "consultation_lapsed" => "征求意见期满",
        "fee_noticed" => "收费通知",
        "fee_paid" => "缴费",
        "fee_lapsed" => "逾期未缴费",
        "fee_waived" => "减免费用",
        "extension_requested" => "申请延期",
        "extension_approved" => "批准延期",
        "extension_rejected" => "不批准延期",
        "reply_drafted" => "拟写答复",
        "reply_returned" => "退回修改",
        "reply_approved" => "审批通过",
        "reply_issued" => "签发答复",
        "delivered" => "送达",
        "archived" => "归档",
        "withdrawn" => "撤回",
        "review_recorded" => "复议诉讼",
        _ => "其他",
    }
}
