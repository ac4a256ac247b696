//! Which `Host` a request may name. A page on `evil.example` can re-point its own name at
//! 127.0.0.1 (DNS rebinding) and then read the preview as same-origin content; its requests
//! still say `Host: evil.example`. Refusing names the server does not know ends the attack;
//! IP literals cannot be rebound, so they are safe to accept, and they are what people on the
//! LAN type when the server listens on 0.0.0.0.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use axum::body::Body;
use axum::http::{HeaderValue, Request, Response, StatusCode, header};

/// The hosts requests may name, ports aside: a port is not checked, since a forwarded port
/// (`ssh -L 9000:localhost:1111`) rightly names another one.
#[derive(Clone, Debug)]
pub(crate) struct AllowedHosts {
    /// Lower case, without a trailing dot.
    names: Vec<String>,
    ips: Ips,
}

#[derive(Clone, Debug)]
enum Ips {
    Any,
    Only(Vec<IpAddr>),
}

impl AllowedHosts {
    /// `localhost` and any IP literal: what a person types to reach the preview on this
    /// machine, or from another one on the LAN.
    pub(crate) fn local() -> AllowedHosts {
        AllowedHosts {
            names: vec!["localhost".to_string()],
            ips: Ips::Any,
        }
    }

    /// `localhost` and only these IP literals (say the bound address and the loopbacks).
    pub(crate) fn local_with_ips(ips: impl IntoIterator<Item = IpAddr>) -> AllowedHosts {
        AllowedHosts {
            names: vec!["localhost".to_string()],
            ips: Ips::Only(ips.into_iter().collect()),
        }
    }

    /// Whether a request naming `host` (a `Host` header's value) is served.
    pub(crate) fn allows(&self, host: &str) -> bool {
        match parse(host) {
            Some(Host::Ip(ip)) => match &self.ips {
                Ips::Any => true,
                Ips::Only(ips) => ips.contains(&ip),
            },
            Some(Host::Name(name)) => self.names.iter().any(|n| *n == normalise_name(name)),
            None => false,
        }
    }

    /// The answer to a request naming a host that is not allowed, or to one naming none;
    /// `None` lets it through. The authority of an absolute-form target
    /// (`GET http://host/ HTTP/1.1`) overrides `Host`, as in HTTP.
    pub(super) fn refusal<B>(&self, request: &Request<B>) -> Option<Response<Body>> {
        let host = match request.uri().authority() {
            Some(authority) => Some(authority.as_str()),
            None => request.headers().get(header::HOST).and_then(|v| v.to_str().ok()),
        };
        match host {
            Some(host) if self.allows(host) => None,
            Some(_) => Some(refuse(
                StatusCode::FORBIDDEN,
                "403 Forbidden: the gazette preview answers to localhost and IP addresses only, \
                 not to other host names (a defence against DNS rebinding).\n",
            )),
            None => Some(refuse(StatusCode::BAD_REQUEST, "400 Bad Request: no Host header.\n")),
        }
    }
}

impl Default for AllowedHosts {
    fn default() -> AllowedHosts {
        AllowedHosts::local()
    }
}

fn refuse(status: StatusCode, text: &'static str) -> Response<Body> {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[derive(Debug, PartialEq)]
enum Host<'a> {
    Ip(IpAddr),
    Name(&'a str),
}

/// Splits `host[:port]`, where host is a name, an IPv4 address or a bracketed IPv6 one.
fn parse(value: &str) -> Option<Host<'_>> {
    if let Some(rest) = value.strip_prefix('[') {
        let (inside, after) = rest.split_once(']')?;
        let ip: Ipv6Addr = inside.parse().ok()?;
        return valid_port(after).then_some(Host::Ip(IpAddr::V6(ip)));
    }
    let (host, port) = match value.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (value, None),
    };
    if host.is_empty() || host.contains(':') || !port.is_none_or(|p| p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    Some(match host.parse::<Ipv4Addr>() {
        Ok(ip) => Host::Ip(IpAddr::V4(ip)),
        Err(_) => Host::Name(host),
    })
}

/// What may follow a bracketed IPv6 address: nothing, or `:` and a port.
fn valid_port(after: &str) -> bool {
    after.is_empty()
        || after
            .strip_prefix(':')
            .is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// `LocalHost.` and `localhost` are the same name.
fn normalise_name(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names_and_ip_literals_pass_other_names_do_not() {
        let hosts = AllowedHosts::local();
        for good in [
            "localhost",
            "localhost:8000",
            "LocalHost.:8000",
            "127.0.0.1",
            "127.0.0.1:1111",
            "192.168.1.20:1111",
            "[::1]",
            "[::1]:1111",
            "[fe80::1]:1111",
        ] {
            assert!(hosts.allows(good), "{good}");
        }
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "evil.localhost",
            "127.0.0.1.nip.io",
            "::1",
            "[::1",
            "[::1]x",
            "[evil.example]",
            "localhost:80x",
            ":8000",
            "",
        ] {
            assert!(!hosts.allows(bad), "{bad}");
        }
    }

    #[test]
    fn the_ips_can_be_narrowed_to_the_bound_address() {
        let hosts = AllowedHosts::local_with_ips(["127.0.0.1".parse().unwrap()]);
        assert!(hosts.allows("127.0.0.1:80"));
        assert!(!hosts.allows("10.0.0.1:80"));
        assert!(!hosts.allows("mybox.local:80"));
        assert!(hosts.allows("localhost"));
    }

    #[test]
    fn an_absolute_form_target_is_checked_not_the_host_header() {
        let hosts = AllowedHosts::local();
        let request = Request::get("http://evil.example/")
            .header(header::HOST, "localhost")
            .body(())
            .unwrap();
        assert_eq!(hosts.refusal(&request).unwrap().status(), StatusCode::FORBIDDEN);
        let request = Request::get("/").body(()).unwrap();
        assert_eq!(hosts.refusal(&request).unwrap().status(), StatusCode::BAD_REQUEST);
    }
}
