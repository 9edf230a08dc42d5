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
        429 => "提交过于频繁",
        _ => "出错了",
    }
}

/// Messages of the staff pages and of the service and store errors that have no domain message.
pub const MORE_MESSAGES: &[(&str, &str)] = &[
    ("login_required", "请先登录。"),
    (
        "token_required",
        "请在 Authorization 请求头中提供访问令牌（Bearer）。",
    ),
    (
        "login_throttled",
        "该用户名连续登录失败次数过多，已暂停登录15分钟，请稍后再试或联系系统管理员。",
    ),
    ("bad_token", "访问令牌无效、已撤销或其用户已停用。"),
    ("unknown_user", "没有该用户名的在用账户。"),
    ("invalid_json", "请求体不是有效的 JSON，或字段类型不符。"),
    ("unknown_action", "没有这个办理事项。"),
    ("nothing_selected", "请先勾选要办理的案件。"),
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
    ("department_too_long", "科室名称不能超过30个字。"),
    ("too_long", "填写内容过长。"),
    ("invalid_form", "表单内容无法读取，请刷新页面后重新填写。"),
    (
        "letter_fonts_missing",
        "文书字体未安装，暂不能生成PDF文书，请联系系统管理员。",
    ),
    (
        "letter_not_available",
        "该文书尚不能生成（案件尚未进行到相应环节）。",
    ),
    ("letter_element_missing", "文书缺少必备要素，不能生成。"),
    ("report_year_locked", "该年度报告数据已锁定，不能重复锁定。"),
    ("reversed_period", "统计期间的结束日期早于开始日期。"),
    (
        "invalid_report_year",
        "年度超出可统计的范围（2004年至2099年）。",
    ),
    (
        "tracking_not_found",
        "未找到该申请，请核对登记编号和查询码。",
    ),
];

/// What 计算期限 shows on the 登记 form before saving.
pub fn registration_preview(
    receipt: chrono::NaiveDate,
    due: Option<chrono::NaiveDate>,
    provisional: bool,
    had_files: bool,
) -> String {
    use disclosure_core::clock::date_zh;
    let mut s = format!("收到申请日期：{}；答复期限：", date_zh(receipt));
    s += &due.map_or_else(|| "—".to_string(), date_zh);
    if provisional {
        s += "（暂定：下一年度放假安排尚未载入）";
    }
    s += "。尚未登记，核对无误后请点“登记”。";
    if had_files {
        s += "计算期限不保存附件，登记前请重新选择附件。";
    }
    s
}

/// The portal's rate limit, with the time to try again.
pub fn portal_rate_limited(until: chrono::NaiveDateTime) -> String {
    format!(
        "同一网络地址一小时内提交的申请过多，请于{}后再提交；如需当面或邮寄申请，请联系受理点。",
        until.format("%H:%M")
    )
}

/// Why an uploaded file was refused, naming the file.
pub fn upload_refusal(r: &disclosure_app::attachments::UploadRefusal) -> String {
    use disclosure_app::attachments::UploadRefusal as R;
    match r {
        R::TooLarge { file, limit } => format!(
            "文件“{file}”超过{}MB的大小限制，请压缩或分拆后再上传。",
            limit / (1024 * 1024)
        ),
        R::TooMany(n) => format!("一次最多上传{n}个文件。"),
        R::UnsupportedType(file) => {
            format!("文件“{file}”不是PDF、JPEG、PNG或TIFF格式，不能上传。")
        }
        R::Empty(file) => format!("文件“{file}”是空文件。"),
        R::NoFile => "请选择要上传的文件。".into(),
    }
}

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
        "reply_deferred" => "确定延迟答复期限",
        "reply_drafted" => "拟写答复",
        "reply_returned" => "退回修改",
        "reply_approved" => "审批通过",
        "reply_issued" => "签发答复",
        "delivered" => "送达",
        "archived" => "归档",
        "withdrawn" => "撤回",
        "review_recorded" => "复议诉讼",
        "imported" => "台账导入",
        "attachment_added" => "添加附件",
        "calendar_updated" => "节假日安排更新，期限重新计算",
        "review_decided" => "复议诉讼审结",
        _ => "其他",
    }
}

/// The Chinese name of an outbox mail kind (the case page's 邮件 table).
pub fn mail_kind_label(kind: &str) -> &'static str {
    match kind {
        "reply_issued" => "答复书",
        "extension_approved" => "延期答复告知",
        "reply_deferred" => "延迟答复告知",
        "correction_requested" => "补正告知",
        "fee_noticed" => "收费通知",
        "digest" => "督办提醒",
        "calendar_watch" => "节假日安排提醒",
        _ => "其他邮件",
    }
}

/// Why a calendar file was refused (R-TIME-10), with the line at fault.
pub fn calendar_import_error(e: &disclosure_app::reports::calendar::CalendarImportError) -> String {
    use disclosure_app::reports::calendar::CalendarImportError as E;
    match e {
        E::Data(disclosure_calendar::CalendarError::BadData { line, .. }) => format!(
            "第{line}行有误：每行应为“日期,类型,名称”，日期为年-月-日，类型为 off（放假）或 work（调休上班，只能是星期六或星期日），同一日期不能既放假又上班。未导入任何数据。"
        ),
        E::Data(other) => disclosure_core::messages_zh::calendar_error(other),
        E::Empty => "文件中没有日期。未导入任何数据。".into(),
        E::SeveralYears(years) => format!(
            "文件包含多个年度（{}），请每次导入一个年度的放假安排。未导入任何数据。",
            years
                .iter()
                .map(|y| format!("{y}年"))
                .collect::<Vec<_>>()
                .join("、")
        ),
        E::YearOutOfRange(y) => {
            format!("{y}年超出本系统工作日历的范围（2004年至2099年）。未导入任何数据。")
        }
        E::NoDayOff(y) => format!(
            "文件没有{y}年的放假日期，不像是国务院办公厅的放假安排通知。未导入任何数据。"
        ),
    }
}

/// The line shown after an import's redirect: `2027-5` (year, cases recomputed) or `2027-same`.
pub fn calendar_imported(param: &str) -> Option<String> {
    let (year, what) = param.split_once('-')?;
    let year: i32 = year.parse().ok()?;
    if what == "same" {
        return Some(format!(
            "{year}年的放假安排与已载入的完全相同，未作任何改动。"
        ));
    }
    let n: u32 = what.parse().ok()?;
    Some(format!(
        "已导入{year}年的放假安排，{n}件在办案件的答复期限已重新计算并记入案件记录。"
    ))
}

/// The detail a timeline line shows beside its label (R-TIME-10: a deadline moved by an imported
/// calendar says from what to what); empty for events whose label says it all.
pub fn event_detail(kind: &str, payload: &str) -> String {
    use disclosure_core::case::Event;
    use disclosure_core::clock::date_zh;
    if kind == "reply_issued" {
        return reply_issued_detail(payload);
    }
    if kind == "reply_deferred" {
        return match serde_json::from_str::<Event>(payload) {
            Ok(Event::ReplyDeferred { until, .. }) => {
                format!("：延迟答复至{}（条例第三十五条）", date_zh(until))
            }
            _ => String::new(),
        };
    }
    if kind != "calendar_updated" {
        return String::new();
    }
    let Ok(Event::CalendarUpdated {
        year,
        previous_due,
        new_due,
        provisional,
    }) = serde_json::from_str::<Event>(payload)
    else {
        return String::new();
    };
    let show = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "（暂无）".to_string(), date_zh);
    let still = if provisional {
        "，仍为暂定"
    } else {
        "，不再暂定"
    };
    if previous_due == new_due {
        format!(
            "：载入{year}年放假安排，答复期限{}不变{still}",
            show(new_due)
        )
    } else {
        format!(
            "：载入{year}年放假安排，答复期限由{}调整为{}{still}",
            show(previous_due),
            show(new_due)
        )
    }
}

/// The timeline detail of an issued reply: the reasons library's clause and version it was issued
/// with (`：适用条款：《…》第十五条（第2版）`); a reply issued before versions were recorded used the
/// built-in version 1.
fn reply_issued_detail(payload: &str) -> String {
    use disclosure_core::case::Event;
    match serde_json::from_str::<Event>(payload) {
        Ok(Event::ReplyIssued {
            clause: Some(c), ..
        }) => format!("：{}", c.label_zh()),
        Ok(Event::ReplyIssued { clause: None, .. }) => "：适用条款：系统内置条款（第1版）".into(),
        _ => String::new(),
    }
}

/// The reasons library page (答复条款库): printed for version 1 in the 发布人 column.
pub const BUILT_IN_CLAUSE: &str = "系统内置";
/// The reasons library page: version 1's 修改说明.
pub const BUILT_IN_NOTE: &str = "初始条款";
/// The reasons library page: an outcome whose clause cites no provision (其他处理 3).
pub const NO_PROVISION: &str = "（无特定条款，不能签发答复书）";

/// The line shown after a clause version was published.
pub fn clause_published(outcome_label: &str, version: u32) -> String {
    format!(
        "已发布“{outcome_label}”的答复条款第{version}版。此后签发的答复书使用该版本，已签发的答复书不受影响。"
    )
}

/// Why a clause version was not published (the library page); nothing was written.
pub fn reasons_error(e: &disclosure_app::reasons::ReasonsError) -> String {
    use disclosure_app::reasons::ReasonsError as E;
    match e {
        E::Clause(c) => disclosure_core::messages_zh::clause_error(c),
        E::NotAllowed => "只有法制审核人员和系统管理员可以发布答复条款。未发布新版本。".into(),
        E::Superseded { seen, current } => format!(
            "您打开页面时该条款为第{seen}版，此后已有人发布了第{current}版。请查看现行版本后重新填写。未发布新版本。"
        ),
        E::Service(s) => message(s.code()).to_string(),
    }
}
