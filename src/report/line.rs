//! The drawn line: the window of the query around the span, measured in display columns, with
//! the characters a terminal would not show escaped; and the bounded writing of messages.

use std::fmt;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::{LINE_WIDTH, MESSAGE_LIMIT};
use crate::names::floor_char_boundary;
use crate::quote::is_print;

/// How many columns of the line a report keeps before the span, at most, when it shortens it.
const CONTEXT_BEFORE: usize = 40;

/// How many bytes of the query a report reads on either side of the span start, at most: this
/// bounds the drawing even for a line of characters that take no column.
const BYTES_AROUND: usize = 4 * LINE_WIDTH;

/// A piece of a drawn line: printable text, or a character shown as its escape.
#[derive(Debug, Clone, Copy)]
pub(super) enum Piece<'a> {
    Text(&'a str),
    Escaped(char),
}

impl Piece<'_> {
    fn width(self) -> usize {
        match self {
            Piece::Text(text) => text.width(),
            Piece::Escaped(c) => escape_len(c),
        }
    }
}

/// The part of a line that a report draws: what stands before the span, the span, and what
/// follows, each bounded.
#[derive(Debug)]
pub(super) struct Window<'a> {
    cut_before: bool,
    before: Vec<Piece<'a>>,
    marked: Vec<Piece<'a>>,
    after: Vec<Piece<'a>>,
    cut_after: bool,
}

const ELLIPSIS: &str = "...";

impl<'a> Window<'a> {
    /// The window of `line` (a range of `input`) around the span `start..end`, which lies in it.
    pub(super) fn around(
        input: &'a str,
        line: std::ops::Range<usize>,
        start: usize,
        end: usize,
    ) -> Self {
        let fits = line.end - line.start <= BYTES_AROUND
            && pieces(&input[line.clone()])
                .iter()
                .map(|p| p.width())
                .sum::<usize>()
                <= LINE_WIDTH;
        let (mut from, mut to) = (line.start, line.end);
        if !fits {
            // Before the span: at most CONTEXT_BEFORE columns, the ellipsis included, and never
            // more than BYTES_AROUND bytes.
            from = floor_char_boundary(input, start.saturating_sub(BYTES_AROUND)).max(line.start);
            let budget = CONTEXT_BEFORE - ELLIPSIS.len();
            let mut width = 0;
            for (i, c) in input[from..start].char_indices().rev() {
                width += char_width(c);
                if width > budget {
                    from += i + c.len_utf8();
                    break;
                }
            }
        }
        let cut_before = from > line.start;
        let before = pieces(&input[from..start]);
        if !fits {
            // The span and what follows it: the rest of the columns, and at most BYTES_AROUND
            // bytes.
            let used = before.iter().map(|p| p.width()).sum::<usize>()
                + if cut_before { ELLIPSIS.len() } else { 0 };
            let budget = LINE_WIDTH.saturating_sub(used + ELLIPSIS.len());
            let limit =
                floor_char_boundary(input, start.saturating_add(BYTES_AROUND)).min(line.end);
            let mut width = 0;
            to = limit;
            for (i, c) in input[start..limit].char_indices() {
                width += char_width(c);
                if width > budget {
                    to = start + i;
                    break;
                }
            }
        }
        let cut_after = to < line.end;
        let end = end.clamp(start, to);
        Window {
            cut_before,
            before,
            marked: pieces(&input[start..end]),
            after: pieces(&input[end..to]),
            cut_after,
        }
    }

    /// Where the carets start, in columns after the gutter.
    pub(super) fn caret_column(&self) -> usize {
        let ellipsis = if self.cut_before { ELLIPSIS.len() } else { 0 };
        ellipsis + self.before.iter().map(|p| p.width()).sum::<usize>()
    }

    /// How many carets: the span's width, at least one.
    pub(super) fn caret_width(&self) -> usize {
        self.marked.iter().map(|p| p.width()).sum::<usize>().max(1)
    }

    pub(super) fn write_line(&self, f: &mut fmt::Formatter<'_>, style: Style) -> fmt::Result {
        if self.cut_before {
            f.write_str(ELLIPSIS)?;
        }
        for piece in self.before.iter().chain(&self.marked).chain(&self.after) {
            match *piece {
                Piece::Text(text) => f.write_str(text)?,
                Piece::Escaped(c) => style.escaped(f, c)?,
            }
        }
        if self.cut_after {
            f.write_str(ELLIPSIS)?;
        }
        Ok(())
    }
}

/// `text` cut into runs of printable characters and single characters to escape.
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    let mut run = 0;
    for (i, c) in text.char_indices() {
        if !is_print(c) {
            if run < i {
                pieces.push(Piece::Text(&text[run..i]));
            }
            pieces.push(Piece::Escaped(c));
            run = i + c.len_utf8();
        }
    }
    if run < text.len() {
        pieces.push(Piece::Text(&text[run..]));
    }
    pieces
}

/// The columns `c` takes in a drawing.
fn char_width(c: char) -> usize {
    if is_print(c) {
        c.width().unwrap_or(0)
    } else {
        escape_len(c)
    }
}

/// Writes `text` on one line: characters that are not printable escaped, and the middle of a
/// text over [`MESSAGE_LIMIT`] bytes left out.
pub(super) fn write_bounded(f: &mut fmt::Formatter<'_>, text: &str, style: Style) -> fmt::Result {
    let write_escaped = |f: &mut fmt::Formatter<'_>, part: &str| -> fmt::Result {
        for piece in pieces(part) {
            match piece {
                Piece::Text(text) => f.write_str(text)?,
                Piece::Escaped(c) => style.escaped(f, c)?,
            }
        }
        Ok(())
    };
    match shorten(text) {
        Shortened::Whole(text) => write_escaped(f, text),
        Shortened::Cut {
            head,
            left_out,
            tail,
        } => {
            write_escaped(f, head)?;
            write!(f, "...({left_out} bytes left out)...")?;
            write_escaped(f, tail)
        }
    }
}

pub(super) enum Shortened<'a> {
    Whole(&'a str),
    Cut {
        head: &'a str,
        left_out: usize,
        tail: &'a str,
    },
}

pub(super) fn shorten(text: &str) -> Shortened<'_> {
    if text.len() <= MESSAGE_LIMIT {
        return Shortened::Whole(text);
    }
    let head_end = floor_char_boundary(text, MESSAGE_LIMIT / 2);
    let mut tail_start = text.len() - MESSAGE_LIMIT / 4;
    while !text.is_char_boundary(tail_start) {
        tail_start += 1;
    }
    Shortened::Cut {
        head: &text[..head_end],
        left_out: tail_start - head_end,
        tail: &text[tail_start..],
    }
}

/// How long Go's escape of `c` is: `\t`, `\x00`, `\u00a0` or `\U000e0001`.
fn escape_len(c: char) -> usize {
    match c {
        '\u{7}' | '\u{8}' | '\u{c}' | '\n' | '\r' | '\t' | '\u{b}' => 2,
        _ if c < ' ' || c == '\u{7f}' => 4,
        _ if u32::from(c) < 0x10000 => 6,
        _ => 10,
    }
}

/// Writes `c` as Go's `strconv.Quote` escapes a character that is not printable.
fn write_escape(f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
    match c {
        '\u{7}' => f.write_str("\\a"),
        '\u{8}' => f.write_str("\\b"),
        '\u{c}' => f.write_str("\\f"),
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\t' => f.write_str("\\t"),
        '\u{b}' => f.write_str("\\v"),
        _ if c < ' ' || c == '\u{7f}' => write!(f, "\\x{:02x}", u32::from(c)),
        _ if u32::from(c) < 0x10000 => write!(f, "\\u{:04x}", u32::from(c)),
        _ => write!(f, "\\U{:08x}", u32::from(c)),
    }
}

/// Plain text, or ANSI colours for a terminal.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub color: bool,
}

const RESET: &str = "\x1b[0m";

impl Style {
    fn paint(
        self,
        f: &mut fmt::Formatter<'_>,
        code: &str,
        text: fmt::Arguments<'_>,
    ) -> fmt::Result {
        if self.color {
            write!(f, "{code}{text}{RESET}")
        } else {
            f.write_fmt(text)
        }
    }

    pub(super) fn gutter(
        self,
        f: &mut fmt::Formatter<'_>,
        text: fmt::Arguments<'_>,
    ) -> fmt::Result {
        self.paint(f, "\x1b[1;34m", text)
    }

    pub(super) fn caret(self, f: &mut fmt::Formatter<'_>, carets: &str) -> fmt::Result {
        self.paint(f, "\x1b[1;31m", format_args!("{carets}"))
    }

    pub(super) fn label(self, f: &mut fmt::Formatter<'_>, label: &str) -> fmt::Result {
        self.paint(f, "\x1b[1m", format_args!("{label}"))
    }

    pub(super) fn escaped(self, f: &mut fmt::Formatter<'_>, c: char) -> fmt::Result {
        if self.color {
            f.write_str("\x1b[33m")?;
            write_escape(f, c)?;
            f.write_str(RESET)
        } else {
            write_escape(f, c)
        }
    }
}
