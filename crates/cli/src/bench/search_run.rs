//! `gongkai bench search`: the same synthetic corpus and queries through
//! gongkai's engine, SQLite FTS5 and PostgreSQL full-text search.

use super::*;

const GONGKAI_LABEL: &str = "gongkai（tantivy + jieba）";
const SQLITE_LABEL: &str = "SQLite FTS5（trigram）";
const POSTGRES_LABEL: &str = "PostgreSQL（二元分词）";

pub(super) async fn search(args: SearchArgs) -> anyhow::Result<()> {
    let postgres_url = args.postgres.clone().filter(|u| !u.trim().is_empty());
    let parent = args.dir.clone().unwrap_or_else(std::env::temp_dir);
    std::fs::create_dir_all(&parent)?;
    let work = tempfile::Builder::new()
        .prefix("gongkai-bench-")
        .tempdir_in(&parent)?;
    let queries = corpus::queries(args.items);

    let bar = progress(args.items, "生成语料", "条");
    let docs = corpus::generate(args.items, || bar.inc(1));
    bar.finish_and_clear();

    let chosen = |name: &str| args.engines.iter().any(|e| e == name);
    let not_chosen = "未测（--engines 未选）";
    let mut engines = Vec::new();
    engines.push(if chosen("gongkai") {
        bench_gongkai(&args, &work, &docs, &queries).await?
    } else {
        EngineReport::unavailable("gongkai", GONGKAI_LABEL, not_chosen)
    });
    engines.push(if chosen("sqlite") {
        bench_sqlite(&args, &work, &docs, &queries).await?
    } else {
        EngineReport::unavailable("sqlite_fts5", SQLITE_LABEL, not_chosen)
    });
    engines.push(match &postgres_url {
        _ if !chosen("postgres") => {
            EngineReport::unavailable("postgresql", POSTGRES_LABEL, not_chosen)
        }
        Some(url) => bench_postgres(&args, url, &docs, &queries).await?,
        None => {
            EngineReport::unavailable("postgresql", POSTGRES_LABEL, "未测（未提供 PostgreSQL）")
        }
    });
    drop(docs);

    let report = Report {
        items: args.items,
        rounds: args.rounds,
        machine: machine(),
        engines,
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", report::text(&report, &queries));
    }
    work.close()?;
    Ok(())
}

async fn bench_gongkai(
    args: &SearchArgs,
    work: &tempfile::TempDir,
    docs: &[BenchDoc],
    queries: &[BenchQuery],
) -> anyhow::Result<EngineReport> {
    let bar = progress(args.items, "建索引 gongkai", "条");
    let (mut engine, took) = GongkaiEngine::build(&work.path().join("gongkai"), docs, &bar)?;
    bar.finish_and_clear();
    let quiet = gongkai_engine::quiet_engine_panics();
    let measured = measure(&mut engine, queries, args.rounds, "gongkai").await;
    drop(quiet);
    let measured = measured?;
    let built = Built {
        version: format!(
            "gongkai {}（tantivy 0.27，jieba）",
            env!("CARGO_PKG_VERSION")
        ),
        build: took,
        index_bytes: engine.size_on_disk(),
    };
    Ok(engine_report(
        "gongkai",
        GONGKAI_LABEL,
        built,
        args.items,
        queries,
        measured,
    ))
}

async fn bench_sqlite(
    args: &SearchArgs,
    work: &tempfile::TempDir,
    docs: &[BenchDoc],
    queries: &[BenchQuery],
) -> anyhow::Result<EngineReport> {
    let bar = progress(args.items, "建索引 SQLite", "条");
    let (mut engine, took) =
        SqliteEngine::build(&work.path().join("sqlite-fts5.db"), docs, &bar).await?;
    bar.finish_and_clear();
    let version = engine.version().await?;
    let measured = measure(&mut engine, queries, args.rounds, "SQLite").await?;
    let size = engine.size_on_disk();
    engine.close().await?;
    let built = Built {
        version,
        build: took,
        index_bytes: size,
    };
    Ok(engine_report(
        "sqlite_fts5",
        SQLITE_LABEL,
        built,
        args.items,
        queries,
        measured,
    ))
}

async fn bench_postgres(
    args: &SearchArgs,
    url: &str,
    docs: &[BenchDoc],
    queries: &[BenchQuery],
) -> anyhow::Result<EngineReport> {
    let mut engine = PostgresEngine::connect(url)
        .await
        .map_err(|e| anyhow::anyhow!("无法连接 PostgreSQL：{e}"))?;
    let version = engine.version().await?;
    let bar = progress(args.items, "建索引 PostgreSQL", "条");
    let result = async {
        let took = engine.build(docs, &bar).await?;
        bar.finish_and_clear();
        let measured = measure(&mut engine, queries, args.rounds, "PostgreSQL").await?;
        let size = engine.size_on_disk().await?;
        anyhow::Ok((took, size, measured))
    }
    .await;
    bar.finish_and_clear();
    // The table goes whatever happened.
    let dropped = engine.drop_table().await;
    let (took, size, measured) = result?;
    dropped?;
    engine.close().await?;
    let built = Built {
        version,
        build: took,
        index_bytes: size,
    };
    Ok(engine_report(
        "postgresql",
        POSTGRES_LABEL,
        built,
        args.items,
        queries,
        measured,
    ))
}
