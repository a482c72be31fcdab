//! 依申请公开转主动公开 on the case page (Art. 44(1)): what the page shows
//! for an answered case — other applicants who asked for the same
//! information, the proposal made — and `POST /cases/{number}/proactive`,
//! the clerk's or reviewer's proposal (`casework::proactive::propose`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use gongkai_app::casework::CaseBundle;
use gongkai_app::casework::proactive::{self, SameRequest};
use gongkai_domain::access::Relation;
use gongkai_domain::policy::{self, Permission};

use super::Csrf;
use super::case_show::render;
use crate::auth::CurrentStaff;
use crate::case_access::staff_case;
use crate::error::AppResult;
use crate::params::Path;
use crate::state::AppState;

/// The case page's Art. 44 section.
pub struct ProactiveView {
    pub same: Vec<SameRequest>,
    /// How many of the agency's latest applications were compared.
    pub compared: u32,
    /// Why no proposal can be made (None: the button is offered).
    pub refusal: Option<String>,
    /// The proposal made: when, and the item drafted from it.
    pub proposed_on: Option<String>,
    pub item_id: Option<i64>,
    /// The asker may propose (clerk or reviewer of the agency).
    pub may_propose: bool,
}

/// The section for a case whose reply released information, seen by the
/// handling agency's staff (None otherwise).
pub async fn view(
    state: &AppState,
    b: &CaseBundle,
    who: &CurrentStaff,
    relation: Relation,
) -> AppResult<Option<ProactiveView>> {
    if relation != Relation::OwnAgency {
        return Ok(None);
    }
    let Some(offer) = proactive::offer(state, b).await? else {
        return Ok(None);
    };
    Ok(Some(ProactiveView {
        same: offer.same,
        compared: proactive::COMPARED,
        refusal: offer.refusal,
        proposed_on: offer.proposal.as_ref().map(|p| {
            gongkai_app::clock::beijing(p.proposed_at)
                .date_naive()
                .to_string()
        }),
        item_id: offer.proposal.and_then(|p| p.item_id),
        may_propose: policy::may_here(&who.staff.roles, Permission::ProposeProactive).is_ok(),
    }))
}

/// `POST /cases/{number}/proactive`: propose; the case page again with what
/// happened (a refusal says which condition of Art. 44(1) is missing).
pub async fn propose(
    State(state): State<AppState>,
    who: CurrentStaff,
    csrf: Csrf,
    Path(number): Path<String>,
) -> AppResult<Response> {
    use gongkai_app::Error;
    let (b, _) = staff_case(&state, &who, &number).await?;
    let (status, notice, error) = match proactive::propose(&state, &b, &who.staff).await {
        Ok(_) => (
            StatusCode::OK,
            Some(
                "已建议将本申请答复的信息纳入主动公开，信息员将在工作台据此拟制主动公开信息。"
                    .to_string(),
            ),
            None,
        ),
        Err(e @ Error::Invalid(_)) => (StatusCode::UNPROCESSABLE_ENTITY, None, Some(e.to_string())),
        Err(e @ Error::Conflict { .. }) => (StatusCode::CONFLICT, None, Some(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    let html = render(&state, &b, &who, &csrf.0.0, notice, error).await?;
    Ok((status, Html(html)).into_response())
}
