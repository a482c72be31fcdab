//! One error type for every handler, with named constructors; it renders as a
//! Chinese page that says what went wrong and what to do.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_store::StoreError;

/// The error page (`error.html`); kept here so rendering an error needs no
/// other page's view.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    /// The site's name, display mode and footer (no session: an error
    /// page is the same for everyone).
    pub chrome: crate::views::Chrome,
    pub title: &'a str,
    pub message: &'a str,
    pub status: u16,
}

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    /// A short title, e.g. 页面不存在.
    pub title: &'static str,
    /// What happened and what to do, in Chinese.
    pub message: String,
}

impl AppError {
    pub fn not_found(what: impl std::fmt::Display) -> AppError {
        AppError {
            status: StatusCode::NOT_FOUND,
            title: "未找到",
            message: format!("未找到{what}。请检查网址，或从首页重新进入。"),
        }
    }

    pub fn bad_request(message: impl Into<String>) -> AppError {
        AppError {
            status: StatusCode::BAD_REQUEST,
            title: "提交的内容有误",
            message: message.into(),
        }
    }

    pub fn forbidden(message: impl Into<String>) -> AppError {
        AppError {
            status: StatusCode::FORBIDDEN,
            title: "无权访问",
            message: message.into(),
        }
    }

    pub fn csrf_rejected() -> AppError {
        AppError {
            status: StatusCode::FORBIDDEN,
            title: "表单校验失败",
            message: "表单已过期或来源无法确认（CSRF 校验未通过），本次提交未被处理。\
                      请返回上一页，刷新后重新提交。"
                .into(),
        }
    }

    /// The database stayed busy with other writers: nothing was recorded and
    /// the same request can simply be sent again.
    pub fn busy() -> AppError {
        tracing::warn!("database busy: request refused with 503");
        AppError {
            status: StatusCode::SERVICE_UNAVAILABLE,
            title: "系统繁忙",
            message: "系统繁忙，本次提交未被处理，请刷新后重试。".into(),
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> AppError {
        tracing::error!(error = %e, "internal error");
        AppError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            title: "系统内部错误",
            message:
                "系统处理时出错，您提交的内容未被更改。请稍后重试；如问题持续，请联系本机关管理员。"
                    .into(),
        }
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        AppError::from(gongkai_app::Error::from(e))
    }
}

/// The use cases' error as an HTTP answer: the one place a kind becomes a
/// status and a title (the JSON API goes through here too).
impl From<gongkai_app::Error> for AppError {
    fn from(e: gongkai_app::Error) -> Self {
        use gongkai_app::Error;
        let message = e.to_string();
        let (status, title) = match e {
            Error::NotFound(_) => (StatusCode::NOT_FOUND, "未找到"),
            Error::Forbidden(_) => (StatusCode::FORBIDDEN, "无权访问"),
            Error::Invalid(_) => (StatusCode::BAD_REQUEST, "提交的内容有误"),
            Error::Conflict { title, .. } => (StatusCode::CONFLICT, title),
            Error::Busy => (StatusCode::SERVICE_UNAVAILABLE, "系统繁忙"),
            Error::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "系统内部错误"),
        };
        AppError {
            status,
            title,
            message,
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::internal(e)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let page = ErrorPage {
            chrome: crate::views::Chrome::new(None, ""),
            title: self.title,
            message: &self.message,
            status: self.status.as_u16(),
        };
        let body = page
            .render()
            .unwrap_or_else(|_| format!("<h1>{}</h1><p>{}</p>", self.title, self.message));
        (self.status, Html(body)).into_response()
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(e: StoreError) -> (u16, &'static str, String) {
        let a = AppError::from(e);
        (a.status.as_u16(), a.title, a.message)
    }

    /// A store error reaches the page through `gongkai_app::Error` with the
    /// status, title and message it always had.
    #[test]
    fn store_errors_answer_as_before() {
        assert_eq!(
            answer(StoreError::NotFound("该机构".into())),
            (
                404,
                "未找到",
                "未找到该机构。请检查网址，或从首页重新进入。".into()
            )
        );
        assert_eq!(
            answer(StoreError::Conflict(gongkai_store::Conflict::AgencyCode)),
            (
                409,
                "与已有记录冲突",
                "机构代码已存在，请换一个后重新提交。".into()
            )
        );
        assert_eq!(
            answer(StoreError::Busy),
            (
                503,
                "系统繁忙",
                "系统繁忙，本次提交未被处理，请刷新后重试。".into()
            )
        );
        let (status, title, message) = answer(StoreError::IdempotencyMismatch);
        assert_eq!((status, title), (409, "重复的提交标识"));
        assert!(message.starts_with("该幂等键（idempotency_key）已用于另一份内容不同的申请"));
        let (status, title, _) = answer(StoreError::Unstorable);
        assert_eq!((status, title), (400, "提交的内容有误"));
        assert_eq!(
            answer(StoreError::Backend("x".into())),
            (
                500,
                "系统内部错误",
                "系统处理时出错，您提交的内容未被更改。请稍后重试；如问题持续，请联系本机关管理员。"
                    .into()
            )
        );
    }

    #[test]
    fn use_case_errors_answer_with_their_status() {
        let status = |e: gongkai_app::Error| AppError::from(e).status.as_u16();
        assert_eq!(status(gongkai_app::Error::forbidden("不可")), 403);
        assert_eq!(status(gongkai_app::Error::invalid("有误")), 400);
        let a = AppError::from(gongkai_app::Error::invalid("请填写标题。"));
        assert_eq!(
            (a.title, a.message.as_str()),
            ("提交的内容有误", "请填写标题。")
        );
    }
}
