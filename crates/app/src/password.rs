//! Password hashing with argon2id (PHC strings), bounded: every hash and
//! verification costs ~19 MiB and tens of milliseconds of a core, so they run
//! only while holding one of a few permits, on as many dedicated threads. A
//! request that cannot get a permit waits in a short queue for a few seconds
//! and is then refused with [`Busy`] (429 with `Retry-After`), instead of
//! piling up on the unbounded blocking pool until memory runs out.
//!
//! Each worker thread keeps its argon2 memory for the next verification
//! instead of allocating 19 MiB per call: freed, those blocks stayed in the
//! allocator's arenas, and 370 concurrent attempts left ~550 MB resident even
//! with four permits. Reused, memory stays at about `permits × 19 MiB`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use std::cell::RefCell;

use argon2::password_hash::{Output, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::rngs::OsRng;
use tokio::sync::Semaphore;

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("无法计算密码散列：{e}"))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

thread_local! {
    /// This thread's argon2 memory, kept between verifications.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// [`verify_password`] computing in this thread's kept memory.
fn verify_in_kept_memory(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let (Ok(params), Ok(algorithm)) = (
        Params::try_from(&parsed),
        Algorithm::try_from(parsed.algorithm),
    ) else {
        return false;
    };
    let Ok(version) = parsed.version.map(Version::try_from).transpose() else {
        return false;
    };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_bytes) else {
        return false;
    };
    let count = params.block_count();
    let argon2 = Argon2::new(algorithm, version.unwrap_or_default(), params);
    let mut out = vec![0u8; expected.len()];
    let computed = BLOCKS.with_borrow_mut(|blocks| {
        if blocks.len() < count {
            blocks.resize(count, Block::default());
        }
        argon2
            .hash_password_into_with_memory(
                password.as_bytes(),
                salt,
                &mut out,
                &mut blocks[..count],
            )
            .is_ok()
    });
    // `Output`'s equality is constant-time.
    computed && Output::new(&out).is_ok_and(|o| o == expected)
}

/// A hash to verify against when the user does not exist, so that the time a
/// failed login takes does not reveal which usernames exist (same parameters
/// as every stored hash: `Argon2::default()`).
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::LazyLock<String> =
        std::sync::LazyLock::new(|| hash_password("gongkai-dummy-password-0").expect("argon2"));
    &DUMMY
}

/// Hashing refused: too many are running and queued. Answer 429 with
/// `Retry-After: retry_after` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Busy {
    pub retry_after: u64,
}

impl Busy {
    pub fn message(self) -> String {
        format!(
            "登录和修改密码的请求过多，服务器正忙，请在{}秒后再试。",
            self.retry_after
        )
    }
}

/// The limits of [`Hashing`].
#[derive(Debug, Clone, Copy)]
pub struct HashingLimits {
    /// Hashes computed at once (each holds ~19 MiB).
    pub permits: usize,
    /// Requests waiting for a permit beyond those running; more are refused at once.
    pub queue: usize,
    /// How long a queued request waits for a permit before it is refused.
    pub max_wait: Duration,
}

impl HashingLimits {
    /// `permits` 0 means two per core.
    pub fn new(permits: usize, queue: usize, max_wait: Duration) -> HashingLimits {
        let permits = if permits == 0 {
            2 * std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            permits
        };
        HashingLimits {
            permits,
            queue,
            max_wait,
        }
    }
}

type Job = Box<dyn FnOnce() + Send>;

/// `n` threads running jobs from one channel; they end when it closes.
fn spawn_workers(n: usize) -> Sender<Job> {
    let (jobs, queue) = channel::<Job>();
    let queue = Arc::new(Mutex::new(queue));
    for i in 0..n {
        let queue: Arc<Mutex<Receiver<Job>>> = queue.clone();
        let worker = move || {
            loop {
                let next = queue.lock().map(|q| q.recv());
                let Ok(Ok(job)) = next else { return };
                job();
            }
        };
        if let Err(e) = std::thread::Builder::new()
            .name(format!("argon2-{i}"))
            .spawn(worker)
        {
            tracing::error!(error = %e, "cannot start a password hashing thread");
        }
    }
    jobs
}

/// The one way the application hashes and verifies passwords.
pub struct Hashing {
    permits: Arc<Semaphore>,
    limits: HashingLimits,
    waiting: AtomicUsize,
    verified: AtomicU64,
    jobs: Sender<Job>,
}

impl Hashing {
    pub fn new(limits: HashingLimits) -> Hashing {
        let permits = limits.permits.max(1);
        Hashing {
            permits: Arc::new(Semaphore::new(permits)),
            limits,
            waiting: AtomicUsize::new(0),
            verified: AtomicU64::new(0),
            jobs: spawn_workers(permits),
        }
    }

    /// How many verifications have run (unknown usernames included).
    pub fn verifications(&self) -> u64 {
        self.verified.load(Ordering::Relaxed)
    }

    /// Whether `password` matches `phc`.
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, Busy> {
        let ok = self
            .run(move || verify_in_kept_memory(&password, &phc))
            .await?;
        self.verified.fetch_add(1, Ordering::Relaxed);
        Ok(ok)
    }

    /// Verify against [`dummy_hash`]: an unknown username costs what a known one does.
    pub async fn verify_dummy(&self, password: String) -> Result<(), Busy> {
        self.verify(password, dummy_hash().to_string())
            .await
            .map(|_| ())
    }

    /// A new PHC string for `password`.
    pub async fn hash(&self, password: String) -> Result<anyhow::Result<String>, Busy> {
        self.run(move || hash_password(&password)).await
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let busy = Busy {
            retry_after: self.limits.max_wait.as_secs().max(1),
        };
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(p) => p,
            Err(_) => {
                // Queue, boundedly: the counter is taken back on every path out.
                let queued = self.waiting.fetch_add(1, Ordering::SeqCst);
                let acquired = if queued < self.limits.queue {
                    tokio::time::timeout(self.limits.max_wait, self.permits.clone().acquire_owned())
                        .await
                        .ok()
                        .and_then(Result::ok)
                } else {
                    None
                };
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                acquired.ok_or(busy)?
            }
        };
        // As many threads as permits: a job holding a permit never waits.
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            // A panic in argon2 must not take the worker thread with it.
            let _ = done.send(catch_unwind(AssertUnwindSafe(work)));
        });
        self.jobs.send(job).map_err(|_| busy)?;
        let out = result.await;
        drop(permit);
        // A panic is not something the client can fix; answer as busy.
        out.ok().and_then(Result::ok).ok_or(busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_only_its_password() {
        let h = hash_password("correct-horse-42").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("correct-horse-42", &h));
        assert!(!verify_password("correct-horse-43", &h));
        assert!(!verify_password("x", "not a phc string"));
        // the same answers computed in kept memory, twice on one thread
        for _ in 0..2 {
            assert!(verify_in_kept_memory("correct-horse-42", &h));
            assert!(!verify_in_kept_memory("correct-horse-43", &h));
        }
        assert!(!verify_in_kept_memory("x", "not a phc string"));
    }

    #[tokio::test]
    async fn beyond_the_permits_and_the_queue_hashing_is_refused() {
        let hashing = Arc::new(Hashing::new(HashingLimits::new(
            1,
            1,
            Duration::from_secs(30),
        )));
        let phc = dummy_hash().to_string();
        let tasks: Vec<_> = (0..6)
            .map(|_| {
                let (h, phc) = (hashing.clone(), phc.clone());
                tokio::spawn(async move { h.verify("x".into(), phc).await })
            })
            .collect();
        let mut refused = 0;
        for t in tasks {
            if t.await.unwrap().is_err() {
                refused += 1;
            }
        }
        // one runs, one waits, the other four are refused at once
        assert_eq!(refused, 4);
        assert_eq!(hashing.verifications(), 2);
    }
}
