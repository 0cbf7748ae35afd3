//! The queries Pyroscope runs for a profile type and a selector: the `query` parameter of
//! `/pyroscope/render`, and the `profileTypeID`/`labelSelector` pair of the Connect API.

use std::fmt::Write;

use super::ProfileType;
use crate::ast::{MatchOp, Matcher, Selector, METRIC_NAME};
use crate::names::is_metric_identifier;
use crate::print::write_matcher;

/// The `query` that `/pyroscope/render` takes: the ID before the braces and the selector's
/// matchers inside them, `process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}`, or
/// the bare ID when there are no matchers. An ID that cannot stand before the braces (one with a
/// `-`, say) goes inside them as a `__name__` matcher, first.
///
/// The profile type replaces any identifier the selector has before its braces; its matchers are
/// kept as they are. Parsing the result gives back `profile_type` (from
/// [`Selector::profile_type`]) and the same matchers.
///
/// ```
/// use pyroql::profile_type::{render_query, ProfileType};
/// let pt = ProfileType::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds").unwrap();
/// let selector = pyroql::parse(r#"{ service_name = "api" }"#).unwrap();
/// assert_eq!(render_query(&pt, &selector), r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#);
/// assert_eq!(render_query(&pt, &pyroql::Selector::new()), "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
/// ```
pub fn render_query(profile_type: &ProfileType<'_>, selector: &Selector<'_>) -> String {
    let id = profile_type.id();
    let mut out = String::with_capacity(id.len() + 2 + 24 * selector.len());
    let mut first = true;
    if is_metric_identifier(id) {
        out.push_str(id);
        if selector.is_empty() {
            return out;
        }
        out.push('{');
    } else {
        out.push('{');
        let name = Matcher::new(METRIC_NAME, MatchOp::Equal, id);
        // Writing into a String cannot fail.
        let _ = write_matcher(&mut out, &name);
        first = false;
    }
    for matcher in selector {
        if !first {
            out.push(',');
        }
        first = false;
        let _ = write_matcher(&mut out, matcher);
    }
    out.push('}');
    out
}

/// The two strings Pyroscope's Connect API takes for a query
/// (`SelectMergeStacktraces`, `SelectSeries`, …); made by [`connect_query`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ConnectQuery {
    /// `profileTypeID`: the full ID.
    pub profile_type_id: String,
    /// `labelSelector`: the matchers in braces, `{}` when there are none.
    pub label_selector: String,
}

/// The Connect API's (`profileTypeID`, `labelSelector`) for a profile type and a selector; the
/// selector's identifier, if any, is left out.
///
/// ```
/// use pyroql::profile_type::{connect_query, ProfileType};
/// let pt = ProfileType::parse("memory:alloc_space:bytes:space:bytes").unwrap();
/// let q = connect_query(&pt, &pyroql::Selector::new());
/// assert_eq!((q.profile_type_id.as_str(), q.label_selector.as_str()), ("memory:alloc_space:bytes:space:bytes", "{}"));
/// ```
pub fn connect_query(profile_type: &ProfileType<'_>, selector: &Selector<'_>) -> ConnectQuery {
    let mut label_selector = String::from("{");
    for (i, matcher) in selector.iter().enumerate() {
        if i > 0 {
            label_selector.push(',');
        }
        let _ = write!(label_selector, "{matcher}");
    }
    label_selector.push('}');
    ConnectQuery {
        profile_type_id: profile_type.id().to_owned(),
        label_selector,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile_type::catalog::CATALOG;

    #[test]
    fn built_queries_parse_back_to_the_same_type_and_matchers() {
        let selector =
            crate::parse(r#"{service_name="api", "service.name"!~"a\"b\\\\c"}"#).unwrap();
        let ids = CATALOG.iter().map(|k| k.id).chain([
            "weird-name:cpu:ns:cpu:ns",
            "1st:a:b:c:d",
            "a:b:c:d:e:delta",
            "::::",
        ]);
        for id in ids {
            let pt = ProfileType::parse(id).unwrap();
            for selector in [&selector, &Selector::new()] {
                let query = render_query(&pt, selector);
                let parsed = crate::parse(&query).unwrap_or_else(|e| panic!("{query}: {e}"));
                assert_eq!(parsed.profile_type().unwrap(), pt, "{query}");
                let rest: Vec<_> = parsed.iter().filter(|m| m.name != METRIC_NAME).collect();
                let want: Vec<_> = selector.iter().collect();
                assert_eq!(rest, want, "{query}");
            }
        }
    }

    #[test]
    fn an_id_that_is_no_identifier_goes_inside_the_braces() {
        let pt = ProfileType::parse("weird-name:cpu:ns:cpu:ns").unwrap();
        let selector = crate::parse(r#"{a="b"}"#).unwrap();
        assert_eq!(
            render_query(&pt, &selector),
            r#"{__name__="weird-name:cpu:ns:cpu:ns",a="b"}"#
        );
        assert_eq!(
            render_query(&pt, &Selector::new()),
            r#"{__name__="weird-name:cpu:ns:cpu:ns"}"#
        );
    }

    #[test]
    fn the_profile_type_replaces_the_selectors_identifier() {
        let pt = ProfileType::parse("memory:alloc_space:bytes:space:bytes").unwrap();
        let selector = crate::parse(r#"cpu{a="b"}"#).unwrap();
        assert_eq!(
            render_query(&pt, &selector),
            r#"memory:alloc_space:bytes:space:bytes{a="b"}"#
        );
        let q = connect_query(&pt, &selector);
        assert_eq!(q.label_selector, r#"{a="b"}"#);
        assert_eq!(q.profile_type_id, "memory:alloc_space:bytes:space:bytes");
    }
}
