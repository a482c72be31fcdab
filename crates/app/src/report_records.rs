//! The records a report of one year is made from, for a set of agencies (an
//! agency and the members of its roll-up): rows the database selected by
//! date and summed ([`gongkai_store::RegisterStore`]) — seven queries, run at once, for any
//! number of agencies, however long their history — distributed per agency
//! here so that each member's report is computed alone and then combined.

use std::collections::{BTreeMap, HashMap};

use gongkai_domain::case::register::{AppealSummary, RegisterTallies};
use gongkai_domain::catalogue::{Article20Figures, ItemKind, ItemSummary};
use gongkai_domain::report::ReportInputs;
use gongkai_domain::report::engagement::EngagementFigures;
use gongkai_domain::report::narrative::NarrativeFigures;
use gongkai_domain::report::rules::FeeTotals;
use gongkai_store::{AgencyId, CaseYearFigures, PublishedItemGroup, Store, StoreResult};

/// One agency's records of the year.
#[derive(Default)]
struct AgencyYear {
    register: RegisterTallies,
    appeals: Vec<AppealSummary>,
    regulations: Vec<ItemSummary>,
    figures: Option<Article20Figures>,
    cases: CaseYearFigures,
    published: Vec<PublishedItemGroup>,
    engagement: EngagementFigures,
}

/// The records of `year` of a set of agencies (see the module).
pub struct YearRecords {
    year: i32,
    by_agency: HashMap<AgencyId, AgencyYear>,
}

impl YearRecords {
    pub async fn read(store: &dyn Store, agencies: &[AgencyId], year: i32) -> StoreResult<Self> {
        let mut r = YearRecords {
            year,
            by_agency: HashMap::with_capacity(agencies.len()),
        };
        // Seven independent sums, at once on the pool's connections.
        let (tallies, appeals, regulations, figures, cases, published, engagement) = tokio::try_join!(
            store.case_tallies(agencies, year),
            store.appeals_filed_in(agencies, year),
            store.regulation_items(agencies),
            store.figures_of(agencies, year),
            store.case_year_figures(agencies, year),
            store.published_item_groups(agencies, year),
            store.engagement_year(agencies, year),
        )?;
        for t in tallies {
            r.of(t.agency_id).register.add(t.tally, t.cases);
        }
        for a in appeals {
            r.of(a.agency_id).appeals.push(a.summary);
        }
        for i in regulations {
            r.of(i.agency_id).regulations.push(i.summary);
        }
        for (agency, f) in figures {
            r.of(agency).figures = Some(f);
        }
        for f in cases {
            let agency = f.agency_id;
            r.of(agency).cases = f;
        }
        for g in published {
            r.of(g.agency_id).published.push(g);
        }
        for (agency, e) in engagement {
            r.of(agency).engagement = e;
        }
        Ok(r)
    }

    fn of(&mut self, agency: AgencyId) -> &mut AgencyYear {
        let year = self.year;
        self.by_agency.entry(agency).or_insert_with(|| AgencyYear {
            register: RegisterTallies {
                year,
                tallies: Vec::new(),
            },
            ..AgencyYear::default()
        })
    }

    /// What `compute` reads for `agency` (empty records for one without any).
    pub fn inputs(&self, agency: AgencyId) -> ReportInputs {
        match self.by_agency.get(&agency) {
            Some(a) => ReportInputs {
                register: a.register.clone(),
                appeals: a.appeals.clone(),
                items: a.regulations.clone(),
                figures: a.figures.clone(),
            },
            None => ReportInputs::default(),
        }
    }

    /// The fees paid in the year to `agency`.
    pub fn fees(&self, agency: AgencyId) -> FeeTotals {
        self.by_agency
            .get(&agency)
            .map_or_else(FeeTotals::default, |a| FeeTotals {
                cases: a.cases.fees_paid,
                amount_yuan: a.cases.fee_amount_yuan,
            })
    }

    /// The figures the ready sentences of the text quote, for `agencies` together.
    pub fn narrative(&self, agencies: &[AgencyId]) -> NarrativeFigures {
        let mut by_channel: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut by_category: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut apps: BTreeMap<&'static str, u64> = BTreeMap::new();
        let mut n = NarrativeFigures {
            year: self.year,
            ..NarrativeFigures::default()
        };
        for a in agencies.iter().filter_map(|id| self.by_agency.get(id)) {
            for g in &a.published {
                n.items_published += g.items;
                for c in &g.channels {
                    *by_channel.entry(c.label()).or_default() += g.items;
                }
                let category = match (g.kind, g.article20) {
                    (ItemKind::Regulation, _) => "规章",
                    (ItemKind::NormativeDocument, _) => "规范性文件",
                    (_, Some(a)) => a.label(),
                    _ => g.genre.label(),
                };
                *by_category.entry(category).or_default() += g.items;
            }
            for (channel, k) in &a.cases.received_by_channel {
                *apps.entry(channel.label()).or_default() += k;
            }
            n.answered += a.cases.answered;
            n.answered_on_time += a.cases.answered_on_time;
            n.fees.cases += a.cases.fees_paid;
            n.fees.amount_yuan += a.cases.fee_amount_yuan;
            n.engagement += a.engagement;
        }
        n.items_by_channel = largest_first(by_channel);
        n.items_by_category = largest_first(by_category);
        n.applications_by_channel = largest_first(apps);
        n
    }
}

/// (label, count) pairs, the largest count first (labels in order among equals).
fn largest_first(m: BTreeMap<&'static str, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<(String, u64)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    v.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    v
}
