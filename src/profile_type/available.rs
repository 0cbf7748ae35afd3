//! The profile types a Pyroscope server reports ([`Available`]): given as IDs, or read from the
//! server's `ProfileTypes` answer or a file; [`resolve`](super::resolve()) chooses by them.

use super::{ProfileType, ProfileTypeError};

/// The profile types a Pyroscope server reports, in its order: what [`resolve`](super::resolve()) chooses by.
///
/// ```
/// use pyroql::profile_type::Available;
/// let server = Available::from_ids(["process_cpu:cpu:nanoseconds:cpu:nanoseconds", "goroutines:goroutine:count:goroutine:count"]).unwrap();
/// assert!(server.contains("goroutines:goroutine:count:goroutine:count"));
/// assert_eq!(server.ids()[0].name(), "process_cpu");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Available {
    ids: Vec<ProfileType<'static>>,
}

/// A list of server profile types that cannot be read; returned by the constructors of
/// [`Available`].
///
/// ```
/// use pyroql::profile_type::{Available, AvailableError};
/// let err = Available::from_ids(["process_cpu:cpu:nanoseconds:cpu:nanoseconds", "cpu"]).unwrap_err();
/// assert!(matches!(err, AvailableError::BadId { index: 2, .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AvailableError {
    /// An entry is not a valid ID.
    #[error("entry {index} of the server's profile types: {error}")]
    BadId {
        /// Which entry, from 1.
        index: usize,
        /// Pyroscope's complaint.
        error: ProfileTypeError,
    },
    /// The text is not JSON.
    #[error(
        "not a ProfileTypes answer or a list of IDs: not JSON, from line {line} column {column}"
    )]
    NotJson {
        /// The line where reading stopped, from 1.
        line: usize,
        /// The column where reading stopped, from 1.
        column: usize,
    },
    /// JSON that is neither an object nor a list.
    #[error("not a ProfileTypes answer or a list of IDs: expected an object or a list")]
    NotObjectOrList,
    /// An object whose `profileTypes` is not a list.
    #[error("not a ProfileTypes answer or a list of IDs: profileTypes is not a list")]
    ProfileTypesNotList,
    /// An entry that is an object without an ID (nor the parts to make one).
    #[error("not a ProfileTypes answer or a list of IDs: entry {index} has no ID")]
    EntryWithoutId {
        /// Which entry, from 1.
        index: usize,
    },
    /// An entry that is neither a string nor an object.
    #[error(
        "not a ProfileTypes answer or a list of IDs: entry {index} is neither an ID nor an object"
    )]
    EntryNotIdOrObject {
        /// Which entry, from 1.
        index: usize,
    },
}

impl Available {
    /// The server's IDs, validated.
    ///
    /// ```
    /// use pyroql::profile_type::{resolve, Available};
    /// let server = Available::from_ids(["memory:alloc_in_new_tlab_bytes:bytes:space:bytes"]).unwrap();
    /// assert_eq!(resolve("memory", Some(&server)).unwrap().id.id(), "memory:alloc_in_new_tlab_bytes:bytes:space:bytes");
    /// ```
    pub fn from_ids<I, S>(ids: I) -> Result<Self, AvailableError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let ids = ids
            .into_iter()
            .enumerate()
            .map(|(i, id)| {
                id.as_ref().parse().map_err(|error| AvailableError::BadId {
                    index: i + 1,
                    error,
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Available { ids })
    }

    /// Reads the body of Pyroscope's `/querier.v1.QuerierService/ProfileTypes` answer
    /// (`{"profileTypes":[{"ID":"…","name":"…",…}]}`), or a JSON list of IDs.
    ///
    /// ```
    /// use pyroql::profile_type::{Available, AvailableError};
    /// let answer = r#"{"profileTypes":[{"ID":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","name":"process_cpu"}]}"#;
    /// assert!(Available::from_json(answer)?.contains("process_cpu:cpu:nanoseconds:cpu:nanoseconds"));
    /// assert_eq!(Available::from_json(r#"[{"name":"x"}]"#), Err(AvailableError::EntryWithoutId { index: 1 }));
    /// # Ok::<(), AvailableError>(())
    /// ```
    #[cfg(feature = "serde")]
    pub fn from_json(text: &str) -> Result<Self, AvailableError> {
        use serde_json::Value;
        let value: Value = serde_json::from_str(text).map_err(|e| AvailableError::NotJson {
            line: e.line(),
            column: e.column(),
        })?;
        let entries = match &value {
            Value::Array(entries) => entries,
            Value::Object(answer) => {
                match answer.get("profileTypes").or(answer.get("profile_types")) {
                    Some(Value::Array(entries)) => entries,
                    // Protobuf's JSON leaves out empty lists: no field means no profile types.
                    None => return Ok(Available::default()),
                    Some(_) => return Err(AvailableError::ProfileTypesNotList),
                }
            }
            _ => return Err(AvailableError::NotObjectOrList),
        };
        let ids: Vec<String> = entries
            .iter()
            .enumerate()
            .map(|(i, entry)| match entry {
                Value::String(id) => Ok(id.clone()),
                Value::Object(fields) => {
                    id_of(fields).ok_or(AvailableError::EntryWithoutId { index: i + 1 })
                }
                _ => Err(AvailableError::EntryNotIdOrObject { index: i + 1 }),
            })
            .collect::<Result<_, _>>()?;
        Available::from_ids(ids)
    }

    /// Reads a file's text: JSON (see [`Available::from_json`]) when it starts with `{` or `[`,
    /// else one ID per line, blank lines and `#` comments skipped.
    ///
    /// ```
    /// use pyroql::profile_type::Available;
    /// let server = Available::from_text("# from profilecli\nmemory:alloc_space:bytes:space:bytes\n\n").unwrap();
    /// assert_eq!(server.ids().len(), 1);
    /// assert_eq!(
    ///     Available::from_text("cpu").unwrap_err().to_string(),
    ///     r#"entry 1 of the server's profile types: profile-type selection must be of the form <name>:<sample-type>:<sample-unit>:<period-type>:<period-unit>(:delta), got(1): "cpu""#
    /// );
    /// ```
    #[cfg(feature = "serde")]
    pub fn from_text(text: &str) -> Result<Self, AvailableError> {
        if crate::sniff::looks_like_json(text) {
            return Available::from_json(text);
        }
        Available::from_ids(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#')),
        )
    }

    /// The IDs, in the server's order.
    pub fn ids(&self) -> &[ProfileType<'static>] {
        &self.ids
    }

    /// Whether the server reports `id`.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.iter().any(|pt| pt.id() == id)
    }
}

/// The ID of a `types.v1.ProfileType` in protobuf's JSON: `ID`, or else the parts.
#[cfg(feature = "serde")]
fn id_of(fields: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let text = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| fields.get(*k).and_then(|v| v.as_str()))
            .map(str::to_owned)
    };
    if let Some(id) = text(&["ID", "id"]) {
        return Some(id);
    }
    let parts = [
        text(&["name"])?,
        text(&["sampleType", "sample_type"])?,
        text(&["sampleUnit", "sample_unit"])?,
        text(&["periodType", "period_type"]).unwrap_or_default(),
        text(&["periodUnit", "period_unit"]).unwrap_or_default(),
    ];
    Some(parts.join(":"))
}
