//! Every Chinese string of the letters, in one place (`architecture.md`: "Where text lives").
//!
//! The layout engine and the documents never spell Chinese text inline: they call the constants
//! and functions of this module. A reviewer who wants to read or change what an applicant reads
//! reads this file only. Legal citations (article, paragraph, wording) are not here: they come
//! from the citations table of `disclosure-core` by document kind, and for a reply from the reasons
//! library (`disclosure_core::reasons`: the provision and the plain-words answer of each outcome,
//! versioned by legal staff).

use chrono::{Datelike, NaiveDate};

/// Printed in the 字号 line of a preview, so the preview keeps the issued letter's layout.
pub const DOC_NUMBER_PENDING: &str = "（字号于签发时编定）";

/// Printed in a form's cell that has nothing to say (no 字号, no address).
pub const NONE_MARK: &str = "无";

/// The watermark of a draft preview.
pub const DRAFT_WATERMARK: &str = "草稿";

/// The mark in the seal area when no electronic seal is configured.
pub const HAND_STAMP_MARK: &str = "（盖章）";

/// The full-width colon that ends an addressee line (`张三：`).
pub const ADDRESSEE_SUFFIX: &str = "：";

/// The word that introduces the attachment list, followed by a full-width colon (GB/T 9704 7.3.4).
pub const ATTACHMENTS_LABEL: &str = "附件：";

/// Where a two-line title is best broken (before these words), so that a line break does not cut
/// a word (GB/T 9704 7.3.3: 回行时，要做到词意完整): `某市自然资源局关于` | `张三…`.
pub const TITLE_BREAK_BEFORE: &[&str] =
    &["关于", "政府信息公开", "答复书", "告知书", "通知书", "回执"];

/// A date as written in official documents: Arabic numerals, year in full, no leading zeros
/// (`2026年3月2日`, GB/T 9704 7.3.5.1).
pub fn date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// A page number with a one-em dash (U+2014) on each side (`— 1 —`, GB/T 9704 7.5).
pub fn page_number(n: u32) -> String {
    format!("\u{2014} {n} \u{2014}")
}

/// The contact note (附注) printed under the date, in full-width parentheses.
pub fn contact_note(contact: &str) -> String {
    format!("（{contact}）")
}

/// The Chinese name of each formal element, for error messages shown to staff.
pub mod elements {
    /// 答复书标题 / 文书标题
    pub const TITLE: &str = "标题";
    /// 发文字号
    pub const DOC_NUMBER: &str = "字号";
    /// 申请人名称
    pub const APPLICANT_NAME: &str = "申请人名称";
    /// 申请内容
    pub const REQUEST: &str = "申请内容";
    /// 事实依据
    pub const FACTS: &str = "事实依据";
    /// 法律依据
    pub const LEGAL_BASIS: &str = "法律依据";
    /// 答复内容
    pub const DECISION: &str = "答复内容";
    /// 行政复议机关
    pub const REVIEW_BODY: &str = "行政复议机关";
    /// 人民法院
    pub const COURT: &str = "人民法院";
    /// 机关名称（印章）
    pub const AGENCY: &str = "机关名称";
    /// 案件编号
    pub const CASE_NUMBER: &str = "案件编号";
    /// 收到申请日期的确定方式
    pub const RECEIPT_BASIS: &str = "收到申请日期的确定方式";
    /// 查询码
    pub const TRACKING_CODE: &str = "查询码";
    /// 进度查询方式
    pub const ENQUIRY: &str = "进度查询方式";
    /// 收到申请的日期
    pub const RECEIPT_DATE: &str = "收到申请的日期";
    /// 答复日期 / 成文日期
    pub const DATE: &str = "日期";
    /// 提供方式
    pub const PROVISION: &str = "提供方式";
    /// 予以公开的信息
    pub const DISCLOSED_ITEMS: &str = "予以公开的信息";
    /// 不予公开的信息及理由
    pub const WITHHELD_ITEMS: &str = "不予公开的信息及理由";
    /// 检索记录
    pub const SEARCH_RECORD: &str = "检索记录";
    /// 负责公开的机关名称及联系方式
    pub const COMPETENT_AGENCY: &str = "负责公开的机关名称及联系方式";
    /// 补正事项
    pub const CORRECTION_ITEMS: &str = "补正事项";
    /// 提交方式
    pub const HOW_TO_SUBMIT: &str = "提交方式";
    /// 延期理由
    pub const EXTENSION_REASON: &str = "延期理由";
    pub const DEFERRAL_REASON: &str = "延迟答复的理由";
    /// 被征求意见方
    pub const CONSULTED_PARTY: &str = "被征求意见方";
    /// 征求意见的理由
    pub const CONSULTATION_REASON: &str = "征求意见的理由";
    /// 提出意见的方式
    pub const HOW_TO_ANSWER: &str = "提出意见的方式";
    /// 缴费方式
    pub const HOW_TO_PAY: &str = "缴费方式";
    /// 信息处理费金额
    pub const FEE_AMOUNT: &str = "信息处理费金额";
    /// 受送达人
    pub const RECIPIENT: &str = "受送达人";
    /// 送达文书
    pub const SERVED_DOCUMENT: &str = "送达文书";
    /// 送达方式
    pub const DELIVERY_METHOD: &str = "送达方式";
    /// 送达地址
    pub const ADDRESS: &str = "送达地址";
    /// 卷内文件
    pub const FILED_DOCUMENTS: &str = "卷内文件";
}

/// The reply letter (政府信息公开申请答复书), R-LET-1 / R-LET-2.
pub mod reply {
    use super::date;
    use chrono::NaiveDate;

    /// The opening paragraph: when the application arrived and what it asked for, in the
    /// applicant's words.
    pub fn opening(received_on: NaiveDate, request: &str) -> String {
        format!(
            "本机关于{}收到您提出的政府信息公开申请，申请获取“{request}”。",
            date(received_on)
        )
    }

    /// The sentence that cites the legal basis and introduces the decision.
    pub fn decision_intro(legal_basis: &str) -> String {
        format!("根据{legal_basis}的规定，现答复如下：")
    }

    /// The remedy notice (R-LET-2): administrative review within 60 days, or litigation within
    /// 6 months.
    pub fn remedy(review_body: &str, court: &str) -> String {
        format!(
            "如对本答复不服，可以在收到本答复之日起60日内向{review_body}申请行政复议，\
             或者在6个月内向{court}提起行政诉讼。"
        )
    }

    /// The closing line of the letter body.
    pub const CLOSING: &str = "特此告知。";
}

/// Where the reply letter's wording depends on the outcome (年报格式 table 三, R-LET-3): the title,
/// the lists of disclosed and withheld items, the search, the referral, the form of provision. The
/// plain-words answer after the legal basis is the reasons library's clause.
pub mod outcome {
    use super::date;
    use chrono::NaiveDate;
    use disclosure_core::outcome::Outcome;

    /// The title: 答复书 for a decision on the request, 告知书 when the application is not
    /// processed as one (不予处理, 其他处理), as the catalogue names them.
    pub fn title(agency: &str, outcome: &Outcome) -> String {
        match outcome {
            Outcome::NotProcessed(_) | Outcome::Other(_) => {
                format!("{agency}\n政府信息公开申请告知书")
            }
            _ => format!("{agency}\n政府信息公开申请答复书"),
        }
    }

    /// Introduces the list of disclosed items of a full disclosure.
    pub const DISCLOSED_LIST_INTRO: &str = "予以公开的信息如下：";

    /// Disclosure over a third party's objection (R-TIME-6): the public-interest reason.
    pub fn public_interest(reason: &str) -> String {
        let reason = reason.trim_end_matches('。');
        format!("第三方不同意公开，但本机关认为不公开可能对公共利益造成重大影响，决定予以公开，理由是：{reason}。本机关已将决定公开的政府信息内容和理由书面告知第三方。")
    }

    /// The heading of the list of disclosed items.
    pub const DISCLOSED_HEADING: &str = "一、予以公开的信息：";
    /// The heading of the list of withheld items.
    pub const WITHHELD_HEADING: &str = "二、不予公开的信息及理由：";

    /// One disclosed item, numbered: `1.某地块征地批复文件；` (the last ends with `。`).
    pub fn disclosed_item(n: usize, item: &str, last: bool) -> String {
        format!("{n}.{item}{}", if last { "。" } else { "；" })
    }

    /// One withheld item with its reason: `1.张某的身份证号码，理由：属于个人隐私……。`
    pub fn withheld_item(n: usize, item: &str, reason: &str) -> String {
        let reason = reason.trim_end_matches(['。', '；', ';', '.']);
        format!("{n}.{item}，理由：{reason}。")
    }

    /// The search done before concluding that the information does not exist (R-DEC-1).
    pub fn search(
        on: NaiveDate,
        places: &str,
        method: &str,
        keywords: &str,
        result: &str,
    ) -> String {
        let result = result.trim_end_matches('。');
        format!(
            "本机关于{}在{places}以{method}的方式，以“{keywords}”为关键词进行了检索，{result}。",
            date(on)
        )
    }

    /// The referral to the competent agency (条例 §36(5)).
    pub fn competent_agency(name: &str, contact: &str) -> String {
        format!("经查，该政府信息由{name}负责公开，联系方式：{contact}。您可以向该机关提出申请。")
    }

    /// §36(5) when the competent agency cannot be determined.
    pub const COMPETENT_AGENCY_UNKNOWN: &str = "本机关无法确定负责公开该政府信息的行政机关。";

    /// The form of provision (条例 §40).
    pub fn provision(form: &str) -> String {
        format!("本机关以{form}形式向您提供上述可以公开的政府信息。")
    }
}

/// The 补正告知书 (R-COR-1 … R-COR-3).
pub mod correction {
    use super::date;
    use chrono::NaiveDate;

    /// The title.
    pub fn title(agency: &str) -> String {
        format!("{agency}\n政府信息公开申请补正告知书")
    }

    /// The opening: when the application arrived and that it is unclear.
    pub fn opening(received_on: NaiveDate, request: &str, legal_basis: &str) -> String {
        format!(
            "本机关于{}收到您提出的政府信息公开申请，申请获取“{request}”。经审查，您的申请内容不明确。根据{legal_basis}的规定，请您对下列内容作出补正：",
            date(received_on)
        )
    }

    /// One item to supplement.
    pub fn item(n: usize, item: &str) -> String {
        let item = item.trim_end_matches(['。', '；']);
        format!("{n}.{item}。")
    }

    /// The deadline and how to submit.
    pub fn deadline(reply_by: NaiveDate, how: &str) -> String {
        format!(
            "请您最迟于{}将补正后的申请提交本机关。{how}",
            date(reply_by)
        )
    }

    /// How to hand in the supplement, from the agency's settings (address and telephone).
    pub fn how_to_submit(agency: &str, address: &str, phone: &str) -> String {
        format!("您可以通过本机关政府信息公开申请平台提交，或者当面提交、邮寄至{agency}（{address}），联系电话：{phone}。")
    }

    /// R-COR-2 and R-COR-3: the period restarts; silence means abandonment.
    pub const CONSEQUENCES: &str = "本机关自收到您补正后的申请之日起重新计算答复期限。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。";
}

/// The 延期答复告知书 (R-TIME-4).
pub mod extension {
    use super::date;
    use chrono::NaiveDate;

    /// The title.
    pub fn title(agency: &str) -> String {
        format!("{agency}\n政府信息公开申请延期答复告知书")
    }

    /// The body: the original due date, the reason, the approval, the new due date.
    pub fn body(
        received_on: NaiveDate,
        request: &str,
        original_due: NaiveDate,
        reason: &str,
        legal_basis: &str,
        new_due: NaiveDate,
    ) -> String {
        let reason = reason.trim_end_matches('。');
        format!(
            "本机关于{}收到您提出的政府信息公开申请，申请获取“{request}”。按规定，本机关应于{}前作出答复。因{reason}，本机关不能在上述期限内作出答复。经本机关政府信息公开工作机构负责人同意，根据{legal_basis}的规定，答复期限延长至{}，延长的期限不超过20个工作日。",
            date(received_on),
            date(original_due),
            date(new_due)
        )
    }
}

/// The 延迟答复告知书 (条例 §35, R-TIME-8).
pub mod deferral {
    use super::date;
    use chrono::NaiveDate;

    /// The title.
    pub fn title(agency: &str) -> String {
        format!("{agency}\n政府信息公开申请延迟答复告知书")
    }

    /// The body: the request, the finding under §35, the reason, the later reply date.
    pub fn body(
        received_on: NaiveDate,
        request: &str,
        previous_due: NaiveDate,
        reason: &str,
        legal_basis: &str,
        until: NaiveDate,
    ) -> String {
        let reason = reason.trim_end_matches('。');
        format!(
            "本机关于{}收到您提出的政府信息公开申请，申请获取“{request}”。经审查，您申请公开政府信息的数量、频次明显超过合理范围，您说明的理由合理，但本机关无法在{}前作出答复。因{reason}，根据{legal_basis}的规定，本机关确定延迟答复的期限为{}，将在该日前向您作出答复。",
            date(received_on),
            date(previous_due),
            date(until)
        )
    }
}

/// The 征求意见书 to a third party (条例 §32, R-TIME-6) or a co-producing agency (§34, R-TIME-7).
pub mod consultation {
    use super::date;
    use chrono::NaiveDate;

    /// The title.
    pub fn title(agency: &str) -> String {
        format!("{agency}\n政府信息公开征求意见书")
    }

    /// The opening, without the applicant's name (the third party is not told who asked).
    pub fn opening(received_on: NaiveDate, information: &str) -> String {
        format!(
            "本机关于{}收到政府信息公开申请，申请人申请获取“{information}”。",
            date(received_on)
        )
    }

    /// Why a third party is consulted.
    pub fn third_party_reason(why: &str, legal_basis: &str) -> String {
        let why = why.trim_end_matches('。');
        format!(
            "经审查，{why}，公开可能损害您（单位）的合法权益。根据{legal_basis}的规定，现书面征求您（单位）的意见。"
        )
    }

    /// Why another agency is consulted.
    pub fn agency_reason(why: &str, legal_basis: &str) -> String {
        let why = why.trim_end_matches('。');
        format!("经审查，{why}。根据{legal_basis}的规定，现征求贵机关的意见。")
    }

    /// The 15-working-day window and how to answer.
    pub fn window(answer_by: NaiveDate, how: &str) -> String {
        format!(
            "请自收到本征求意见书之日起15个工作日内（最迟于{}）提出是否同意公开的意见；不同意公开的，请说明理由。{how}",
            date(answer_by)
        )
    }

    /// Why a third party is consulted when the officer gave no reason of their own: the words of
    /// 条例 §32 (a clause, no final `。`).
    pub const THIRD_PARTY_REASON: &str = "申请人申请公开的政府信息涉及您（单位）";

    /// Why a co-producing agency is consulted: the words of 条例 §34.
    pub const AGENCY_REASON: &str = "该政府信息由本机关与贵机关共同制作";

    /// How the consulted party answers, from the agency's settings.
    pub fn how_to_answer(agency: &str, address: &str, phone: &str) -> String {
        format!("请将书面意见寄送或者送达{agency}（{address}），联系电话：{phone}。")
    }

    /// A third party's silence and objection (R-TIME-6).
    pub const THIRD_PARTY_CONSEQUENCE: &str = "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。第三方不同意公开且有合理理由的，本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知第三方。";

    /// An agency's silence counts as consent (R-TIME-7).
    pub const AGENCY_CONSEQUENCE: &str = "逾期未提出意见的，视为同意公开。";

    /// The title of the notice to the applicant.
    pub fn notice_title(agency: &str) -> String {
        format!("{agency}\n征求第三方意见告知书")
    }

    /// The notice to the applicant that a consultation is under way and is not counted (R-TIME-5).
    pub fn notice_body(
        received_on: NaiveDate,
        request: &str,
        party: &str,
        sent_on: NaiveDate,
        legal_basis: &str,
    ) -> String {
        format!(
            "本机关于{}收到您提出的政府信息公开申请，申请获取“{request}”。因该信息涉及{party}，本机关已于{}书面征求其意见。根据{legal_basis}的规定，征求意见所需时间不计算在答复期限内。本机关将在收到意见或者征求意见期限届满后继续办理，并依法作出答复。",
            date(received_on),
            date(sent_on)
        )
    }

    /// How the consulted party is named to the applicant.
    pub const THIRD_PARTY: &str = "第三方的合法权益";
    /// How a co-producing agency is named to the applicant.
    pub const OTHER_AGENCY: &str = "其他行政机关";
}

/// The 收费通知书 (R-FEE-1 … R-FEE-5, R-TIME-9).
pub mod fee {
    use super::date;
    use chrono::NaiveDate;

    /// The title.
    pub fn title(agency: &str) -> String {
        format!("{agency}\n政府信息公开信息处理费收费通知书")
    }

    /// The opening and the basis.
    pub fn opening(received_on: NaiveDate, request: &str, basis: &str, per_item: bool) -> String {
        format!(
            "本机关于{}收到您提出的政府信息公开申请，申请获取“{request}”。经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据{basis}的规定，本机关决定{}收取信息处理费。",
            date(received_on),
            if per_item { "按件" } else { "按量" }
        )
    }

    /// The per-item standard (R-FEE-3).
    pub const PER_ITEM_STANDARD: &str = "收费标准（按件计收）：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，每件收费100元；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件。";

    /// The per-volume standard (R-FEE-4).
    pub const PER_PAGE_STANDARD: &str = "收费标准（按量计收）：30页以下（含30页）的，不收费；31—100页（含100页）的部分，每页收费10元；101—200页（含200页）的部分，每页收费20元；200页以上的部分，每页收费40元。";

    /// The per-item arithmetic.
    pub fn per_item(nth: u32, yuan: u64) -> String {
        format!("本件申请是您本自然月内向本机关提出的第{nth}件申请，适用每件{yuan}元的标准，应缴纳信息处理费{yuan}元。")
    }

    /// One band of the per-volume arithmetic.
    pub fn band(from: u32, to: u32, pages: u32, yuan_per_page: u64, subtotal: u64) -> String {
        if yuan_per_page == 0 {
            format!("第{from}—{to}页共{pages}页，不收费")
        } else {
            format!("第{from}—{to}页共{pages}页，每页{yuan_per_page}元，计{subtotal}元")
        }
    }

    /// The per-volume arithmetic: the bands and the total.
    pub fn per_page(pages: u32, bands: &[String], total: u64) -> String {
        format!(
            "您申请的政府信息共{pages}页：{}；合计应缴纳信息处理费{total}元。",
            bands.join("；")
        )
    }

    /// How and by when to pay (R-TIME-9).
    pub fn payment(pay_by: NaiveDate, how: &str) -> String {
        format!(
            "请您自收到本通知书次日起20个工作日内（最迟于{}）缴纳。{how}",
            date(pay_by)
        )
    }

    /// How to pay, from the agency's settings: where, whom to ask, and the case number to quote.
    pub fn how_to_pay(agency: &str, address: &str, phone: &str, case_number: &str) -> String {
        format!("请到{agency}（{address}）办理缴费手续，或者致电{phone}询问缴款方式；缴款时请注明登记编号{case_number}。")
    }

    /// The consequence of not paying and the pause of the clock.
    pub const CONSEQUENCE: &str = "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。自本通知书发出之日至您缴纳费用之日，不计算在答复期限内。";
}

/// The 送达回证.
pub mod delivery {
    /// The title.
    pub fn title(agency: &str) -> String {
        format!("{agency}\n送达回证")
    }

    /// Row labels, in order.
    pub const DOCUMENT: &str = "送达文书";
    /// 字号 of the document served.
    pub const DOC_NUMBER: &str = "文书字号";
    /// The recipient.
    pub const RECIPIENT: &str = "受送达人";
    /// The address.
    pub const ADDRESS: &str = "送达地址";
    /// The method.
    pub const METHOD: &str = "送达方式";
    /// The recipient's signature and date.
    pub const RECIPIENT_SIGNATURE: &str = "受送达人签名（盖章）";
    /// A person who accepts on the recipient's behalf.
    pub const PROXY: &str = "代收人及代收理由";
    /// The server's signature and date.
    pub const SERVER: &str = "送达人签名";
    /// Remarks.
    pub const REMARKS: &str = "备注";
    /// The blank date line to be filled in by hand (underscores: the layout keeps no spaces
    /// beside Chinese characters).
    pub const BLANK_DATE: &str = "______年____月____日";
    /// The sending agency.
    pub const AGENCY: &str = "送达机关";
}

/// The 政府信息公开申请登记表.
pub mod registration {
    /// The title.
    pub fn title(agency: &str) -> String {
        format!("{agency}\n政府信息公开申请登记表")
    }

    /// Row labels.
    pub const CASE_NUMBER: &str = "登记编号";
    /// Receipt date and how it was fixed.
    pub const RECEIVED: &str = "收到申请日期";
    /// Channel.
    pub const CHANNEL: &str = "申请方式";
    /// Name.
    pub const APPLICANT: &str = "申请人姓名或名称";
    /// ID.
    pub const ID: &str = "身份证件名称及号码";
    /// Contact person of an organisation.
    pub const CONTACT_PERSON: &str = "法定代表人或联系人";
    /// Phone.
    pub const PHONE: &str = "联系电话";
    /// Address.
    pub const ADDRESS: &str = "通信地址";
    /// E-mail.
    pub const EMAIL: &str = "电子邮箱";
    /// The information requested.
    pub const REQUEST: &str = "所需政府信息的名称、文号或者特征性描述";
    /// The form.
    pub const FORM: &str = "提供政府信息的方式";
    /// The way of obtaining.
    pub const DELIVERY: &str = "获取信息的方式";
    /// Due date.
    pub const DUE: &str = "答复期限";
    /// Who registered, when.
    pub const REGISTERED_BY: &str = "登记人及登记日期";
    /// R-APP-1: an oral application written down by the office.
    pub const ORAL_NOTE: &str = "申请人口头提出申请，由本机关代为填写本表，并经申请人确认。";
    /// Remarks.
    pub const REMARKS: &str = "备注";

    /// The receipt date and how it was fixed.
    pub fn received(date: &str, basis: &str) -> String {
        format!("{date}（{basis}）")
    }

    /// Who registered and when.
    pub fn registered(by: &str, date: &str) -> String {
        format!("{by}　{date}")
    }
}

/// The case file (案卷) and its index (卷内目录).
pub mod case_file {
    /// The title of the index.
    pub const INDEX_TITLE: &str = "卷内目录";
    /// The line under the title: the case.
    pub fn case_line(agency: &str, case_number: &str) -> String {
        format!("立卷单位：{agency}\n案件编号：{case_number}")
    }
    /// The column headings.
    pub const HEADINGS: [&str; 5] = ["序号", "文件题名", "字号", "日期", "页号"];
}

/// The registration receipt (登记回执).
pub mod receipt {
    use super::date;
    use chrono::NaiveDate;

    /// The title, preceded by the agency name.
    pub fn title(agency: &str) -> String {
        format!("{agency}\n政府信息公开申请登记回执")
    }

    /// The paragraph that confirms receipt and how the receipt date was fixed.
    pub fn received(received_on: NaiveDate, case_number: &str, basis: &str) -> String {
        format!(
            "本机关已于{}收到您提出的政府信息公开申请，登记编号为{case_number}。{basis}",
            date(received_on)
        )
    }

    /// The paragraph with the due date of the reply.
    pub fn due(due_on: NaiveDate) -> String {
        format!(
            "根据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关最迟于{}作出答复；\
             依法需要补正、征求第三方意见或者延长答复期限的，本机关将另行书面告知。",
            date(due_on)
        )
    }

    /// The paragraph that tells the applicant how to follow the progress.
    pub fn enquiry(tracking_code: &str, how: &str) -> String {
        format!("您可以凭查询码{tracking_code}查询办理进度。{how}")
    }

    /// The closing line.
    pub const CLOSING: &str = "特此回执。";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_have_no_leading_zeros() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        assert_eq!(date(d), "2026年3月2日");
        let d = NaiveDate::from_ymd_opt(2026, 12, 20).unwrap();
        assert_eq!(date(d), "2026年12月20日");
    }

    #[test]
    fn page_numbers_have_em_dashes() {
        assert_eq!(page_number(1), "— 1 —");
        assert_eq!(page_number(12), "— 12 —");
    }

    #[test]
    fn remedy_names_both_bodies_and_both_periods() {
        // R-LET-2
        let s = reply::remedy("某市人民政府", "某区人民法院");
        assert!(s.contains("60日内向某市人民政府申请行政复议"));
        assert!(s.contains("6个月内向某区人民法院提起行政诉讼"));
    }
}
