//! The OpenAPI document, served at `/api/openapi.json`.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{
    ApiError, applications, auth, case_register, cases, consultations, figures, motions, plans,
    questions, register, report_check, search,
};

#[derive(OpenApi)]
#[openapi(
    info(title = "gongkai 政府信息公开平台 API", description = "政府信息检索、依申请公开的申请、办理和统计接口，政务公开工作要点及其任务的办理，以及年度报告检查；意见征集、政民互动、建议提案办理的公开查询、提交与办理。工作人员接口使用 Bearer 令牌（POST /api/v1/sessions 取得，DELETE /api/v1/sessions 作废）。"),
    paths(
        auth::create_session,
        auth::delete_session,
        applications::apply,
        applications::track,
        cases::list,
        cases::register,
        cases::show,
        cases::record,
        case_register::list,
        cases::propose_proactive,
        register::register,
        figures::get,
        figures::put,
        search::search,
        report_check::check,
        plans::list,
        plans::show_plan,
        plans::show_task,
        plans::task_file,
        plans::record,
        consultations::list,
        consultations::show,
        consultations::comment,
        consultations::staff_list,
        consultations::staff_show,
        consultations::feedback,
        questions::list,
        questions::show,
        questions::ask,
        questions::track,
        questions::queue_list,
        questions::staff_show,
        questions::answer,
        questions::publish,
        motions::year,
        motions::reply_public,
        motions::staff_overview,
        motions::staff_session,
        motions::staff_show,
        motions::reply,
        motions::publish,
    ),
    components(schemas(
        ApiError,
        auth::SessionRequest,
        auth::SessionToken,
        applications::NewApplication,
        applications::ApplicationReceipt,
        applications::TrackRequest,
        applications::ApplicantView,
        cases::CaseSummaryJson,
        cases::RegisterCase,
        cases::Registered,
        cases::CaseJson,
        cases::ApplicantJson,
        cases::NewEvent,
        cases::EventRecorded,
        case_register::RegisterRowJson,
        cases::ProactiveProposed,
        register::RegisterCounts,
        figures::FiguresJson,
        search::SearchHitJson,
        search::SearchResultsJson,
        report_check::ReportFile,
        report_check::CheckResults,
        plans::PlanSummaryJson,
        plans::UnitJson,
        plans::TaskSummaryJson,
        plans::PlanJson,
        plans::TaskEventJson,
        plans::TaskJson,
        plans::TaskFileJson,
        plans::NewTaskEvent,
        plans::TaskStep,
        consultations::ConsultationLineJson,
        consultations::ConsultationListJson,
        consultations::PublicCommentJson,
        consultations::FeedbackLineJson,
        consultations::LinkJson,
        consultations::NoticeJson,
        consultations::PublicConsultationJson,
        consultations::NewComment,
        consultations::CommentReceipt,
        consultations::StaffLineJson,
        consultations::StaffListJson,
        consultations::StaffCommentJson,
        consultations::StaffConsultationJson,
        consultations::FeedbackLineInput,
        consultations::FeedbackInput,
        questions::PublicLineJson,
        questions::PublicListJson,
        questions::PublicQuestionJson,
        questions::NewQuestion,
        questions::QuestionReceipt,
        questions::TrackQuestion,
        questions::AskerViewJson,
        questions::QueueLineJson,
        questions::QueueJson,
        questions::StaffQuestionJson,
        questions::AnswerInput,
        questions::PublicationInput,
        motions::MotionLineJson,
        motions::YearSummaryJson,
        motions::YearJson,
        motions::PublicReplyJson,
        motions::SessionJson,
        motions::OverviewJson,
        motions::RegisterJson,
        motions::ProposerJson,
        motions::StaffMotionJson,
        motions::ReplyBody,
        motions::PublicationBody,
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
