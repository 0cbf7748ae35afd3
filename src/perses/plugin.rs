//! What the shipped plugin (`@perses-dev/pyroscope-plugin`'s `getProfileData`) sends for a
//! spec, rebuilt step by step so that each part of its query text is known to come from one
//! field: when Pyroscope refuses the text, the diagnostic points at that field.
//!
//! The plugin writes `profileType`, then, in braces, `service_name="<service>"` when `service` is
//! not empty and each filter with a name and a value as `<labelName><operator>"<labelValue>"`,
//! pasted in as they are and joined by commas (a service whose filters are all dropped leaves a
//! trailing comma, which the grammar allows). It ignores `query`. It sends `maxNodes` only when it
//! is not 0, and its request goes to `<directUrl or proxy URL>/pyroscope/render` unchanged.

use std::ops::Range;

use crate::error::{ErrorKind, ParseError};

use super::execute::{TimeRange, SERVICE_LABEL};
use super::js::{form_encode, js_number};
use super::model::PyroscopeProfileQuerySpec;

/// Which field a part of the plugin's query text comes from (see [`PluginQuery::source_at`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// `profileType`.
    ProfileType,
    /// `service`.
    Service,
    /// `filters[i].labelName`.
    FilterName(usize),
    /// `filters[i].operator`.
    FilterOperator(usize),
    /// `filters[i].labelValue`.
    FilterValue(usize),
}

/// The plugin's `query` text, with the byte range each field's text fills (see
/// [`PluginQuery::of`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginQuery {
    /// The text, as the plugin sends it.
    pub text: String,
    /// Where each field's text stands in it, in order.
    pub parts: Vec<(Range<usize>, Source)>,
}

impl PluginQuery {
    /// The query the shipped plugin builds for `spec`.
    ///
    /// ```
    /// use pyroql::perses::{plugin::PluginQuery, Filter, PyroscopeProfileQuerySpec};
    /// let spec = PyroscopeProfileQuerySpec {
    ///     profile_type: "cpu".into(),
    ///     service: Some("api".into()),
    ///     filters: vec![Filter { label_name: "service.version".into(), label_value: "1.4".into(), operator: "=".into() }],
    ///     ..Default::default()
    /// };
    /// assert_eq!(PluginQuery::of(&spec).text, r#"cpu{service_name="api",service.version="1.4"}"#);
    /// ```
    pub fn of(spec: &PyroscopeProfileQuerySpec) -> PluginQuery {
        let mut query = PluginQuery {
            text: String::new(),
            parts: Vec::new(),
        };
        query.push(&spec.profile_type, Source::ProfileType);
        let service = spec.service.as_deref().filter(|s| !s.is_empty());
        let kept: Vec<usize> = spec
            .filters
            .iter()
            .enumerate()
            .filter(|(_, f)| f.is_complete())
            .map(|(i, _)| i)
            .collect();
        // `query += ',' + filterExpr` runs for any non-empty list, even when every filter is
        // dropped.
        let filters_written = !spec.filters.is_empty();
        if service.is_none() && kept.is_empty() {
            return query;
        }
        query.text.push('{');
        if let Some(service) = service {
            query.text.push_str(SERVICE_LABEL);
            query.text.push_str("=\"");
            query.push(service, Source::Service);
            query.text.push('"');
            if filters_written {
                query.text.push(',');
            }
        }
        for (n, &i) in kept.iter().enumerate() {
            if n > 0 {
                query.text.push(',');
            }
            let filter = &spec.filters[i];
            query.push(&filter.label_name, Source::FilterName(i));
            query.push(&filter.operator, Source::FilterOperator(i));
            query.text.push('"');
            query.push(&filter.label_value, Source::FilterValue(i));
            query.text.push('"');
        }
        query.text.push('}');
        query
    }

    fn push(&mut self, text: &str, source: Source) {
        let start = self.text.len();
        self.text.push_str(text);
        self.parts.push((start..self.text.len(), source));
    }

    /// The field that the text at byte `offset` comes from: the part holding it, or else the
    /// last part before it.
    ///
    /// ```
    /// use pyroql::perses::{plugin::{PluginQuery, Source}, Filter, PyroscopeProfileQuerySpec};
    /// let spec = PyroscopeProfileQuerySpec {
    ///     profile_type: "cpu".into(),
    ///     filters: vec![Filter { label_name: "service.name".into(), label_value: "api".into(), operator: "=".into() }],
    ///     ..Default::default()
    /// };
    /// let query = PluginQuery::of(&spec);
    /// assert_eq!(query.text, r#"cpu{service.name="api"}"#);
    /// // Pyroscope stops at the '.', which the filter's name put there.
    /// let err = pyroql::parse(&query.text).unwrap_err();
    /// assert_eq!(query.source_at(err.span().start), Source::FilterName(0));
    /// ```
    pub fn source_at(&self, offset: usize) -> Source {
        self.parts
            .iter()
            .rev()
            .find(|(range, _)| range.start <= offset && !range.is_empty())
            .or_else(|| self.parts.first())
            .map_or(Source::ProfileType, |(_, source)| *source)
    }

    /// The field to blame for `error`, Pyroscope's error for [`text`](Self::text): the part
    /// [`source_at`](Self::source_at) its position, but the value where the error is about
    /// the value. Prometheus reports a string that does not lex at its opening quote (which the
    /// plugin writes, just before the value), and a pattern it refuses at its matcher's start
    /// (the label name).
    ///
    /// ```
    /// use pyroql::perses::{plugin::{PluginQuery, Source}, Filter, PyroscopeProfileQuerySpec};
    /// let filter = |value: &str, operator: &str| Filter {
    ///     label_name: "a".into(), label_value: value.into(), operator: operator.into(),
    /// };
    /// let spec = PyroscopeProfileQuerySpec {
    ///     profile_type: "cpu".into(),
    ///     filters: vec![filter("\\q", "="), filter("(", "=~")],
    ///     ..Default::default()
    /// };
    /// let query = PluginQuery::of(&spec);
    /// let err = pyroql::parse(&query.text).unwrap_err();
    /// assert_eq!(err.to_string(), "1:7: parse error: unknown escape sequence U+0071 'q'");
    /// assert_eq!(query.source_at(err.span().start), Source::FilterOperator(0));
    /// assert_eq!(query.blame(&err), Source::FilterValue(0));
    /// let spec = PyroscopeProfileQuerySpec { filters: vec![filter("(", "=~")], ..spec };
    /// let query = PluginQuery::of(&spec);
    /// let err = pyroql::parse(&query.text).unwrap_err();
    /// assert_eq!(query.blame(&err), Source::FilterValue(0));
    /// ```
    pub fn blame(&self, error: &ParseError) -> Source {
        let at = error.span().start;
        let source = self.source_at(at);
        match error.kind() {
            ErrorKind::InvalidRegex { .. } => match source {
                Source::FilterName(i) => Source::FilterValue(i),
                other => other,
            },
            ErrorKind::UnterminatedString
            | ErrorKind::InvalidUtf8Rune
            | ErrorKind::EscapeNotTerminated
            | ErrorKind::UnknownEscape(_)
            | ErrorKind::IllegalEscapeCharacter(_)
            | ErrorKind::InvalidCodePoint
            | ErrorKind::EscapedInvalidUtf8
                if self.text.as_bytes().get(at) == Some(&b'"') =>
            {
                self.parts
                    .iter()
                    .find(|(range, _)| range.start == at + 1 && !range.is_empty())
                    .map_or(source, |&(_, source)| source)
            }
            _ => source,
        }
    }
}

/// The URL the shipped plugin fetches for `spec` from a datasource whose URL is `datasource_url`
/// (its `directUrl`, or the proxy path), over `range`.
///
/// ```
/// use pyroql::perses::{plugin::render_url, PyroscopeProfileQuerySpec, TimeRange};
/// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), max_nodes: Some(0.into()), ..Default::default() };
/// assert_eq!(render_url(&spec, "http://p:4040", &TimeRange::Unset), "http://p:4040/pyroscope/render?query=cpu&from=now-1h");
/// ```
pub fn render_url(
    spec: &PyroscopeProfileQuerySpec,
    datasource_url: &str,
    range: &TimeRange,
) -> String {
    let (from, until) = range.parameters();
    let mut parameters = vec![("query", PluginQuery::of(spec).text), ("from", from)];
    if let Some(until) = until {
        parameters.push(("until", until));
    }
    if let Some(max_nodes) = spec
        .max_nodes
        .as_ref()
        .filter(|n| n.as_f64().is_some_and(|f| f != 0.0))
    {
        parameters.push(("maxNodes", js_number(max_nodes)));
    }
    format!(
        "{datasource_url}/pyroscope/render?{}",
        form_encode(&parameters)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perses::model::Filter;

    #[test]
    fn the_text_is_pasted_together_as_the_plugin_does() {
        let mut spec = PyroscopeProfileQuerySpec {
            profile_type: "p:t:u:pt:pu".into(),
            ..Default::default()
        };
        assert_eq!(PluginQuery::of(&spec).text, "p:t:u:pt:pu");
        spec.filters = vec![Filter::of("", "=", "x"), Filter::of("a", "=", "")];
        assert_eq!(PluginQuery::of(&spec).text, "p:t:u:pt:pu");
        spec.service = Some("api".into());
        assert_eq!(
            PluginQuery::of(&spec).text,
            r#"p:t:u:pt:pu{service_name="api",}"#
        );
        spec.filters.push(Filter::of("k.v", "!~", "a\"b"));
        let query = PluginQuery::of(&spec);
        assert_eq!(query.text, r#"p:t:u:pt:pu{service_name="api",k.v!~"a"b"}"#);
        assert_eq!(
            query.parts,
            [
                (0..11, Source::ProfileType),
                (26..29, Source::Service),
                (31..34, Source::FilterName(2)),
                (34..36, Source::FilterOperator(2)),
                (37..40, Source::FilterValue(2)),
            ]
        );
        assert_eq!(query.source_at(32), Source::FilterName(2));
        assert_eq!(query.source_at(30), Source::Service);
        assert_eq!(query.source_at(40), Source::FilterValue(2));
    }
}
