//! Every statutory number of the deadline engine, in one place, each with its
//! source. "《条例》" is the 《中华人民共和国政府信息公开条例》 (2019, State Council
//! Decree 711). Working days (工作日) follow [`crate::calendar`].

/// 《条例》第三十条：申请内容不明确的，行政机关应当自收到申请之日起 **7个工作日** 内
/// 一次性告知申请人作出补正。
pub const CORRECTION_NOTICE_WORKING_DAYS: u32 = 7;

/// 《条例》第三十三条第二款：不能当场答复的，应当自收到申请之日起 **20个工作日**
/// 内予以答复（补正的，自收到补正申请之日起计算，第三十条）。
pub const REPLY_WORKING_DAYS: u32 = 20;

/// 《条例》第三十三条第二款：需要延长答复期限的，经政府信息公开工作机构负责人同意并
/// 告知申请人，延长的期限最长不得超过 **20个工作日**。
pub const MAX_EXTENSION_WORKING_DAYS: u32 = 20;

/// 《条例》第三十二条：第三方应当自收到征求意见书之日起 **15个工作日** 内提出意见。
pub const THIRD_PARTY_CONSULTATION_WORKING_DAYS: u32 = 15;

/// 《条例》第三十四条：被征求意见的共同制作机关应当自收到征求意见书之日起
/// **15个工作日** 内提出意见，逾期未提出意见的视为同意公开。
pub const CO_PRODUCER_CONSULTATION_WORKING_DAYS: u32 = 15;

/// 《条例》第四十二条 and 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）：
/// 申请人应当在收到收费通知次日起 **20个工作日** 内缴纳费用，逾期未缴纳的视为放弃申请。
pub const FEE_PAYMENT_WORKING_DAYS: u32 = 20;

/// 《中华人民共和国行政复议法》（2023年修订）第二十条：自知道或者应当知道该行政行为
/// 之日起 **60日**（自然日）内提出行政复议申请。
pub const RECONSIDERATION_DAYS: u32 = 60;

/// 《中华人民共和国行政诉讼法》第四十六条：直接向人民法院提起诉讼的，应当自知道或者
/// 应当知道作出行政行为之日起 **6个月** 内提出。
pub const LITIGATION_MONTHS: u32 = 6;

/// Legal basis of the correction-notice period.
pub const BASIS_CORRECTION: &str = "《条例》第三十条";
/// Legal basis of the reply period.
pub const BASIS_REPLY: &str = "《条例》第三十三条第二款";
/// Legal basis of an extension.
pub const BASIS_EXTENSION: &str = "《条例》第三十三条第二款";
/// Legal basis for not counting consultation time.
pub const BASIS_CONSULTATION_PAUSE: &str = "《条例》第三十三条第三款";
/// Legal basis of a third-party consultation.
pub const BASIS_THIRD_PARTY: &str = "《条例》第三十二条";
/// Legal basis of a co-producing agency consultation.
pub const BASIS_CO_PRODUCER: &str = "《条例》第三十四条";
/// Legal basis of the fee payment period and of the fee pause.
pub const BASIS_FEE: &str =
    "《条例》第四十二条；《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）";
/// Legal basis of an agency-set deadline for mass or repeated applications.
pub const BASIS_AGENCY_DEADLINE: &str = "《条例》第三十五条";
/// Legal basis of the receipt date.
pub const BASIS_RECEIPT: &str = "《条例》第三十一条";
/// Legal basis of administrative reconsideration.
pub const BASIS_RECONSIDERATION: &str = "《中华人民共和国行政复议法》第二十条";
/// Legal basis of administrative litigation.
pub const BASIS_LITIGATION: &str = "《中华人民共和国行政诉讼法》第四十六条";
