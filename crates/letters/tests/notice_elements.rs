//! The notices refuse to exist without their elements (each removed in turn names it), and say
//! what the catalogue (`letters.md` of the shared reference) says they must.
#![allow(
    clippy::unwrap_used,
    reason = "test code: a failed unwrap is a failed test"
)]

use disclosure_core::case::{DeliveryMethod, PartyKind};
use disclosure_core::fee::FeeBasis;
use disclosure_letters::documents::{
    ConsultationLetter, ConsultationLetterDraft, ConsultationNotice, ConsultationNoticeDraft,
    CorrectionNotice, CorrectionNoticeDraft, DeliveryReceipt, DeliveryReceiptDraft, DocumentError,
    Element, ExtensionNotice, ExtensionNoticeDraft, FeeNotice, FeeNoticeDraft, RegistrationForm,
    RegistrationFormDraft,
};
use disclosure_letters::samples::{agency, d, doc_number};
use disclosure_letters::Letter;

fn text(letter: &Letter) -> String {
    letter.body.iter().map(|p| p.text.as_str()).collect()
}

fn missing<T: std::fmt::Debug>(r: Result<T, DocumentError>) -> Element {
    match r {
        Err(DocumentError::Missing { element }) => element,
        other => panic!("expected a missing element, got {other:?}"),
    }
}

fn correction() -> CorrectionNoticeDraft {
    CorrectionNoticeDraft {
        agency: agency(),
        doc_number: None,
        applicant_name: "张三".into(),
        received_on: Some(d(3, 2)),
        request: "某地块的批复".into(),
        items: vec!["地块的位置".into(), "批复的年份".into()],
        reply_by: Some(d(3, 20)),
        how_to_submit: "请通过申请平台提交。".into(),
        issued_on: Some(d(3, 5)),
    }
}

#[test]
fn r_cor_1_correction_notice_elements_and_wording() {
    type Blank = fn(&mut CorrectionNoticeDraft);
    let cases: [(Blank, Element); 7] = [
        (|x| x.agency.name.clear(), Element::Agency),
        (|x| x.applicant_name.clear(), Element::ApplicantName),
        (|x| x.received_on = None, Element::ReceiptDate),
        (|x| x.request.clear(), Element::Request),
        (|x| x.items = vec![" ".into()], Element::CorrectionItems),
        (|x| x.reply_by = None, Element::Date),
        (|x| x.how_to_submit.clear(), Element::HowToSubmit),
    ];
    for (blank, element) in cases {
        let mut x = correction();
        blank(&mut x);
        assert_eq!(missing(CorrectionNotice::new(x)), element);
    }
    let body = text(&CorrectionNotice::new(correction()).unwrap().to_letter());
    for needle in [
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您对下列内容作出补正：",
        "1.地块的位置。",
        "2.批复的年份。",
        "请您最迟于2026年3月20日将补正后的申请提交本机关。",
        // R-COR-2, R-COR-3
        "自收到您补正后的申请之日起重新计算答复期限",
        "逾期不补正的，视为放弃申请",
    ] {
        assert!(body.contains(needle), "{needle} not in {body}");
    }
    let mut late = correction();
    late.reply_by = Some(d(3, 4));
    assert!(matches!(
        CorrectionNotice::new(late),
        Err(DocumentError::DatesOutOfOrder { .. })
    ));
}

fn extension() -> ExtensionNoticeDraft {
    ExtensionNoticeDraft {
        agency: agency(),
        doc_number: None,
        applicant_name: "张三".into(),
        received_on: Some(d(3, 2)),
        request: "某地块的批复".into(),
        original_due: Some(d(3, 30)),
        new_due: Some(d(4, 28)),
        reason: "需要调取档案逐一核查".into(),
        issued_on: Some(d(3, 25)),
    }
}

#[test]
fn r_time_4_extension_notice_elements_dates_and_wording() {
    let mut x = extension();
    x.reason = " ".into();
    assert_eq!(missing(ExtensionNotice::new(x)), Element::ExtensionReason);
    let mut x = extension();
    x.new_due = None;
    assert_eq!(missing(ExtensionNotice::new(x)), Element::Date);
    // Decided and notified before the current deadline.
    let mut x = extension();
    x.issued_on = Some(d(3, 31));
    assert!(matches!(
        ExtensionNotice::new(x),
        Err(DocumentError::DatesOutOfOrder { .. })
    ));
    let mut x = extension();
    x.new_due = Some(d(3, 30));
    assert!(ExtensionNotice::new(x).is_err());
    let body = text(&ExtensionNotice::new(extension()).unwrap().to_letter());
    for needle in [
        "本机关应于2026年3月30日前作出答复",
        "因需要调取档案逐一核查，",
        "经本机关政府信息公开工作机构负责人同意",
        "《中华人民共和国政府信息公开条例》第三十三条第一款",
        "答复期限延长至2026年4月28日",
    ] {
        assert!(body.contains(needle), "{needle} not in {body}");
    }
}

fn consultation(kind: PartyKind) -> ConsultationLetterDraft {
    ConsultationLetterDraft {
        agency: agency(),
        doc_number: None,
        party: "某公司".into(),
        party_kind: kind,
        received_on: Some(d(3, 2)),
        information: "某地块的出让合同".into(),
        reason: "该信息涉及贵公司的商业秘密".into(),
        answer_by: Some(d(3, 31)),
        how_to_answer: "请寄送书面意见。".into(),
        sent_on: Some(d(3, 10)),
    }
}

#[test]
fn r_time_6_consultation_letter_to_a_third_party_has_the_15_working_day_window() {
    type Blank = fn(&mut ConsultationLetterDraft);
    let cases: [(Blank, Element); 4] = [
        (|x| x.party.clear(), Element::ConsultedParty),
        (|x| x.reason.clear(), Element::ConsultationReason),
        (|x| x.how_to_answer.clear(), Element::HowToAnswer),
        (|x| x.answer_by = None, Element::Date),
    ];
    for (blank, element) in cases {
        let mut x = consultation(PartyKind::ThirdParty);
        blank(&mut x);
        assert_eq!(missing(ConsultationLetter::new(x)), element);
    }
    // 14 calendar days can never hold 15 working days.
    let mut x = consultation(PartyKind::ThirdParty);
    x.answer_by = Some(d(3, 24));
    assert!(matches!(
        ConsultationLetter::new(x),
        Err(DocumentError::WindowTooShort { .. })
    ));
    let letter = ConsultationLetter::new(consultation(PartyKind::ThirdParty))
        .unwrap()
        .to_letter();
    assert_eq!(letter.addressee.as_deref(), Some("某公司"));
    let body = text(&letter);
    for needle in [
        "申请人申请获取“某地块的出让合同”",
        "《中华人民共和国政府信息公开条例》第三十二条",
        "15个工作日内（最迟于2026年3月31日）",
        "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开",
    ] {
        assert!(body.contains(needle), "{needle} not in {body}");
    }
}

#[test]
fn r_time_7_an_agency_consulted_is_told_silence_counts_as_consent() {
    let body = text(
        &ConsultationLetter::new(consultation(PartyKind::Agency))
            .unwrap()
            .to_letter(),
    );
    assert!(body.contains("第三十四条"), "{body}");
    assert!(body.contains("逾期未提出意见的，视为同意公开。"), "{body}");
}

#[test]
fn r_time_5_the_applicant_is_told_consultation_time_is_not_counted() {
    let draft = ConsultationNoticeDraft {
        agency: agency(),
        doc_number: doc_number(4),
        applicant_name: "张三".into(),
        received_on: Some(d(3, 2)),
        request: "某地块的出让合同".into(),
        party_kind: PartyKind::ThirdParty,
        sent_on: Some(d(3, 10)),
        issued_on: Some(d(3, 10)),
    };
    let mut x = draft.clone();
    x.applicant_name.clear();
    assert_eq!(missing(ConsultationNotice::new(x)), Element::ApplicantName);
    let letter = ConsultationNotice::new(draft).unwrap().to_letter();
    assert_eq!(
        letter.doc_number.as_deref(),
        Some("某自然资信公开〔2026〕4号")
    );
    let body = text(&letter);
    for needle in [
        "本机关已于2026年3月10日书面征求其意见",
        "第三十二条和第三十三条第二款",
        "征求意见所需时间不计算在答复期限内",
    ] {
        assert!(body.contains(needle), "{needle} not in {body}");
    }
}

fn fee(basis: FeeBasis, amount: u64) -> FeeNoticeDraft {
    FeeNoticeDraft {
        agency: agency(),
        doc_number: None,
        applicant_name: "张三".into(),
        received_on: Some(d(3, 2)),
        request: "某地块的批复".into(),
        basis,
        amount_yuan: amount,
        how_to_pay: "请通过非税收入缴款平台缴纳。".into(),
        pay_by: Some(d(4, 3)),
        issued_on: Some(d(3, 6)),
    }
}

#[test]
fn r_fee_5_fee_notice_states_basis_standard_arithmetic_amount_deadline_and_lapse() {
    // 150 pages by hand: 1–30 free; 31–100: 70 × 10 = 700; 101–150: 50 × 20 = 1000; 1700.
    let body = text(
        &FeeNotice::new(fee(FeeBasis::PerPage { pages: 150 }, 1700))
            .unwrap()
            .to_letter(),
    );
    for needle in [
        "《中华人民共和国政府信息公开条例》第四十二条和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
        "按量收取信息处理费",
        "第1—30页共30页，不收费",
        "第31—100页共70页，每页10元，计700元",
        "第101—150页共50页，每页20元，计1000元",
        "合计应缴纳信息处理费1700元",
        "最迟于2026年4月3日",
        "逾期未缴纳的，视为放弃申请",
    ] {
        assert!(body.contains(needle), "{needle} not in {body}");
    }
    // The 35th application of the month: band 31–40, 200 yuan (R-FEE-3).
    let body = text(
        &FeeNotice::new(fee(FeeBasis::PerItem { nth: 35 }, 200))
            .unwrap()
            .to_letter(),
    );
    assert!(
        body.contains("第35件申请，适用每件200元的标准，应缴纳信息处理费200元"),
        "{body}"
    );
    // A wrong amount, a free application, a missing way to pay.
    assert_eq!(
        FeeNotice::new(fee(FeeBasis::PerPage { pages: 150 }, 1500)).unwrap_err(),
        DocumentError::FeeMismatch {
            stated: 1500,
            computed: 1700
        }
    );
    assert_eq!(
        missing(FeeNotice::new(fee(FeeBasis::PerItem { nth: 10 }, 0))),
        Element::FeeAmount
    );
    let mut x = fee(FeeBasis::PerItem { nth: 11 }, 100);
    x.how_to_pay.clear();
    assert_eq!(missing(FeeNotice::new(x)), Element::HowToPay);
}

#[test]
fn delivery_receipt_needs_document_recipient_method_and_for_post_the_address() {
    let draft = DeliveryReceiptDraft {
        agency: agency(),
        document: "某市自然资源局政府信息公开申请答复书".into(),
        doc_number: doc_number(12),
        recipient: "张三".into(),
        address: String::new(),
        method: Some(DeliveryMethod::Post),
        remarks: String::new(),
        issued_on: d(3, 20),
    };
    assert_eq!(
        missing(DeliveryReceipt::new(draft.clone())),
        Element::Address
    );
    let mut x = draft.clone();
    x.method = None;
    assert_eq!(missing(DeliveryReceipt::new(x)), Element::DeliveryMethod);
    let mut x = draft.clone();
    x.recipient.clear();
    assert_eq!(missing(DeliveryReceipt::new(x)), Element::Recipient);
    let mut x = draft.clone();
    x.document.clear();
    assert_eq!(missing(DeliveryReceipt::new(x)), Element::ServedDocument);
    let mut x = draft;
    x.method = Some(DeliveryMethod::PickUp);
    let table = DeliveryReceipt::new(x).unwrap().to_letter().table.unwrap();
    let cells: Vec<String> = table.rows.iter().flatten().cloned().collect();
    assert!(cells.contains(&"某自然资信公开〔2026〕12号".to_owned()));
    assert!(cells.contains(&"自行领取".to_owned()));
    assert!(cells.contains(&"受送达人签名（盖章）".to_owned()));
}

#[test]
fn r_app_1_r_app_3_registration_form_needs_its_elements_and_notes_an_oral_application() {
    let draft = RegistrationFormDraft {
        agency: agency(),
        case_number: "2026-0012".into(),
        received_on: Some(d(3, 2)),
        receipt_basis: "当面提交".into(),
        applicant_name: "张三".into(),
        request: "某地块的批复".into(),
        registered_on: Some(d(3, 2)),
        oral: true,
        ..RegistrationFormDraft::default()
    };
    type Blank = fn(&mut RegistrationFormDraft);
    let cases: [(Blank, Element); 5] = [
        (|x| x.case_number.clear(), Element::CaseNumber),
        (|x| x.received_on = None, Element::ReceiptDate),
        (|x| x.receipt_basis.clear(), Element::ReceiptBasis),
        (|x| x.applicant_name.clear(), Element::ApplicantName),
        (|x| x.request.clear(), Element::Request),
    ];
    for (blank, element) in cases {
        let mut x = draft.clone();
        blank(&mut x);
        assert_eq!(missing(RegistrationForm::new(x)), element);
    }
    let table = RegistrationForm::new(draft)
        .unwrap()
        .to_letter()
        .table
        .unwrap();
    let cells: Vec<String> = table.rows.iter().flatten().cloned().collect();
    assert!(
        cells.contains(&"2026年3月2日（当面提交）".to_owned()),
        "{cells:?}"
    );
    assert!(
        cells.iter().any(|c| c.contains("口头提出申请")),
        "{cells:?}"
    );
}
