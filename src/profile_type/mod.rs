//! Profile types: Pyroscope's `<name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>`
//! IDs ([`ProfileType`]), the one a selector queries ([`Selector::profile_type`]), the well-known
//! ones ([`catalog`]), the short names users write ([`resolve()`]), and the queries Pyroscope
//! runs ([`render_query`], [`connect_query`]).
//!
//! ```
//! use pyroql::profile_type::{connect_query, render_query, resolve, ProfileType};
//!
//! let pt = ProfileType::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds")?;
//! assert_eq!((pt.name(), pt.sample_type(), pt.period_unit()), ("process_cpu", "cpu", "nanoseconds"));
//!
//! // What users write, to the full ID Pyroscope needs.
//! let memory = resolve("memory/alloc_space", None).unwrap().id;
//! assert_eq!(memory.id(), "memory:alloc_space:bytes:space:bytes");
//!
//! // The queries that run it.
//! let selector = pyroql::parse(r#"{service_name="api"}"#).unwrap();
//! assert_eq!(render_query(&memory, &selector), r#"memory:alloc_space:bytes:space:bytes{service_name="api"}"#);
//! assert_eq!(connect_query(&memory, &selector).label_selector, r#"{service_name="api"}"#);
//! # Ok::<(), pyroql::profile_type::ProfileTypeError>(())
//! ```

use std::borrow::Cow;
use std::fmt;

use crate::ast::{MatchOp, Matcher, Selector, METRIC_NAME};
use crate::quote::go_quote;

mod available;
pub mod catalog;
mod query;
mod resolve;

pub use available::{Available, AvailableError};
pub use query::{connect_query, render_query, ConnectQuery};
pub use resolve::{resolve, Choice, Resolution, ResolveError, Rule};

/// The label Pyroscope stores a series' profile-type ID under.
///
/// ```
/// use pyroql::profile_type::PROFILE_TYPE_LABEL;
/// let s = pyroql::parse(r#"{__profile_type__="memory:alloc_space:bytes:space:bytes"}"#).unwrap();
/// assert_eq!(s.matchers()[0].name, PROFILE_TYPE_LABEL);
/// ```
pub const PROFILE_TYPE_LABEL: &str = "__profile_type__";

/// A profile-type ID such as `process_cpu:cpu:nanoseconds:cpu:nanoseconds`, split into its parts.
///
/// Parsed by Pyroscope's rule (`ParseProfileTypeSelector`): five or six `:`-separated parts, each
/// of which may be empty. Borrows from the text it was parsed from; `Display` gives the ID back.
///
/// ```
/// use pyroql::profile_type::ProfileType;
/// let pt = ProfileType::parse("memory:alloc_space:bytes:space:bytes")?;
/// assert_eq!((pt.name(), pt.sample_type(), pt.sample_unit()), ("memory", "alloc_space", "bytes"));
/// assert_eq!((pt.period_type(), pt.period_unit(), pt.delta()), ("space", "bytes", None));
/// assert_eq!(pt.to_string(), "memory:alloc_space:bytes:space:bytes");
/// let owned: ProfileType<'static> = "process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta".parse()?;
/// assert_eq!(owned.delta(), Some("delta"));
/// # Ok::<(), pyroql::profile_type::ProfileTypeError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProfileType<'a> {
    id: Cow<'a, str>,
    /// Byte offsets of the colons that end the first four or five parts.
    colons: [usize; 5],
    parts: usize,
}

/// An ID that does not have five or six parts; `Display` is Pyroscope's message. Returned by
/// [`ProfileType::parse`].
///
/// ```
/// let err = pyroql::profile_type::ProfileType::parse("cpu").unwrap_err();
/// assert_eq!((err.id.as_str(), err.parts), ("cpu", 1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got({parts}): {}", go_quote(.id))]
pub struct ProfileTypeError {
    /// The text that was given.
    pub id: String,
    /// How many `:`-separated parts it has.
    pub parts: usize,
}

impl<'a> ProfileType<'a> {
    /// Parses an ID, borrowing from it (see the example on [`ProfileType`]).
    pub fn parse(id: &'a str) -> Result<Self, ProfileTypeError> {
        Self::from_cow(Cow::Borrowed(id))
    }

    /// Parses an ID given as a `Cow`, keeping it borrowed or owned as it comes.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// let pt = pyroql::profile_type::ProfileType::from_cow(Cow::Owned(format!("{}:cpu:nanoseconds:cpu:nanoseconds", "process_cpu")))?;
    /// assert_eq!(pt.name(), "process_cpu");
    /// # Ok::<(), pyroql::profile_type::ProfileTypeError>(())
    /// ```
    pub fn from_cow(id: Cow<'a, str>) -> Result<Self, ProfileTypeError> {
        let mut colons = [0; 5];
        let mut parts = 1;
        for (i, b) in id.bytes().enumerate() {
            if b == b':' {
                if parts > 5 {
                    parts += 1;
                    continue;
                }
                colons[parts - 1] = i;
                parts += 1;
            }
        }
        if parts != 5 && parts != 6 {
            return Err(ProfileTypeError {
                id: id.into_owned(),
                parts,
            });
        }
        Ok(ProfileType { id, colons, parts })
    }

    fn part(&self, index: usize) -> &str {
        let start = if index == 0 {
            0
        } else {
            self.colons[index - 1] + 1
        };
        let end = if index + 1 < self.parts {
            self.colons[index]
        } else {
            self.id.len()
        };
        &self.id[start..end]
    }

    /// The whole ID.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The profile name (`process_cpu`, `memory`, …).
    pub fn name(&self) -> &str {
        self.part(0)
    }

    /// The sample type (`cpu`, `alloc_space`, …).
    pub fn sample_type(&self) -> &str {
        self.part(1)
    }

    /// The unit of the sample values (`nanoseconds`, `bytes`, `count`, …).
    pub fn sample_unit(&self) -> &str {
        self.part(2)
    }

    /// The period type (`cpu`, `space`, …); may be empty.
    pub fn period_type(&self) -> &str {
        self.part(3)
    }

    /// The period unit; may be empty.
    pub fn period_unit(&self) -> &str {
        self.part(4)
    }

    /// The optional sixth part (Pyroscope writes `:delta` there).
    pub fn delta(&self) -> Option<&str> {
        (self.parts == 6).then(|| self.part(5))
    }

    /// The label the Perses picker shows for it: `<name>/<sample-type>`.
    ///
    /// ```
    /// let pt = pyroql::profile_type::ProfileType::parse("memory:alloc_space:bytes:space:bytes").unwrap();
    /// assert_eq!(pt.picker_label(), "memory/alloc_space");
    /// ```
    pub fn picker_label(&self) -> String {
        format!("{}/{}", self.name(), self.sample_type())
    }

    /// The parts by name, for serializing (`pyroql parse --json` prints them).
    ///
    /// ```
    /// let pt = pyroql::profile_type::ProfileType::parse("memory:alloc_in_new_tlab_bytes:bytes::").unwrap();
    /// let parts = pt.parts();
    /// assert_eq!((parts.name, parts.sample_type, parts.period_type, parts.delta), ("memory", "alloc_in_new_tlab_bytes", "", None));
    /// ```
    pub fn parts(&self) -> ProfileTypeParts<'_> {
        ProfileTypeParts {
            name: self.name(),
            sample_type: self.sample_type(),
            sample_unit: self.sample_unit(),
            period_type: self.period_type(),
            period_unit: self.period_unit(),
            delta: self.delta(),
        }
    }

    /// The same profile type, owning its text.
    ///
    /// ```
    /// use pyroql::profile_type::ProfileType;
    /// let text = String::from("process_cpu:cpu:nanoseconds:cpu:nanoseconds");
    /// let owned: ProfileType<'static> = ProfileType::parse(&text).unwrap().into_owned();
    /// drop(text);
    /// assert_eq!(owned.sample_unit(), "nanoseconds");
    /// ```
    pub fn into_owned(self) -> ProfileType<'static> {
        ProfileType {
            id: Cow::Owned(self.id.into_owned()),
            colons: self.colons,
            parts: self.parts,
        }
    }
}

impl fmt::Display for ProfileType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl std::str::FromStr for ProfileType<'static> {
    type Err = ProfileTypeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProfileType::parse(s).map(ProfileType::into_owned)
    }
}

/// The parts of a [`ProfileType`] by name; serializes as
/// `{"name":…,"sample_type":…,"sample_unit":…,"period_type":…,"period_unit":…}` plus `"delta"`
/// when there is a sixth part.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// let pt = pyroql::profile_type::ProfileType::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta").unwrap();
/// assert_eq!(
///     serde_json::to_string(&pt.parts()).unwrap(),
///     r#"{"name":"process_cpu","sample_type":"cpu","sample_unit":"nanoseconds","period_type":"cpu","period_unit":"nanoseconds","delta":"delta"}"#
/// );
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ProfileTypeParts<'p> {
    /// The profile name.
    pub name: &'p str,
    /// The sample type.
    pub sample_type: &'p str,
    /// The sample unit.
    pub sample_unit: &'p str,
    /// The period type.
    pub period_type: &'p str,
    /// The period unit.
    pub period_unit: &'p str,
    /// The sixth part, if any.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub delta: Option<&'p str>,
}

/// Where a selector names its profile type; `Display` says it in words.
///
/// ```
/// use pyroql::profile_type::{ProfileTypePlace, SelectorProfileTypeError};
/// let s = pyroql::parse(r#"cpu:a:b:c:d{__profile_type__="x:a:b:c:d"}"#).unwrap();
/// let Err(SelectorProfileTypeError::Conflict { first_place, second_place, .. }) = s.profile_type() else { panic!() };
/// assert_eq!(first_place, ProfileTypePlace::Identifier);
/// assert_eq!(second_place.to_string(), r#"the matcher __profile_type__="x:a:b:c:d""#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ProfileTypePlace {
    /// The identifier before the braces; `Display`: `the identifier before the braces`.
    Identifier,
    /// A `__name__="…"` or `__profile_type__="…"` matcher; `Display`: `the matcher
    /// __name__="…"`.
    Matcher(Box<Matcher<'static>>),
}

impl fmt::Display for ProfileTypePlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProfileTypePlace::Identifier => f.write_str("the identifier before the braces"),
            ProfileTypePlace::Matcher(matcher) => write!(f, "the matcher {matcher}"),
        }
    }
}

/// Why a selector does not name one profile type; returned by [`Selector::profile_type`].
///
/// ```
/// use pyroql::profile_type::{ProfileTypePlace, SelectorProfileTypeError};
/// let s = pyroql::parse(r#"cpu{service_name="api"}"#).unwrap();
/// let err = s.profile_type().unwrap_err();
/// assert!(matches!(err, SelectorProfileTypeError::Malformed { place: ProfileTypePlace::Identifier, .. }));
/// assert!(err.to_string().starts_with("the identifier before the braces does not hold a profile-type ID: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SelectorProfileTypeError {
    /// Neither an identifier before the braces nor a `__name__`/`__profile_type__` equality.
    #[error("the selector names no profile type: write its ID before the braces (process_cpu:cpu:nanoseconds:cpu:nanoseconds{{…}}) or match __profile_type__=\"…\"")]
    Missing,
    /// The place that names it holds something that is not an ID.
    #[error("{place} does not hold a profile-type ID: {error}")]
    Malformed {
        /// Where.
        place: ProfileTypePlace,
        /// Pyroscope's complaint.
        error: ProfileTypeError,
    },
    /// Two places name different profile types.
    #[error("{first_place} names {first} but {second_place} names {second}")]
    Conflict {
        /// The first place.
        first_place: ProfileTypePlace,
        /// The ID it names.
        first: String,
        /// The second place.
        second_place: ProfileTypePlace,
        /// The ID that names.
        second: String,
    },
}

impl<'a> Selector<'a> {
    /// The profile type this selector queries: the identifier before the braces, or else a
    /// `__name__="…"` or `__profile_type__="…"` matcher holding an ID. All that are present must
    /// agree. Matchers with other operators filter; they do not name a type.
    ///
    /// ```
    /// let s = pyroql::parse(r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{service_name="api"}"#).unwrap();
    /// assert_eq!(s.profile_type().unwrap().name(), "process_cpu");
    /// let s = pyroql::parse(r#"{__profile_type__="memory:alloc_space:bytes:space:bytes"}"#).unwrap();
    /// assert_eq!(s.profile_type().unwrap().sample_type(), "alloc_space");
    /// assert!(pyroql::parse(r#"{service_name="api"}"#).unwrap().profile_type().is_err());
    /// ```
    pub fn profile_type(&self) -> Result<ProfileType<'_>, SelectorProfileTypeError> {
        let from_identifier = self.identifier().map(|id| (None, id.as_str()));
        let from_matchers = self
            .iter()
            .filter(|m| {
                m.op == MatchOp::Equal && (m.name == METRIC_NAME || m.name == PROFILE_TYPE_LABEL)
            })
            .map(|m| (Some(m), m.value.as_ref()));
        // The place is made (and its matcher copied) only for an error.
        let place = |matcher: Option<&Matcher<'_>>| match matcher {
            None => ProfileTypePlace::Identifier,
            Some(m) => ProfileTypePlace::Matcher(Box::new(m.clone().into_owned())),
        };
        let mut found: Option<(Option<&Matcher<'_>>, ProfileType<'_>)> = None;
        for (at, text) in from_identifier.into_iter().chain(from_matchers) {
            let parsed =
                ProfileType::parse(text).map_err(|error| SelectorProfileTypeError::Malformed {
                    place: place(at),
                    error,
                })?;
            match &found {
                None => found = Some((at, parsed)),
                Some((first_at, first)) if first.id() != parsed.id() => {
                    return Err(SelectorProfileTypeError::Conflict {
                        first_place: place(*first_at),
                        first: first.id().to_owned(),
                        second_place: place(at),
                        second: parsed.id().to_owned(),
                    })
                }
                Some(_) => {}
            }
        }
        found
            .map(|(_, pt)| pt)
            .ok_or(SelectorProfileTypeError::Missing)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_five_or_six_parts() {
        let pt = ProfileType::parse("memory:alloc_in_new_tlab_bytes:bytes::").unwrap();
        assert_eq!(pt.parts().period_type, "");
        assert_eq!(pt.parts().period_unit, "");
        let pt = ProfileType::parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta").unwrap();
        assert_eq!(pt.delta(), Some("delta"));
        assert_eq!(
            pt.to_string(),
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds:delta"
        );
        let pt = ProfileType::parse("::::").unwrap();
        assert_eq!((pt.name(), pt.period_unit()), ("", ""));
    }

    #[test]
    fn refuses_other_shapes_with_pyroscopes_message() {
        let cases = [
            ("a:b:c", 3),
            ("cpu", 1),
            ("", 1),
            ("a:b:c:d:e:f:g", 7),
            (":::::::::::", 12),
        ];
        for (id, parts) in cases {
            let err = ProfileType::parse(id).unwrap_err();
            assert_eq!(err.parts, parts, "{id}");
            assert_eq!(
                err.to_string(),
                format!("profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got({parts}): {}", go_quote(id))
            );
        }
    }

    #[test]
    fn a_selector_knows_its_profile_type() {
        let id = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
        for query in [
            format!("{id}{{service_name=\"api\"}}"),
            format!("{{__name__=\"{id}\"}}"),
            format!("{{\"{id}\", a=\"b\"}}"),
            format!("{{__profile_type__=\"{id}\"}}"),
            format!("{id}{{__profile_type__=\"{id}\", __name__=~\"x\"}}"),
        ] {
            let s = crate::parse(&query).unwrap();
            assert_eq!(s.profile_type().unwrap().id(), id, "{query}");
        }
    }

    #[test]
    fn a_selector_without_one_type_says_why() {
        let s = crate::parse(r#"{service_name="api"}"#).unwrap();
        assert_eq!(s.profile_type(), Err(SelectorProfileTypeError::Missing));
        let s = crate::parse(r#"cpu{service_name="api"}"#).unwrap();
        assert_eq!(
            s.profile_type().unwrap_err().to_string(),
            "the identifier before the braces does not hold a profile-type ID: profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got(1): \"cpu\""
        );
        let s = crate::parse(
            r#"process_cpu:cpu:nanoseconds:cpu:nanoseconds{__profile_type__="memory:alloc_space:bytes:space:bytes"}"#,
        )
        .unwrap();
        assert_eq!(
            s.profile_type().unwrap_err().to_string(),
            r#"the identifier before the braces names process_cpu:cpu:nanoseconds:cpu:nanoseconds but the matcher __profile_type__="memory:alloc_space:bytes:space:bytes" names memory:alloc_space:bytes:space:bytes"#
        );
    }
}
