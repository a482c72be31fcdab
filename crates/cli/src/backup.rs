//! `gongkai backup` and `gongkai restore`: one archive (ZIP) with the SQLite
//! database, the attachment store (`DATA_DIR/files`) and a manifest giving
//! each entry's size and SHA-256.
//!
//! The backup is taken while the server runs: `VACUUM INTO` writes a
//! consistent snapshot of the database (a read transaction under WAL, so
//! writers are not stopped), then the attachments are copied. Attachments are
//! stored by content hash before the row that names them is committed and are
//! never changed, so every file the snapshot refers to is already there.
//! With PostgreSQL the database is backed up with `pg_dump` (printed) and the
//! archive holds the attachments only. The search index is not backed up: it
//! is derived from the database and rebuilt on the first start after a restore.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, bail};
use clap::Args;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::ConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::DbArgs;

const FORMAT: &str = "gongkai-backup";
const VERSION: u32 = 1;
const MANIFEST: &str = "manifest.json";
const DATABASE: &str = "gongkai.db";
const FILES: &str = "files";
const SEARCH_INDEX: &str = "search-index";

#[derive(Args)]
pub struct BackupArgs {
    #[command(flatten)]
    db: DbArgs,
    /// 备份文件（ZIP）
    #[arg(long, short)]
    output: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// 由 gongkai backup 生成的备份文件
    file: PathBuf,
    /// 恢复到的数据目录
    #[arg(long, env = "GONGKAI_DATA_DIR", default_value = "gongkai-data")]
    data_dir: PathBuf,
    /// 数据目录不为空时仍然恢复（覆盖其中的数据库和附件）
    #[arg(long)]
    force: bool,
}

#[derive(Serialize, Deserialize)]
struct Manifest {
    format: String,
    version: u32,
    gongkai: String,
    created_at: String,
    /// `sqlite` (database and attachments) or `postgresql` (attachments only).
    database: String,
    entries: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    path: String,
    size: u64,
    sha256: String,
}

pub async fn backup(args: BackupArgs) -> anyhow::Result<()> {
    let settings = args.db.settings()?;
    let postgres = settings
        .database_url
        .as_deref()
        .is_some_and(|u| u.starts_with("postgres://") || u.starts_with("postgresql://"));
    let sqlite = match settings.database_url.as_deref() {
        _ if postgres => None,
        Some(url) => Some(sqlite_path_of(url)?),
        None => Some(settings.sqlite_path()),
    };
    let output = args.output.clone();
    let partial = output.with_extension("partial");
    let snapshot = match &sqlite {
        Some(path) => {
            if !path.exists() {
                bail!(
                    "未找到数据库文件 {}：请用 --data-dir 指定数据目录。",
                    path.display()
                );
            }
            Some(snapshot(path, &partial.with_extension("db-snapshot")).await?)
        }
        None => None,
    };
    let data_dir = settings.data_dir.clone();
    let written = tokio::task::spawn_blocking({
        let (partial, snapshot) = (partial.clone(), snapshot.clone());
        move || write_archive(&partial, snapshot.as_deref(), &data_dir)
    })
    .await?;
    if let Some(s) = &snapshot {
        let _ = fs::remove_file(s);
    }
    let manifest = written.inspect_err(|_| {
        let _ = fs::remove_file(&partial);
    })?;
    fs::rename(&partial, &output)
        .with_context(|| format!("无法写入备份文件 {}", output.display()))?;
    let files = manifest
        .entries
        .iter()
        .filter(|e| e.path != DATABASE)
        .count();
    match snapshot {
        Some(_) => println!("已备份数据库和 {files} 个附件到 {}。", output.display()),
        None => {
            println!("已备份 {files} 个附件到 {}。", output.display());
            println!("数据库在 PostgreSQL 中，请另行用 pg_dump 备份，例如：");
            println!("  pg_dump --format=custom --file=gongkai.dump \"$GONGKAI_DATABASE_URL\"");
            println!(
                "恢复时：pg_restore --clean --if-exists --dbname \"$GONGKAI_DATABASE_URL\" gongkai.dump"
            );
        }
    }
    Ok(())
}

/// The file of a `sqlite:` URL.
fn sqlite_path_of(url: &str) -> anyhow::Result<PathBuf> {
    let Some(rest) = url.strip_prefix("sqlite:") else {
        bail!("不支持的数据库地址：请使用 postgres://… 或 sqlite://…");
    };
    let rest = rest.trim_start_matches("//");
    let path = rest.split('?').next().unwrap_or(rest);
    Ok(PathBuf::from(path))
}

/// A consistent copy of the live database (`VACUUM INTO`, one read transaction).
async fn snapshot(db: &Path, to: &Path) -> anyhow::Result<PathBuf> {
    let _ = fs::remove_file(to);
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .busy_timeout(std::time::Duration::from_secs(60))
        .connect()
        .await
        .with_context(|| format!("无法打开数据库 {}", db.display()))?;
    let target = to.to_str().context("备份文件的路径须为 UTF-8")?;
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&mut conn)
        .await
        .context("无法生成数据库快照")?;
    Ok(to.to_path_buf())
}

fn write_archive(out: &Path, database: Option<&Path>, data_dir: &Path) -> anyhow::Result<Manifest> {
    let file = File::create(out).with_context(|| format!("无法创建备份文件 {}", out.display()))?;
    let mut zip = ZipWriter::new(io::BufWriter::new(file));
    let mut entries = Vec::new();
    let deflate = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(true);
    // Attachments are PDFs and images, compressed already.
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(true);
    if let Some(db) = database {
        entries.push(add(&mut zip, DATABASE, db, deflate)?);
    }
    for (name, path) in files_under(&data_dir.join(FILES), FILES)? {
        entries.push(add(&mut zip, &name, &path, stored)?);
    }
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        gongkai: env!("CARGO_PKG_VERSION").into(),
        created_at: chrono::Utc::now().to_rfc3339(),
        database: if database.is_some() {
            "sqlite"
        } else {
            "postgresql"
        }
        .into(),
        entries,
    };
    zip.start_file(MANIFEST, deflate)?;
    zip.write_all(&serde_json::to_vec_pretty(&manifest)?)?;
    zip.finish()?.flush()?;
    Ok(manifest)
}

/// Copy one file into the archive, hashing it on the way.
fn add<W: Write + io::Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    path: &Path,
    options: SimpleFileOptions,
) -> anyhow::Result<Entry> {
    let mut input = File::open(path).with_context(|| format!("无法读取 {}", path.display()))?;
    zip.start_file(name, options)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut size = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        zip.write_all(&buf[..n])?;
        size += n as u64;
    }
    Ok(Entry {
        path: name.into(),
        size,
        sha256: hex::encode(hasher.finalize()),
    })
}

/// Every regular file under `dir` as (archive name, path); none when absent.
/// Half-written uploads (`*.part`) are left out.
fn files_under(dir: &Path, prefix: &str) -> anyhow::Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e).with_context(|| format!("无法读取目录 {}", dir.display())),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            out.extend(files_under(&path, &format!("{prefix}/{name}"))?);
        } else if kind.is_file() && !name.ends_with(".part") {
            out.push((format!("{prefix}/{name}"), path));
        }
    }
    out.sort();
    Ok(out)
}

pub async fn restore(args: RestoreArgs) -> anyhow::Result<()> {
    let manifest = tokio::task::spawn_blocking(move || restore_blocking(&args)).await??;
    if manifest.database == "postgresql" {
        println!("数据库在 PostgreSQL 中：请用 pg_restore 恢复 pg_dump 生成的文件，例如：");
        println!(
            "  pg_restore --clean --if-exists --dbname \"$GONGKAI_DATABASE_URL\" gongkai.dump"
        );
    }
    Ok(())
}

fn restore_blocking(args: &RestoreArgs) -> anyhow::Result<Manifest> {
    let file = File::open(&args.file)
        .with_context(|| format!("无法打开备份文件 {}", args.file.display()))?;
    let mut zip = ZipArchive::new(io::BufReader::new(file)).with_context(|| {
        format!(
            "{} 不是 gongkai 的备份文件（无法按 ZIP 读取）",
            args.file.display()
        )
    })?;
    let manifest = read_manifest(&mut zip)?;
    let dir = &args.data_dir;
    if is_non_empty(dir)? && !args.force {
        bail!(
            "数据目录 {} 不是空的，恢复会覆盖其中的数据库和附件。请先停止服务；\
             确认要覆盖时加 --force，或用 --data-dir 指定一个空目录。",
            dir.display()
        );
    }
    // Unpack beside the target and verify everything before touching it.
    let staging = dir.join(".restore-staging");
    let _ = fs::remove_dir_all(&staging);
    fs::create_dir_all(&staging).with_context(|| format!("无法创建目录 {}", staging.display()))?;
    let unpacked = unpack(&mut zip, &manifest, &staging);
    if let Err(e) = unpacked {
        let _ = fs::remove_dir_all(&staging);
        return Err(e);
    }
    for stale in [DATABASE, "gongkai.db-wal", "gongkai.db-shm"] {
        remove_if_present(&dir.join(stale))?;
    }
    remove_if_present(&dir.join(FILES))?;
    // Derived from the database: the server rebuilds it on start.
    remove_if_present(&dir.join(SEARCH_INDEX))?;
    for name in [DATABASE, FILES] {
        let from = staging.join(name);
        if from.exists() {
            fs::rename(&from, dir.join(name))?;
        }
    }
    fs::remove_dir_all(&staging)?;
    let files = manifest
        .entries
        .iter()
        .filter(|e| e.path != DATABASE)
        .count();
    println!(
        "已从 {}（{} 生成）恢复{}和 {files} 个附件到 {}；检索索引将在启动时重建。",
        args.file.display(),
        manifest.created_at,
        if manifest.database == "sqlite" {
            "数据库"
        } else {
            ""
        },
        dir.display()
    );
    Ok(manifest)
}

fn read_manifest<R: Read + io::Seek>(zip: &mut ZipArchive<R>) -> anyhow::Result<Manifest> {
    let mut text = String::new();
    zip.by_name(MANIFEST)
        .context("备份文件中没有 manifest.json：不是 gongkai 的备份，或已损坏")?
        .read_to_string(&mut text)?;
    let manifest: Manifest =
        serde_json::from_str(&text).context("备份文件的 manifest.json 无法读取，文件可能已损坏")?;
    if manifest.format != FORMAT || manifest.version != VERSION {
        bail!(
            "备份格式“{} 第{}版”不受本版本支持（支持“{FORMAT} 第{VERSION}版”）。",
            manifest.format,
            manifest.version
        );
    }
    Ok(manifest)
}

/// Write every manifest entry under `staging`, checking size and SHA-256.
fn unpack<R: Read + io::Seek>(
    zip: &mut ZipArchive<R>,
    manifest: &Manifest,
    staging: &Path,
) -> anyhow::Result<()> {
    for entry in &manifest.entries {
        let relative = safe_relative(&entry.path)?;
        let target = staging.join(&relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let mut input = zip
            .by_name(&entry.path)
            .with_context(|| format!("备份文件缺少 {}，文件已损坏", entry.path))?;
        let mut out = File::create(&target)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        let mut size = 0u64;
        loop {
            let n = input.read(&mut buf)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
            size += n as u64;
        }
        out.sync_all()?;
        if size != entry.size || hex::encode(hasher.finalize()) != entry.sha256 {
            bail!(
                "备份文件中的 {} 校验失败（大小或 SHA-256 不符），文件已损坏，未作任何恢复。",
                entry.path
            );
        }
    }
    Ok(())
}

/// An entry's path, refused when it would leave the data directory.
fn safe_relative(path: &str) -> anyhow::Result<PathBuf> {
    let p = Path::new(path);
    let ok = p.components().all(|c| matches!(c, Component::Normal(_)))
        && (path == DATABASE || path.starts_with("files/"));
    if !ok {
        bail!("备份文件中的路径“{path}”不合规，文件可能被篡改，未作任何恢复。");
    }
    Ok(p.to_path_buf())
}

fn is_non_empty(dir: &Path) -> anyhow::Result<bool> {
    match fs::read_dir(dir) {
        Ok(mut entries) => Ok(entries.next().is_some()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("无法读取目录 {}", dir.display())),
    }
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    match result {
        Err(e) if e.kind() != io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("无法删除 {}", path.display()))
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_cannot_leave_the_data_directory() {
        assert!(safe_relative("gongkai.db").is_ok());
        assert!(safe_relative("files/ab/abcdef").is_ok());
        assert!(safe_relative("../etc/passwd").is_err());
        assert!(safe_relative("/etc/passwd").is_err());
        assert!(safe_relative("files/../../x").is_err());
        assert!(safe_relative("gongkai.toml").is_err());
    }
}
