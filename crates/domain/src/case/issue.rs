//! 文书: which documents recording an action issues, and which of them go to
//! the applicant (by mail, and on the applicant's own view of the case). The
//! letters to a consulted third party or co-producing agency go to them only.

use super::CaseAction;
use crate::deadline::ConsultParty;
use crate::document::DocumentKind;
use crate::vocabulary::Outcome;

/// One document an action issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issued {
    pub kind: DocumentKind,
    /// Sent to the applicant and shown on the applicant's view.
    pub to_applicant: bool,
}

/// Whether a document of `kind` goes to the applicant: every one except the
/// consultation letters (第三方意见征询函, Art. 32; 共同制作机关征求意见函,
/// Art. 34), which are addressed to the consulted party.
pub fn goes_to_applicant(kind: DocumentKind) -> bool {
    !matches!(
        kind,
        DocumentKind::ThirdPartyConsultation | DocumentKind::CoProducerConsultation
    )
}

/// The documents recording `action` issues, in order:
///
/// | action | documents |
/// |---|---|
/// | 确认收到申请 | 登记回执 |
/// | 告知补正 | 补正申请告知书 (Art. 30) |
/// | 征求第三方意见 | 第三方意见征询函 (to the third party), 征求第三方意见告知书 (Art. 32) |
/// | 征求共同制作机关意见 | 共同制作机关征求意见函 (to the agency, Art. 34) |
/// | 批准延期 | 延期答复告知书 (Art. 33(2)) |
/// | 收费通知 | 收费通知书 (Art. 42) |
/// | 答复决定 | the reply of its outcome (Art. 36–39) |
/// | 逾期未补正 / 逾期未缴费 | the notice of （六）1 / （六）2 |
///
/// and nothing for the other actions.
pub fn documents_for(action: &CaseAction) -> Vec<Issued> {
    let kinds = match action {
        CaseAction::ReceiptConfirmed { .. } => vec![DocumentKind::Receipt],
        CaseAction::CorrectionRequested { .. } => vec![DocumentKind::CorrectionNotice],
        CaseAction::ConsultationStarted {
            party: ConsultParty::ThirdParty,
            ..
        } => vec![
            DocumentKind::ThirdPartyConsultation,
            DocumentKind::ThirdPartyApplicantNotice,
        ],
        CaseAction::ConsultationStarted {
            party: ConsultParty::CoProducingAgency,
            ..
        } => vec![DocumentKind::CoProducerConsultation],
        CaseAction::ExtensionApproved { .. } => vec![DocumentKind::ExtensionNotice],
        CaseAction::FeeNoticeIssued { .. } => vec![DocumentKind::FeeNotice],
        CaseAction::OutcomeDecided { outcome, .. } => vec![DocumentKind::Reply(*outcome)],
        CaseAction::CorrectionLapsed { .. } => {
            vec![DocumentKind::Reply(Outcome::CorrectionLapsed)]
        }
        CaseAction::FeeLapsed { .. } => vec![DocumentKind::Reply(Outcome::FeeUnpaid)],
        _ => Vec::new(),
    };
    kinds
        .into_iter()
        .map(|kind| Issued {
            kind,
            to_applicant: goes_to_applicant(kind),
        })
        .collect()
}
