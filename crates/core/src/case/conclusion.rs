use super::Case;
use crate::outcome::{OtherGround, Outcome, UnavailableGround};

/// How a case ended (结案方式), the ends R-FLOW-1 names besides a reply on the merits. 不予处理 and
/// referral (告知向有权机关申请, 条例 §36(5)) still end with a written notice that is drafted,
/// approved, issued and delivered like any reply, so they are not stages of their own: they are
/// read off the concluded case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conclusion {
    /// A reply on the merits (公开, 部分公开, 不予公开, 无法提供 other than referral).
    Replied,
    /// 不予处理, with its 告知书 (R-DEC grounds 1–5).
    Dismissed,
    /// Referred to the competent agency (无法提供 (2) 非本机关负责公开).
    Referred,
    /// 撤回
    Withdrawn,
    /// 视为放弃: correction or fee not supplied in time (R-COR-3, R-TIME-9).
    Abandoned,
    /// 其他处理 not covered above (e.g. an imported ledger row so recorded).
    Other,
}

impl Conclusion {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::Replied => "已答复",
            Self::Dismissed => "不予处理",
            Self::Referred => "告知向有权机关申请",
            Self::Withdrawn => "申请人撤回",
            Self::Abandoned => "视为放弃申请",
            Self::Other => "其他处理",
        }
    }
}

impl Case {
    /// How the case ended; `None` while it runs.
    pub fn conclusion(&self) -> Option<Conclusion> {
        if !self.stage?.is_concluded() {
            return None;
        }
        // From the outcome, which archiving keeps (the stage then says only 归档).
        Some(match self.outcome {
            _ if self.withdrawn_on.is_some() => Conclusion::Withdrawn,
            Some(Outcome::Other(OtherGround::Other)) => Conclusion::Other,
            Some(Outcome::Other(OtherGround::CorrectionLapsed | OtherGround::FeeLapsed)) => {
                Conclusion::Abandoned
            }
            Some(Outcome::NotProcessed(_)) => Conclusion::Dismissed,
            Some(Outcome::Unavailable(UnavailableGround::NotThisAgency)) => Conclusion::Referred,
            _ => Conclusion::Replied,
        })
    }
}
