//! The default template of every document kind, in the template language of
//! [`super::template`], and sample values for previews and tests.
//!
//! Placeholders used by the defaults (all kinds may also use `agency_name`,
//! `letter_number`, `date`, `applicant_name`, `document_number`):
//!
//! | kind | placeholders |
//! |---|---|
//! | receipt | applicant_name, receipt_date, channel, case_number, description, document_number?, reply_due, contact?, redress |
//! | correction_notice | applicant_name, receipt_date, case_number, description, correction_items, correction_deadline, contact?, redress |
//! | extension_notice | applicant_name, receipt_date, case_number, description, reply_due, reasoning?, extension_days, extended_due, contact?, redress |
//! | third_party_consultation | third_party_name, receipt_date, case_number, description, consultation_due, contact?, redress |
//! | third_party_applicant_notice | applicant_name, receipt_date, case_number, description, consultation_due, contact?, redress |
//! | co_producer_consultation | co_producer_name, receipt_date, case_number, description, consultation_due, contact?, redress |
//! | fee_notice | applicant_name, receipt_date, case_number, description, fee_method, fee_detail?, fee_amount, payment_due, payment_channel?, contact?, redress |
//! | reply.* | applicant_name, receipt_date, case_number, description, article, reasoning (optional except for `partial` and `other_handling`), contact?, redress; plus access_method (already_published, disclosed, partial, deny_query_matter, petition, public_publication), referred_to? (not_held), correction_deadline (correction_lapsed), fee_amount and payment_due (fee_unpaid) |
//!
//! (`?`: on an optional line, left out when empty.)

use std::collections::BTreeMap;

use crate::vocabulary::Outcome;

use super::DocumentKind;

/// The opening of every reply: addressee and what was asked.
macro_rules! reply_head {
    ($title:literal) => {
        concat!(
            "# ",
            $title,
            "\n> {{applicant_name}}：\n",
            "本机关于{{receipt_date}}收到您提出的政府信息公开申请（申请编号：{{case_number}}），",
            "您申请获取的政府信息为：{{description}}。经审查，现答复如下：\n"
        )
    };
}

/// The close of every reply and notice: contact, redress, closing formula.
macro_rules! tail {
    ($closing:literal) => {
        concat!(
            "? 联系人及联系电话：{{contact}}。\n",
            "{{redress}}\n",
            $closing,
            "\n"
        )
    };
}

macro_rules! reply {
    ($title:literal, $($body:literal),+ $(,)?) => {
        concat!(reply_head!($title), $($body, "\n",)+ tail!("特此告知。"))
    };
}

const RECEIPT: &str = concat!(
    "# 政府信息公开申请登记回执\n",
    "> {{applicant_name}}：\n",
    "本机关已于{{receipt_date}}收到您以{{channel}}方式提交的政府信息公开申请，现予登记。",
    "申请编号为{{case_number}}，请妥善保存，以便查询办理进度。\n",
    "? 查询码为{{query_code}}。凭申请编号和查询码可在本机关政府信息公开平台查询办理进度、下载文书；请勿告知他人。\n",
    "您申请获取的政府信息为：{{description}}。\n",
    "? 所申请政府信息的文号：{{document_number}}。\n",
    "根据《中华人民共和国政府信息公开条例》第三十三条的规定，本机关将自收到申请之日起20个工作日内予以答复，",
    "即于{{reply_due}}前答复；需要延长答复期限的，将另行书面告知，延长的期限最长不超过20个工作日。",
    "申请内容不明确的，本机关将自收到申请之日起7个工作日内一次性告知您作出补正。",
    "征求第三方和其他机关意见所需时间不计算在答复期限内。\n",
    tail!("特此回执。"),
);

const CORRECTION_NOTICE: &str = concat!(
    "# 政府信息公开申请补正告知书\n",
    "> {{applicant_name}}：\n",
    "本机关于{{receipt_date}}收到您提出的政府信息公开申请（申请编号：{{case_number}}），",
    "您申请获取的政府信息为：{{description}}。\n",
    "? 所申请政府信息的文号：{{document_number}}。\n",
    "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，",
    "现一次性告知您对以下事项作出补正：\n",
    "{{correction_items}}\n",
    "请您于{{correction_deadline}}前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。",
    "您无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。\n",
    tail!("特此告知。"),
);

const EXTENSION_NOTICE: &str = concat!(
    "# 政府信息公开申请延期答复告知书\n",
    "> {{applicant_name}}：\n",
    "本机关于{{receipt_date}}收到您提出的政府信息公开申请（申请编号：{{case_number}}），",
    "您申请获取的政府信息为：{{description}}。该申请的答复期限原为{{reply_due}}。\n",
    "? 因{{reasoning}}，本机关不能在上述期限内作出答复。\n",
    "根据《中华人民共和国政府信息公开条例》第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，",
    "答复期限延长{{extension_days}}个工作日，至{{extended_due}}止。本机关将在延长的期限内作出答复。\n",
    tail!("特此告知。"),
);

const THIRD_PARTY_CONSULTATION: &str = concat!(
    "# 政府信息公开征求第三方意见书\n",
    "> {{third_party_name}}：\n",
    "本机关于{{receipt_date}}收到政府信息公开申请（申请编号：{{case_number}}），",
    "申请公开的政府信息为：{{description}}。\n",
    "经审查，本机关认为该政府信息的公开可能损害您（单位）的合法权益。",
    "根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求您（单位）的意见。\n",
    "请您（单位）自收到本意见书之日起15个工作日内，即于{{consultation_due}}前，以书面形式向本机关提出是否同意公开的意见；",
    "不同意公开的，请说明理由。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开。\n",
    "第三方不同意公开且有合理理由的，本机关不予公开。本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，",
    "并将决定公开的政府信息内容和理由书面告知您（单位）。\n",
    tail!("特此征求意见。"),
);

const THIRD_PARTY_APPLICANT_NOTICE: &str = concat!(
    "# 征求第三方意见告知书\n",
    "> {{applicant_name}}：\n",
    "本机关于{{receipt_date}}收到您提出的政府信息公开申请（申请编号：{{case_number}}），",
    "您申请获取的政府信息为：{{description}}。\n",
    "经审查，您申请公开的政府信息公开后可能损害第三方合法权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，",
    "本机关已书面征求第三方的意见，第三方应当于{{consultation_due}}前提出意见。\n",
    "根据《中华人民共和国政府信息公开条例》第三十三条第三款的规定，征求第三方意见所需时间不计算在答复期限内。",
    "本机关将在收到第三方意见或者征求意见期限届满后，依法作出答复。\n",
    tail!("特此告知。"),
);

const CO_PRODUCER_CONSULTATION: &str = concat!(
    "# 政府信息公开征求意见函\n",
    "> {{co_producer_name}}：\n",
    "本机关于{{receipt_date}}收到政府信息公开申请（申请编号：{{case_number}}），",
    "申请公开的政府信息为：{{description}}。经审查，该政府信息由本机关与贵机关共同制作。\n",
    "根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关意见。",
    "请贵机关自收到本函之日起15个工作日内，即于{{consultation_due}}前书面反馈是否同意公开的意见；",
    "不同意公开的，请说明理由和依据。逾期未提出意见的，视为同意公开。\n",
    tail!("特此函商。"),
);

const FEE_NOTICE: &str = concat!(
    "# 政府信息公开信息处理费收费通知书\n",
    "> {{applicant_name}}：\n",
    "本机关于{{receipt_date}}收到您提出的政府信息公开申请（申请编号：{{case_number}}），",
    "您申请获取的政府信息为：{{description}}。\n",
    "经审查，您申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》第四十二条和",
    "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关决定对该申请收取信息处理费。\n",
    "计收方式：{{fee_method}}。\n",
    "? 计费明细：{{fee_detail}}。\n",
    "应缴金额：人民币{{fee_amount}}元。\n",
    "请您自收到本通知书次日起20个工作日内，即于{{payment_due}}前缴纳上述费用。\n",
    "? 缴费方式：{{payment_channel}}。\n",
    "自本机关发出本通知书至收到费用之日的期间，不计算在答复期限内。您逾期未缴纳的，视为放弃申请，",
    "本机关将不再处理该政府信息公开申请。\n",
    tail!("特此通知。"),
);

const ALREADY_PUBLISHED: &str = reply!(
    "政府信息已主动公开告知书",
    "您申请获取的政府信息已经主动公开。根据{{article}}的规定，现告知您获取该政府信息的方式和途径：{{access_method}}。",
    "? 已主动公开的相关信息：{{provided}}。",
    "? {{reasoning}}",
);

const DISCLOSED: &str = reply!(
    "政府信息公开告知书",
    "您申请获取的政府信息属于公开范围。根据{{article}}的规定，本机关决定予以公开。",
    "获取方式：{{access_method}}。",
    "? 随本告知书提供的信息：{{provided}}。",
    "? {{reasoning}}",
);

/// Two texts of the clerk's, each printed once: how to obtain the part
/// disclosed (`access_method`) and why the rest is withheld (`reasoning`,
/// which Art. 37 requires).
const PARTIAL: &str = reply!(
    "政府信息部分公开告知书",
    "您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理。根据{{article}}的规定，本机关对可以公开的部分予以公开，对其余部分不予公开。",
    "可以公开部分的获取方式：{{access_method}}。",
    "? 随本告知书提供的信息：{{provided}}。",
    "不予公开部分的理由：{{reasoning}}",
);

const DENY_STATE_SECRET: &str = reply!(
    "政府信息不予公开告知书",
    "您申请获取的政府信息属于国家秘密。根据{{article}}的规定，本机关决定不予公开。",
    "? {{reasoning}}",
);

const DENY_LAW_FORBIDS: &str = reply!(
    "政府信息不予公开告知书",
    "您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据{{article}}的规定，本机关决定不予公开。",
    "? {{reasoning}}",
);

const DENY_SECURITY: &str = reply!(
    "政府信息不予公开告知书",
    "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。根据{{article}}的规定，本机关决定不予公开。",
    "? {{reasoning}}",
);

const DENY_THIRD_PARTY: &str = reply!(
    "政府信息不予公开告知书",
    "您申请获取的政府信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容。根据{{article}}的规定，本机关决定不予公开。",
    "? {{reasoning}}",
);

const DENY_INTERNAL_AFFAIRS: &str = reply!(
    "政府信息不予公开告知书",
    "您申请获取的信息属于本机关的人事管理、后勤管理、内部工作流程等方面的内部事务信息。根据{{article}}的规定，本机关决定不予公开。",
    "? {{reasoning}}",
);

const DENY_PROCESS_INFORMATION: &str = reply!(
    "政府信息不予公开告知书",
    "您申请获取的信息属于本机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息。根据{{article}}的规定，本机关决定不予公开。",
    "? {{reasoning}}",
);

const DENY_ENFORCEMENT_CASE_FILE: &str = reply!(
    "政府信息不予公开告知书",
    "您申请获取的信息属于行政执法案卷信息。根据{{article}}的规定，本机关决定不予公开。",
    "? {{reasoning}}",
);

const DENY_QUERY_MATTER: &str = reply!(
    "政府信息公开申请答复书",
    "您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对该信息的获取有特别规定。根据{{article}}的规定，请您依照有关法律、行政法规的规定办理。",
    "办理途径：{{access_method}}。",
    "? {{reasoning}}",
);

const NOT_HELD: &str = reply!(
    "政府信息公开申请答复书",
    "经检索，本机关未制作或者获取您申请公开的政府信息，或者该政府信息不属于本机关负责公开。根据{{article}}的规定，本机关无法向您提供。",
    "? {{reasoning}}",
    "? 经确认，负责公开该政府信息的行政机关为{{referred_to}}，您可以向该机关提出申请。",
);

const NEEDS_CREATION: &str = reply!(
    "政府信息公开申请答复书",
    "本机关没有您申请获取的现成信息，该信息需要本机关对现有政府信息进行加工、分析方能形成。根据{{article}}的规定，本机关不予提供。",
    "? {{reasoning}}",
);

const UNCLEAR_AFTER_CORRECTION: &str = reply!(
    "政府信息公开申请答复书",
    "本机关已书面告知您对申请内容作出补正，您补正后的申请内容仍不明确，本机关无法确定您所需要的政府信息。根据{{article}}的规定，本机关无法向您提供。",
    "? {{reasoning}}",
);

const PETITION: &str = reply!(
    "政府信息公开申请不予处理告知书",
    "您提出的申请实质上是以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{{article}}的规定，本机关不作为政府信息公开申请处理。",
    "您可以通过以下渠道提出：{{access_method}}。",
    "? {{reasoning}}",
);

const REPEATED_APPLICATION: &str = reply!(
    "政府信息公开申请不予处理告知书",
    "本机关已就您此前提出的相同政府信息公开申请作出答复，您本次重复申请公开相同的政府信息。根据{{article}}的规定，本机关不予重复处理。",
    "? {{reasoning}}",
);

const PUBLIC_PUBLICATION: &str = reply!(
    "政府信息公开申请不予处理告知书",
    "您申请获取的是政府公报、报刊、书籍等公开出版物。根据{{article}}的规定，本机关不作为政府信息公开申请处理，现告知您获取的途径：{{access_method}}。",
    "? {{reasoning}}",
);

const MASS_APPLICATIONS: &str = reply!(
    "政府信息公开申请不予处理告知书",
    "您申请公开政府信息的数量、频次明显超过合理范围。经本机关要求您说明理由，本机关认为申请理由不合理。根据{{article}}的规定，本机关不予处理。",
    "? {{reasoning}}",
);

const CONFIRM_OR_REISSUE: &str = reply!(
    "政府信息公开申请不予处理告知书",
    "您的申请系要求本机关确认或者重新出具您已获取的信息，不属于{{article}}规定的政府信息公开申请，本机关不作为政府信息公开申请处理。",
    "? {{reasoning}}",
);

const CORRECTION_LAPSED: &str = reply!(
    "政府信息公开申请不再处理告知书",
    "本机关已书面告知您对申请内容作出补正，补正期限至{{correction_deadline}}届满。您无正当理由逾期未补正，视为放弃申请。根据{{article}}的规定，本机关不再处理该政府信息公开申请。",
    "? {{reasoning}}",
);

const FEE_UNPAID: &str = reply!(
    "政府信息公开申请不再处理告知书",
    "本机关已向您发出收费通知，告知您应当于{{payment_due}}前缴纳信息处理费人民币{{fee_amount}}元。您逾期未缴纳，视为放弃申请。根据{{article}}和《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，本机关不再处理该政府信息公开申请。",
    "? {{reasoning}}",
);

const OTHER_HANDLING: &str = reply!(
    "政府信息公开申请办理结果告知书",
    "您的政府信息公开申请办理情况如下：{{reasoning}}",
    "根据{{article}}的有关规定，本机关终止办理该政府信息公开申请。",
);

/// The default template of `kind`, in proper official-letter style; every
/// reply cites `{{article}}` and every document closes with `{{redress}}`.
pub fn default_template(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Receipt => RECEIPT,
        DocumentKind::CorrectionNotice => CORRECTION_NOTICE,
        DocumentKind::ExtensionNotice => EXTENSION_NOTICE,
        DocumentKind::ThirdPartyConsultation => THIRD_PARTY_CONSULTATION,
        DocumentKind::ThirdPartyApplicantNotice => THIRD_PARTY_APPLICANT_NOTICE,
        DocumentKind::CoProducerConsultation => CO_PRODUCER_CONSULTATION,
        DocumentKind::FeeNotice => FEE_NOTICE,
        DocumentKind::Reply(o) => match o {
            Outcome::AlreadyPublished => ALREADY_PUBLISHED,
            Outcome::Disclosed => DISCLOSED,
            Outcome::Partial => PARTIAL,
            Outcome::DenyStateSecret => DENY_STATE_SECRET,
            Outcome::DenyLawForbids => DENY_LAW_FORBIDS,
            Outcome::DenySecurity => DENY_SECURITY,
            Outcome::DenyThirdParty => DENY_THIRD_PARTY,
            Outcome::DenyInternalAffairs => DENY_INTERNAL_AFFAIRS,
            Outcome::DenyProcessInformation => DENY_PROCESS_INFORMATION,
            Outcome::DenyEnforcementCaseFile => DENY_ENFORCEMENT_CASE_FILE,
            Outcome::DenyQueryMatter => DENY_QUERY_MATTER,
            Outcome::NotHeld => NOT_HELD,
            Outcome::NeedsCreation => NEEDS_CREATION,
            Outcome::UnclearAfterCorrection => UNCLEAR_AFTER_CORRECTION,
            Outcome::Petition => PETITION,
            Outcome::RepeatedApplication => REPEATED_APPLICATION,
            Outcome::PublicPublication => PUBLIC_PUBLICATION,
            Outcome::MassApplications => MASS_APPLICATIONS,
            Outcome::ConfirmOrReissue => CONFIRM_OR_REISSUE,
            Outcome::CorrectionLapsed => CORRECTION_LAPSED,
            Outcome::FeeUnpaid => FEE_UNPAID,
            Outcome::OtherHandling => OTHER_HANDLING,
        },
    }
}

fn sample_reasoning(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::ExtensionNotice => "所申请信息涉及年份较长、数量较多，需要调取档案逐一核查。",
        DocumentKind::Reply(o) => match o {
            Outcome::AlreadyPublished => "该信息已于2024年3月15日在上述专栏公开。",
            Outcome::Disclosed => "所提供信息共3页。",
            Outcome::Partial => {
                "所申请信息中第三方企业的银行账户信息属于商业秘密，第三方不同意公开，本机关已作删除处理。"
            }
            Outcome::DenyStateSecret => "该信息已由定密责任人依法确定为国家秘密。",
            Outcome::DenyLawForbids => {
                "《中华人民共和国统计法》规定，统计调查中获得的能够识别或者推断单个统计调查对象身份的资料，任何单位和个人不得对外提供、泄露。"
            }
            Outcome::DenySecurity => "该信息涉及城市供水设施布局，公开后可能危及公共安全。",
            Outcome::DenyThirdParty => {
                "该信息含有相关企业的投标报价等商业秘密，经书面征求意见，第三方不同意公开。"
            }
            Outcome::DenyInternalAffairs => "该信息为本机关内部人员考勤管理记录。",
            Outcome::DenyProcessInformation => "该信息为本机关研究有关事项的会议讨论记录。",
            Outcome::DenyEnforcementCaseFile => "该信息为本机关某行政处罚案件的调查询问笔录。",
            Outcome::DenyQueryMatter => {
                "不动产登记资料的查询依照《不动产登记资料查询暂行办法》办理。"
            }
            Outcome::NotHeld => "本机关未制作该资金的审计报告。",
            Outcome::NeedsCreation => {
                "您要求本机关对近五年的养护资金按路段分类统计汇总，本机关没有现成的统计数据。"
            }
            Outcome::UnclearAfterCorrection => "您补正后仍未明确所需信息的时间范围和具体内容。",
            Outcome::Petition => "您反映的问题本机关已转交信访工作机构处理。",
            Outcome::RepeatedApplication => "本机关已于2024年12月10日就您提出的相同申请作出答复。",
            Outcome::PublicPublication => "公开出版物不属于政府信息公开申请的处理范围。",
            Outcome::MassApplications => "您在2025年1月内提出政府信息公开申请120件。",
            Outcome::ConfirmOrReissue => {
                "您要求本机关对已获取的2023年度养护合同复印件加盖公章予以确认。"
            }
            Outcome::CorrectionLapsed => "截至补正期限届满，本机关未收到您的补正材料。",
            Outcome::FeeUnpaid => "截至缴费期限届满，本机关未收到您缴纳的费用。",
            Outcome::OtherHandling => "您已于2025年2月3日书面撤回该申请。",
        },
        _ => "",
    }
}

/// Realistic values for every placeholder of `kind` that the caller supplies
/// (not those of [`super::AUTO_PLACEHOLDERS`]), for the template editor's
/// preview and for tests, written as a clerk fills a case in: reasons and
/// access methods are whole sentences ending with 。, the template's own
/// punctuation around them notwithstanding. The case number is
/// `GK2025-000123`.
pub fn sample_vars(kind: DocumentKind) -> BTreeMap<String, String> {
    let value = |name: &str| -> &'static str {
        match name {
            "case_number" => "GK2025-000123",
            "applicant_name" => "张三",
            "receipt_date" => "2025年1月20日",
            "description" => "2024年度白云区道路养护资金的使用情况",
            "document_number" => "白交发〔2024〕15号",
            "contact" => "李明，020-12345678",
            "channel" => "互联网在线申请",
            "reply_due" => "2025年2月21日",
            "correction_items" => {
                "1. 请明确所需信息的时间范围；\n2. 请明确所需信息涉及的具体路段或者项目名称。"
            }
            "correction_deadline" => "2025年2月14日",
            "extension_days" => "20",
            "extended_due" => "2025年3月21日",
            "reasoning" => sample_reasoning(kind),
            "third_party_name" => "白云某某建设工程有限公司",
            "consultation_due" => "2025年2月17日",
            "co_producer_name" => "白云区财政局",
            "fee_method" => "按件计收",
            "fee_detail" => {
                "您本月提出的第45件政府信息公开申请，第11件至第30件每件100元，第31件至第40件每件200元，第41件至第45件每件300元。"
            }
            "fee_amount" => "5500",
            "payment_due" => "2025年3月7日",
            "payment_channel" => "通过本平台在线缴纳，或者到本机关政务服务窗口缴纳",
            // As a clerk types them: whole sentences, full stop included.
            "access_method" => match kind {
                DocumentKind::Reply(Outcome::AlreadyPublished) => {
                    "登录白云区人民政府门户网站“政府信息公开”专栏查阅。"
                }
                DocumentKind::Reply(Outcome::DenyQueryMatter) => {
                    "请向白云区不动产登记中心申请查询不动产登记资料。"
                }
                DocumentKind::Reply(Outcome::Petition) => {
                    "白云区信访局（地址：白云区政务服务中心三楼，电话：020-12345000）。"
                }
                DocumentKind::Reply(Outcome::PublicPublication) => {
                    "《白云区人民政府公报》可以在白云区图书馆、白云区档案馆免费查阅。"
                }
                _ => "本机关通过电子邮件向您提供，请查收附件。",
            },
            "referred_to" => "白云区住房和城乡建设局（联系电话：020-87654321）",
            _ => "",
        }
    };
    super::placeholders(kind)
        .iter()
        .filter(|(n, _)| !super::AUTO_PLACEHOLDERS.contains(n))
        .map(|(n, _)| (n.to_string(), value(n).to_string()))
        .collect()
}
