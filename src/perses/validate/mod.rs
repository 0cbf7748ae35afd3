//! Validation: every problem of a Pyroscope plugin, each with its class, its place in the
//! document and a message that says what is wrong and what is allowed, and the typed spec of a
//! plugin Perses would store.
//!
//! What Perses refuses is the `schema` class, checked as its CUE schema (perses/plugins
//! `pyroscope/schemas`, over perses/spec and perses/shared) and its Go types check it: plugin
//! specs, the HTTP proxy, a filter and the datasource selector are closed; optional fields may be
//! left out but are not `null`; URLs match `^https?://[^\s/$.?#].[^\s]*$`. The field lists come
//! from the models' serde derives ([`fields`]).

mod datasource;
mod query;

pub(crate) use datasource::datasource_spec;
pub(crate) use query::query_spec;
pub use query::ValidatedQuery;

use std::collections::HashMap;

use serde::de::IgnoredAny;

use super::diagnostic::{Class, Diagnostics, Path};
use super::model::{fields, Plugin, PluginMetadata};
use super::node::{typed, Entry, Location, Node, Value};

/// The entries that count (the last of a repeated key, as Go reads them), each with its path,
/// and an `advice` warning on each earlier one.
pub(crate) fn entries<'n>(
    map: &'n [Entry],
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<(&'n Entry, Path)> {
    let mut last: HashMap<&str, Location> = HashMap::new();
    for entry in map {
        last.insert(&entry.key, entry.key_at);
    }
    let mut kept = Vec::new();
    for entry in map {
        match last.get(entry.key.as_str()) {
            Some(at) if *at != entry.key_at => {
                diagnostics.warning(
                    Class::Advice,
                    &path.key(&entry.key),
                    entry.key_at,
                    format!(
                        "{:?} is given again at {at}; Perses keeps the last one",
                        entry.key
                    ),
                );
            }
            _ => kept.push((entry, path.key(&entry.key))),
        }
    }
    kept
}

/// The map inside `node`, or a `schema` error saying what it must be.
pub(crate) fn map<'n>(
    node: &'n Node,
    path: &Path,
    what: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'n [Entry]> {
    match &node.value {
        Value::Map(entries) => Some(entries),
        _ => {
            diagnostics.error(
                Class::Schema,
                path,
                node.at,
                format!("{what} must be a map, not {}", node.describe()),
            );
            None
        }
    }
}

/// The items of the list `node`, or a `schema` error saying it must be one (`name` is the field).
pub(crate) fn list<'n>(
    node: &'n Node,
    path: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'n [Node]> {
    match &node.value {
        Value::List(items) => Some(items),
        _ => {
            diagnostics.error(
                Class::Schema,
                path,
                node.at,
                format!("{name} must be a list, not {}", node.describe()),
            );
            None
        }
    }
}

/// A string value, or a `schema` error (`null` included: the schema's optional fields may be
/// left out, not set to `null`).
pub(crate) fn string<'n>(
    node: &'n Node,
    path: &Path,
    name: &str,
    diagnostics: &mut Diagnostics,
) -> Option<&'n str> {
    match &node.value {
        Value::String(s) => Some(s),
        Value::Null => {
            diagnostics.error(
                Class::Schema,
                path,
                node.at,
                format!("{name} is null; leave it out, or give a string"),
            );
            None
        }
        _ => {
            diagnostics.error(
                Class::Schema,
                path,
                node.at,
                format!("{name} must be a string, not {}", node.describe()),
            );
            None
        }
    }
}

/// "a, b and c".
pub(crate) fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The typed form of `spec` when no `schema` error was found since there were `before` of them;
/// a `schema` error when the typed read refuses it.
pub(crate) fn typed_spec<'n, T: serde::Deserialize<'n>>(
    spec: &'n Node,
    path: &Path,
    before: usize,
    diagnostics: &mut Diagnostics,
) -> Option<T> {
    if diagnostics.errors_of(Class::Schema) > before {
        return None;
    }
    match typed(spec) {
        Ok(typed_spec) => Some(typed_spec),
        Err(error) => {
            diagnostics.error(
                Class::Schema,
                path,
                error.at.unwrap_or(spec.at),
                error.message,
            );
            None
        }
    }
}

/// A `schema` error for a key a closed map does not have.
pub(crate) fn unknown_field(
    entry: &Entry,
    path: &Path,
    what: &str,
    allowed: &[&str],
    diagnostics: &mut Diagnostics,
) {
    diagnostics.error(
        Class::Schema,
        &path.key(&entry.key),
        entry.key_at,
        format!(
            "field {:?} is not allowed: {what} has only {}",
            entry.key,
            and_list(allowed)
        ),
    );
}

/// A `schema` error for a required field that is missing from the map at `at`.
pub(crate) fn missing(
    field: &str,
    at: Location,
    path: &Path,
    what: &str,
    diagnostics: &mut Diagnostics,
) {
    diagnostics.error(
        Class::Schema,
        path,
        at,
        format!("{what} has no {field}; the schema requires it"),
    );
}

/// Checks the plugin around a spec (`{kind, metadata, spec}`) and returns its spec: an empty map
/// when it is missing or `null`, as Perses reads it.
pub(crate) fn plugin_spec(plugin: &Node, path: &Path, diagnostics: &mut Diagnostics) -> Node {
    let allowed = fields::<Plugin<IgnoredAny>>();
    let mut spec = None;
    for (entry, at) in plugin
        .entries()
        .map(|e| entries(e, path, diagnostics))
        .unwrap_or_default()
    {
        match entry.key.as_str() {
            "kind" => {}
            "spec" => spec = Some(entry.value.clone()),
            "metadata" => plugin_metadata(&entry.value, &at, diagnostics),
            key => {
                diagnostics.warning(
                    Class::Runtime,
                    &at,
                    entry.key_at,
                    format!(
                        "Perses drops {key:?} when it stores the plugin: a plugin has only {}",
                        and_list(allowed)
                    ),
                );
            }
        }
    }
    match spec {
        Some(spec) if !spec.is_null() => spec,
        _ => Node {
            value: Value::Map(Vec::new()),
            at: plugin.at,
        },
    }
}

fn plugin_metadata(node: &Node, path: &Path, diagnostics: &mut Diagnostics) {
    if node.is_null() {
        return;
    }
    let Some(map) = map(node, path, "a plugin's metadata", diagnostics) else {
        return;
    };
    let allowed = fields::<PluginMetadata>();
    for (entry, at) in entries(map, path, diagnostics) {
        if !allowed.contains(&entry.key.as_str()) {
            diagnostics.warning(
                Class::Runtime,
                &at,
                entry.key_at,
                format!(
                    "Perses drops {:?} when it stores the plugin: its metadata has only {}",
                    entry.key,
                    and_list(allowed)
                ),
            );
        } else if !matches!(entry.value.value, Value::String(_) | Value::Null) {
            diagnostics.error(
                Class::Schema,
                &at,
                entry.value.at,
                format!(
                    "{} must be a string, not {}",
                    entry.key,
                    entry.value.describe()
                ),
            );
        }
    }
}

/// Whether `url` matches Perses' `#url`, `^https?:\/\/[^\s\/$.?#].[^\s]*$`, as Go's regexp reads
/// it: `\s` is ASCII space, tab, newline, form feed and carriage return; `.` is any character
/// but a newline.
pub(crate) fn is_perses_url(url: &str) -> bool {
    let space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0c' | '\r');
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return false;
    };
    let mut chars = rest.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| !space(c) && !"/$.?#".contains(c));
    let second_ok = chars.next().is_some_and(|c| c != '\n');
    first_ok && second_ok && !chars.any(space)
}

/// `^\$\w+$` with Go's ASCII `\w`.
pub(crate) fn is_variable(text: &str) -> bool {
    text.strip_prefix('$')
        .is_some_and(|name| !name.is_empty() && name.bytes().all(crate::names::is_label_char))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_match_perses_pattern() {
        for good in [
            "http://localhost:4040",
            "https://p.example.com/base?x",
            "http://xy",
            "https://a b",
        ] {
            assert!(is_perses_url(good), "{good}");
        }
        for bad in [
            "ftp://p",
            "http://",
            "http://x",
            "http://.x",
            "http://a\nb",
            "pyroscope:4040",
            "https://ab c d\t",
        ] {
            assert!(!is_perses_url(bad), "{bad}");
        }
    }

    #[test]
    fn variables_are_dollar_words() {
        assert!(is_variable("$ds_1"));
        assert!(!is_variable("$"));
        assert!(!is_variable("ds"));
        assert!(!is_variable("$d-s"));
        assert!(!is_variable("$é"));
    }
}
