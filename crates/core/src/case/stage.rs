use serde::{Deserialize, Serialize};

/// Where a case is (R-FLOW-1: 登记、审核、办理、答复、归档). Never free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// 登记: registered, not yet with an officer.
    Registered,
    /// 审核: an officer reviews it.
    UnderReview,
    /// 待补正: the 补正 notice is out.
    AwaitingCorrection,
    /// 办理: accepted and being handled (see [`HandlingState`]).
    Handling,
    /// 答复: reply drafted, waiting for approval.
    ReplyDrafted,
    /// Reply approved, waiting to be issued.
    ReplyApproved,
    /// Reply issued with its 字号.
    Issued,
    /// 送达: delivered (or delivery impossible, recorded).
    Delivered,
    /// 归档
    Archived,
    /// 撤回: the applicant withdrew in writing.
    Withdrawn,
    /// 视为放弃: correction or fee not supplied in time (R-COR-3, R-TIME-9).
    Abandoned,
}

impl Stage {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::Registered => "已登记",
            Self::UnderReview => "审核中",
            Self::AwaitingCorrection => "待补正",
            Self::Handling => "办理中",
            Self::ReplyDrafted => "答复待审批",
            Self::ReplyApproved => "答复已审批",
            Self::Issued => "已答复",
            Self::Delivered => "已送达",
            Self::Archived => "已归档",
            Self::Withdrawn => "已撤回",
            Self::Abandoned => "视为放弃",
        }
    }

    /// The reply period no longer runs: the case was answered or ended.
    pub fn is_concluded(&self) -> bool {
        matches!(
            self,
            Self::Issued | Self::Delivered | Self::Archived | Self::Withdrawn | Self::Abandoned
        )
    }
}

/// The sub-state of a case in [`Stage::Handling`], derived from its open matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HandlingState {
    Working,
    /// 征求意见中
    Consulting,
    /// 待缴费
    AwaitingFee,
    /// 延期审批中
    ExtensionPending,
}
