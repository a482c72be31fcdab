//! The pages measured on the generated province, the raw SQL references
//! beside them, and a concurrent load of the same pages.

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use gongkai_store::{CatalogueFilter, NewAuditEntry, NewItemAttachment, QueueScope, Store};

use super::generate::Unit;
use super::measure::{Client, Measure, Raw, percentile, times, times_after};
use super::{Cast, Database, ProvinceArgs, REPORT_YEAR, bench_date};

const PASSWORD: &str = super::PASSWORD;

/// A public attachment of the bureau's newest item (300 KB, as a scanned
/// notice is): (sha256, file name) for `GET /files/…`.
pub async fn attachment(
    store: &dyn Store,
    data_dir: &std::path::Path,
    bureau: &Unit,
) -> anyhow::Result<(String, String)> {
    use sha2::{Digest, Sha256};
    let item = store
        .catalogue_page(bureau.id, &CatalogueFilter::default(), None, 1)
        .await?
        .into_iter()
        .next()
        .context("最大部门没有公开的目录信息")?;
    let mut bytes = b"%PDF-1.4\n".to_vec();
    bytes.extend((0..300 * 1024).map(|i: u32| (i % 251) as u8));
    let sha = hex::encode(Sha256::digest(&bytes));
    let path = gongkai_app::uploads::path_for(data_dir, &sha);
    std::fs::create_dir_all(path.parent().context("path")?)?;
    std::fs::write(&path, &bytes)?;
    let name = "道路运输管理工作通知.pdf".to_string();
    store
        .add_item_attachment(&NewItemAttachment {
            item_id: item.id,
            sha256: sha.clone(),
            filename: name.clone(),
            content_type: "application/pdf".into(),
            size: bytes.len() as i64,
        })
        .await?;
    Ok((sha, name))
}

/// The signed-in clients: clerk, county supervisor, province supervisor
/// (browsers) and the clerk's API client.
pub struct Who {
    pub base: String,
    pub staff: [Client; 3],
    pub api: Client,
}

impl Who {
    pub async fn login(base: &str) -> anyhow::Result<Who> {
        Ok(Who {
            base: base.to_string(),
            staff: [
                Client::login(base, "clerk", PASSWORD).await?,
                Client::login(base, "county", PASSWORD).await?,
                Client::login(base, "province", PASSWORD).await?,
            ],
            api: Client::api(base, "clerk", PASSWORD).await?,
        })
    }
}

/// Moves the data's version (an audit record), as any change does: the
/// report's tables are then read and summed again.
async fn touch(store: &dyn Store) -> anyhow::Result<()> {
    store
        .append_audit(&NewAuditEntry {
            at: Utc::now(),
            staff_id: None,
            agency_id: None,
            action: "bench.touch".into(),
            detail: String::new(),
        })
        .await?;
    Ok(())
}

pub async fn measure_all(
    args: &ProvinceArgs,
    db: &Database,
    store: &Arc<dyn Store>,
    cast: &Cast,
    who: &Who,
    case: &str,
    file: Option<&(String, String)>,
) -> anyhow::Result<Vec<Measure>> {
    let [clerk, county, province] = &who.staff;
    let base = who.base.as_str();
    let api = &who.api;
    let bureau = &cast.units[cast.bureau];
    let refs = References::new(cast, &db.raw);
    let runs = args.runs;
    let mut out = Vec::new();
    for (name, client, path, reference) in [
        (
            "办理人工作台（待办队列）",
            &clerk,
            "/workbench".to_string(),
            None,
        ),
        (
            "县政务公开办工作台（全县统计）",
            &county,
            "/workbench".into(),
            Some(refs.oversight(Some(cast.county))),
        ),
        (
            "省政务公开办工作台（全省统计）",
            &province,
            "/workbench".into(),
            Some(refs.oversight(None)),
        ),
        (
            "省政务公开办督查台（全省机关，按逾期排序）",
            &province,
            "/workbench/supervision?sort=overdue".into(),
            Some(refs.oversight(None)),
        ),
        (
            "GET /api/v1/cases 第一页",
            &api,
            "/api/v1/cases".into(),
            None,
        ),
        ("案件页", &clerk, format!("/cases/{case}"), None),
        (
            "省政府年度报告（全省汇总）",
            &province,
            format!("/workbench/reports/{}/{REPORT_YEAR}", cast.units[0].code),
            Some(refs.table3(None)),
        ),
        (
            "部门年度报告",
            &county,
            format!("/workbench/reports/{}/{REPORT_YEAR}", bureau.code),
            Some(refs.table3(Some(bureau.id))),
        ),
    ] {
        let t = times(runs, || async { client.get(&path).await.map(|_| ()) }).await?;
        let reference = match reference {
            Some((sqlite, pg)) => {
                let r = times(runs, || async {
                    db.raw.rows(&sqlite, &pg).await.map(|_| ())
                })
                .await?;
                Some(percentile(&r, 50.0))
            }
            None => None,
        };
        out.push(Measure {
            name: name.into(),
            p50_ms: percentile(&t, 50.0),
            p99_ms: percentile(&t, 99.0),
            reference_ms: reference,
        });
    }
    // The roll-up when the data changed just before (nothing kept).
    let rollup = format!("/workbench/reports/{}/{REPORT_YEAR}", cast.units[0].code);
    let t = times_after(
        runs,
        || touch(store.as_ref()),
        || async { province.get(&rollup).await.map(|_| ()) },
    )
    .await?;
    out.push(Measure {
        name: "省政府年度报告（全省汇总，数据变更后首次打开）".into(),
        p50_ms: percentile(&t, 50.0),
        p99_ms: percentile(&t, 99.0),
        reference_ms: out
            .iter()
            .find(|m| m.name.starts_with("省政府年度报告"))
            .and_then(|m| m.reference_ms),
    });
    // The console when the data changed just before: the deadline counts
    // of 2,000 agencies read again.
    let console = "/workbench/supervision?sort=overdue";
    let t = times_after(
        runs,
        || touch(store.as_ref()),
        || async { province.get(console).await.map(|_| ()) },
    )
    .await?;
    out.push(Measure {
        name: "省政务公开办督查台（数据变更后首次打开）".into(),
        p50_ms: percentile(&t, 50.0),
        p99_ms: percentile(&t, 99.0),
        reference_ms: out
            .iter()
            .find(|m| m.name.starts_with("省政务公开办督查台"))
            .and_then(|m| m.reference_ms),
    });
    if args.items > 0 {
        let anonymous = Client::new(base)?;
        let path = format!("/agencies/{}/catalogue?year={REPORT_YEAR}", bureau.code);
        let t = times(runs, || async { anonymous.get(&path).await.map(|_| ()) }).await?;
        out.push(Measure {
            name: "公开目录（最大部门，按年份筛选）".into(),
            p50_ms: percentile(&t, 50.0),
            p99_ms: percentile(&t, 99.0),
            reference_ms: None,
        });
    }
    if let Some((sha, name)) = file {
        let anonymous = Client::new(base)?;
        let path = format!(
            "/files/{sha}/{}",
            gongkai_web::report_view::percent_encode(name)
        );
        let t = times(runs, || async { anonymous.get(&path).await.map(|_| ()) }).await?;
        out.push(Measure {
            name: "附件下载（300 KB）".into(),
            p50_ms: percentile(&t, 50.0),
            p99_ms: percentile(&t, 99.0),
            reference_ms: None,
        });
    }
    Ok(out)
}

/// The raw SQL aggregates (SQLite text, PostgreSQL text).
struct References {
    subtree: Vec<Vec<i64>>,
}

impl References {
    fn new(cast: &Cast, _raw: &Raw) -> References {
        // Each unit's subtree (itself and everything below it), by index.
        let mut subtree: Vec<Vec<i64>> = cast.units.iter().map(|u| vec![u.id]).collect();
        for i in (0..cast.units.len()).rev() {
            if let Some(p) = cast.units[i].parent {
                let below = subtree[i].clone();
                subtree[p].extend(below);
            }
        }
        References { subtree }
    }

    /// Open, due and overdue cases per agency (of a unit's subtree, or all).
    fn oversight(&self, unit: Option<usize>) -> (String, String) {
        let day = bench_date();
        let filter = self.agencies(unit);
        let sql = |f: &str| {
            format!(
                "SELECT agency_id, COUNT(*), SUM(CASE WHEN overdue_from <= '{day}' THEN 1 ELSE 0 END) \
                 FROM case_snapshots WHERE finished = {f}{filter} GROUP BY agency_id"
            )
        };
        (sql("0"), sql("false"))
    }

    /// The cells of table 三 of the report year (of one agency, or all).
    fn table3(&self, agency: Option<i64>) -> (String, String) {
        let (start, end) = (
            format!("{REPORT_YEAR}-01-01"),
            format!("{REPORT_YEAR}-12-31"),
        );
        let filter = agency.map_or(String::new(), |a| format!(" AND agency_id = {a}"));
        let sql = format!(
            "SELECT applicant_type, CASE WHEN receipt_date < '{start}' THEN 1 ELSE 0 END, \
             CASE WHEN decided_on <= '{end}' THEN outcome END, COUNT(*) FROM case_snapshots \
             WHERE receipt_date <= '{end}' AND NOT (decided_on IS NOT NULL AND decided_on < '{start}' \
             AND receipt_date < '{start}'){filter} GROUP BY 1, 2, 3"
        );
        (sql.clone(), sql)
    }

    fn agencies(&self, unit: Option<usize>) -> String {
        match unit {
            Some(u) => format!(
                " AND agency_id IN ({})",
                self.subtree[u]
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            None => String::new(),
        }
    }
}

/// What a concurrent load gave: requests per second and latencies.
#[derive(Debug, serde::Serialize)]
pub struct Load {
    pub clients: usize,
    pub seconds: f64,
    pub requests: usize,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
}

/// `clients` signed-in clients at once for `seconds`, each going round the
/// staff pages (queue, county and province workbench, API list, case page,
/// bureau report, province roll-up) as fast as they are answered.
pub async fn load(
    who: &Who,
    case: &str,
    cast: &Cast,
    clients: usize,
    seconds: u64,
) -> anyhow::Result<Load> {
    let bureau = &cast.units[cast.bureau];
    let paths: Arc<Vec<(usize, String)>> = Arc::new(vec![
        (0, "/workbench".into()),
        (1, "/workbench".into()),
        (2, "/workbench".into()),
        (0, format!("/cases/{case}")),
        (
            1,
            format!("/workbench/reports/{}/{REPORT_YEAR}", bureau.code),
        ),
        (
            2,
            format!("/workbench/reports/{}/{REPORT_YEAR}", cast.units[0].code),
        ),
    ]);
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for n in 0..clients {
        let paths = paths.clone();
        let who = who.staff.clone();
        tasks.push(tokio::spawn(async move {
            let mut times = Vec::new();
            let mut i = n;
            while Instant::now() < until {
                let (client, path) = &paths[i % paths.len()];
                let started = Instant::now();
                who[*client].get(path).await?;
                times.push(started.elapsed().as_secs_f64() * 1000.0);
                i += 1;
            }
            anyhow::Ok(times)
        }));
    }
    let started = Instant::now();
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await??);
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_by(f64::total_cmp);
    Ok(Load {
        clients,
        seconds: elapsed,
        requests: all.len(),
        requests_per_second: all.len() as f64 / elapsed,
        p50_ms: percentile(&all, 50.0),
        p99_ms: percentile(&all, 99.0),
    })
}

/// The number of the newest case of the busiest bureau (its case page is measured).
pub async fn a_case(store: &dyn Store, cast: &Cast) -> anyhow::Result<String> {
    store
        .case_queue(cast.units[cast.bureau].id, QueueScope::All, None, 1)
        .await?
        .first()
        .map(|e| e.case.number.clone())
        .context("最大部门没有案件")
}
