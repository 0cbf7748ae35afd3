//! What keeps a Perses file from being read, as data: the kind of problem and where it is.
//! Both readers (`read.rs` for YAML, `json.rs` for JSON) report with these.

use std::io;

use super::node::Location;

/// The longest file read: 64 MiB.
///
/// ```
/// use pyroql::perses::{read_documents, ReadErrorKind, MAX_TEXT};
/// let err = read_documents(&" ".repeat(MAX_TEXT + 1)).unwrap_err();
/// assert_eq!(err.kind(), &ReadErrorKind::TooLarge { len: MAX_TEXT + 1 });
/// ```
pub const MAX_TEXT: usize = 64 << 20;

/// Text that is neither JSON nor YAML, or too much of it: what is wrong ([`ReadErrorKind`]) and
/// where, when known. `Display` writes `LINE:COL: ` (when known) and the kind's message.
///
/// ```
/// use pyroql::perses::{JsonErrorKind, Location, ReadErrorKind};
/// let err = pyroql::perses::read_documents("{\"kind\": [}").unwrap_err();
/// assert_eq!(err.kind(), &ReadErrorKind::Json(JsonErrorKind::ExpectedValue));
/// assert_eq!(err.location(), Some(Location { line: 1, column: 11 }));
/// assert_eq!(err.to_string(), "1:11: expected a JSON value");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{kind}", at.map(|at| format!("{at}: ")).unwrap_or_default())]
pub struct ReadError {
    kind: ReadErrorKind,
    at: Option<Location>,
}

impl ReadError {
    pub(crate) fn new(kind: ReadErrorKind, at: Option<Location>) -> Self {
        ReadError { kind, at }
    }

    /// What is wrong (see the example on [`ReadError`]).
    pub fn kind(&self) -> &ReadErrorKind {
        &self.kind
    }

    /// Where the problem is, when the reader knows (see the example on [`ReadError`]).
    pub fn location(&self) -> Option<Location> {
        self.at
    }
}

/// What keeps a text from being read; `Display` gives the message.
///
/// ```
/// use pyroql::perses::ReadErrorKind;
/// let err = pyroql::perses::read_documents("kind: [unclosed\n").unwrap_err();
/// assert_eq!(err.kind(), &ReadErrorKind::Yaml("unclosed bracket '['".into()));
/// assert_eq!(err.to_string(), "1:7: unclosed bracket '['");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReadErrorKind {
    /// The text is longer than [`MAX_TEXT`].
    #[error("the file is larger than {} MiB", MAX_TEXT >> 20)]
    TooLarge {
        /// Its length in bytes.
        len: usize,
    },
    /// Text that starts as JSON does (`{` or `[`) and is neither JSON nor flow-style YAML: the
    /// JSON reader's complaint.
    #[error("{0}")]
    Json(JsonErrorKind),
    /// YAML that serde-saphyr refuses, with its message.
    #[error("{0}")]
    Yaml(String),
    /// The thread the YAML reader runs on could not start.
    #[error("cannot start the YAML reader: {0}")]
    YamlReaderNotStarted(io::ErrorKind),
    /// The YAML reader stopped without an answer.
    #[error("the YAML reader stopped")]
    YamlReaderStopped,
}

/// What the JSON reader met where the grammar wanted something else; `Display` gives the message.
///
/// ```
/// use pyroql::perses::{JsonErrorKind, ReadErrorKind};
/// let err = pyroql::perses::read_documents(&"[".repeat(200)).unwrap_err();
/// assert_eq!(err.kind(), &ReadErrorKind::Json(JsonErrorKind::TooDeep));
/// assert_eq!(err.to_string(), "1:129: lists and maps nest more than 128 levels deep");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum JsonErrorKind {
    /// Something other than whitespace after the value.
    #[error("trailing characters after the JSON value")]
    TrailingCharacters,
    /// A character that starts no value.
    #[error("expected a JSON value")]
    ExpectedValue,
    /// The text ends where a value should start.
    #[error("the text ends where a JSON value should start")]
    EndBeforeValue,
    /// Lists and maps nest deeper than 128 levels.
    #[error("lists and maps nest more than 128 levels deep")]
    TooDeep,
    /// A map entry that does not start with a string.
    #[error("expected a string key")]
    ExpectedKey,
    /// No `:` after a key.
    #[error("expected ':' after the key")]
    ExpectedColon,
    /// No `,` or `}` after a map entry.
    #[error("expected ',' or '}}' in the map")]
    ExpectedCommaOrBrace,
    /// No `,` or `]` after a list item.
    #[error("expected ',' or ']' in the list")]
    ExpectedCommaOrBracket,
    /// A number without a digit where one must be.
    #[error("expected a digit")]
    ExpectedDigit,
    /// A decimal point without a digit after it.
    #[error("expected a digit after the decimal point")]
    ExpectedFractionDigit,
    /// An exponent without a digit.
    #[error("expected a digit in the exponent")]
    ExpectedExponentDigit,
    /// A number too large for a double.
    #[error("the number is out of range")]
    NumberOutOfRange,
    /// A raw control character (below U+0020) in a string.
    #[error("a control character inside a string")]
    ControlCharacterInString,
    /// The text ends inside a string.
    #[error("the text ends inside a string")]
    EndInsideString,
    /// A backslash followed by a character that starts no escape.
    #[error("an invalid escape in a string")]
    InvalidEscape,
    /// `\u` not followed by four hexadecimal digits.
    #[error("expected four hexadecimal digits after \\u")]
    ExpectedHexDigits,
}
