//! Information-processing fees (信息处理费), Art. 42 and
//! 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号, from 2021-01-01).

use serde::{Deserialize, Serialize};

/// How one application's fee is computed: the agency chooses one method per
/// application, never both (109号).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum FeeMethod {
    /// 按件计收: this application is the `ordinal_in_month`th of the same
    /// applicant to this agency in one calendar month.
    ByCount { ordinal_in_month: u32 },
    /// 按量计收: pages (or page equivalents) provided.
    ByVolume { pages: u32 },
}
