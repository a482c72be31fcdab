//! Staff authentication: argon2 password hashes, session cookies, login throttling.

pub mod password;
pub mod session;

pub use session::{CurrentStaff, MaybeStaff, SESSION_COOKIE};
