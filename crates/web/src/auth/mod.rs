//! Staff authentication: argon2 password hashes (bounded), the login check
//! with its throttling, the request's source address, session cookies.

pub mod login;
pub mod password;
pub mod session;
pub mod source;

pub use session::{CurrentStaff, MaybeStaff, SESSION_COOKIE};
