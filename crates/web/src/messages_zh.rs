//! The Chinese message catalogue of the web edge: one message per stable error code.
//!
//! Codes come from the domain (`ClockError::code`, `CalendarError::code`) and from the web layer
//! itself; an unknown code falls back to a generic message, and a test checks every known code has
//! its own.

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
    ("reversed_interval", "起始日期不能晚于结束日期。"),
    ("bad_calendar_data", "工作日历数据有误。"),
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
