//! Every Chinese string of the letters, in one place (`architecture.md`: "Where text lives").
//!
//! The layout engine and the documents never spell Chinese text inline: they call the constants
//! and functions of this module. A reviewer who wants to read or change what an applicant reads
//! reads this file only. Legal citations (article, paragraph, wording) will come from the citations
//! table of `disclosure-core` once it exists; until then the callers pass the citation text in.

use chrono::{Datelike, NaiveDate};

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
            "根据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关将于{}前作出答复；\
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
