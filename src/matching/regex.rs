//! `=~`/`!~` patterns: RE2 syntax as Go's `regexp/syntax` reads it (Perl flags), run by the Rust
//! `regex` crate.
//!
//! The two engines agree on most syntax, not all. [`translate`] reads a pattern the way Go does
//! and writes it in a form Rust reads the same way:
//!
//! - `{` that starts no valid repetition is a literal in Go (`a{b}`, `a{,3}`, `x{01}`); Rust
//!   rejects it;
//! - `\d`, `\s`, `\w` and `\b` are ASCII in Go, Unicode in Rust;
//! - inside classes, `&&`, `--`, `~~` and `[` are literal in Go, operators in Rust;
//! - an escaped punctuation character is always itself in Go (`\<` is `<`), while Rust gives some
//!   a meaning (`\<` is a word boundary);
//! - `\Q…\E`, `\0`-style octal and `\p{^Greek}` exist only in Go;
//! - what Go refuses, Rust may accept: stacked repetitions (`a**`), counts over 1000, the `x`, `u`
//!   and `R` flags, `\u`/`\e` escapes. Those are errors here, as in Go.
//!
//! A pattern that is a plain literal or an alternation of literals (`prod|staging`) is matched
//! without a regex engine, as Prometheus does; so are `.*` and `.+`.

use std::fmt::Write;

/// Compiled regexes larger than this many bytes are refused.
pub(crate) const SIZE_LIMIT: usize = 1 << 22;

/// Go's limit on counted repetition (`{n,m}`), nested counts multiplied.
const MAX_REPEAT: u32 = 1000;

/// A compiled pattern, anchored at both ends, `.` matching newline.
#[derive(Debug, Clone)]
pub(crate) enum Pattern {
    /// `.*`: every string.
    Any,
    /// `.+`: every non-empty string.
    NonEmpty,
    /// A literal or an alternation of literals.
    Literals(Vec<String>),
    /// Anything else.
    Regex(regex::Regex),
}

impl Pattern {
    /// Compiles a Go RE2 pattern; the error explains what Go would object to.
    pub fn compile(pattern: &str) -> Result<Pattern, String> {
        match pattern {
            ".*" => return Ok(Pattern::Any),
            ".+" => return Ok(Pattern::NonEmpty),
            _ => {}
        }
        if let Some(literals) = literal_alternation(pattern) {
            return Ok(Pattern::Literals(literals));
        }
        let translated = translate(pattern)?;
        regex::RegexBuilder::new(&format!("^(?s:{translated})$"))
            .size_limit(SIZE_LIMIT)
            .build()
            .map(Pattern::Regex)
            .map_err(|e| rust_error_text(&e))
    }

    /// Whether the whole of `value` matches.
    pub fn is_match(&self, value: &str) -> bool {
        match self {
            Pattern::Any => true,
            Pattern::NonEmpty => !value.is_empty(),
            Pattern::Literals(literals) => literals.iter().any(|l| l == value),
            Pattern::Regex(regex) => regex.is_match(value),
        }
    }
}

/// The last line of a Rust regex error, which says what is wrong.
fn rust_error_text(error: &regex::Error) -> String {
    let text = error.to_string();
    text.lines()
        .rev()
        .find(|l| !l.trim().is_empty())
        .map_or(text.clone(), |l| {
            l.trim_start_matches("error: ").trim().to_owned()
        })
}

/// The literals of `lit1|lit2|…`, if the pattern is nothing more: no metacharacter but `|`, and
/// escapes only of punctuation.
pub(crate) fn literal_alternation(pattern: &str) -> Option<Vec<String>> {
    let mut literals = vec![String::new()];
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '|' => literals.push(String::new()),
            '\\' => {
                let escaped = chars.next()?;
                if !(escaped.is_ascii_punctuation()) {
                    return None;
                }
                literals.last_mut()?.push(escaped);
            }
            '.' | '+' | '*' | '?' | '(' | ')' | '[' | ']' | '{' | '}' | '^' | '$' => return None,
            c => literals.last_mut()?.push(c),
        }
    }
    Some(literals)
}

/// Rewrites a Go RE2 pattern into Rust `regex` syntax with the same meaning.
pub(crate) fn translate(pattern: &str) -> Result<String, String> {
    Translator {
        pattern,
        rest: pattern,
        out: String::with_capacity(pattern.len() * 2),
        groups: vec![Weights::default()],
        last_repeat: None,
    }
    .run()
}

/// Counted-repetition bookkeeping for one group: the largest product of nested counts in what
/// the group holds so far, and in its last atom.
#[derive(Default, Clone, Copy)]
struct Weights {
    group: u32,
    last_atom: Option<u32>,
}

struct Translator<'p> {
    /// The whole pattern, which some of Go's messages quote.
    pattern: &'p str,
    rest: &'p str,
    out: String,
    groups: Vec<Weights>,
    /// The text of the repetition operator just read, for Go's "nested repetition" error.
    last_repeat: Option<String>,
}

fn escape_error(text: &str) -> String {
    format!("invalid escape sequence: `{text}`")
}

/// Writes `c` so that Rust reads it as that literal character, inside or outside a class.
fn push_literal(out: &mut String, c: char) {
    if c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && !c.is_control()) {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:X}}}", u32::from(c));
    }
}

const PERL_CLASSES: &[(char, &str)] =
    &[('d', "0-9"), ('s', "\\t\\n\\x0C\\r "), ('w', "0-9A-Za-z_")];

impl Translator<'_> {
    fn next(&mut self) -> Option<char> {
        let c = self.rest.chars().next()?;
        self.rest = &self.rest[c.len_utf8()..];
        Some(c)
    }

    fn peek(&self) -> Option<char> {
        self.rest.chars().next()
    }

    fn run(mut self) -> Result<String, String> {
        while let Some(c) = self.next() {
            let mut repeat = None;
            match c {
                '\\' => self.escape()?,
                '[' => {
                    self.class()?;
                    self.atom(1);
                }
                '(' => self.open_group()?,
                ')' => self.close_group()?,
                '|' => {
                    self.out.push('|');
                    let group = self.current();
                    group.group = group.group.max(group.last_atom.unwrap_or(0));
                    group.last_atom = None;
                }
                '*' | '+' | '?' => repeat = Some(self.repetition(c, None)?),
                '{' => match self.counted_repeat() {
                    Some((text, min, max)) => {
                        repeat = Some(self.repetition('{', Some((text, min, max)))?)
                    }
                    None => {
                        push_literal(&mut self.out, '{');
                        self.atom(1);
                    }
                },
                '.' | '^' | '$' => {
                    self.out.push(c);
                    self.atom(1);
                }
                c => {
                    push_literal(&mut self.out, c);
                    self.atom(1);
                }
            }
            self.last_repeat = repeat;
        }
        if self.groups.len() > 1 {
            return Err(format!("missing closing ): `{}`", self.pattern));
        }
        Ok(self.out)
    }

    fn current(&mut self) -> &mut Weights {
        // `groups` always holds the top level.
        let last = self.groups.len() - 1;
        &mut self.groups[last]
    }

    /// A new atom ends what is in the group; `weight` is its nested count product.
    fn atom(&mut self, weight: u32) {
        let group = self.current();
        if let Some(previous) = group.last_atom {
            group.group = group.group.max(previous);
        }
        group.last_atom = Some(weight);
    }

    fn open_group(&mut self) -> Result<(), String> {
        if self.rest.starts_with('?') {
            self.next();
            self.group_flags()?;
        } else {
            self.out.push('(');
            self.groups.push(Weights::default());
        }
        Ok(())
    }

    /// After `(?`: a named group, a non-capturing group with flags, or flags alone.
    fn group_flags(&mut self) -> Result<(), String> {
        let name_start = if self.rest.starts_with("P<") {
            Some(2)
        } else if self.rest.starts_with('<') {
            Some(1)
        } else {
            None
        };
        if let Some(skip) = name_start {
            let Some(end) = self.rest.find('>') else {
                return Err(format!("invalid named capture: `(?{}`", self.rest));
            };
            let name = &self.rest[skip..end];
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("invalid named capture: `(?{}`", &self.rest[..=end]));
            }
            self.rest = &self.rest[end + 1..];
            // Names do not change what matches; Rust's rules for them differ from Go's.
            self.out.push('(');
            self.groups.push(Weights::default());
            return Ok(());
        }
        let mut flags = String::new();
        let mut negated = false;
        let mut saw_flag = false;
        loop {
            let Some(c) = self.next() else {
                return Err(format!("invalid or unsupported Perl syntax: `(?{flags}`"));
            };
            match c {
                'i' | 'm' | 's' | 'U' => {
                    flags.push(c);
                    saw_flag = true;
                }
                '-' if !negated => {
                    flags.push('-');
                    negated = true;
                    saw_flag = false;
                }
                ':' | ')' if !negated || saw_flag => {
                    if c == ':' {
                        let _ = write!(self.out, "(?{flags}:");
                        self.groups.push(Weights::default());
                    } else if !flags.is_empty() {
                        let _ = write!(self.out, "(?{flags})");
                    }
                    return Ok(());
                }
                c => {
                    return Err(format!(
                        "invalid or unsupported Perl syntax: `(?{flags}{c}`"
                    ))
                }
            }
        }
    }

    fn close_group(&mut self) -> Result<(), String> {
        if self.groups.len() == 1 {
            return Err(format!("unexpected ): `{}`", self.pattern));
        }
        let mut group = self.groups.pop().unwrap_or_default();
        if let Some(last) = group.last_atom {
            group.group = group.group.max(last);
        }
        self.out.push(')');
        self.atom(group.group.max(1));
        Ok(())
    }

    /// `{n}`, `{n,}` or `{n,m}` at the start of the rest (the `{` already read), as Go reads
    /// it: digits without leading zeros; `None` when it is no repetition (then `{` is literal).
    fn counted_repeat(&mut self) -> Option<(String, u32, Option<u32>)> {
        let body_end = self.rest.find('}')?;
        let body = &self.rest[..body_end];
        let number = |s: &str| -> Option<u32> {
            if s.is_empty()
                || !s.bytes().all(|b| b.is_ascii_digit())
                || (s.len() > 1 && s.starts_with('0'))
            {
                return None;
            }
            // Go caps what it reads; anything this long is over the limit anyway.
            Some(s.parse::<u32>().unwrap_or(u32::MAX))
        };
        let (min, max) = match body.split_once(',') {
            None => {
                let n = number(body)?;
                (n, Some(n))
            }
            Some((min, "")) => (number(min)?, None),
            Some((min, max)) => (number(min)?, Some(number(max)?)),
        };
        let text = format!("{{{body}}}");
        self.rest = &self.rest[body_end + 1..];
        Some((text, min, max))
    }

    /// A repetition operator: Go refuses one that follows another, and counts over 1000.
    fn repetition(
        &mut self,
        op: char,
        counted: Option<(String, u32, Option<u32>)>,
    ) -> Result<String, String> {
        let mut text = match &counted {
            Some((text, ..)) => text.clone(),
            None => op.to_string(),
        };
        if self.rest.starts_with('?') {
            self.next();
            text.push('?');
        }
        if let Some(previous) = &self.last_repeat {
            return Err(format!(
                "invalid nested repetition operator: `{previous}{text}`"
            ));
        }
        let Some(weight) = self.current().last_atom else {
            return Err(format!("missing argument to repetition operator: `{text}`"));
        };
        if let Some((count_text, min, max)) = &counted {
            let too_big = *min > MAX_REPEAT
                || max.is_some_and(|m| m > MAX_REPEAT)
                || max.is_some_and(|m| m < *min);
            if too_big {
                return Err(format!("invalid repeat count: `{count_text}`"));
            }
            let count = max.unwrap_or(*min);
            let product = if count == 0 {
                0
            } else {
                count.saturating_mul(weight.max(1))
            };
            if (*min >= 2 || max.is_some_and(|m| m >= 2)) && product > MAX_REPEAT {
                return Err(format!("invalid repeat count: `{count_text}`"));
            }
            self.current().last_atom = Some(product);
        }
        self.out.push_str(&text);
        Ok(text)
    }

    /// After a backslash, outside a class.
    fn escape(&mut self) -> Result<(), String> {
        let Some(c) = self.next() else {
            return Err("trailing backslash at end of expression: ``".to_owned());
        };
        match c {
            'A' | 'z' => {
                let _ = write!(self.out, "\\{c}");
                self.atom(1);
            }
            'b' | 'B' => {
                // ASCII word boundaries, as in Go.
                let _ = write!(self.out, "(?-u:\\{c})");
                self.atom(1);
            }
            'Q' => {
                let (literal, rest) = match self.rest.find("\\E") {
                    Some(end) => (&self.rest[..end], &self.rest[end + 2..]),
                    None => (self.rest, ""),
                };
                self.rest = rest;
                for c in literal.chars() {
                    push_literal(&mut self.out, c);
                    self.atom(1);
                }
            }
            'p' | 'P' => {
                let class = self.unicode_class(c)?;
                self.out.push_str(&class);
                self.atom(1);
            }
            'd' | 's' | 'w' | 'D' | 'S' | 'W' => {
                let _ = write!(self.out, "[{}]", perl_class(c));
                self.atom(1);
            }
            _ => {
                let literal = self.escaped_char(c)?;
                push_literal(&mut self.out, literal);
                self.atom(1);
            }
        }
        Ok(())
    }

    /// Go's `parseEscape`: the character an escape stands for (`c` follows the backslash).
    fn escaped_char(&mut self, c: char) -> Result<char, String> {
        match c {
            c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok(c),
            'a' => Ok('\u{7}'),
            'f' => Ok('\u{c}'),
            'n' => Ok('\n'),
            'r' => Ok('\r'),
            't' => Ok('\t'),
            'v' => Ok('\u{b}'),
            '0'..='7' => {
                let digits: String = self
                    .rest
                    .chars()
                    .take_while(|d| ('0'..='7').contains(d))
                    .take(2)
                    .collect();
                if c != '0' && digits.is_empty() {
                    // A lone non-zero digit is a backreference, which RE2 lacks.
                    return Err(escape_error(&format!("\\{c}")));
                }
                self.rest = &self.rest[digits.len()..];
                let value = u32::from_str_radix(&format!("{c}{digits}"), 8).unwrap_or(0);
                char::from_u32(value).ok_or_else(|| escape_error(&format!("\\{c}{digits}")))
            }
            'x' => self.hex_escape(),
            _ => Err(escape_error(&format!("\\{c}"))),
        }
    }

    fn hex_escape(&mut self) -> Result<char, String> {
        let invalid = |text: &str| escape_error(&format!("\\x{text}"));
        if let Some(body) = self.rest.strip_prefix('{') {
            let end = body
                .find('}')
                .ok_or_else(|| invalid(&self.rest[..self.rest.len().min(10)]))?;
            let hex = &body[..end];
            let value = (!hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit()))
                .then(|| u32::from_str_radix(hex, 16).ok())
                .flatten()
                .filter(|&v| v <= 0x10_FFFF)
                .ok_or_else(|| invalid(&format!("{{{hex}}}")))?;
            self.rest = &body[end + 1..];
            return char::from_u32(value).ok_or_else(|| invalid(&format!("{{{hex}}}")));
        }
        let two: String = self.rest.chars().take(2).collect();
        if two.len() != 2 || !two.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(invalid(&two));
        }
        self.rest = &self.rest[2..];
        let value = u32::from_str_radix(&two, 16).unwrap_or(0);
        char::from_u32(value).ok_or_else(|| invalid(&two))
    }

    /// `\pL`, `\p{Greek}`, `\PL`, `\p{^Greek}` (the `p`/`P` already read).
    fn unicode_class(&mut self, p: char) -> Result<String, String> {
        let (name, consumed) = match self.rest.strip_prefix('{') {
            Some(body) => {
                let end = body
                    .find('}')
                    .ok_or_else(|| format!("invalid character class range: `\\{p}{{`"))?;
                (&body[..end], end + 2)
            }
            None => {
                let c = self
                    .peek()
                    .ok_or_else(|| format!("invalid character class range: `\\{p}`"))?;
                (&self.rest[..c.len_utf8()], c.len_utf8())
            }
        };
        let (negated, bare) = match name.strip_prefix('^') {
            Some(bare) => (p == 'p', bare),
            None => (p == 'P', name),
        };
        // Go knows categories (`L`, `Lu`) and scripts (`Greek`, `Old_Italic`) by exact name, and
        // `Any`; Rust also takes lowercase and long aliases, which Go refuses.
        let go_like = bare.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && bare.chars().all(|c| c.is_ascii_alphabetic() || c == '_');
        if !go_like {
            return Err(format!("invalid character class range: `\\{p}{{{name}}}`"));
        }
        self.rest = &self.rest[consumed..];
        let class = if bare == "Any" {
            if negated {
                "[^\\x{0}-\\x{10FFFF}]".to_owned()
            } else {
                "[\\x{0}-\\x{10FFFF}]".to_owned()
            }
        } else {
            format!("\\{}{{{bare}}}", if negated { 'P' } else { 'p' })
        };
        Ok(class)
    }

    /// A bracketed class, the `[` already read.
    fn class(&mut self) -> Result<(), String> {
        // Go quotes the class from its `[` to the end of the pattern when it is not closed.
        let whole_class = &self.pattern[self.pattern.len() - self.rest.len() - 1..];
        let unclosed = || format!("missing closing ]: `{whole_class}`");
        let mut out = String::from("[");
        if self.rest.starts_with('^') {
            self.next();
            out.push('^');
        }
        let mut first = true;
        loop {
            let Some(c) = self.peek() else {
                return Err(unclosed());
            };
            if c == ']' && !first {
                self.next();
                break;
            }
            first = false;
            if self.rest.starts_with("[:") {
                if let Some(end) = self.rest[2..].find(":]") {
                    let name = &self.rest[2..2 + end];
                    let bare = name.strip_prefix('^').unwrap_or(name);
                    const POSIX: &[&str] = &[
                        "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower",
                        "print", "punct", "space", "upper", "word", "xdigit",
                    ];
                    if !POSIX.contains(&bare) {
                        return Err(format!("invalid character class range: `[:{name}:]`"));
                    }
                    let _ = write!(out, "[:{name}:]");
                    self.rest = &self.rest[end + 4..];
                    continue;
                }
            }
            if self.rest.starts_with("\\p") || self.rest.starts_with("\\P") {
                self.next();
                let p = self.next().unwrap_or('p');
                out.push_str(&self.unicode_class(p)?);
                continue;
            }
            if let Some(&(_, ascii)) = self
                .rest
                .strip_prefix('\\')
                .and_then(|r| r.chars().next())
                .and_then(|k| {
                    PERL_CLASSES
                        .iter()
                        .find(|(n, _)| *n == k.to_ascii_lowercase())
                })
            {
                self.next();
                let k = self.next().unwrap_or('d');
                if k.is_ascii_uppercase() {
                    let _ = write!(out, "[^{ascii}]");
                } else {
                    out.push_str(ascii);
                }
                continue;
            }
            let range_text_start = self.rest;
            let lo = self.class_char().map_err(|e| e.unwrap_or_else(unclosed))?;
            let mut hi = lo;
            if self.rest.starts_with('-') && !self.rest[1..].starts_with(']') && self.rest.len() > 1
            {
                self.next();
                hi = self.class_char().map_err(|e| e.unwrap_or_else(unclosed))?;
                if hi < lo {
                    let used = range_text_start.len() - self.rest.len();
                    return Err(format!(
                        "invalid character class range: `{}`",
                        &range_text_start[..used]
                    ));
                }
            }
            push_literal(&mut out, lo);
            if hi != lo {
                out.push('-');
                push_literal(&mut out, hi);
            }
        }
        out.push(']');
        self.out.push_str(&out);
        Ok(())
    }

    /// A character of a class; `Err(None)` when the pattern ends first.
    fn class_char(&mut self) -> Result<char, Option<String>> {
        match self.next() {
            None => Err(None),
            Some('\\') => {
                let c = self.next().ok_or_else(|| {
                    Some("trailing backslash at end of expression: ``".to_owned())
                })?;
                self.escaped_char(c).map_err(Some)
            }
            Some(c) => Ok(c),
        }
    }
}

/// `\d`, `\s`, `\w` (and their negations) as Go means them: ASCII only.
fn perl_class(c: char) -> String {
    let ascii = PERL_CLASSES
        .iter()
        .find(|(name, _)| *name == c.to_ascii_lowercase())
        .map_or("", |(_, ascii)| ascii);
    if c.is_ascii_uppercase() {
        format!("^{ascii}")
    } else {
        ascii.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(pattern: &str, value: &str) -> bool {
        Pattern::compile(pattern)
            .unwrap_or_else(|e| panic!("{pattern}: {e}"))
            .is_match(value)
    }

    #[test]
    fn patterns_are_anchored_and_dot_matches_newline() {
        assert!(matches("foo", "foo"));
        assert!(!matches("foo", "xfoo"));
        assert!(!matches("fo", "foo"));
        assert!(matches("a.c", "a\nc"));
        assert!(matches("a|b", "b"));
        assert!(!matches("a|b", "ab"));
        assert!(matches("(a|b)c", "bc"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
        assert!(matches(".*", ""));
        assert!(!matches(".+", ""));
    }

    #[test]
    fn go_only_forms_mean_what_go_means() {
        let cases = [
            ("a{b}", "a{b}", true),
            ("a{,3}", "a{,3}", true),
            ("x{01}", "x{01}", true),
            ("{", "{", true),
            ("a{2}", "aa", true),
            ("a{2,}", "aaaa", true),
            ("\\d+", "123", true),
            ("\\d", "٣", false),
            ("\\w+", "é", false),
            ("\\s", "\u{a0}", false),
            ("\\D", "é", true),
            ("[\\d]", "7", true),
            ("[^\\d]", "é", true),
            ("[\\W]", "é", true),
            ("[a&&b]", "&", true),
            ("[-a]", "-", true),
            ("[+--]", ",", true),
            ("[a~~b]", "~", true),
            ("[[a]", "[", true),
            ("[]a]", "]", true),
            ("[a-]", "-", true),
            ("\\<", "<", true),
            ("\\>", ">", true),
            ("\\Qa.b\\E+", "a.bb", true),
            ("\\Qa.b", "a.b", true),
            ("\\Qa.b", "axb", false),
            ("\\0", "\u{0}", true),
            ("\\101", "A", true),
            ("\\x41\\x{42}", "AB", true),
            ("\\p{Greek}+", "αβ", true),
            ("\\p{^Greek}", "a", true),
            ("\\PL", "1", true),
            ("\\pL", "é", true),
            ("[[:alpha:]]+", "abc", true),
            ("[[:^digit:]]", "a", true),
            ("(?i)abc", "ABC", true),
            ("(?i:a)b", "Ab", true),
            ("(?P<name>a)(?<other>b)", "ab", true),
            ("(?P<a>x)(?P<a>y)", "xy", true),
            ("(?P<1st>x)", "x", true),
            ("(?)a", "a", true),
            ("\\bfoo\\b", "foo", true),
            ("a*?", "aa", true),
            ("(?U)a+", "aaa", true),
            ("x]", "x]", true),
            ("x}", "x}", true),
            ("#", "#", true),
        ];
        for (pattern, value, want) in cases {
            assert_eq!(matches(pattern, value), want, "{pattern} against {value:?}");
        }
    }

    #[test]
    fn what_go_refuses_is_refused() {
        let cases = [
            ("a**", "invalid nested repetition operator: `**`"),
            ("a*+", "invalid nested repetition operator: `*+`"),
            ("a+*?", "invalid nested repetition operator: `+*?`"),
            ("a{2}*", "invalid nested repetition operator: `{2}*`"),
            ("a{1001}", "invalid repeat count: `{1001}`"),
            ("a{2,1}", "invalid repeat count: `{2,1}`"),
            ("(a{100}){20}", "invalid repeat count: `{20}`"),
            ("((a{10})*){200}", "invalid repeat count: `{200}`"),
            ("(a{100}|b){20}", "invalid repeat count: `{20}`"),
            ("(?x)a", "invalid or unsupported Perl syntax: `(?x`"),
            ("(?i-)a", "invalid or unsupported Perl syntax: `(?i-)`"),
            ("(?P=n)", "invalid or unsupported Perl syntax: `(?P`"),
            ("(?P<a-b>x)", "invalid named capture: `(?P<a-b>`"),
            ("\\e", "invalid escape sequence: `\\e`"),
            ("\\u0041", "invalid escape sequence: `\\u`"),
            ("\\1", "invalid escape sequence: `\\1`"),
            ("\\C", "invalid escape sequence: `\\C`"),
            ("\\Z", "invalid escape sequence: `\\Z`"),
            ("\\p{greek}", "invalid character class range: `\\p{greek}`"),
            ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
            ("[z-a]", "invalid character class range: `z-a`"),
            ("[a--b]", "invalid character class range: `a--`"),
            ("*a", "missing argument to repetition operator: `*`"),
            ("[a", "missing closing ]: `[a`"),
            ("x[a-", "missing closing ]: `[a-`"),
            ("a)", "unexpected ): `a)`"),
            ("(a", "missing closing ): `(a`"),
            ("a\\", "trailing backslash at end of expression: ``"),
        ];
        for (pattern, want) in cases {
            assert_eq!(
                Pattern::compile(pattern).err().as_deref(),
                Some(want),
                "{pattern}"
            );
        }
    }

    #[test]
    fn literals_skip_the_regex_engine() {
        assert!(
            matches!(Pattern::compile("prod|staging"), Ok(Pattern::Literals(l)) if l == ["prod", "staging"])
        );
        assert!(matches!(Pattern::compile("v1\\.2"), Ok(Pattern::Literals(l)) if l == ["v1.2"]));
        assert!(matches!(Pattern::compile(""), Ok(Pattern::Literals(l)) if l == [""]));
        assert!(matches!(Pattern::compile("a|"), Ok(Pattern::Literals(l)) if l == ["a", ""]));
        assert!(matches!(Pattern::compile(".*"), Ok(Pattern::Any)));
        assert!(matches!(Pattern::compile("a.b"), Ok(Pattern::Regex(_))));
        assert!(matches!(Pattern::compile("\\d"), Ok(Pattern::Regex(_))));
    }
}
