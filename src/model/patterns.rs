//! The seed guidelines' table patterns, chosen per table and generated for each dialect:
//! an `updated_at` kept current on every update, soft delete through `deleted_at`, and an
//! audit log fed by triggers.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TablePatterns {
    /// An `updated_at` column set to the current time whenever a row changes.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub updated_at: bool,
    /// Rows are deleted by setting `deleted_at`; uniqueness holds among live rows.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub soft_delete: bool,
    /// Every insert, update and delete is written to the audit log.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub audit: bool,
}

impl TablePatterns {
    pub fn is_empty(&self) -> bool {
        *self == TablePatterns::default()
    }
}
