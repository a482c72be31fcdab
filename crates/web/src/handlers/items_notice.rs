//! What an item's manage page (`/items/{id}/manage`) says after an action:
//! a step of the workflow is recorded; 废止, 失效 and 撤回 change what the
//! public sees and are said as information, not as a success.

/// What the manage page says after an action.
pub struct Notice {
    pub text: String,
    /// A change of the public record, not a step of the workflow.
    pub change: bool,
}

impl Notice {
    pub(super) fn done() -> Notice {
        Notice {
            text: "已记录。".into(),
            change: false,
        }
    }

    /// After the action `code`: 废止, 失效 and 撤回 say what the public now
    /// sees; the other steps are recorded.
    pub(super) fn after(code: &str) -> Notice {
        let text = match code {
            "repeal" => "该信息已标注为废止：公开页面保留原文，并显示废止日期和理由。",
            "lapse" => "该信息已标注为失效：公开页面保留原文，并显示失效日期和理由。",
            "withdraw" => "该信息已撤回：公开页面只保留标题和撤回说明。",
            _ => return Notice::done(),
        };
        Notice {
            text: text.into(),
            change: true,
        }
    }
}
