//! Who gives a command: a staff member with a role in an agency, or the public portal.
use serde::{Deserialize, Serialize};

/// The roles of an agency's staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 受理人员: reception clerk.
    Clerk,
    /// 承办人: handling officer.
    Officer,
    /// 负责人: head of the 政府信息公开工作机构, approves extensions and replies.
    Approver,
    /// 法制审核: legal staff.
    Legal,
    /// System administrator.
    Admin,
}

impl Role {
    pub fn label_zh(&self) -> &'static str {
        match self {
            Self::Clerk => "受理人员",
            Self::Officer => "承办人",
            Self::Approver => "负责人",
            Self::Legal => "法制审核",
            Self::Admin => "系统管理员",
        }
    }
}

/// The one who acts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Actor {
    Staff {
        user_id: String,
        name: String,
        role: Role,
        agency_id: String,
    },
    /// The online application portal (在线申请), acting for an applicant.
    Portal { agency_id: String },
}

impl Actor {
    pub fn role(&self) -> Option<Role> {
        match self {
            Self::Staff { role, .. } => Some(*role),
            Self::Portal { .. } => None,
        }
    }

    pub fn agency_id(&self) -> &str {
        match self {
            Self::Staff { agency_id, .. } | Self::Portal { agency_id } => agency_id,
        }
    }

    /// How the actor is named in the record.
    pub fn display_name(&self) -> &str {
        match self {
            Self::Staff { name, .. } => name,
            Self::Portal { .. } => "在线申请平台",
        }
    }
}
