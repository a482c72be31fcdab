//! The address a request comes from, for login throttling.
//!
//! The peer address of the TCP connection (the server is run with
//! `into_make_service_with_connect_info`). Behind a reverse proxy every
//! request would come from the proxy, so the setting `trusted_proxies` lists
//! the proxies' addresses: only for a request whose peer is one of them is
//! `X-Forwarded-For` read, from the right, skipping trusted hops. A client
//! cannot choose its source by sending the header itself.
//!
//! IPv6 addresses count by their /64 network: one host usually has a whole
//! /64 and could otherwise take a fresh address for every guess.

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::state::AppState;

/// The throttling key of the request's source address.
#[derive(Debug, Clone)]
pub struct SourceAddr(pub String);

impl FromRequestParts<AppState> for SourceAddr {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(SourceAddr(source_key(
            peer,
            &parts.headers,
            &state.settings.trusted_proxies,
        )))
    }
}

/// The client's address as a throttling key (see the module documentation).
pub fn source_key(peer: Option<IpAddr>, headers: &HeaderMap, trusted: &[IpAddr]) -> String {
    let Some(peer) = peer else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return key(peer);
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.into_iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return key(ip),
            // A hop the proxy did not write: stop at the proxy.
            Err(_) => break,
        }
    }
    key(peer)
}

fn key(ip: IpAddr) -> String {
    match ip {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn forwarded_for_is_read_only_from_trusted_proxies() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let client: IpAddr = "203.0.113.9".parse().unwrap();
        // not a proxy: the header is the client's own claim, ignored
        assert_eq!(
            source_key(Some(client), &xff("1.2.3.4"), &[proxy]),
            "203.0.113.9"
        );
        // from the proxy: the rightmost untrusted hop
        assert_eq!(
            source_key(
                Some(proxy),
                &xff("1.2.3.4, 198.51.100.7, 10.0.0.2"),
                &[proxy]
            ),
            "198.51.100.7"
        );
        assert_eq!(
            source_key(Some(proxy), &HeaderMap::new(), &[proxy]),
            "10.0.0.2"
        );
        assert_eq!(
            source_key(Some(proxy), &xff("garbage"), &[proxy]),
            "10.0.0.2"
        );
        assert_eq!(source_key(None, &HeaderMap::new(), &[]), "unknown");
    }

    #[test]
    fn ipv6_counts_by_its_64_network() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let k = source_key(Some(a), &HeaderMap::new(), &[]);
        assert_eq!(k, "2001:db8:1:2::/64");
        assert_eq!(k, source_key(Some(b), &HeaderMap::new(), &[]));
        let mapped: IpAddr = "::ffff:192.0.2.1".parse().unwrap();
        assert_eq!(
            source_key(Some(mapped), &HeaderMap::new(), &[]),
            "192.0.2.1"
        );
    }
}
