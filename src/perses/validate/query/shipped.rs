//! The query text the shipped plugin sends for a spec (it pastes names and values in as they
//! are): whether Pyroscope parses it, whether it means what the spec says, and the filters the
//! plugin drops or pyroql cannot run, each blamed on the field that caused it.

use super::Places;
use crate::ast::{MatchOp, Matcher, Selector};
use crate::error::ErrorKind;
use crate::perses::diagnostic::{Class, Diagnostics, Endpoint, Path};
use crate::perses::execute::spec_matchers;
use crate::perses::model::{Filter, PyroscopeProfileQuerySpec};
use crate::perses::node::Location;
use crate::perses::plugin::{PluginQuery, Source};

fn source_place(places: &Places, source: Source) -> (Location, String) {
    let filter = |i: usize, slot: usize, name: &str| {
        let at = places.filters.get(i).map_or(places.spec, |p| p[slot]);
        (at, format!("filters[{i}].{name}"))
    };
    match source {
        Source::ProfileType => (places.profile_type, "profileType".to_owned()),
        Source::Service => (places.service.unwrap_or(places.spec), "service".to_owned()),
        Source::FilterName(i) => filter(i, 1, "labelName"),
        Source::FilterOperator(i) => filter(i, 2, "operator"),
        Source::FilterValue(i) => filter(i, 3, "labelValue"),
    }
}

fn at_path(path: &Path, relative: &str) -> Path {
    let mut out = path.clone();
    for part in relative.split('.') {
        match part.split_once('[') {
            Some((key, index)) => {
                out = out.key(key);
                if let Ok(i) = index.trim_end_matches(']').parse() {
                    out = out.index(i);
                }
            }
            None => out = out.key(part),
        }
    }
    out
}

/// What Pyroscope does with the query the shipped plugin sends, and the filters it drops.
pub(super) fn plugin_request(
    spec: &PyroscopeProfileQuerySpec,
    plugin: &PluginQuery,
    places: &Places,
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    for (i, filter) in spec.filters.iter().enumerate() {
        let item = places.filters.get(i).map_or(places.spec, |p| p[0]);
        let message = match (filter.label_name.is_empty(), filter.label_value.is_empty()) {
            (false, true) => format!(
                "filter on {:?} has no value: the plugin drops it, so it filters nothing",
                filter.label_name
            ),
            (true, false) => format!(
                "filter with value {:?} has no label name: the plugin drops it",
                filter.label_value
            ),
            // The query editor's untouched default: nothing meant, nothing lost.
            (true, true) | (false, false) => continue,
        };
        diagnostics.warning(Class::Runtime, &path.key("filters").index(i), item, message);
    }
    let blamed = match crate::parse(&plugin.text) {
        Err(error) => {
            let source = plugin.blame(&error);
            let (at, field) = source_place(places, source);
            let hint = match source {
                _ if matches!(error.kind(), ErrorKind::InvalidRegex { .. }) => {
                    "; the pattern is no valid RE2, whoever sends it"
                }
                _ if matches!(error.kind(), ErrorKind::InvalidUtf8Rune) => {
                    "; Prometheus refuses U+FFFD in a string (what a lone surrogate such as \\ud800 reads as), whoever sends it"
                }
                Source::FilterName(_) => "; it writes label names bare, pyroql quotes them",
                Source::FilterValue(_) | Source::Service => {
                    "; it does not escape \" or \\, pyroql does"
                }
                Source::FilterOperator(_) => "; an operator is one of =, !=, =~ and !~",
                Source::ProfileType => "",
            };
            diagnostics
                .error(
                    Class::Runtime,
                    &at_path(path, &field),
                    at,
                    format!(
                        "the shipped plugin sends query={} and /pyroscope/render answers 400: failed to parse \"query\": {error}{hint}",
                        plugin.text
                    ),
                )
                .endpoint = Some(Endpoint::Render);
            Some(source)
        }
        Ok(parsed) => {
            meaning_check(spec, &parsed, places, path, diagnostics);
            None
        }
    };
    // Every operator's error before any pattern's: at one place, a report keeps that order.
    filter_errors(spec, places, path, diagnostics, |i, filter| {
        operator_error(i, filter, blamed)
    });
    filter_errors(spec, places, path, diagnostics, |i, filter| {
        regex_error(i, filter, blamed)
    });
}

/// A `runtime` error at the field `error` blames for each kept filter it finds wrong.
fn filter_errors(
    spec: &PyroscopeProfileQuerySpec,
    places: &Places,
    path: &Path,
    diagnostics: &mut Diagnostics,
    error: impl Fn(usize, &Filter) -> Option<(Source, String)>,
) {
    for (i, filter) in spec.filters.iter().enumerate() {
        if !filter.is_complete() {
            continue;
        }
        if let Some((source, message)) = error(i, filter) {
            let (at, field) = source_place(places, source);
            diagnostics.error(Class::Runtime, &at_path(path, &field), at, message);
        }
    }
}

/// An operator that is none of the four (unless the plugin's query already failed on it):
/// pyroql cannot run it either.
fn operator_error(i: usize, filter: &Filter, blamed: Option<Source>) -> Option<(Source, String)> {
    if MatchOp::from_text(&filter.operator).is_some() || blamed == Some(Source::FilterOperator(i)) {
        return None;
    }
    Some((
        Source::FilterOperator(i),
        format!(
            "unknown operator {:?}: Pyroscope refuses the query and pyroql cannot run it; use {}",
            filter.operator,
            crate::names::MATCH_OPERATORS
        ),
    ))
}

/// A `runtime` warning when the plugin's query parses but selects something else than the spec
/// says (a `\` it does not escape), and an error for an operator pyroql cannot run.
fn meaning_check(
    spec: &PyroscopeProfileQuerySpec,
    parsed: &Selector<'_>,
    places: &Places,
    path: &Path,
    diagnostics: &mut Diagnostics,
) {
    let Ok(meant) = spec_matchers(spec) else {
        return;
    };
    let sent: Vec<&Matcher<'_>> = parsed.iter().filter(|m| m.name != "__name__").collect();
    let sources = meant_sources(spec);
    for (i, want) in meant.iter().enumerate() {
        let got = sent.get(i).copied();
        if got.is_some_and(|got| {
            got.name == want.name && got.op == want.op && got.value == want.value
        }) {
            continue;
        }
        let source = sources.get(i).copied().unwrap_or(Source::Service);
        let (at, field) = source_place(places, source);
        let reads = got.map_or_else(|| "nothing".to_owned(), ToString::to_string);
        diagnostics.warning(
            Class::Runtime,
            &at_path(path, &field),
            at,
            format!(
                "the shipped plugin sends query={} and Pyroscope reads {reads} where {want} is meant: the plugin does not escape \\; pyroql does",
                PluginQuery::of(spec).text
            ),
        );
        return;
    }
}

/// Which field each matcher of [`spec_matchers`] comes from.
fn meant_sources(spec: &PyroscopeProfileQuerySpec) -> Vec<Source> {
    let mut sources = Vec::new();
    if spec.service.as_deref().is_some_and(|s| !s.is_empty()) {
        sources.push(Source::Service);
    }
    for (i, f) in spec.filters.iter().enumerate() {
        if f.is_complete() {
            sources.push(Source::FilterValue(i));
        }
    }
    sources
}

/// A `=~`/`!~` pattern Go's RE2 refuses (unless the plugin's query already failed on that
/// filter).
fn regex_error(i: usize, filter: &Filter, blamed: Option<Source>) -> Option<(Source, String)> {
    let regex = MatchOp::from_text(&filter.operator).is_some_and(MatchOp::is_regex);
    let blamed_here = matches!(
        blamed,
        Some(Source::FilterName(j) | Source::FilterOperator(j) | Source::FilterValue(j)) if j == i
    );
    if !regex || blamed_here {
        return None;
    }
    let error = crate::regexp::check(&filter.label_value).err()?;
    let message = error.detail(&filter.label_value);
    Some((
        Source::FilterValue(i),
        format!("not a valid RE2 pattern, so Pyroscope refuses the query: {message}"),
    ))
}
