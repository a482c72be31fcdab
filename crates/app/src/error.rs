//! The one error of the use cases, with named constructors. Its messages
//! are the Chinese sentences users read; the web layer maps each kind to an
//! HTTP status and a page or JSON body (one `From` impl there).

use gongkai_store::StoreError;

/// Why a use case did not complete.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// What was asked for does not exist; the message names it.
    #[error("{0}")]
    NotFound(String),
    /// The person may not do this; the message says who may.
    #[error("{0}")]
    Forbidden(String),
    /// What was submitted is wrong; the message says what to correct.
    #[error("{0}")]
    Invalid(String),
    /// It clashes with a record already there.
    #[error("{message}")]
    Conflict {
        /// A short title, e.g. 与已有记录冲突.
        title: &'static str,
        message: String,
    },
    /// The database stayed busy with other writers: nothing was recorded and
    /// the same request can simply be sent again.
    #[error("系统繁忙，本次提交未被处理，请刷新后重试。")]
    Busy,
    /// Something failed inside; the detail is logged, not shown.
    #[error("系统处理时出错，您提交的内容未被更改。请稍后重试；如问题持续，请联系本机关管理员。")]
    Internal(String),
}

impl Error {
    pub fn not_found(what: impl std::fmt::Display) -> Error {
        Error::NotFound(format!("未找到{what}。请检查网址，或从首页重新进入。"))
    }

    pub fn forbidden(message: impl Into<String>) -> Error {
        Error::Forbidden(message.into())
    }

    pub fn invalid(message: impl Into<String>) -> Error {
        Error::Invalid(message.into())
    }

    pub fn conflict(title: &'static str, message: impl Into<String>) -> Error {
        Error::Conflict {
            title,
            message: message.into(),
        }
    }

    pub fn busy() -> Error {
        tracing::warn!("database busy: request refused with 503");
        Error::Busy
    }

    pub fn internal(e: impl std::fmt::Display) -> Error {
        tracing::error!(error = %e, "internal error");
        Error::Internal(e.to_string())
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => Error::not_found(what),
            StoreError::Conflict(what) => Error::conflict(
                "与已有记录冲突",
                format!("{what}已存在，请换一个后重新提交。"),
            ),
            StoreError::Busy => Error::busy(),
            StoreError::IdempotencyMismatch => Error::conflict(
                "重复的提交标识",
                "该幂等键（idempotency_key）已用于另一份内容不同的申请，本次申请未被受理。\
                 重新提交同一份申请请沿用原内容；提交新的申请请使用新的幂等键。",
            ),
            StoreError::Unstorable => Error::invalid(
                "提交的内容或网址含有无法保存的控制字符（如空字符 NUL），本次请求未被处理。\
                 请删除这些字符后重新提交。",
            ),
            other => Error::internal(other),
        }
    }
}

/// Why an action on a case or an item was not recorded, for the page that
/// submitted it.
#[derive(Debug)]
pub enum RecordError {
    /// The law (or the workflow) does not allow it now; the message says why.
    Refused(String),
    /// Someone else recorded an event first.
    Stale,
    Other(Error),
}

impl From<Error> for RecordError {
    fn from(e: Error) -> Self {
        RecordError::Other(e)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
