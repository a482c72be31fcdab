//! 年报取数: what the annual report of a year reads of an agency's records,
//! selected by date and summed in the database (issue 15) — the register
//! summed by table-三 tally, the year's case figures for the text, the
//! appeals filed in the year, the 规章 and 规范性文件 of the catalogue, and the
//! items published in the year grouped as the text counts them. A report
//! reads a few rows per agency, however long its history.

use async_trait::async_trait;
use chrono::NaiveDate;
use gongkai_domain::case::register::{AppealSummary, CaseSummary, Table3Tally};
use gongkai_domain::catalogue::{
    Article20Figures, Genre, ItemKind, ItemSummary, PublicationChannel,
};
use gongkai_domain::report::engagement::EngagementFigures;
use gongkai_domain::vocabulary::{Article20Item, Channel};

use crate::{AgencyId, StoreResult};

/// How many cases of one agency fall under one tally.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TallyCount {
    pub agency_id: AgencyId,
    pub tally: Table3Tally,
    pub cases: u64,
}

/// An agency's cases in the year as the report's text counts them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseYearFigures {
    pub agency_id: AgencyId,
    /// Applications received (receipt date in the year) by channel.
    pub received_by_channel: Vec<(Channel, u64)>,
    /// Replies delivered in the year, and how many of them on time.
    pub answered: u64,
    pub answered_on_time: u64,
    /// Fees paid in the year: cases and yuan.
    pub fees_paid: u64,
    pub fee_amount_yuan: u64,
}

/// An appeal filed in the year, with its case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearAppeal {
    pub agency_id: AgencyId,
    pub case_number: String,
    pub summary: AppealSummary,
}

/// A 规章 or 规范性文件 of the catalogue that has been published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegulationItem {
    pub agency_id: AgencyId,
    pub item_id: i64,
    pub index_number: Option<String>,
    pub title: String,
    pub summary: ItemSummary,
}

/// Items of an agency published in the year with the same kind, Article 20
/// item, genre and channels (what the text's counts are grouped by).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedItemGroup {
    pub agency_id: AgencyId,
    pub kind: ItemKind,
    pub article20: Option<Article20Item>,
    pub genre: Genre,
    pub channels: Vec<PublicationChannel>,
    pub items: u64,
}

/// A case behind a figure of table 三 (drill-down).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TalliedCase {
    pub agency_id: AgencyId,
    pub number: String,
    pub summary: CaseSummary,
}

/// The first and last day of a report year.
pub fn year_days(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

/// 年报取数 (see the module). `agencies` are summed separately (one row set
/// per agency) so a roll-up combines its members' reports.
#[async_trait]
pub trait RegisterStore: Send + Sync {
    /// Table 三 of `year`: the cases of each agency counted by tally, the
    /// same selection as `CaseSummary::tally_in` made in SQL.
    async fn case_tallies(&self, agencies: &[AgencyId], year: i32) -> StoreResult<Vec<TallyCount>>;
    /// The year's case figures of each agency (agencies without any are left out).
    async fn case_year_figures(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<CaseYearFigures>>;
    /// The appeals against the agencies' cases filed in `year`, oldest first.
    async fn appeals_filed_in(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<YearAppeal>>;
    /// The published 规章 and 规范性文件 of the agencies (table 二 block （一）).
    async fn regulation_items(&self, agencies: &[AgencyId]) -> StoreResult<Vec<RegulationItem>>;
    /// The items published in `year`, grouped (see [`PublishedItemGroup`]).
    async fn published_item_groups(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<PublishedItemGroup>>;
    /// The Article 20 figures of `year` entered by the agencies.
    async fn figures_of(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<(AgencyId, Article20Figures)>>;
    /// Up to `limit` cases of `year` under any of `tallies`, by agency and number.
    async fn cases_of_tallies(
        &self,
        agencies: &[AgencyId],
        year: i32,
        tallies: &[Table3Tally],
        limit: u32,
    ) -> StoreResult<Vec<TalliedCase>>;
    /// The year's figures of 意见征集, 政民互动, 建议提案 and 回应关切 of each
    /// agency, for the report's ready sentences (agencies without any left out).
    async fn engagement_year(
        &self,
        agencies: &[AgencyId],
        year: i32,
    ) -> StoreResult<Vec<(AgencyId, EngagementFigures)>>;
}
