//! A document as it was read: every value with the line and column it starts at, maps in the
//! document's own key order. Both readers (JSON, YAML) build it; validation walks it, and the
//! typed models are deserialized from it, so the text is read once.

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

/// Where a value starts: line and column, both from 1, the column counted in characters.
/// `Display` writes `LINE:COLUMN`.
///
/// ```
/// let docs = pyroql::perses::read_documents("kind: Dashboard\nspec: {display: {name: é, x: 1}}\n").unwrap();
/// let x = docs[0].get("spec").unwrap().get("display").unwrap().get("x").unwrap();
/// assert_eq!(x.at, pyroql::perses::Location { line: 2, column: 30 });
/// assert_eq!(x.at.to_string(), "2:30");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1, in characters.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A value of a document.
///
/// ```
/// use pyroql::perses::Value;
/// let docs = pyroql::perses::read_documents(r#"{"a": [1, "two", null, true]}"#).unwrap();
/// let Value::List(items) = &docs[0].get("a").unwrap().value else { panic!() };
/// assert!(matches!(&items[0].value, Value::Number(n) if n.as_u64() == Some(1)));
/// assert_eq!(items[1].value, Value::String("two".into()));
/// assert_eq!((items[2].value.clone(), items[3].value.clone()), (Value::Null, Value::Bool(true)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null` (YAML: `~`, or nothing).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as precise as it was written (integers stay integers).
    Number(Number),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Node>),
    /// A map, in document order; a key may repeat (the last one counts, as in Go).
    Map(Vec<Entry>),
}

/// A value and where it starts; read by [`read_documents`](super::read_documents). The typed
/// models deserialize from a `&Node`, with the position of a value that does not fit:
///
/// ```
/// use serde::Deserialize;
/// use pyroql::perses::{Filter, Location};
/// let docs = pyroql::perses::read_documents("labelName: env\noperator: \"=\"\nlabelValue: prod\n").unwrap();
/// let filter = Filter::deserialize(&docs[0]).unwrap();
/// assert_eq!(filter.label_value, "prod");
///
/// let docs = pyroql::perses::read_documents("labelName: [env]\n").unwrap();
/// let err = Filter::deserialize(&docs[0]).unwrap_err();
/// assert_eq!(err.at, Some(Location { line: 1, column: 12 }));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// Where it starts.
    pub at: Location,
}

/// One key and value of a map.
///
/// ```
/// let docs = pyroql::perses::read_documents("a: 1\n2: b\n").unwrap();
/// let keys: Vec<(&str, String)> = docs[0].entries().unwrap().iter().map(|e| (e.key.as_str(), e.key_at.to_string())).collect();
/// assert_eq!(keys, [("a", "1:1".to_owned()), ("2", "2:1".to_owned())]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The key, as text (YAML keys that are numbers or booleans, as written).
    pub key: String,
    /// Where the key starts.
    pub key_at: Location,
    /// The value.
    pub value: Node,
}

impl Node {
    /// The entries of a map, or `None` for anything else (see [`Entry`]).
    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The value of `key` in a map (its last occurrence), or `None`.
    ///
    /// ```
    /// let docs = pyroql::perses::read_documents(r#"{"kind": "a", "kind": "b"}"#).unwrap();
    /// assert_eq!(docs[0].get("kind").and_then(|n| n.as_str()), Some("b"));
    /// assert!(docs[0].get("spec").is_none());
    /// ```
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()?
            .iter()
            .rev()
            .find(|e| e.key == key)
            .map(|e| &e.value)
    }

    /// The text of a string value (see [`Node::get`]).
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// Whether it is `null`.
    ///
    /// ```
    /// let docs = pyroql::perses::read_documents("a: ~\nb: null\nc: 'null'\n").unwrap();
    /// let nulls: Vec<bool> = ["a", "b", "c"].iter().map(|k| docs[0].get(k).unwrap().is_null()).collect();
    /// assert_eq!(nulls, [true, true, false]);
    /// ```
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    /// The value in a few words for a message: `null`, `"text"`, `5`, `a list`, `a map`.
    ///
    /// ```
    /// let docs = pyroql::perses::read_documents(r#"{"a": "x", "b": [1], "c": 5}"#).unwrap();
    /// let words: Vec<String> = ["a", "b", "c"].iter().map(|k| docs[0].get(k).unwrap().describe()).collect();
    /// assert_eq!(words, [r#""x""#, "a list", "5"]);
    /// ```
    pub fn describe(&self) -> String {
        match &self.value {
            Value::Null => "null".to_owned(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => format!("{s:?}"),
            Value::List(_) => "a list".to_owned(),
            Value::Map(_) => "a map".to_owned(),
        }
    }

    /// The value as `serde_json` holds it (for printing a fix); of a key given twice, the last
    /// counts.
    ///
    /// ```
    /// let docs = pyroql::perses::read_documents(r#"{"b": [1, "x"], "a": null, "b": 2}"#).unwrap();
    /// assert_eq!(docs[0].to_json().to_string(), r#"{"a":null,"b":2}"#);
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        match &self.value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::List(items) => items.iter().map(Node::to_json).collect(),
            Value::Map(entries) => serde_json::Value::Object(
                last_of_each_key(entries)
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The entries that count: for a key given twice, its last occurrence, at that place.
pub(crate) fn last_of_each_key(entries: &[Entry]) -> impl Iterator<Item = &Entry> {
    let mut seen = HashSet::new();
    let keep: Vec<bool> = entries
        .iter()
        .rev()
        .map(|e| seen.insert(e.key.as_str()))
        .collect();
    entries
        .iter()
        .zip(keep.into_iter().rev())
        .filter_map(|(e, keep)| keep.then_some(e))
}

/// Why a typed model could not be read from a node: serde's message and the position of the
/// value it was reading (see the example on [`Node`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypedError {
    /// What serde says.
    pub message: String,
    /// The node it was reading, when known.
    pub at: Option<Location>,
}

impl fmt::Display for TypedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TypedError {}

impl de::Error for TypedError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        TypedError {
            message: message.to_string(),
            at: None,
        }
    }
}

impl TypedError {
    fn at(mut self, at: Location) -> Self {
        self.at.get_or_insert(at);
        self
    }
}

/// Reads a typed model from a node.
pub(crate) fn typed<'de, T: serde::Deserialize<'de>>(node: &'de Node) -> Result<T, TypedError> {
    T::deserialize(node)
}

impl<'de> de::Deserializer<'de> for &'de Node {
    type Error = TypedError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypedError> {
        let result = match &self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::List(items) => visitor.visit_seq(Items(items.iter())),
            Value::Map(entries) => visitor.visit_map(Entries {
                entries: last_of_each_key(entries).collect::<Vec<_>>().into_iter(),
                value: None,
            }),
        };
        result.map_err(|e| e.at(self.at))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TypedError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

struct Items<'de>(std::slice::Iter<'de, Node>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = TypedError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, TypedError> {
        self.0.next().map(|node| seed.deserialize(node)).transpose()
    }
}

struct Entries<'de> {
    entries: std::vec::IntoIter<&'de Entry>,
    value: Option<&'de Entry>,
}

impl<'de> MapAccess<'de> for Entries<'de> {
    type Error = TypedError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, TypedError> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(entry);
        let key = de::value::BorrowedStrDeserializer::<TypedError>::new(&entry.key);
        seed.deserialize(key)
            .map(Some)
            .map_err(|e| e.at(entry.key_at))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, TypedError> {
        match self.value.take() {
            Some(entry) => seed.deserialize(&entry.value),
            None => Err(de::Error::custom("a value without its key")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: u32, column: u32) -> Location {
        Location { line, column }
    }

    fn string(s: &str, line: u32, column: u32) -> Node {
        Node {
            value: Value::String(s.into()),
            at: at(line, column),
        }
    }

    #[test]
    fn the_last_of_a_repeated_key_counts() {
        let map = Node {
            value: Value::Map(vec![
                Entry {
                    key: "a".into(),
                    key_at: at(1, 1),
                    value: string("first", 1, 4),
                },
                Entry {
                    key: "b".into(),
                    key_at: at(2, 1),
                    value: string("b", 2, 4),
                },
                Entry {
                    key: "a".into(),
                    key_at: at(3, 1),
                    value: string("last", 3, 4),
                },
            ]),
            at: at(1, 1),
        };
        assert_eq!(map.get("a").unwrap().as_str(), Some("last"));
        let keys: Vec<&str> = last_of_each_key(map.entries().unwrap())
            .map(|e| e.key.as_str())
            .collect();
        assert_eq!(keys, ["b", "a"]);
        let read: std::collections::BTreeMap<String, String> = typed(&map).unwrap();
        assert_eq!(read["a"], "last");
        assert_eq!(map.to_json(), serde_json::json!({"b": "b", "a": "last"}));
        let wrong: Result<Vec<String>, _> = typed(&map);
        assert_eq!(wrong.unwrap_err().at, Some(at(1, 1)));
    }
}
