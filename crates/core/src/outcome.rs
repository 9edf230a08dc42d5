//! The outcome of an application: exactly the rows of the annual report's table 三 (年报格式,
//! 国办公开办函〔2021〕30号), each with its legal basis from [`crate::citation`].
use serde::{Deserialize, Serialize};

use crate::citation::{Citation, CITATIONS};

/// 予以公开: already public (§36(1)) or provided now (§36(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisclosureBasis {
    AlreadyPublic,
    Provided,
}

/// 不予公开, grounds 1–8.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WithholdGround {
    StateSecret,
    ForbiddenByLaw,
    Endangers,
    ThirdPartyRights,
    InternalAffairs,
    ProcessInformation,
    EnforcementFile,
    AdministrativeQuery,
}

/// 无法提供, grounds 1–3. Ground 1 is either "does not exist" (§36(4), only after a search, R-DEC-1)
/// or "not this agency's" (§36(5), naming the competent agency when known).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnavailableGround {
    DoesNotExist,
    NotThisAgency,
    NeedsCreation,
    UnclearAfterCorrection,
}

/// 不予处理, grounds 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotProcessedGround {
    Petition,
    Repeated,
    Publication,
    Excessive,
    ConfirmOrReissue,
}

/// 其他处理, rows 1–3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OtherGround {
    CorrectionLapsed,
    FeeLapsed,
    Other,
}

/// The one recorded outcome of a concluded case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "ground", rename_all = "snake_case")]
pub enum Outcome {
    Disclosed(DisclosureBasis),
    PartiallyDisclosed,
    Withheld(WithholdGround),
    Unavailable(UnavailableGround),
    NotProcessed(NotProcessedGround),
    Other(OtherGround),
}

impl Outcome {
    /// The row label of table 三, verbatim (e.g. `4.保护第三方合法权益`), with its section.
    pub fn report_row(&self) -> (&'static str, &'static str) {
        use NotProcessedGround as N;
        use UnavailableGround as U;
        use WithholdGround as W;
        match self {
            Self::Disclosed(_) => ("（一）予以公开", ""),
            Self::PartiallyDisclosed => (
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                "",
            ),
            Self::Withheld(g) => (
                "（三）不予公开",
                match g {
                    W::StateSecret => "1.属于国家秘密",
                    W::ForbiddenByLaw => "2.其他法律行政法规禁止公开",
                    W::Endangers => "3.危及“三安全一稳定”",
                    W::ThirdPartyRights => "4.保护第三方合法权益",
                    W::InternalAffairs => "5.属于三类内部事务信息",
                    W::ProcessInformation => "6.属于四类过程性信息",
                    W::EnforcementFile => "7.属于行政执法案卷",
                    W::AdministrativeQuery => "8.属于行政查询事项",
                },
            ),
            Self::Unavailable(g) => (
                "（四）无法提供",
                match g {
                    U::DoesNotExist | U::NotThisAgency => "1.本机关不掌握相关政府信息",
                    U::NeedsCreation => "2.没有现成信息需要另行制作",
                    U::UnclearAfterCorrection => "3.补正后申请内容仍不明确",
                },
            ),
            Self::NotProcessed(g) => (
                "（五）不予处理",
                match g {
                    N::Petition => "1.信访举报投诉类申请",
                    N::Repeated => "2.重复申请",
                    N::Publication => "3.要求提供公开出版物",
                    N::Excessive => "4.无正当理由大量反复申请",
                    N::ConfirmOrReissue => "5.要求行政机关确认或重新出具已获取信息",
                },
            ),
            Self::Other(g) => (
                "（六）其他处理",
                match g {
                    OtherGround::CorrectionLapsed => {
                        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
                    }
                    OtherGround::FeeLapsed => {
                        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
                    }
                    OtherGround::Other => "3.其他",
                },
            ),
        }
    }

    /// The legal basis cited in the reply letter.
    pub fn citation(&self) -> &'static Citation {
        let key = self.citation_key();
        CITATIONS
            .iter()
            .find(|c| c.key == key)
            .unwrap_or(&CITATIONS[0])
    }

    fn citation_key(&self) -> &'static str {
        use NotProcessedGround as N;
        use UnavailableGround as U;
        use WithholdGround as W;
        match self {
            Self::Disclosed(DisclosureBasis::AlreadyPublic) => "36.1",
            Self::Disclosed(DisclosureBasis::Provided) => "36.2",
            Self::PartiallyDisclosed => "37",
            Self::Withheld(W::StateSecret | W::ForbiddenByLaw | W::Endangers) => "14",
            Self::Withheld(W::ThirdPartyRights) => "15",
            Self::Withheld(W::InternalAffairs) => "16.1",
            Self::Withheld(W::ProcessInformation | W::EnforcementFile) => "16.2",
            Self::Withheld(W::AdministrativeQuery) => "36.7",
            Self::Unavailable(U::DoesNotExist) => "36.4",
            Self::Unavailable(U::NotThisAgency) => "36.5",
            Self::Unavailable(U::NeedsCreation) => "38",
            Self::Unavailable(U::UnclearAfterCorrection) => "30",
            Self::NotProcessed(N::Petition | N::Publication) => "39",
            Self::NotProcessed(N::Repeated) => "36.6",
            Self::NotProcessed(N::Excessive) => "35",
            Self::NotProcessed(N::ConfirmOrReissue) => "report-format",
            Self::Other(OtherGround::CorrectionLapsed) => "30",
            Self::Other(OtherGround::FeeLapsed) => "42",
            Self::Other(OtherGround::Other) => "none",
        }
    }
}
