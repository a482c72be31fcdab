//! `POST /cases/{number}/query-code`: a clerk reissues the applicant's query
//! code (`casework::reissue_query_code`); the new code is shown once, on
//! the case page, to hand to the applicant.

use axum::extract::State;
use axum::response::Html;
use gongkai_app::casework;

use super::Csrf;
use super::case_show::render;
use crate::auth::CurrentStaff;
use crate::case_access::staff_case;
use crate::error::AppResult;
use crate::params::Path;
use crate::state::AppState;

pub async fn reissue(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(number): Path<String>,
) -> AppResult<Html<String>> {
    let (b, _) = staff_case(&state, &who, &number).await?;
    let code = casework::reissue_query_code(&state, &b, &who.staff).await?;
    let notice = format!(
        "已重新生成查询码：{code}。原查询码已作废，请将新查询码告知申请人（本页关闭后不再显示）。"
    );
    Ok(Html(
        render(&state, &b, &who, &csrf.0.0, Some(notice), None).await?,
    ))
}
