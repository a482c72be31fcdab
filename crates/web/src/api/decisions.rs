//! The yearly 重大行政决策事项目录 and the hearings (听证) of a consultation
//! in the JSON API: public reads on the same query objects as the pages
//! (`gongkai_app::decision_catalogue::public_view`,
//! `gongkai_app::hearings::public_hearings`) — a directory only once
//! published, hearings only once announced, participants without contacts.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_app::decision_catalogue::{public_view, year_of};
use gongkai_app::hearings::public_hearings;
use gongkai_store::{DecisionCatalogue, Hearing};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ApiResult;
use crate::params::{Id, Path, Query};
use crate::state::AppState;

/// `?year=`: the directory's year (this year when absent).
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct YearParam {
    pub year: Option<String>,
}

/// One entry of the directory, with what it links.
#[derive(Serialize, ToSchema)]
pub struct DecisionEntryJson {
    pub id: i64,
    pub title: String,
    /// 承办单位.
    pub lead_unit: String,
    /// 1–12: the month the decision is planned in.
    pub planned_month: u32,
    /// planned / consulting / decided / adjusted
    pub status: String,
    /// 计划 / 征求意见中 / 已决策 / 调整
    pub status_label: String,
    /// The consultation (意见征集) on it, by number and title.
    pub consultation_id: Option<i64>,
    pub consultation_title: Option<String>,
    /// The published decision (a catalogue item).
    pub decision_item_id: Option<i64>,
    pub decision_title: Option<String>,
}

/// A change of a published directory, with its reason.
#[derive(Serialize, ToSchema)]
pub struct DecisionAdjustmentJson {
    pub entry_id: i64,
    #[schema(value_type = String, format = DateTime)]
    pub at: DateTime<Utc>,
    /// What changed, e.g. `状态：计划 → 调整`.
    pub change: String,
    pub reason: String,
}

/// An agency's 重大行政决策事项目录 of one year.
#[derive(Serialize, ToSchema)]
pub struct DecisionCatalogueJson {
    pub year: i32,
    /// The years with a published directory.
    pub years: Vec<i32>,
    /// When it was published (absent: not published — no entries shown).
    #[schema(value_type = Option<String>, format = DateTime)]
    pub published_at: Option<DateTime<Utc>>,
    pub entries: Vec<DecisionEntryJson>,
    pub adjustments: Vec<DecisionAdjustmentJson>,
}

fn catalogue_json(year: i32, years: Vec<i32>, c: DecisionCatalogue) -> DecisionCatalogueJson {
    DecisionCatalogueJson {
        year,
        years,
        published_at: c.published_at,
        entries: c
            .entries
            .into_iter()
            .map(|e| DecisionEntryJson {
                id: e.id,
                title: e.fields.title,
                lead_unit: e.fields.lead_unit,
                planned_month: e.fields.planned_month,
                status: e.fields.status.code().into(),
                status_label: e.fields.status.label().into(),
                consultation_id: e.fields.consultation_id,
                consultation_title: e.consultation_title,
                decision_item_id: e.fields.decision_item_id,
                decision_title: e.decision_title,
            })
            .collect(),
        adjustments: c
            .adjustments
            .into_iter()
            .map(|a| DecisionAdjustmentJson {
                entry_id: a.entry_id,
                at: a.at,
                change: a.change,
                reason: a.reason,
            })
            .collect(),
    }
}

/// The published 重大行政决策事项目录 of an agency for a year (empty, with
/// no `published_at`, until the agency publishes it).
#[utoipa::path(get, path = "/api/v1/agencies/{code}/decisions",
    params(("code" = String, Path, description = "机关的统一社会信用代码"),
           ("year" = Option<i32>, Query, description = "年度，默认今年")),
    responses((status = 200, body = DecisionCatalogueJson), (status = 400, body = super::ApiError),
              (status = 404, body = super::ApiError)))]
pub async fn catalogue(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<YearParam>,
) -> ApiResult<DecisionCatalogueJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let year = year_of(&state, q.year.as_deref())?;
    let (c, years) = public_view(&state, agency.id, year).await?;
    Ok(Json(catalogue_json(year, years, c)))
}

/// A participant as published: name and whom they represent, never the contact.
#[derive(Serialize, ToSchema)]
pub struct HearingParticipantJson {
    pub name: String,
    /// 代表类别或单位.
    pub represents: String,
}

/// An announced hearing (听证会).
#[derive(Serialize, ToSchema)]
pub struct HearingJson {
    pub id: i64,
    /// 听证事项.
    pub matter: String,
    #[schema(value_type = String, format = Date)]
    pub held_on: NaiveDate,
    /// `HH:MM`.
    pub starts_at: String,
    pub place: String,
    /// 参加办法.
    pub how_to_join: String,
    /// 听证材料.
    pub materials: String,
    /// The day the notice was published.
    #[schema(value_type = Option<String>, format = Date)]
    pub published_on: Option<NaiveDate>,
    /// Announced less than 7 days before it was held.
    pub notice_late: bool,
    /// The participant list, once published.
    pub participants: Vec<HearingParticipantJson>,
    /// 听证笔录摘要或听证报告, once published.
    pub record: Option<String>,
    #[schema(value_type = Option<String>, format = Date)]
    pub recorded_on: Option<NaiveDate>,
}

/// The hearings of a consultation.
#[derive(Serialize, ToSchema)]
pub struct HearingsJson {
    pub consultation_id: i64,
    pub consultation_title: String,
    pub hearings: Vec<HearingJson>,
}

fn hearing_json(h: Hearing) -> HearingJson {
    HearingJson {
        id: h.id,
        matter: h.notice.matter,
        held_on: h.notice.held_on,
        starts_at: h.notice.starts_at,
        place: h.notice.place,
        how_to_join: h.notice.how_to_join,
        materials: h.notice.materials,
        published_on: h.published_on,
        notice_late: h.notice_late,
        participants: h
            .participants
            .into_iter()
            .map(|p| HearingParticipantJson {
                name: p.name,
                represents: p.represents,
            })
            .collect(),
        record: h.record,
        recorded_on: h.recorded_on,
    }
}

/// The announced hearings of a published consultation (404 for a draft).
#[utoipa::path(get, path = "/api/v1/agencies/{code}/consultations/{id}/hearings",
    params(("code" = String, Path), ("id" = i64, Path)),
    responses((status = 200, body = HearingsJson), (status = 404, body = super::ApiError)))]
pub async fn hearings(
    State(state): State<AppState>,
    Path((code, Id(id))): Path<(String, Id)>,
) -> ApiResult<HearingsJson> {
    let agency = crate::tree::public_agency(&state, &code).await?;
    let (c, hearings) = public_hearings(&state, agency.id, id).await?;
    Ok(Json(HearingsJson {
        consultation_id: c.id,
        consultation_title: c.title,
        hearings: hearings.into_iter().map(hearing_json).collect(),
    }))
}
