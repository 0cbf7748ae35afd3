//! A JSON reader that keeps where every value starts and the order of every map's keys.
//!
//! It reads what Go's `encoding/json` reads into an `interface{}` (as Perses reads a file given to
//! `percli apply`): a key given twice keeps its last value, and an escaped lone surrogate becomes
//! U+FFFD. Nesting is limited to 128 levels, as serde_json limits it, so no input deepens the
//! stack further.

use serde_json::Number;

use super::node::{Entry, Location, Node, Value};
use super::read_error::{JsonErrorKind, ReadError, ReadErrorKind};

/// How deep lists and maps may nest.
pub const MAX_DEPTH: usize = 128;

/// Reads one JSON value, and nothing after it but whitespace.
pub fn read(text: &str) -> Result<Node, ReadError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        column_pos: 0,
        column: 1,
    };
    reader.skip_whitespace();
    let node = reader.value(0)?;
    reader.skip_whitespace();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error(JsonErrorKind::TrailingCharacters));
    }
    Ok(node)
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
    line: u32,
    line_start: usize,
    /// A position on the current line and its column, so that columns are counted once.
    column_pos: usize,
    column: u32,
}

impl Reader<'_> {
    fn location(&mut self) -> Location {
        if self.column_pos < self.line_start || self.column_pos > self.pos {
            self.column_pos = self.line_start;
            self.column = 1;
        }
        let chars = self.text[self.column_pos..self.pos].chars().count();
        self.column = self
            .column
            .saturating_add(u32::try_from(chars).unwrap_or(u32::MAX));
        self.column_pos = self.pos;
        Location {
            line: self.line,
            column: self.column,
        }
    }

    fn error(&mut self, kind: JsonErrorKind) -> ReadError {
        let at = self.location();
        ReadError::new(ReadErrorKind::Json(kind), Some(at))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b) = self.peek() {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line = self.line.saturating_add(1);
                    self.line_start = self.pos;
                }
                _ => break,
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, ReadError> {
        let at = self.location();
        let value = match self.peek() {
            Some(b'{') => self.map(depth)?,
            Some(b'[') => self.list(depth)?,
            Some(b'"') => Value::String(self.string()?),
            Some(b't') => self.word("true", Value::Bool(true))?,
            Some(b'f') => self.word("false", Value::Bool(false))?,
            Some(b'n') => self.word("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(_) => return Err(self.error(JsonErrorKind::ExpectedValue)),
            None => return Err(self.error(JsonErrorKind::EndBeforeValue)),
        };
        Ok(Node { value, at })
    }

    fn deeper(&mut self, depth: usize) -> Result<usize, ReadError> {
        if depth >= MAX_DEPTH {
            return Err(self.error(JsonErrorKind::TooDeep));
        }
        Ok(depth + 1)
    }

    fn map(&mut self, depth: usize) -> Result<Value, ReadError> {
        let depth = self.deeper(depth)?;
        self.pos += 1;
        let mut entries = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Map(entries));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error(JsonErrorKind::ExpectedKey));
            }
            let key_at = self.location();
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return Err(self.error(JsonErrorKind::ExpectedColon));
            }
            self.pos += 1;
            self.skip_whitespace();
            let value = self.value(depth)?;
            entries.push(Entry { key, key_at, value });
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Map(entries));
                }
                _ => return Err(self.error(JsonErrorKind::ExpectedCommaOrBrace)),
            }
        }
    }

    fn list(&mut self, depth: usize) -> Result<Value, ReadError> {
        let depth = self.deeper(depth)?;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::List(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value(depth)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::List(items));
                }
                _ => return Err(self.error(JsonErrorKind::ExpectedCommaOrBracket)),
            }
        }
    }

    fn word(&mut self, word: &str, value: Value) -> Result<Value, ReadError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error(JsonErrorKind::ExpectedValue))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Number, ReadError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error(JsonErrorKind::ExpectedDigit)),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error(JsonErrorKind::ExpectedFractionDigit));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error(JsonErrorKind::ExpectedExponentDigit));
            }
        }
        let text = &self.text[start..self.pos];
        // Integers stay exact; other numbers are read as Go and JavaScript read them, rounded
        // correctly to the nearest double.
        let number = text
            .parse::<u64>()
            .map(Number::from)
            .or_else(|_| text.parse::<i64>().map(Number::from))
            .ok()
            .or_else(|| text.parse::<f64>().ok().and_then(Number::from_f64));
        number.ok_or_else(|| {
            self.pos = start;
            self.error(JsonErrorKind::NumberOutOfRange)
        })
    }

    fn string(&mut self) -> Result<String, ReadError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while self
                .peek()
                .is_some_and(|b| b != b'"' && b != b'\\' && b >= 0x20)
            {
                self.pos += 1;
            }
            out.push_str(&self.text[run..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                Some(_) => return Err(self.error(JsonErrorKind::ControlCharacterInString)),
                None => return Err(self.error(JsonErrorKind::EndInsideString)),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), ReadError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let unit = self.hex4()?;
                out.push(self.surrogate_pair(unit));
                return Ok(());
            }
            _ => return Err(self.error(JsonErrorKind::InvalidEscape)),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, ReadError> {
        let hex = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        match hex {
            Some(unit) => {
                self.pos += 4;
                Ok(unit)
            }
            None => Err(self.error(JsonErrorKind::ExpectedHexDigits)),
        }
    }

    /// The character a `\u` escape stands for, reading a low surrogate after a high one; a lone
    /// surrogate is U+FFFD, as Go reads it.
    fn surrogate_pair(&mut self, unit: u32) -> char {
        if (0xD800..0xDC00).contains(&unit) && self.bytes[self.pos..].starts_with(b"\\u") {
            let back = self.pos;
            self.pos += 2;
            if let Ok(low @ 0xDC00..=0xDFFF) = self.hex4() {
                let c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                return char::from_u32(c).unwrap_or('\u{fffd}');
            }
            self.pos = back;
        }
        char::from_u32(unit).unwrap_or('\u{fffd}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(node: &Node) -> (u32, u32) {
        (node.at.line, node.at.column)
    }

    #[test]
    fn values_know_where_they_start() {
        let doc = read("{\n  \"é\": [1, -2.5e3, \"x\\n\"],\n\t\"b\": {\"c\": null}\n}").unwrap();
        assert_eq!(at(&doc), (1, 1));
        let list = doc.get("é").unwrap();
        assert_eq!(at(list), (2, 8));
        let Value::List(items) = &list.value else {
            panic!("{list:?}")
        };
        assert_eq!(at(&items[1]), (2, 12));
        assert_eq!(
            items[1].value,
            Value::Number(serde_json::Number::from_f64(-2500.0).unwrap())
        );
        assert_eq!(items[2].as_str(), Some("x\n"));
        assert_eq!(at(doc.get("b").unwrap().get("c").unwrap()), (3, 13));
        assert_eq!(
            doc.entries().unwrap()[1].key_at,
            Location { line: 3, column: 2 }
        );
    }

    #[test]
    fn escapes_read_as_go_reads_them() {
        let doc = read(r#"["\ud83d\ude00", "\ud800x", "\/\u00e9"]"#).unwrap();
        let Value::List(items) = doc.value else {
            panic!()
        };
        let texts: Vec<&str> = items.iter().filter_map(Node::as_str).collect();
        assert_eq!(texts, ["😀", "\u{fffd}x", "/é"]);
    }

    #[test]
    fn bad_json_says_where() {
        let cases = [
            ("{\"a\" 1}", "1:6: expected ':' after the key"),
            ("[1,]", "1:4: expected a JSON value"),
            ("[01]", "1:3: expected ',' or ']' in the list"),
            ("\"a\u{1}\"", "1:3: a control character inside a string"),
            ("{} x", "1:4: trailing characters after the JSON value"),
            ("[1e400]", "1:2: the number is out of range"),
            ("\"\\x\"", "1:3: an invalid escape in a string"),
            ("", "1:1: the text ends where a JSON value should start"),
        ];
        for (text, want) in cases {
            assert_eq!(read(text).unwrap_err().to_string(), want, "{text:?}");
        }
        let deep = "[".repeat(200);
        assert_eq!(
            read(&deep).unwrap_err().to_string(),
            "1:129: lists and maps nest more than 128 levels deep"
        );
    }
}
