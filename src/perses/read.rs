//! Reading a Perses file into documents: JSON (one value), or YAML with any number of
//! `---`-separated documents, each value with its position.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DefaultMessageFormatter, MessageFormatter, Spanned};

use super::json;
use super::node::{Entry, Location, Node, Value};
use super::read_error::{ReadError, ReadErrorKind, MAX_TEXT};
use crate::sniff::looks_like_json;

/// Reads the documents of a file: one for JSON, one for each YAML document, every value with its
/// position.
///
/// The text may be at most [`MAX_TEXT`] bytes. Text that starts with `{` or `[` is read as JSON
/// by pyroql's own reader (what Go's `encoding/json` reads, nesting at most 128 levels), and
/// as flow-style YAML when it is not JSON. YAML is read by serde-saphyr with its default budgets
/// (nesting depth 64, a million events, 250,000 nodes, 1,024 documents, 64 MiB of scalar text)
/// and booleans as YAML 1.2 (and Go's `yaml.v3`, which `percli` uses) write them: `yes`, `on`
/// and `y` are strings.
///
/// ```
/// let docs = pyroql::perses::read_documents("a: 1\n---\nb: [x]\n").unwrap();
/// assert_eq!(docs.len(), 2);
/// assert_eq!(docs[1].get("b").unwrap().at.to_string(), "3:4");
/// ```
pub fn read_documents(text: &str) -> Result<Vec<Node>, ReadError> {
    if text.len() > MAX_TEXT {
        return Err(ReadError::new(
            ReadErrorKind::TooLarge { len: text.len() },
            None,
        ));
    }
    if looks_like_json(text) {
        // Flow-style YAML also starts so; read it as YAML when it is not JSON.
        return json::read(text)
            .map(|node| vec![node])
            .or_else(|json_error| read_yaml(text).map_err(|_| json_error));
    }
    read_yaml(text)
}

/// The stack the YAML reader runs on: serde-saphyr recurses once per level of nesting (64 at
/// most, its budget), each level taking tens of kilobytes in an unoptimized build, more than a
/// test thread's 2 MiB; a thread of its own keeps any input within bounds.
const YAML_STACK: usize = 32 << 20;

fn read_yaml(text: &str) -> Result<Vec<Node>, ReadError> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("pyroql-yaml".to_owned())
            .stack_size(YAML_STACK)
            .spawn_scoped(scope, || read_yaml_here(text))
            .map_err(|e| ReadError::new(ReadErrorKind::YamlReaderNotStarted(e.kind()), None))?
            .join()
            .unwrap_or_else(|_| Err(ReadError::new(ReadErrorKind::YamlReaderStopped, None)))
    })
}

fn read_yaml_here(text: &str) -> Result<Vec<Node>, ReadError> {
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    let documents: Vec<Spanned<YamlValue>> =
        serde_saphyr::from_multiple_with_options(text, options).map_err(|e| {
            let at = e.location().map(|l| Location {
                line: u32::try_from(l.line()).unwrap_or(u32::MAX),
                column: u32::try_from(l.column()).unwrap_or(u32::MAX),
            });
            // The message alone: the position is data, and the snippet is drawn by whoever
            // reports the error.
            let message = match original(&e) {
                serde_saphyr::Error::Budget { breach, .. } => budget_message(breach),
                _ => DefaultMessageFormatter
                    .format_message(e.without_snippet())
                    .into_owned(),
            };
            ReadError::new(ReadErrorKind::Yaml(message), at)
        })?;
    Ok(documents.into_iter().map(into_node).collect())
}

/// The error serde-saphyr met, out of the wrappers that place it (a source snippet, the alias
/// through which the value was reached).
fn original(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    while let serde_saphyr::Error::AliasError { error: inner, .. }
    | serde_saphyr::Error::WithSnippet { error: inner, .. } = error
    {
        error = inner;
    }
    error
}

/// What a breach of the YAML reader's budgets says: the limit passed, in words (serde-saphyr
/// names it with its debug form, `Depth { depth: 65 }`).
fn budget_message(breach: &serde_saphyr::budget::BudgetBreach) -> String {
    use serde_saphyr::budget::{Budget, BudgetBreach};
    let budget = Budget::default();
    match breach {
        BudgetBreach::Depth { .. } => format!(
            "lists and maps nest more than {} levels deep",
            budget.max_depth
        ),
        BudgetBreach::Documents { .. } => {
            format!("more than {} YAML documents", budget.max_documents)
        }
        BudgetBreach::Nodes { .. } => format!(
            "more than {} values (lists, maps and scalars)",
            budget.max_nodes
        ),
        BudgetBreach::Events { .. } => {
            format!("more than {} YAML parser events", budget.max_events)
        }
        BudgetBreach::Aliases { .. } => {
            format!("more than {} aliases (*name)", budget.max_aliases)
        }
        BudgetBreach::Anchors { .. } => {
            format!("more than {} anchors (&name)", budget.max_anchors)
        }
        other => format!("beyond the YAML reader's limits ({other:?})"),
    }
}

fn location(spanned: &serde_saphyr::Location) -> Location {
    Location {
        line: u32::try_from(spanned.line()).unwrap_or(u32::MAX),
        column: u32::try_from(spanned.column()).unwrap_or(u32::MAX),
    }
}

fn into_node(spanned: Spanned<YamlValue>) -> Node {
    let at = location(&spanned.referenced);
    let value = match spanned.value {
        YamlValue::Scalar(value) => value,
        YamlValue::List(items) => Value::List(items.into_iter().map(into_node).collect()),
        YamlValue::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(key, value)| Entry {
                    key_at: location(&key.referenced),
                    key: key.value.0,
                    value: into_node(value),
                })
                .collect(),
        ),
    };
    Node { value, at }
}

/// A YAML value as serde-saphyr hands it over, each part with its span.
enum YamlValue {
    Scalar(Value),
    List(Vec<Spanned<YamlValue>>),
    Map(Vec<(Spanned<Key>, Spanned<YamlValue>)>),
}

/// A mapping key, as text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string, number or boolean as a mapping key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(Key(v.to_owned()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Key, E> {
        Ok(Key(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
        Ok(Key("null".to_owned()))
    }
}

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

fn number<E: de::Error>(n: Option<serde_json::Number>) -> Result<YamlValue, E> {
    n.map(|n| YamlValue::Scalar(Value::Number(n)))
        .ok_or_else(|| {
            E::custom("a number JSON cannot hold (infinite, not a number, or over 128 bits)")
        })
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = YamlValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Scalar(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<YamlValue, E> {
        Ok(YamlValue::Scalar(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<YamlValue, D::Error> {
        YamlValue::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<YamlValue, E> {
        Ok(YamlValue::Scalar(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<YamlValue, E> {
        number(Some(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<YamlValue, E> {
        number(Some(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<YamlValue, E> {
        number(i64::try_from(v).ok().map(Into::into))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<YamlValue, E> {
        number(u64::try_from(v).ok().map(Into::into))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<YamlValue, E> {
        number(serde_json::Number::from_f64(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<YamlValue, E> {
        Ok(YamlValue::Scalar(Value::String(v.to_owned())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<YamlValue, E> {
        Ok(YamlValue::Scalar(Value::String(v)))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<YamlValue, E> {
        Ok(YamlValue::Scalar(Value::String(
            String::from_utf8_lossy(v).into_owned(),
        )))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<YamlValue, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YamlValue::List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<YamlValue, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(YamlValue::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_values_know_where_they_start() {
        let docs =
            read_documents("a: 1\nb:\n  - x: \"s\"\n    y: [on, 2.5, ~]\n---\nz: 3\n").unwrap();
        assert_eq!(docs.len(), 2);
        let item = &docs[0].get("b").unwrap();
        let Value::List(items) = &item.value else {
            panic!("{item:?}")
        };
        let y = items[0].get("y").unwrap();
        assert_eq!(y.at.to_string(), "4:8");
        let Value::List(ys) = &y.value else { panic!() };
        assert_eq!(ys[0].as_str(), Some("on"));
        assert_eq!(ys[2].value, Value::Null);
        assert_eq!(docs[1].get("z").unwrap().at.to_string(), "6:4");
        assert_eq!(docs[1].entries().unwrap()[0].key_at.to_string(), "6:1");
    }

    #[test]
    fn flow_yaml_is_not_mistaken_for_json() {
        let docs = read_documents("{kind: Dashboard, spec: {}}").unwrap();
        assert_eq!(docs[0].get("kind").unwrap().as_str(), Some("Dashboard"));
        assert_eq!(
            read_documents("{\"kind\": [}").unwrap_err().to_string(),
            "1:11: expected a JSON value"
        );
    }

    #[test]
    fn bad_yaml_says_where() {
        let error = read_documents("kind: [unclosed\n").unwrap_err();
        assert_eq!(error.location(), Some(Location { line: 1, column: 7 }));
        let ReadErrorKind::Yaml(message) = error.kind() else {
            panic!("{error:?}")
        };
        assert_eq!(message, "unclosed bracket '['");
    }

    #[test]
    fn too_much_text_is_refused_unread() {
        let text = " ".repeat(MAX_TEXT + 1);
        let error = read_documents(&text).unwrap_err();
        assert_eq!(error.kind(), &ReadErrorKind::TooLarge { len: MAX_TEXT + 1 });
        assert_eq!(
            (error.location(), error.to_string()),
            (None, "the file is larger than 64 MiB".to_owned())
        );
    }
}
