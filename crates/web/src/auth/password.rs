//! Password hashing with argon2id (PHC strings), bounded: every hash and
//! verification costs ~19 MiB and tens of milliseconds of a core, so they run
//! on blocking threads only while holding one of a few permits. A request
//! that cannot get a permit waits in a short queue for a few seconds and is
//! then refused with [`Busy`] (429 with `Retry-After`), instead of piling up
//! on the unbounded blocking pool until memory runs out.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
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

/// The one way the application hashes and verifies passwords.
pub struct Hashing {
    permits: Arc<Semaphore>,
    limits: HashingLimits,
    waiting: AtomicUsize,
    verified: AtomicU64,
}

impl Hashing {
    pub fn new(limits: HashingLimits) -> Hashing {
        Hashing {
            permits: Arc::new(Semaphore::new(limits.permits.max(1))),
            limits,
            waiting: AtomicUsize::new(0),
            verified: AtomicU64::new(0),
        }
    }

    /// How many verifications have run (unknown usernames included).
    pub fn verifications(&self) -> u64 {
        self.verified.load(Ordering::Relaxed)
    }

    /// Whether `password` matches `phc`.
    pub async fn verify(&self, password: String, phc: String) -> Result<bool, Busy> {
        let ok = self.run(move || verify_password(&password, &phc)).await?;
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
        let joined = tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await;
        // A panic in argon2 is not a refusal the client can retry later; treat
        // it as busy rather than bringing the request down.
        joined.map_err(|_| busy)
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
