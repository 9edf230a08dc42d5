//! The one table of legal citations, used by letters, pages and reports alike. Articles of
//! 《中华人民共和国政府信息公开条例》 (2019 revision) unless stated otherwise.
use serde::Serialize;

/// A provision as a reply letter cites it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// Internal key: article and item, e.g. `36.2`.
    pub key: &'static str,
    /// As written in a letter: `《中华人民共和国政府信息公开条例》第三十六条第（二）项`.
    pub cite_zh: &'static str,
    /// What the provision says, in brief, for officers choosing it.
    pub gist_zh: &'static str,
}

macro_rules! ogi {
    ($rest:literal) => {
        concat!("《中华人民共和国政府信息公开条例》", $rest)
    };
}

/// Every provision the product cites. The first entry is the fallback of an unknown key.
pub const CITATIONS: &[Citation] = &[
    Citation { key: "none", cite_zh: "", gist_zh: "无特定条款" },
    Citation { key: "14", cite_zh: ogi!("第十四条"), gist_zh: "依法确定为国家秘密、法律行政法规禁止公开、公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开" },
    Citation { key: "15", cite_zh: ogi!("第十五条"), gist_zh: "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，不得公开；第三方同意或不公开会对公共利益造成重大影响的除外" },
    Citation { key: "16.1", cite_zh: ogi!("第十六条第一款"), gist_zh: "人事管理、后勤管理、内部工作流程等内部事务信息，可以不予公开" },
    Citation { key: "16.2", cite_zh: ogi!("第十六条第二款"), gist_zh: "讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，可以不予公开" },
    Citation { key: "30", cite_zh: ogi!("第三十条"), gist_zh: "申请内容不明确的，一次性告知补正；无正当理由逾期不补正的，视为放弃申请" },
    Citation { key: "32", cite_zh: ogi!("第三十二条"), gist_zh: "公开可能损害第三方合法权益的，书面征求第三方意见，第三方自收到之日起15个工作日内提出意见" },
    // R-TIME-3/R-TIME-4 (the period and its one extension) are ¶1; R-TIME-5 (the consultation
    // pause) is ¶2, as rules.md cites it.
    Citation { key: "33.1", cite_zh: ogi!("第三十三条第一款"), gist_zh: "自收到申请之日起20个工作日内答复；经政府信息公开工作机构负责人同意并告知申请人，可以延长，延长的期限最长不得超过20个工作日" },
    Citation { key: "33.2", cite_zh: ogi!("第三十三条第二款"), gist_zh: "征求第三方和其他机关意见所需时间不计算在答复期限内" },
    Citation { key: "34", cite_zh: ogi!("第三十四条"), gist_zh: "多个行政机关共同制作的政府信息，牵头机关可以征求相关行政机关意见，被征求意见机关自收到之日起15个工作日内提出意见，逾期未提出的视为同意公开" },
    Citation { key: "35", cite_zh: ogi!("第三十五条"), gist_zh: "申请数量、频次明显超过合理范围，说明理由不合理的，告知不予处理" },
    Citation { key: "36.1", cite_zh: ogi!("第三十六条第（一）项"), gist_zh: "所申请公开信息已经主动公开的，告知获取该政府信息的方式、途径" },
    Citation { key: "36.2", cite_zh: ogi!("第三十六条第（二）项"), gist_zh: "所申请公开信息可以公开的，向申请人提供该政府信息，或者告知获取的方式、途径和时间" },
    Citation { key: "36.4", cite_zh: ogi!("第三十六条第（四）项"), gist_zh: "经检索没有所申请公开信息的，告知申请人该政府信息不存在" },
    Citation { key: "36.5", cite_zh: ogi!("第三十六条第（五）项"), gist_zh: "所申请公开信息不属于本机关负责公开的，告知申请人并说明理由；能够确定负责公开机关的，告知名称、联系方式" },
    Citation { key: "36.6", cite_zh: ogi!("第三十六条第（六）项"), gist_zh: "已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同政府信息的，告知不予重复处理" },
    Citation { key: "36.7", cite_zh: ogi!("第三十六条第（七）项"), gist_zh: "所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的获取有特别规定的，告知依照有关规定办理" },
    Citation { key: "37", cite_zh: ogi!("第三十七条"), gist_zh: "申请公开的信息中含有不应当公开或者不属于政府信息的内容，但能够作区分处理的，提供可以公开的内容，并对不予公开的内容说明理由" },
    Citation { key: "38", cite_zh: ogi!("第三十八条"), gist_zh: "需要对现有政府信息进行加工、分析的，可以不予提供" },
    Citation { key: "39", cite_zh: ogi!("第三十九条"), gist_zh: "以政府信息公开申请形式进行信访、投诉、举报等活动，或要求提供公开出版物的，告知通过相应渠道办理或获取途径" },
    // §39 has two paragraphs (rules.md: 不予处理 1 ¶1, 不予处理 3 ¶2); the reasons library lets legal
    // staff cite the paragraph instead of the whole article.
    Citation { key: "39.1", cite_zh: ogi!("第三十九条第一款"), gist_zh: "以政府信息公开申请形式进行信访、投诉、举报等活动的，告知不作为政府信息公开申请处理，并可以告知通过相应渠道提出" },
    Citation { key: "39.2", cite_zh: ogi!("第三十九条第二款"), gist_zh: "申请内容为要求提供政府公报、报刊、书籍等公开出版物的，可以告知获取的途径" },
    Citation { key: "42", cite_zh: ogi!("第四十二条"), gist_zh: "申请公开数量、频次明显超过合理范围的，可以收取信息处理费" },
    // 不予处理 5 has no article of the 条例: rules.md gives its source as the 年报格式 row.
    Citation { key: "report-format", cite_zh: "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）", gist_zh: "要求行政机关确认或重新出具已获取信息的，作不予处理" },
    Citation { key: "fee", cite_zh: "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）", gist_zh: "信息处理费按件或者按量计收，超额累进；申请人自收到收费通知次日起20个工作日内缴纳，逾期未缴纳的视为放弃申请" },
];

/// The citation with this key (`36.2`, `33.1`, `fee`, …), for documents whose basis is fixed by
/// the document kind rather than by an outcome (the notices of the letters crate).
pub fn citation(key: &str) -> Option<&'static Citation> {
    CITATIONS.iter().find(|c| c.key == key)
}
