//! Sample documents of every kind and every reply outcome, for legal staff to review on paper
//! (`disclosure letters sample --out DIR`, the `sample_letters` example) and for the tests.
//! Applicant names include rare characters (喆 堃 赟 玥 犇 燚) that only the fallback face has.

use chrono::NaiveDate;
use disclosure_core::case::{
    CompetentAgency, DeliveryMethod, PartyKind, ProvisionForm, Reply, SearchRecord, WithheldItem,
};
use disclosure_core::fee::FeeBasis;
use disclosure_core::outcome::{
    DisclosureBasis, NotProcessedGround, OtherGround, Outcome, UnavailableGround, WithholdGround,
};
use disclosure_core::values::DocNumber;

use crate::documents::{
    ConsultationLetter, ConsultationLetterDraft, ConsultationNotice, ConsultationNoticeDraft,
    CorrectionNotice, CorrectionNoticeDraft, DeliveryReceipt, DeliveryReceiptDraft, DocumentError,
    ExtensionNotice, ExtensionNoticeDraft, FeeNotice, FeeNoticeDraft, IssuingAgency,
    ReceiptContent, ReceiptDraft, RegistrationForm, RegistrationFormDraft, ReplyLetter,
    ReplyLetterFacts,
};
use crate::layout::Letter;
use crate::templates;

/// A sample document: a file stem, and what the case file's index prints for it.
#[derive(Debug, Clone)]
pub struct Sample {
    /// File stem, e.g. `reply-withheld-state-secret`.
    pub name: String,
    /// The document.
    pub letter: Letter,
    /// The 字号, if any.
    pub doc_number: Option<String>,
    /// The document's date.
    pub date: NaiveDate,
}

/// A date of 2026 (the samples' year); the samples only use valid dates.
pub fn d(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, month, day).unwrap_or_default()
}

/// The sample agency: 某市自然资源局, reviewed by 某市人民政府, the court 某区人民法院, no e-seal.
pub fn agency() -> IssuingAgency {
    IssuingAgency {
        name: "某市自然资源局".into(),
        review_body: "某市人民政府".into(),
        court: "某区人民法院".into(),
        seal: crate::Seal::HandStamp,
        contact: Some("联系人：李四，联系电话：0000-1234567".into()),
    }
}

/// The sample 字号 `某自然资信公开〔2026〕12号`.
pub fn doc_number(seq: u32) -> Option<DocNumber> {
    DocNumber::new("某自然资信公开", 2026, seq).ok()
}

/// Every outcome that has a letter (其他处理 3 `其他` has none: no provision to cite), each with
/// a file stem.
pub fn outcomes() -> Vec<(&'static str, Outcome)> {
    use NotProcessedGround as N;
    use UnavailableGround as U;
    use WithholdGround as W;
    vec![
        (
            "disclosed-already-public",
            Outcome::Disclosed(DisclosureBasis::AlreadyPublic),
        ),
        (
            "disclosed-provided",
            Outcome::Disclosed(DisclosureBasis::Provided),
        ),
        ("partially-disclosed", Outcome::PartiallyDisclosed),
        ("withheld-state-secret", Outcome::Withheld(W::StateSecret)),
        (
            "withheld-forbidden-by-law",
            Outcome::Withheld(W::ForbiddenByLaw),
        ),
        ("withheld-endangers", Outcome::Withheld(W::Endangers)),
        (
            "withheld-third-party",
            Outcome::Withheld(W::ThirdPartyRights),
        ),
        ("withheld-internal", Outcome::Withheld(W::InternalAffairs)),
        ("withheld-process", Outcome::Withheld(W::ProcessInformation)),
        (
            "withheld-enforcement-file",
            Outcome::Withheld(W::EnforcementFile),
        ),
        (
            "withheld-administrative-query",
            Outcome::Withheld(W::AdministrativeQuery),
        ),
        (
            "unavailable-does-not-exist",
            Outcome::Unavailable(U::DoesNotExist),
        ),
        (
            "unavailable-not-this-agency",
            Outcome::Unavailable(U::NotThisAgency),
        ),
        (
            "unavailable-needs-creation",
            Outcome::Unavailable(U::NeedsCreation),
        ),
        (
            "unavailable-unclear",
            Outcome::Unavailable(U::UnclearAfterCorrection),
        ),
        ("not-processed-petition", Outcome::NotProcessed(N::Petition)),
        ("not-processed-repeated", Outcome::NotProcessed(N::Repeated)),
        (
            "not-processed-publication",
            Outcome::NotProcessed(N::Publication),
        ),
        (
            "not-processed-excessive",
            Outcome::NotProcessed(N::Excessive),
        ),
        (
            "not-processed-confirm",
            Outcome::NotProcessed(N::ConfirmOrReissue),
        ),
        (
            "other-correction-lapsed",
            Outcome::Other(OtherGround::CorrectionLapsed),
        ),
        ("other-fee-lapsed", Outcome::Other(OtherGround::FeeLapsed)),
    ]
}

/// What the officer writes for each outcome (facts and decision), and the items, search and
/// referral the outcome needs.
pub fn reply(outcome: Outcome) -> Reply {
    use NotProcessedGround as N;
    use UnavailableGround as U;
    use WithholdGround as W;
    let (facts, decision) = match outcome {
        Outcome::Disclosed(DisclosureBasis::AlreadyPublic) => (
            "经检索，您申请获取的信息已于2025年6月1日在本机关门户网站主动公开。",
            "您可以登录某市自然资源局门户网站“政府信息公开”栏目查阅（网址：https://example.gov.cn/zrzy/xxgk）。",
        ),
        Outcome::Disclosed(DisclosureBasis::Provided) => (
            "经检索，本机关保存有您申请获取的政府信息。",
            "现将该信息提供给您，详见附件。",
        ),
        Outcome::PartiallyDisclosed => (
            "经检索，本机关保存有您申请获取的政府信息，其中含有个人信息。",
            "本机关对该信息作区分处理，隐去不应当公开的内容后向您提供。",
        ),
        Outcome::Withheld(W::ForbiddenByLaw) => (
            "经审查，您申请获取的信息为某项统计调查中的单个调查对象资料。",
            "《中华人民共和国统计法》第二十五条规定，统计调查中获得的能够识别或者推断单个统计调查对象身份的资料，任何单位和个人不得对外提供、泄露。",
        ),
        Outcome::Withheld(W::ThirdPartyRights) => (
            "经审查，您申请获取的信息涉及某公司的经营数据。本机关于2026年3月10日书面征求该公司意见，该公司于2026年3月16日答复不同意公开，理由是该信息属于其商业秘密。",
            "经审查，该理由成立，不公开不会对公共利益造成重大影响。",
        ),
        Outcome::Withheld(_) => (
            "经审查，您申请获取的信息属于本答复所述情形。",
            "故本机关不予公开。",
        ),
        Outcome::Unavailable(U::DoesNotExist) => (
            "本机关收到申请后，对本机关保存的文件资料进行了检索。",
            "请您知悉。",
        ),
        Outcome::Unavailable(U::NotThisAgency) => (
            "经审查，您申请获取的林地征占用审批文件由林业主管部门制作和保存。",
            "请您向该机关咨询。",
        ),
        Outcome::Unavailable(U::NeedsCreation) => (
            "经审查，本机关未制作您所要求的按乡镇分年度汇总统计表。",
            "本机关保存的原始登记资料不能直接满足您的要求。",
        ),
        Outcome::Unavailable(U::UnclearAfterCorrection) => (
            "本机关于2026年3月5日向您发出补正告知书，您于2026年3月12日提交了补正材料。",
            "补正后的申请仍未载明所需信息的名称、文号或者便于查询的其他特征性描述。",
        ),
        Outcome::NotProcessed(N::Petition) => (
            "经审查，您的申请系反映某小区违法建设问题并要求查处。",
            "请您通过某市信访局或者12345政务服务便民热线反映。",
        ),
        Outcome::NotProcessed(N::Repeated) => (
            "您于2026年1月5日提出过相同的申请，本机关已于2026年1月20日以某自然资信公开〔2026〕3号答复。",
            "请您参阅上述答复。",
        ),
        Outcome::NotProcessed(N::Publication) => (
            "经审查，您申请获取的《某市国土空间总体规划（2021—2035年）》已正式出版。",
            "您可以通过新华书店等公开发行渠道购买，或者到某市图书馆查阅。",
        ),
        Outcome::NotProcessed(N::Excessive) => (
            "您自2026年1月起向本机关提出政府信息公开申请共85件。本机关于2026年3月4日要求您说明理由，您的理由不合理。",
            "请您合理行使申请权利。",
        ),
        Outcome::NotProcessed(N::ConfirmOrReissue) => (
            "您要求本机关确认您已获取的某地块征收补偿方案复印件的真实性。",
            "请您知悉。",
        ),
        Outcome::Other(OtherGround::CorrectionLapsed) => (
            "本机关于2026年3月5日向您发出补正告知书，要求您于2026年3月20日前补正，您逾期未补正。",
            "请您知悉。",
        ),
        Outcome::Other(OtherGround::FeeLapsed) => (
            "本机关于2026年3月6日向您发出收费通知书，您逾期未缴纳信息处理费。",
            "请您知悉。",
        ),
        Outcome::Other(OtherGround::Other) => ("", ""),
    };
    let disclosing = matches!(outcome, Outcome::Disclosed(_) | Outcome::PartiallyDisclosed);
    Reply {
        outcome,
        facts: facts.into(),
        decision: decision.into(),
        disclosed_items: match outcome {
            Outcome::Disclosed(DisclosureBasis::Provided) => vec!["某地块征地批复文件".into()],
            Outcome::PartiallyDisclosed => vec![
                "某地块征地补偿安置方案".into(),
                "某地块征地补偿费用明细表（隐去个人信息）".into(),
            ],
            _ => Vec::new(),
        },
        withheld_items: if outcome == Outcome::PartiallyDisclosed {
            vec![WithheldItem {
                item: "被征收户的姓名、身份证号码和银行账号".into(),
                reason: "属于个人隐私，公开会对第三方合法权益造成损害，依据《中华人民共和国政府信息公开条例》第十五条不予公开".into(),
            }]
        } else {
            Vec::new()
        },
        provision: disclosing.then_some(ProvisionForm::Paper),
        competent_agency: (outcome == Outcome::Unavailable(U::NotThisAgency)).then(|| {
            CompetentAgency {
                name: "某市林业局".into(),
                contact: "0000-7654321".into(),
            }
        }),
        public_interest_reason: None,
        third_party_notified: false,
    }
}

/// The search record of the sample case (R-DEC-1).
pub fn search() -> SearchRecord {
    SearchRecord {
        places: "本机关档案室和公文管理系统".into(),
        method: "人工查阅和系统全文检索".into(),
        keywords: "某地块 征地批复".into(),
        result: "未检索到相关信息".into(),
        searched_by: "王五".into(),
        searched_on: d(3, 16),
        evidence: Vec::new(),
    }
}

/// The applicant of each sample, with rare characters in turn.
fn applicant(i: usize) -> &'static str {
    const NAMES: [&str; 6] = ["王喆", "李堃", "赵赟", "陈玥", "孙犇", "周燚"];
    NAMES[i % NAMES.len()]
}

/// The request of the samples.
pub const REQUEST: &str = "某地块2025年的征地批复文件";

/// The facts of a reply letter of the sample case for `outcome`.
pub fn reply_facts(outcome: Outcome, applicant_name: &str) -> ReplyLetterFacts {
    let agency = agency();
    ReplyLetterFacts {
        title: templates::outcome::title(&agency.name, &outcome),
        agency,
        doc_number: doc_number(12),
        applicant_name: applicant_name.into(),
        received_on: Some(d(3, 2)),
        request: REQUEST.into(),
        reply: reply(outcome),
        searches: vec![search()],
        reply_date: Some(d(3, 20)),
        attachments: if outcome == Outcome::Disclosed(DisclosureBasis::Provided) {
            vec!["某地块征地批复文件".into()]
        } else {
            Vec::new()
        },
    }
}

fn sample(
    name: impl Into<String>,
    letter: Letter,
    number: Option<&DocNumber>,
    date: NaiveDate,
) -> Sample {
    Sample {
        name: name.into(),
        letter,
        doc_number: number.map(ToString::to_string),
        date,
    }
}

/// Every document kind (the registration form, receipt, notices, delivery receipt) and every
/// reply outcome, plus a draft preview of a reply.
pub fn all() -> Result<Vec<Sample>, DocumentError> {
    let mut out = Vec::new();
    let a = agency();
    let name = applicant(0);
    let form = RegistrationForm::new(RegistrationFormDraft {
        agency: a.clone(),
        case_number: "2026-0012".into(),
        received_on: Some(d(3, 2)),
        receipt_basis: "当面提交，以提交之日为收到申请之日".into(),
        channel: "当面提交".into(),
        applicant_name: name.into(),
        id_document: "居民身份证 110101********123X".into(),
        contact_person: String::new(),
        phone: "138****5678".into(),
        address: "某市某区某路1号".into(),
        email: String::new(),
        request: REQUEST.into(),
        form: ProvisionForm::Paper.label_zh().into(),
        delivery: DeliveryMethod::Post.label_zh().into(),
        due_on: Some(d(3, 30)),
        registered_by: "赵六".into(),
        registered_on: Some(d(3, 2)),
        oral: false,
    })?;
    out.push(sample(
        "registration-form",
        form.to_letter(),
        None,
        form.date(),
    ));
    let receipt = ReceiptContent::new(ReceiptDraft {
        agency: a.name.clone(),
        case_number: "2026-0012".into(),
        applicant_name: name.into(),
        received_on: d(3, 2),
        receipt_basis: "您当面提交申请，以提交之日为收到申请之日。".into(),
        due_on: d(3, 30),
        tracking_code: "K7Q2-9XPM".into(),
        enquiry: "查询网址：https://example.gov.cn/ysqgk，咨询电话：0000-1234567。".into(),
        issued_on: d(3, 2),
    })?;
    out.push(sample("receipt", receipt.to_letter(), None, d(3, 2)));
    let correction = CorrectionNotice::new(CorrectionNoticeDraft {
        agency: a.clone(),
        doc_number: None,
        applicant_name: name.into(),
        received_on: Some(d(3, 2)),
        request: REQUEST.into(),
        items: vec![
            "所需政府信息的名称、文号或者便于查询的其他特征性描述（如地块位置、批复年份）".into(),
            "申请人的身份证明复印件".into(),
        ],
        reply_by: Some(d(3, 20)),
        how_to_submit: "您可以通过本机关政府信息公开申请平台提交，或者邮寄至某市某区某路2号某市自然资源局办公室。".into(),
        issued_on: Some(d(3, 5)),
    })?;
    out.push(sample(
        "correction-notice",
        correction.to_letter(),
        None,
        correction.date(),
    ));
    let extension = ExtensionNotice::new(ExtensionNoticeDraft {
        agency: a.clone(),
        doc_number: None,
        applicant_name: name.into(),
        received_on: Some(d(3, 2)),
        request: REQUEST.into(),
        original_due: Some(d(3, 30)),
        new_due: Some(d(4, 28)),
        reason: "您申请的信息数量较多，需要调取2018年以来的档案逐一核查".into(),
        issued_on: Some(d(3, 25)),
    })?;
    out.push(sample(
        "extension-notice",
        extension.to_letter(),
        None,
        extension.date(),
    ));
    for (stem, kind, party, why) in [
        (
            "consultation-letter-third-party",
            PartyKind::ThirdParty,
            "某房地产开发有限公司",
            "该信息涉及您单位的土地出让价款缴纳情况，可能属于您单位的商业秘密",
        ),
        (
            "consultation-letter-agency",
            PartyKind::Agency,
            "某市住房和城乡建设局",
            "该信息由本机关与贵机关共同制作",
        ),
    ] {
        let letter = ConsultationLetter::new(ConsultationLetterDraft {
            agency: a.clone(),
            doc_number: None,
            party: party.into(),
            party_kind: kind,
            received_on: Some(d(3, 2)),
            information: REQUEST.into(),
            reason: why.into(),
            answer_by: Some(d(3, 31)),
            how_to_answer: "请将书面意见寄送或者送达某市自然资源局办公室（某市某区某路2号），联系电话：0000-1234567。".into(),
            sent_on: Some(d(3, 10)),
        })?;
        out.push(sample(stem, letter.to_letter(), None, letter.date()));
    }
    let notice = ConsultationNotice::new(ConsultationNoticeDraft {
        agency: a.clone(),
        doc_number: None,
        applicant_name: name.into(),
        received_on: Some(d(3, 2)),
        request: REQUEST.into(),
        party_kind: PartyKind::ThirdParty,
        sent_on: Some(d(3, 10)),
        issued_on: Some(d(3, 10)),
    })?;
    out.push(sample(
        "consultation-notice",
        notice.to_letter(),
        None,
        notice.date(),
    ));
    for (stem, basis) in [
        ("fee-notice-per-page", FeeBasis::PerPage { pages: 150 }),
        ("fee-notice-per-item", FeeBasis::PerItem { nth: 35 }),
    ] {
        let fee = FeeNotice::new(FeeNoticeDraft {
            agency: a.clone(),
            doc_number: None,
            applicant_name: name.into(),
            received_on: Some(d(3, 2)),
            request: REQUEST.into(),
            basis,
            amount_yuan: basis.amount(),
            how_to_pay: "请通过某市非税收入缴款平台缴纳（执收单位：某市自然资源局），缴款时注明登记编号2026-0012。".into(),
            pay_by: Some(d(4, 3)),
            issued_on: Some(d(3, 6)),
        })?;
        out.push(sample(stem, fee.to_letter(), None, fee.date()));
    }
    for (i, (stem, outcome)) in outcomes().into_iter().enumerate() {
        let letter = ReplyLetter::new(reply_facts(outcome, applicant(i)))?;
        out.push(sample(
            format!("reply-{stem}"),
            letter.to_letter(),
            letter.doc_number(),
            letter.date(),
        ));
    }
    let preview = ReplyLetter::preview(reply_facts(
        Outcome::Disclosed(DisclosureBasis::Provided),
        name,
    ))?;
    out.push(sample(
        "reply-preview",
        preview.to_letter(),
        None,
        preview.date(),
    ));
    let served = DeliveryReceipt::new(DeliveryReceiptDraft {
        agency: a,
        document: "某市自然资源局政府信息公开申请答复书".into(),
        doc_number: doc_number(12),
        recipient: name.into(),
        address: "某市某区某路1号".into(),
        method: Some(DeliveryMethod::Post),
        remarks: "EMS 1234567890123".into(),
        issued_on: d(3, 20),
    })?;
    out.push(sample(
        "delivery-receipt",
        served.to_letter(),
        None,
        served.date(),
    ));
    Ok(out)
}
