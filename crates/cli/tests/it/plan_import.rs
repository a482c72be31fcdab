//! `gongkai plan import`, run as a process on the demo database with the
//! corpus plans: the city bureau's prose plan (`001_…`) and the flattened
//! division table of `004_…`; expected values written from the texts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use gongkai_store::prelude::*;
use gongkai_store_sqlite::SqliteStore;

use crate::import::seeded_dir;

const AGENCY: &str = "119901219482199390";

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../parse/tests/corpus")
        .join(name)
}

fn plan(dir: &Path, file: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .args(["plan", "import"])
        .arg(file)
        .args(["--agency", AGENCY])
        .args(extra)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("GONGKAI_DATABASE_URL")
        .env_remove("GONGKAI_CONFIG")
        .env("RUST_LOG", "warn")
        .output()
        .expect("run gongkai")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

#[tokio::test]
async fn the_prose_plan_is_read_matched_and_stored() {
    let dir = seeded_dir().await;
    let file = corpus("001_8cf50e034e1a4929.txt");
    let dry = json(&plan(
        dir.path(),
        &file,
        &["--year", "2022", "--dry-run", "--json"],
    ));
    let tasks = dry["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 14);
    assert_eq!(tasks[2]["task"], "全面公开权力清单和责任清单");
    assert_eq!(
        tasks[2]["lead"],
        serde_json::json!([
            "办公室",
            "纪检监察室",
            "行政审批办",
            "市交通运输综合行政执法支队"
        ])
    );
    assert_eq!(tasks[0]["lead"], serde_json::json!([]));
    assert_eq!(tasks[0]["group"], "进一步做好政府信息公开条例的实施");
    assert_eq!(
        tasks[7]["group"],
        "深化公共资源配置信息公开,维护群众合法权益"
    );
    assert_eq!(dry["stored"], serde_json::Value::Null);
    // 其他相关科室和单位 is a phrase, not a unit; 财务科 is not one of the demo bureau's.
    let phrases = dry["units"]["phrases"].as_array().unwrap();
    assert!(phrases.contains(&serde_json::json!("其他相关科室和单位")));
    let unknown = dry["units"]["unknown"].as_array().unwrap();
    assert!(
        unknown.contains(&serde_json::json!("财务科")),
        "{unknown:?}"
    );

    // Without --create-units nothing is stored and the names are listed.
    let refused = plan(dir.path(), &file, &["--year", "2022"]);
    assert_eq!(refused.status.code(), Some(1));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(
        err.contains("以下单位不是本机关的内设机构或直属单位") && err.contains("财务科"),
        "{err}"
    );

    let done = json(&plan(
        dir.path(),
        &file,
        &["--year", "2022", "--create-units", "--json"],
    ));
    assert_eq!(done["stored"]["tasks"], 14);
    let store = SqliteStore::open_file(&dir.path().join("gongkai.db"))
        .await
        .unwrap();
    let agency = store.agency_by_code(AGENCY).await.unwrap().unwrap();
    let units = store.units(agency.id).await.unwrap();
    let kind_of = |n: &str| units.iter().find(|u| u.name.as_str() == n).map(|u| u.kind);
    use gongkai_domain::plan::UnitKind;
    assert_eq!(kind_of("财务科"), Some(UnitKind::Internal));
    assert_eq!(
        kind_of("市交通运输综合行政执法支队"),
        Some(UnitKind::Subordinate)
    );
    assert_eq!(kind_of("其他相关科室和单位"), None);
    let plans = store.plans(agency.id, Some(2022)).await.unwrap();
    assert_eq!(plans.len(), 1);
    let stored = store.plan_tasks(plans[0].id).await.unwrap();
    assert_eq!(stored.len(), 14);
    assert_eq!(
        stored[3].division,
        "牵头：行政审批办、办公室、其他相关科室和单位"
    );
    assert_eq!(
        stored[3].row.lead.len(),
        2,
        "two units; the phrase stays text"
    );

    // The same plan twice is refused.
    let twice = plan(dir.path(), &file, &["--year", "2022", "--create-units"]);
    assert_eq!(twice.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&twice.stderr).contains("同一年度同名的工作要点"));
}

#[tokio::test]
async fn the_flattened_division_table_reads_with_its_notes() {
    let dir = seeded_dir().await;
    let file = corpus("004_65091cc48e348f9d.txt");
    let dry = json(&plan(
        dir.path(),
        &file,
        &["--year", "2015", "--dry-run", "--json"],
    ));
    let tasks = dry["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 14);
    assert_eq!(tasks[6]["task"], "重大财政预算决算信息公开");
    assert_eq!(tasks[6]["lead"], serde_json::json!(["局财务科"]));
    assert_eq!(
        tasks[6]["partners"],
        serde_json::json!(["局审计科", "局办公室", "局计建科"])
    );
    assert!(!dry["notes"].as_array().unwrap().is_empty());
    // The plain summary lists each task and says nothing was stored.
    let out = plan(dir.path(), &file, &["--year", "2015", "--dry-run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(
            "5 行政许可审批信息公开｜牵头：局审批科｜配合：局总工办、局信息办、市道管处、市水运处"
        ),
        "{text}"
    );
    assert!(text.contains("试运行：未保存。"));
    // A file that is not there: exit code 2.
    let missing = plan(
        dir.path(),
        Path::new("/nonexistent/plan.txt"),
        &["--year", "2015"],
    );
    assert_eq!(missing.status.code(), Some(2));
}
