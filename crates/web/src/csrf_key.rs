//! The server's CSRF key, apart from the check (`csrf`) so the state that
//! holds it depends on nothing that reads the state.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The server's key binding anonymous visitors' tokens to their cookie.
#[derive(Clone)]
pub struct CsrfKey(pub Vec<u8>);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(***)")
    }
}

impl CsrfKey {
    /// The form token of an anonymous visitor whose cookie holds `cookie`.
    pub fn anonymous_token(&self, cookie: &str) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC accepts keys of any length");
        mac.update(b"gongkai anonymous csrf v1:");
        mac.update(cookie.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}
