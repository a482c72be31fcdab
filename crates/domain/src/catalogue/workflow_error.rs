//! Why an action on an item may not be recorded.

use super::*;

/// Why an action may not be recorded. Messages are shown to staff and cite the
/// principle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemError {
    #[error("第一条记录必须是“起草”，不能是“{action}”：请先起草信息。")]
    NotDrafted { action: &'static str },
    #[error("“起草”只能是第一条记录：该信息已经起草，请使用“修改”。")]
    AlreadyDrafted,
    #[error(
        "信息处于“{state}”状态，不能修改：只有草稿或被退回的信息可以修改；已提交的请等待审核结果，已发布的信息不得擅自更改，如有错误请撤回并公开说明。"
    )]
    NotEditable { state: &'static str },
    #[error("信息处于“{state}”状态，不能提交审核：只有草稿或被退回修改后的信息可以提交。")]
    NotSubmittable { state: &'static str },
    #[error("信息处于“{state}”状态，不能“{action}”：只能审核已提交审核的信息。")]
    NotSubmitted {
        action: &'static str,
        state: &'static str,
    },
    #[error("退回时请写明理由，以便起草人修改。")]
    RefusalReasonMissing,
    #[error(
        "请填写保密审查意见：拟公开的政府信息应当依法进行保密审查，未经保密审查不得公开（《条例》第十七条）。"
    )]
    ReviewMissing,
    #[error(
        "信息处于“{state}”状态，不能发布：未经保密审查不得公开，最后一次提交审核之后须有“审核通过”记录（《条例》第十七条；谁公开、谁审查，谁发布、谁负责）。"
    )]
    NotApproved { state: &'static str },
    #[error(
        "该信息已于{date}发布，索引号{index_number}：索引号一经生成不得更改，同一信息不能再次发布或取得第二个索引号。"
    )]
    AlreadyPublished {
        date: NaiveDate,
        index_number: IndexNumber,
    },
    #[error(
        "该信息的公开方式为“{attribute}”，不能主动公开：公开属性在信息形成时确定（谁制作、谁负责），如需主动公开，请退回修改公开方式后重新审核。"
    )]
    NotProactive { attribute: &'static str },
    #[error("发布日期{published}早于成文日期{formed}，请核对日期。")]
    PublishedBeforeFormed {
        published: NaiveDate,
        formed: NaiveDate,
    },
    #[error("请选择发布渠道。")]
    NoChannels,
    #[error(
        "发布渠道须包含“政府网站”：政府信息公开目录是政府网站政府信息公开专栏的法定主动公开内容（国办公开办函〔2019〕61号），政务微博、微信等渠道是其补充。"
    )]
    WebsiteMissing,
    #[error("信息处于“{state}”状态，不能“{action}”：只有已发布的信息可以{action}。")]
    NotPublished {
        action: &'static str,
        state: &'static str,
    },
    #[error("该信息已{validity}，不能再“{action}”：只有现行有效的信息可以废止或宣布失效。")]
    NotInForce {
        action: &'static str,
        validity: String,
    },
    #[error("“{action}”的日期{date}早于发布日期{published}，请核对日期。")]
    DateBeforePublication {
        action: &'static str,
        date: NaiveDate,
        published: NaiveDate,
    },
    #[error("请写明{action}的理由：废止或失效的信息仍保留在目录中，并向公众显示其有效性和理由。")]
    ValidityReasonMissing { action: &'static str },
    #[error("请填写撤回说明：撤回的信息仍在目录中显示，并向公众公开撤回的日期和说明。")]
    WithdrawalNoteMissing,
    #[error("该信息已于{date}撤回，不能再“{action}”。")]
    AlreadyWithdrawn {
        action: &'static str,
        date: NaiveDate,
    },
    #[error("请选择要补记的发布渠道。")]
    NoNewChannels,
    #[error("请填写关联解读的信息编号。")]
    InterpretationMissing,
    #[error("解读“{item}”已关联，不能重复关联。")]
    InterpretationDuplicate { item: String },
    #[error(
        "信息处于“{state}”状态，附件已冻结：审核人审核的就是将要发布的附件，审核期间不能添加或删除附件。如需修改附件，请联系审核人退回后再修改。"
    )]
    AttachmentsFrozen { state: &'static str },
    #[error(transparent)]
    Submission(#[from] SubmissionError),
    #[error("该信息现行有效，不能记录替代文件：请先废止或宣布失效，并在废止或失效时选择替代文件。")]
    ReplacementWhileInForce,
    #[error("请选择本平台的替代文件，或填写替代文件的名称或文号。")]
    ReplacementMissing,
}
