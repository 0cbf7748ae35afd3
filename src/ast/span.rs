//! Where a part of a selector stands in the query text: [`Span`], a byte range, and
//! [`Position`], the line and column Pyroscope prints.

use std::fmt;

/// A byte range `start..end` of the query text.
///
/// Spans index the string given to [`parse`](crate::parse); [`Span::position`] turns the start into
/// the 1-based line and byte column Pyroscope prints in its errors.
///
/// ```
/// use pyroql::Span;
/// let input = r#"{env="prod"}"#;
/// let selector = pyroql::parse(input).unwrap();
/// let m = &selector.matchers()[0];
/// assert_eq!(m.spans.value, Span::new(5, 11));
/// assert_eq!(&input[m.spans.value.start..m.spans.value.end], r#""prod""#);
/// assert_eq!((m.spans.value.len(), m.spans.value.is_empty()), (6, false));
/// assert!(Span::empty(3).is_empty());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// Offset of the first byte.
    pub start: usize,
    /// Offset one past the last byte.
    pub end: usize,
}

impl Span {
    /// The span `start..end`.
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// An empty span at `at`.
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }

    /// Its length in bytes.
    pub const fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether it covers no byte.
    pub const fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Where the span starts in `input`, as Prometheus counts it.
    ///
    /// ```
    /// use pyroql::{Position, Span};
    /// assert_eq!(Span::new(4, 5).position("{a=\n\"b\"}"), Position { line: 2, column: 1 });
    /// ```
    pub fn position(&self, input: &str) -> Position {
        Position::of(input, self.start)
    }
}

/// A 1-based line and column; the column counts bytes from the start of the line, as Prometheus does.
/// `Display` writes `LINE:COLUMN`.
///
/// ```
/// use pyroql::Position;
/// let at = Position::of("{a=\n\"é\", b}", 11);
/// assert_eq!(at, Position { line: 2, column: 8 });
/// assert_eq!(at.to_string(), "2:8");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Position {
    /// Line number, from 1.
    pub line: usize,
    /// Byte column, from 1.
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` of `input` (clamped to the input's length).
    ///
    /// ```
    /// use pyroql::Position;
    /// assert_eq!(Position::of("ab\ncd", 4), Position { line: 2, column: 2 });
    /// assert_eq!(Position::of("ab", 99), Position { line: 1, column: 3 });
    /// ```
    pub fn of(input: &str, offset: usize) -> Position {
        Position::of_bytes(input.as_bytes(), offset)
    }

    /// [`Position::of`] for a query given as bytes ([`parse_bytes`](crate::parse_bytes)).
    ///
    /// ```
    /// use pyroql::Position;
    /// assert_eq!(Position::of_bytes(b"\xff\n\xfe!", 3), Position { line: 2, column: 2 });
    /// ```
    pub fn of_bytes(input: &[u8], offset: usize) -> Position {
        let before = &input[..offset.min(input.len())];
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        Position {
            line,
            column: before.len() - line_start + 1,
        }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}
