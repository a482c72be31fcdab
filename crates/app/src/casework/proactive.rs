//! 依申请公开转主动公开 (Art. 44(1)): when several applicants asked the
//! agency for the same information and it was released, the clerk or
//! reviewer proposes that it be published proactively; an editor of the
//! agency drafts the catalogue item from the proposal (title, summary and
//! the released files), which then goes through the usual review. The rule
//! is `domain::case::proactive`; the page and the API call these commands.

use gongkai_domain::access::Relation;
use gongkai_domain::case::Actor;
use gongkai_domain::case::proactive::{self, OtherRequest};
use gongkai_domain::policy::{Permission, may_in};
use gongkai_store::{CaseRegisterFilter, CaseRegisterQuery, NewItemAttachment, NewProposal};
use gongkai_store::{Proposal, Staff};

use super::CaseBundle;
use super::release::released_to_applicant;
use crate::{App, Error, catalogue_work};

/// The agency's latest applications compared with the case: a bounded read
/// (the newest register rows), so the page costs the same in the agency's
/// tenth year as in its first.
pub const COMPARED: u32 = 200;

/// Another application asking for the same information.
#[derive(Debug, Clone, PartialEq)]
pub struct SameRequest {
    pub number: String,
    /// The first 80 characters of what was asked.
    pub description: String,
    /// Text similarity in per cent.
    pub similarity: u32,
    pub outcome: Option<String>,
}

/// What the case page shows under Art. 44 for an answered case.
#[derive(Debug, Clone)]
pub struct ProactiveOffer {
    /// The proposal already made, if any.
    pub proposal: Option<Proposal>,
    /// Other applicants' applications for the same information.
    pub same: Vec<SameRequest>,
    /// Why no proposal can be made now (None: it can).
    pub refusal: Option<String>,
}

/// The offer for a case whose reply released information (None for any
/// other case: nothing to say).
pub async fn offer(state: &App, b: &CaseBundle) -> Result<Option<ProactiveOffer>, Error> {
    use gongkai_domain::vocabulary::Outcome;
    if !matches!(b.view.outcome, Some(Outcome::Disclosed | Outcome::Partial)) {
        return Ok(None);
    }
    let proposal = state.store.proposal_of_case(b.case.id).await?;
    let same = if proposal.is_some() {
        Vec::new()
    } else {
        same_requests(state, b).await?
    };
    let refusal = proactive::check_proposal(b.view.outcome, same.len()).err();
    Ok(Some(ProactiveOffer {
        proposal,
        same,
        refusal,
    }))
}

/// The other applicants' applications among the agency's latest
/// [`COMPARED`] that ask for the same information, most similar first.
async fn same_requests(state: &App, b: &CaseBundle) -> Result<Vec<SameRequest>, Error> {
    let rows = state
        .store
        .case_register(&CaseRegisterQuery {
            agency: b.case.agency_id,
            subtree: false,
            filter: CaseRegisterFilter::default(),
            today: state.clock.today(),
            after: None,
            limit: COMPARED,
        })
        .await?;
    let rows: Vec<_> = rows
        .into_iter()
        .filter(|r| r.case.id != b.case.id)
        .collect();
    let others: Vec<OtherRequest<'_>> = rows
        .iter()
        .map(|r| OtherRequest {
            applicant_key: &r.case.applicant_key,
            description: &r.case.application.request.description,
        })
        .collect();
    let hits = proactive::same_information(
        &b.case.applicant_key,
        &b.case.application.request.description,
        &others,
    );
    Ok(hits
        .into_iter()
        .map(|(i, s)| {
            let r = &rows[i];
            SameRequest {
                number: r.case.number.clone(),
                description: r
                    .case
                    .application
                    .request
                    .description
                    .chars()
                    .take(80)
                    .collect(),
                similarity: (s * 100.0).round() as u32,
                outcome: r.snapshot.outcome.map(|o| o.label().to_string()),
            }
        })
        .collect())
}

/// Propose the case's released information for proactive disclosure: the
/// handling agency's clerk or reviewer, when Art. 44(1)'s conditions hold.
/// Audited by the store.
pub async fn propose(state: &App, b: &CaseBundle, who: &Staff) -> Result<i64, Error> {
    let relation = if who.agency_id == b.case.agency_id {
        Relation::OwnAgency
    } else {
        Relation::Outside
    };
    may_in(&who.roles, Permission::ProposeProactive, relation)
        .map_err(|r| Error::forbidden(r.0))?;
    if state.store.proposal_of_case(b.case.id).await?.is_some() {
        return Err(Error::conflict(
            "已提出建议",
            "本申请的信息已建议纳入主动公开，无需重复提出；请在信息员工作台查看办理情况。",
        ));
    }
    let same = same_requests(state, b).await?;
    proactive::check_proposal(b.view.outcome, same.len()).map_err(Error::invalid)?;
    let released: Vec<String> = released_to_applicant(b)
        .into_iter()
        .map(|p| p.name)
        .collect();
    let numbers: Vec<String> = same.iter().map(|s| s.number.clone()).collect();
    let (title, summary) = proactive::draft(
        &b.case.application.request.description,
        &b.case.number,
        &released,
        &numbers,
    );
    Ok(state
        .store
        .propose_proactive(&NewProposal {
            agency_id: b.case.agency_id,
            case_id: b.case.id,
            title,
            summary,
            same_cases: numbers,
            proposed_by: who.id,
        })
        .await?)
}

/// An open proposal of `who`'s agency that an editor may draft an item
/// from (for the new item's form).
pub async fn open_proposal(state: &App, who: &Staff, id: i64) -> Result<Proposal, Error> {
    may_in(
        &who.roles,
        Permission::EditCatalogueItem,
        Relation::OwnAgency,
    )
    .map_err(|r| Error::forbidden(r.0))?;
    let p = state
        .store
        .proposal(id)
        .await?
        .filter(|p| p.agency_id == who.agency_id)
        .ok_or_else(|| Error::not_found(format!("编号为{id}的纳入主动公开建议")))?;
    if p.item_id.is_some() {
        return Err(Error::conflict(
            "建议已办理",
            "该建议已据以拟制了主动公开信息，请在信息列表中查看该信息。",
        ));
    }
    Ok(p)
}

/// The item `item` (just drafted by `who`) takes the proposal: the proposal
/// is marked taken (audited) and the files the reply released are attached
/// to the draft, recorded in its history, to be reviewed with it.
pub async fn take(state: &App, who: &Staff, id: i64, item: i64) -> Result<(), Error> {
    let p = open_proposal(state, who, id).await?;
    state.store.take_proposal(p.id, item, who.id).await?;
    let case = state
        .store
        .case(p.case_id)
        .await?
        .ok_or_else(|| Error::not_found("该建议所依据的申请"))?;
    let b = super::load_case(state, case).await?;
    let ids: Vec<i64> = released_to_applicant(&b)
        .iter()
        .filter_map(|p| p.attachment)
        .collect();
    let files: Vec<_> = state
        .store
        .case_attachments(b.case.id)
        .await?
        .into_iter()
        .filter(|a| ids.contains(&a.id))
        .collect();
    let actor = Actor::Staff {
        id: who.id,
        name: who.display_name.clone(),
    };
    let new_files = files
        .into_iter()
        .map(|f| NewItemAttachment {
            item_id: item,
            sha256: f.sha256,
            filename: f.filename,
            content_type: f.content_type,
            size: f.size,
        })
        .collect();
    let item_bundle = catalogue_work::load(state, item).await?;
    let note = format!("依申请{}的答复所提供的信息", b.case.number);
    catalogue_work::attach(
        state,
        &item_bundle,
        item_bundle.next_seq(),
        actor,
        new_files,
        (Vec::new(), note),
    )
    .await
    .map_err(|e| match e {
        crate::error::RecordError::Refused(m) => Error::invalid(m),
        crate::error::RecordError::Stale => {
            Error::conflict("信息已被更新", "该信息刚刚被他人更新，请刷新后重试。")
        }
        crate::error::RecordError::Other(e) => e,
    })
}
