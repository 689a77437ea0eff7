//! URL canonicalisation and source domains.

use url::Url;

/// Lowercase scheme and host (the `url` crate does both), no `www.`, no default port, no
/// fragment, no tracking parameters; the remaining query keeps its order.
pub fn canonicalize(raw: &str, tracking: &[String]) -> Option<String> {
    let raw = raw
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    let mut url = Url::parse(raw)
        .or_else(|_| Url::parse(&format!("https://{raw}")))
        .ok()?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return None;
    }
    if let Some(host) = url
        .host_str()
        .and_then(|h| h.strip_prefix("www."))
        .map(str::to_owned)
    {
        url.set_host(Some(&host)).ok()?;
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k, tracking))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

fn is_tracking(key: &str, tracking: &[String]) -> bool {
    let key = key.to_ascii_lowercase();
    tracking.iter().any(|t| match t.strip_suffix('*') {
        Some(prefix) => key.starts_with(&prefix.to_ascii_lowercase()),
        None => key.eq_ignore_ascii_case(t),
    })
}

/// Second-level labels under which a registrable domain takes three labels (`bbc.co.uk`).
/// A short list instead of the full public-suffix list: the `psl` crate compiles a huge
/// generated match, and news sites sit under a few dozen of these suffixes.
const SECOND_LEVEL: [&str; 14] = [
    "co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go", "gob", "nic", "mil", "news",
];

/// The registrable domain of a URL's host: `www.themoscowtimes.com` → `themoscowtimes.com`.
pub fn source_domain(url: &str) -> Option<String> {
    let host = Url::parse(url).ok()?.host_str()?.to_ascii_lowercase();
    Some(registrable_domain(&host))
}

pub fn registrable_domain(host: &str) -> String {
    let host = host.trim_end_matches('.');
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return host.to_owned();
    }
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    if n <= 2 {
        return host.to_owned();
    }
    let country_code = labels[n - 1].len() == 2;
    let take = if country_code && SECOND_LEVEL.contains(&labels[n - 2]) {
        3
    } else {
        2
    };
    labels[n - take.min(n)..].join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracking() -> Vec<String> {
        crate::config::NormalizeConfig::default().tracking_params
    }

    #[test]
    fn seed_url_and_domain() {
        let url = "https://www.themoscowtimes.com/2025/07/29/kremlin-says-russia-us-diplomatic-talks-going-nowhere-fast-a90009";
        let c = canonicalize(url, &tracking()).unwrap();
        assert_eq!(
            c,
            "https://themoscowtimes.com/2025/07/29/kremlin-says-russia-us-diplomatic-talks-going-nowhere-fast-a90009"
        );
        assert_eq!(source_domain(url).as_deref(), Some("themoscowtimes.com"));
    }

    #[test]
    fn case_tracking_fragment_and_port_are_dropped() {
        let c = canonicalize(
            "HTTPS://WWW.Example.COM:443/a/B?utm_source=x&id=7&fbclid=y#comments",
            &tracking(),
        );
        assert_eq!(c.as_deref(), Some("https://example.com/a/B?id=7"));
        assert_eq!(
            canonicalize("https://example.com/a?utm_medium=email", &tracking()).as_deref(),
            Some("https://example.com/a")
        );
    }

    #[test]
    fn non_web_urls_have_no_canonical_form() {
        assert_eq!(canonicalize("#", &tracking()), None);
        assert_eq!(canonicalize("mailto:a@b.c", &tracking()), None);
    }

    #[test]
    fn country_second_level_domains() {
        assert_eq!(registrable_domain("news.bbc.co.uk"), "bbc.co.uk");
        assert_eq!(registrable_domain("edition.cnn.com"), "cnn.com");
        assert_eq!(registrable_domain("www.lemonde.fr"), "lemonde.fr");
        assert_eq!(registrable_domain("example.com"), "example.com");
    }
}
