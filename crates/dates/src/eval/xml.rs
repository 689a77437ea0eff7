//! Minimal XML helpers for the two evaluation formats. Both corpora are
//! machine-written, flat and well-formed, so a tag scanner is enough and keeps
//! the crate free of an XML dependency.

/// One tag found by [`next_tag`]: byte range in the source and its parts.
pub(crate) struct Tag<'a> {
    pub start: usize,
    pub end: usize,
    pub name: &'a str,
    pub attrs: &'a str,
    pub closing: bool,
    pub self_closing: bool,
}

/// Finds the next tag at or after byte `from`.
pub(crate) fn next_tag(src: &str, from: usize) -> Option<Tag<'_>> {
    let start = from + src[from..].find('<')?;
    let end = start + src[start..].find('>')? + 1;
    let inner = &src[start + 1..end - 1];
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let self_closing = inner.ends_with('/');
    let inner = inner.trim_end_matches('/');
    let (name, attrs) = match inner.find(char::is_whitespace) {
        Some(i) => (&inner[..i], &inner[i..]),
        None => (inner, ""),
    };
    Some(Tag {
        start,
        end,
        name,
        attrs,
        closing,
        self_closing,
    })
}

/// Value of attribute `key` in an attribute string (`key="value"`).
pub(crate) fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    let mut rest = attrs;
    loop {
        let i = rest.find(key)?;
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = &rest[i + key.len()..];
        if before_ok && let Some(v) = after.strip_prefix("=\"") {
            return v.find('"').map(|e| &v[..e]);
        }
        rest = &rest[i + key.len()..];
    }
}

/// Decodes the five predefined XML entities (the corpora use no others).
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
