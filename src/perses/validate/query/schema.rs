//! The fields of a query spec as Perses' schema checks them: each field's type, a filter's and a
//! datasource selector's closed maps, and where each value stands for later diagnostics.

use super::Places;
use crate::perses::diagnostic::{Class, Diagnostics, Path};
use crate::perses::model::{fields, Filter, PyroscopeProfileQuerySpec, DOCUMENTED_QUERY_FIELD};
use crate::perses::node::{Entry, Node, Value};
use crate::perses::validate::{entries, is_variable, list, map, missing, string, unknown_field};

fn shipped_fields() -> Vec<&'static str> {
    fields::<PyroscopeProfileQuerySpec>()
        .iter()
        .copied()
        .filter(|f| *f != DOCUMENTED_QUERY_FIELD)
        .collect()
}

pub(super) fn field(
    entry: &Entry,
    path: &Path,
    places: &mut Places,
    profile_type: &mut bool,
    diagnostics: &mut Diagnostics,
) {
    let at = path.key(&entry.key);
    let value = &entry.value;
    match entry.key.as_str() {
        "profileType" => {
            *profile_type = true;
            places.profile_type = value.at;
            if string(value, &at, "profileType", diagnostics) == Some("") {
                diagnostics.error(
                    Class::Schema,
                    &at,
                    value.at,
                    "profileType is empty; the schema requires at least one character: give a profile-type ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                );
            }
        }
        "query" => {
            places.query = Some(value.at);
            string(value, &at, "query", diagnostics);
        }
        "service" => {
            places.service = Some(value.at);
            string(value, &at, "service", diagnostics);
        }
        "maxNodes" => {
            places.max_nodes = Some(value.at);
            if !matches!(value.value, Value::Number(_)) {
                diagnostics.error(
                    Class::Schema,
                    &at,
                    value.at,
                    format!("maxNodes must be a number, not {}", value.describe()),
                );
            }
        }
        "filters" => filters(value, &at, places, diagnostics),
        "datasource" => datasource_selector(value, &at, places, diagnostics),
        _ => {
            let allowed = shipped_fields();
            unknown_field(
                entry,
                path,
                "a PyroscopeProfileQuery spec",
                &allowed,
                diagnostics,
            );
        }
    }
}

fn filters(node: &Node, path: &Path, places: &mut Places, diagnostics: &mut Diagnostics) {
    let Some(items) = list(node, path, "filters", diagnostics) else {
        return;
    };
    for (i, item) in items.iter().enumerate() {
        let at = path.index(i);
        let mut place = [item.at; 4];
        if let Some(map) = map(item, &at, "a filter", diagnostics) {
            let mut seen = [false; 3];
            for (entry, entry_path) in entries(map, &at, diagnostics) {
                let slot = match entry.key.as_str() {
                    "labelName" => 0,
                    "operator" => 1,
                    "labelValue" => 2,
                    _ => {
                        unknown_field(entry, &at, "a filter", fields::<Filter>(), diagnostics);
                        continue;
                    }
                };
                seen[slot] = true;
                place[slot + 1] = entry.value.at;
                string(&entry.value, &entry_path, &entry.key, diagnostics);
            }
            for (slot, name) in ["labelName", "operator", "labelValue"].iter().enumerate() {
                if !seen[slot] {
                    missing(name, item.at, &at, "a filter", diagnostics);
                }
            }
        }
        places.filters.push(place);
    }
}

fn datasource_selector(
    node: &Node,
    path: &Path,
    places: &mut Places,
    diagnostics: &mut Diagnostics,
) {
    match &node.value {
        Value::String(text) if is_variable(text) => {}
        Value::String(text) => {
            diagnostics.error(
                Class::Schema,
                path,
                node.at,
                format!("{text:?} is no datasource variable: the schema takes a selector {{kind, name}} or $name"),
            );
        }
        Value::Map(map) => {
            let mut kind = false;
            for (entry, at) in entries(map, path, diagnostics) {
                match entry.key.as_str() {
                    "kind" => {
                        kind = true;
                        places.datasource_kind = Some(entry.value.at);
                        string(&entry.value, &at, "the datasource's kind", diagnostics);
                    }
                    "name" => {
                        string(&entry.value, &at, "the datasource's name", diagnostics);
                    }
                    _ => unknown_field(
                        entry,
                        path,
                        "a datasource selector",
                        &["kind", "name"],
                        diagnostics,
                    ),
                }
            }
            if !kind {
                missing("kind", node.at, path, "a datasource selector", diagnostics);
            }
        }
        _ => {
            diagnostics.error(
                Class::Schema,
                path,
                node.at,
                format!(
                    "datasource must be a selector {{kind, name}} or a $variable, not {}",
                    node.describe()
                ),
            );
        }
    }
}
