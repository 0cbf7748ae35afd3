//! The serde form of the AST, which `pyroql parse --json` prints:
//!
//! ```json
//! {"profile_type":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","matchers":[{"name":"service_name","op":"=","value":"api"}]}
//! ```
//!
//! `profile_type` is the identifier before the braces, or `null`. Spans are not part of the form;
//! a deserialized selector has zero spans. Deserializing refuses a `profile_type` that could not
//! stand before the braces, so that every deserialized selector prints and parses back.

use std::borrow::Cow;

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::ast::{Identifier, MatchOp, Matcher, Selector};
use crate::profile_type::ProfileType;

impl Serialize for MatchOp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for MatchOp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        MatchOp::from_text(&text).ok_or_else(|| {
            de::Error::invalid_value(de::Unexpected::Str(&text), &"one of =, !=, =~, !~")
        })
    }
}

impl Serialize for ProfileType<'_> {
    /// As its ID.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for ProfileType<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = Cow::<'de, str>::deserialize(deserializer)?;
        ProfileType::from_cow(id).map_err(de::Error::custom)
    }
}

impl Serialize for Matcher<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Matcher", 3)?;
        out.serialize_field("name", &self.name)?;
        out.serialize_field("op", &self.op)?;
        out.serialize_field("value", &self.value)?;
        out.end()
    }
}

#[derive(serde::Deserialize)]
#[serde(rename = "Matcher", deny_unknown_fields)]
struct MatcherForm<'a> {
    #[serde(borrow)]
    name: Cow<'a, str>,
    op: MatchOp,
    #[serde(borrow)]
    value: Cow<'a, str>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Matcher<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let form = MatcherForm::deserialize(deserializer)?;
        Ok(Matcher::new(form.name, form.op, form.value))
    }
}

impl Serialize for Selector<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut out = serializer.serialize_struct("Selector", 2)?;
        out.serialize_field("profile_type", &self.identifier().map(Identifier::as_str))?;
        out.serialize_field("matchers", self.matchers())?;
        out.end()
    }
}

/// Other fields (such as the `profile_type_parts` that `pyroql parse --json` may add) are ignored.
#[derive(serde::Deserialize)]
#[serde(rename = "Selector")]
struct SelectorForm<'a> {
    #[serde(borrow, default)]
    profile_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    matchers: Vec<Matcher<'a>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for Selector<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let form = SelectorForm::deserialize(deserializer)?;
        let identifier = form
            .profile_type
            .map(Identifier::new)
            .transpose()
            .map_err(de::Error::custom)?;
        Ok(Selector::from_parts(identifier, form.matchers))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_documented_form() {
        let s = crate::parse(r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#)
            .unwrap();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"profile_type":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","matchers":[{"name":"service_name","op":"=","value":"api"}]}"#
        );
        let s = crate::parse(r#"{"a.b"!~"x\"y"}"#).unwrap();
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"profile_type":null,"matchers":[{"name":"a.b","op":"!~","value":"x\"y"}]}"#
        );
    }

    #[test]
    fn reads_it_back() {
        for input in [
            r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#,
            "{}",
            "cpu",
            r#"{"a.b"!~"x\"y",c=~"é\n"}"#,
        ] {
            let s = crate::parse(input).unwrap();
            let json = serde_json::to_string(&s).unwrap();
            let back: Selector<'_> = serde_json::from_str(&json).unwrap();
            assert_eq!(back, s, "{json}");
        }
    }

    #[test]
    fn profile_types_are_their_ids() {
        let pt = ProfileType::parse("memory:alloc_space:bytes:space:bytes").unwrap();
        let json = serde_json::to_string(&pt).unwrap();
        assert_eq!(json, r#""memory:alloc_space:bytes:space:bytes""#);
        assert_eq!(serde_json::from_str::<ProfileType<'_>>(&json).unwrap(), pt);
        assert!(serde_json::from_str::<ProfileType<'_>>(r#""cpu""#).is_err());
        assert_eq!(
            serde_json::to_string(&pt.parts()).unwrap(),
            r#"{"name":"memory","sample_type":"alloc_space","sample_unit":"bytes","period_type":"space","period_unit":"bytes"}"#
        );
    }

    #[test]
    fn refuses_what_cannot_print_back() {
        let bad = [
            r#"{"profile_type":"not-an-id","matchers":[]}"#,
            r#"{"profile_type":"bool","matchers":[]}"#,
            r#"{"profile_type":null,"matchers":[{"name":"a","op":"==","value":"b"}]}"#,
            r#"{"profile_type":null,"matchers":[{"name":"a","op":"=","value":"b","x":1}]}"#,
            r#"{"profile_type":null}"#,
        ];
        for json in bad {
            assert!(
                serde_json::from_str::<Selector<'_>>(json).is_err(),
                "{json}"
            );
        }
    }
}
