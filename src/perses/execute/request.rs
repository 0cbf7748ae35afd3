//! The requests that run an executed query: `/pyroscope/render` as the plugin builds it (its
//! parameters in its order, its time range) and the Connect API's `SelectMergeStacktraces` body.

use serde_json::Number;

use super::ExecutedQuery;
use crate::perses::js::{form_encode, js_number};
use crate::profile_type::{connect_query, render_query};

/// The time range of a render request.
///
/// ```
/// use pyroql::perses::TimeRange;
/// assert_eq!(TimeRange::Unset.parameters(), ("now-1h".to_owned(), None));
/// let range = TimeRange::Absolute { start_ms: 1_700_000_000_999, end_ms: 1_700_003_600_000 };
/// assert_eq!(range.parameters(), ("1700000000".to_owned(), Some("1700003600".to_owned())));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum TimeRange {
    /// None: the plugin sends `from=now-1h` and no `until`.
    #[default]
    Unset,
    /// A dashboard's range, in unix milliseconds; the plugin sends whole seconds.
    Absolute {
        /// The start.
        start_ms: i64,
        /// The end.
        end_ms: i64,
    },
}

impl TimeRange {
    /// The `from` and `until` parameters, as the plugin writes them (see [`TimeRange`]).
    pub fn parameters(&self) -> (String, Option<String>) {
        match *self {
            TimeRange::Unset => ("now-1h".to_owned(), None),
            // `getUnixTime` truncates milliseconds to seconds, as `/` does.
            TimeRange::Absolute { start_ms, end_ms } => (
                (start_ms / 1000).to_string(),
                Some((end_ms / 1000).to_string()),
            ),
        }
    }
}

impl ExecutedQuery {
    /// The `query` parameter of `/pyroscope/render` (see [`ExecutedQuery`]).
    pub fn render_query(&self) -> String {
        render_query(&self.profile_type, &self.selector)
    }

    /// The `maxNodes` parameter as the plugin writes it (JavaScript's number to string), when
    /// there is one (see [`ExecutedQuery`]).
    pub fn max_nodes_parameter(&self) -> Option<String> {
        self.max_nodes.as_ref().map(js_number)
    }

    /// The `/pyroscope/render` request below `base` (see [`base_url`](super::base_url)) with explicit `from` and
    /// `until` (unix seconds, or expressions such as `now-1h`).
    ///
    /// ```
    /// use pyroql::perses::PyroscopeProfileQuerySpec;
    /// let spec = PyroscopeProfileQuerySpec { profile_type: "process_cpu:cpu:nanoseconds:cpu:nanoseconds".into(), max_nodes: Some(512.into()), ..Default::default() };
    /// let url = spec.execute(None).unwrap().render_url("http://pyroscope:4040", "now-1h", "now");
    /// assert_eq!(url, "http://pyroscope:4040/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds&from=now-1h&until=now&maxNodes=512");
    /// ```
    pub fn render_url(&self, base: &str, from: &str, until: &str) -> String {
        self.render_with(base, from, Some(until))
    }

    /// The `/pyroscope/render` request the plugin would make for this query below `base`, over
    /// `range`.
    ///
    /// ```
    /// use pyroql::perses::{PyroscopeProfileQuerySpec, TimeRange};
    /// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), service: Some("my api".into()), ..Default::default() };
    /// let q = spec.execute(None).unwrap();
    /// assert_eq!(q.render_request("", &TimeRange::Unset), "/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds%7Bservice_name%3D%22my+api%22%7D&from=now-1h");
    /// ```
    pub fn render_request(&self, base: &str, range: &TimeRange) -> String {
        let (from, until) = range.parameters();
        self.render_with(base, &from, until.as_deref())
    }

    fn render_with(&self, base: &str, from: &str, until: Option<&str>) -> String {
        let mut parameters = vec![("query", self.render_query()), ("from", from.to_owned())];
        if let Some(until) = until {
            parameters.push(("until", until.to_owned()));
        }
        if let Some(max_nodes) = self.max_nodes_parameter() {
            parameters.push(("maxNodes", max_nodes));
        }
        format!(
            "{}/pyroscope/render?{}",
            base.trim_end_matches('/'),
            form_encode(&parameters)
        )
    }

    /// The JSON body of `POST /querier.v1.QuerierService/SelectMergeStacktraces`; `start` and `end`
    /// in unix milliseconds. A `maxNodes` that is no integer is left out, as Pyroscope's render
    /// handler ignores it.
    ///
    /// ```
    /// use pyroql::perses::PyroscopeProfileQuerySpec;
    /// let spec = PyroscopeProfileQuerySpec { profile_type: "cpu".into(), service: Some("api".into()), max_nodes: Some(512.into()), ..Default::default() };
    /// let body = spec.execute(None).unwrap().select_merge_stacktraces(1_700_000_000_000, 1_700_003_600_000);
    /// assert_eq!(
    ///     body.to_string(),
    ///     r#"{"end":1700003600000,"labelSelector":"{service_name=\"api\"}","maxNodes":512,"profileTypeID":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","start":1700000000000}"#
    /// );
    /// ```
    pub fn select_merge_stacktraces(&self, start: i64, end: i64) -> serde_json::Value {
        let pair = connect_query(&self.profile_type, &self.selector);
        let mut body = serde_json::json!({
            "profileTypeID": pair.profile_type_id,
            "labelSelector": pair.label_selector,
            "start": start,
            "end": end,
        });
        if let Some(max_nodes) = self.max_nodes.as_ref().and_then(Number::as_i64) {
            body["maxNodes"] = max_nodes.into();
        }
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perses::model::PyroscopeProfileQuerySpec;

    #[test]
    fn the_connect_body_carries_the_parts() {
        let spec = PyroscopeProfileQuerySpec {
            profile_type: "cpu".into(),
            service: Some("api".into()),
            max_nodes: Some(100.into()),
            ..Default::default()
        };
        let body = spec
            .execute(None)
            .unwrap()
            .select_merge_stacktraces(1_000, 2_000);
        assert_eq!(
            body,
            serde_json::json!({"profileTypeID": "process_cpu:cpu:nanoseconds:cpu:nanoseconds", "labelSelector": "{service_name=\"api\"}", "start": 1000, "end": 2000, "maxNodes": 100})
        );
        let bare = PyroscopeProfileQuerySpec {
            profile_type: "cpu".into(),
            max_nodes: Some(0.into()),
            ..Default::default()
        };
        let executed = bare.execute(None).unwrap();
        assert_eq!(executed.max_nodes, None);
        assert_eq!(
            executed.select_merge_stacktraces(0, 1)["labelSelector"],
            "{}"
        );
    }

    #[test]
    fn render_requests_follow_the_plugin() {
        let spec = PyroscopeProfileQuerySpec {
            profile_type: "process_cpu:cpu:nanoseconds:cpu:nanoseconds".into(),
            service: Some("a b~*".into()),
            max_nodes: Number::from_f64(1.5),
            ..Default::default()
        };
        let q = spec.execute(None).unwrap();
        let range = TimeRange::Absolute {
            start_ms: 1_700_000_000_999,
            end_ms: 1_700_003_600_000,
        };
        assert_eq!(
            q.render_request("http://p/", &range),
            "http://p/pyroscope/render?query=process_cpu%3Acpu%3Ananoseconds%3Acpu%3Ananoseconds%7Bservice_name%3D%22a+b%7E*%22%7D&from=1700000000&until=1700003600&maxNodes=1.5"
        );
        assert_eq!(q.select_merge_stacktraces(0, 1).get("maxNodes"), None);
    }
}
