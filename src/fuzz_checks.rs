//! The properties the fuzz targets check, shared with the test that replays the fuzz corpora
//! (`tests/fuzz_corpora.rs`) so that both run the very same assertions. Each function takes the
//! fuzzer's bytes and panics when a property fails.

use std::borrow::Cow;

use crate::ast::{Identifier, MatchOp, Matcher, Selector};
#[cfg(feature = "matching")]
use crate::matching::CompiledSelector;
use crate::profile_type::{resolve, ProfileType};

/// `parse`: any bytes never make the parser panic, and whatever parses prints and parses back
/// equal, with idempotent printing. Bytes that are not UTF-8 get the text parser's answer for the
/// text Prometheus' lexer reads (each such byte a U+FFFD), moved back onto the bytes.
pub fn parse_bytes(data: &[u8]) {
    match std::str::from_utf8(data) {
        Ok(input) => {
            assert_eq!(crate::parse_bytes(data), crate::parse(input), "{input:?}");
            parse_text(input);
        }
        Err(_) => parse_not_utf8(data),
    }
}

fn parse_not_utf8(data: &[u8]) {
    let parsed = crate::parse_bytes(data);
    let repaired = crate::names::Repaired::new(data);
    let as_text = crate::parse(repaired.text());
    match (&parsed, &as_text) {
        (Ok(selector), Ok(text_selector)) => {
            assert_eq!(selector, text_selector, "{data:?}");
            // Every span holds, in the bytes, what the selector says stands there.
            for m in selector {
                let value = &data[m.spans.value.start..m.spans.value.end];
                assert!(value.len() >= 2 || m.spans.value.is_empty(), "{data:?}");
                if let Cow::Borrowed(v) = &m.value {
                    assert_eq!(&value[1..value.len() - 1], v.as_bytes(), "{data:?}");
                }
            }
            if let Some(id) = selector.identifier() {
                assert_eq!(&data[id.span.start..id.span.end], id.as_str().as_bytes());
            }
            check_round_trip(selector, "a query of bytes");
        }
        (Err(error), Err(text_error)) => {
            assert_eq!(error.kind(), text_error.kind(), "{data:?}");
            let span = error.span();
            assert!(
                span.start <= span.end && span.end <= data.len(),
                "{data:?}: {span:?}"
            );
            assert!(!error.report_bytes(data).to_string().is_empty());
        }
        _ => panic!("{data:?}: bytes {parsed:?}, text {as_text:?}"),
    }
}

/// See [`parse_bytes`]. Also: the parser's shortcut for the common matcher (`parse/shortcut.rs`)
/// gives exactly what the nom grammar alone gives, spans and errors included.
pub fn parse_text(input: &str) {
    let parsed = crate::parse(input);
    let reference = crate::parse::parse_by_general_path(input);
    assert_eq!(
        parsed, reference,
        "{input:?}: fast and general paths differ"
    );
    if let (Ok(fast), Ok(general)) = (&parsed, &reference) {
        assert_eq!(fast.span(), general.span(), "{input:?}");
        let spans = |s: &Selector<'_>| s.iter().map(|m| m.spans).collect::<Vec<_>>();
        assert_eq!(spans(fast), spans(general), "{input:?}");
    }
    check_verdicts(
        &parsed,
        &crate::Parser::new().syntax_only().parse(input),
        input,
    );
    match parsed {
        Ok(selector) => check_round_trip(&selector, input),
        Err(error) => {
            let span = error.span();
            assert!(
                span.start <= span.end && span.end <= input.len(),
                "{input:?}: span {span:?} out of bounds"
            );
            if !input.is_empty() {
                assert!(
                    input.is_char_boundary(span.start),
                    "{input:?}: span {span:?}"
                );
            }
            let report = error.report(input).to_string();
            assert!(report.starts_with(&error.to_string()));
        }
    }
}

/// The full verdict (patterns checked) against syntax alone: the same, but for a pattern Go
/// refuses, which fails the query at its matcher before any later syntax error.
fn check_verdicts(
    full: &Result<Selector<'_>, crate::ParseError>,
    syntax: &Result<Selector<'_>, crate::ParseError>,
    input: &str,
) {
    let Err(error) = full else {
        assert_eq!(full, syntax, "{input:?}");
        return;
    };
    let crate::ErrorKind::InvalidRegex { code, .. } = error.kind() else {
        assert_eq!(full, syntax, "{input:?}");
        return;
    };
    match syntax {
        Ok(selector) => {
            let matcher = selector
                .iter()
                .find(|m| m.spans.full() == error.span())
                .unwrap_or_else(|| panic!("{input:?}: no matcher at {:?}", error.span()));
            assert!(matcher.op.is_regex(), "{input:?}");
            let refused = crate::regexp::check(&matcher.value).expect_err("Go refuses it");
            assert_eq!(refused.kind(), *code, "{input:?}");
        }
        Err(later) => assert!(later.span().start > error.span().start, "{input:?}"),
    }
}

/// Printing keeps the syntax; whether a pattern is one Go accepts is the value's business, so
/// the printed text is read back for its syntax.
fn check_round_trip(selector: &Selector<'_>, origin: &str) {
    let syntax = crate::Parser::new().syntax_only();
    let printed = selector.to_string();
    let again = syntax
        .parse(&printed)
        .unwrap_or_else(|e| panic!("{origin:?} printed as {printed:?}, which fails: {e}"));
    assert_eq!(&again, selector, "{origin:?} printed as {printed:?}");
    assert_eq!(
        again.to_string(),
        printed,
        "printing {origin:?} is not idempotent"
    );
    let sorted = selector.sorted().to_string();
    let again = syntax
        .parse(&sorted)
        .unwrap_or_else(|e| panic!("{origin:?} sorted as {sorted:?}, which fails: {e}"));
    assert_eq!(again.sorted().to_string(), sorted);
}

/// Reads the fuzzer's bytes as a stream of small decisions.
struct Bytes<'d>(&'d [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    /// Text of up to 15 bytes, made valid UTF-8 (broken bytes become U+FFFD).
    fn text(&mut self) -> Option<String> {
        let len = usize::from(self.byte()? & 0x0f).min(self.0.len());
        let (text, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(String::from_utf8_lossy(text).into_owned())
    }
}

/// `roundtrip`: a selector built from the bytes (any names and values, any operators, an
/// identifier when the bytes give a valid one) prints and parses back equal.
pub fn roundtrip(data: &[u8]) {
    let mut bytes = Bytes(data);
    let identifier = match bytes.byte() {
        Some(b) if b & 1 == 1 => bytes.text().and_then(|t| Identifier::new(t).ok()),
        _ => None,
    };
    let mut matchers = Vec::new();
    while let (Some(op), Some(name), Some(value)) = (bytes.byte(), bytes.text(), bytes.text()) {
        let op = [
            MatchOp::Equal,
            MatchOp::NotEqual,
            MatchOp::Regex,
            MatchOp::NotRegex,
        ][usize::from(op & 3)];
        matchers.push(Matcher::new(name, op, value));
    }
    let selector = Selector::from_parts(identifier, matchers);
    check_round_trip(&selector, "a built selector");
}

/// `profile_type`: any text parses as an ID exactly when it has five or six `:`-separated parts,
/// prints back as itself, and resolves or fails without panicking.
pub fn profile_type(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parts = text.split(':').count();
    match ProfileType::parse(text) {
        Ok(pt) => {
            assert!(parts == 5 || parts == 6, "{text:?} has {parts} parts");
            assert_eq!(pt.to_string(), text);
            let mut rejoined = [
                pt.name(),
                pt.sample_type(),
                pt.sample_unit(),
                pt.period_type(),
                pt.period_unit(),
            ]
            .join(":");
            if let Some(delta) = pt.delta() {
                rejoined = format!("{rejoined}:{delta}");
            }
            assert_eq!(rejoined, text);
        }
        Err(error) => assert_eq!(error.parts, parts, "{text:?}"),
    }
    if let Ok(resolution) = resolve(text, None) {
        assert!(ProfileType::parse(resolution.id.id()).is_ok());
        assert!(resolution
            .candidates
            .iter()
            .any(|c| c == resolution.id.id()));
    }
}

/// `normalize`: the first line of the bytes is a selector; normalizing it is idempotent and
/// keeps which label sets (made from the rest of the bytes) match.
#[cfg(feature = "matching")]
pub fn normalize(data: &[u8]) {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(query) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let Ok(selector) = crate::parse(query) else {
        return;
    };
    let normal = selector.normalize();
    assert_eq!(
        normal.normalize().to_string(),
        normal.to_string(),
        "{query:?}"
    );
    check_round_trip(&normal, query);
    let (before, after) = match (
        CompiledSelector::new(&selector),
        CompiledSelector::new(&normal),
    ) {
        (Ok(before), Ok(after)) => (before, after),
        (Err(_), Err(_)) => return,
        (before, after) => panic!(
            "{query:?}: compiles {} before normalizing, {} after",
            before.is_ok(),
            after.is_ok()
        ),
    };
    // Label sets: each label the selector names takes one of its values, "", or bytes' text.
    let mut names: Vec<Cow<'_, str>> = selector.iter().map(|m| m.name.clone()).collect();
    names.push(Cow::Borrowed(crate::ast::METRIC_NAME));
    let mut values: Vec<String> = selector.iter().map(|m| m.value.to_string()).collect();
    values.extend(selector.identifier().map(|id| id.as_str().to_owned()));
    values.push(String::new());
    let mut bytes = Bytes(&data[split.min(data.len())..]);
    while let Some(choices) = bytes.byte() {
        let extra = bytes.text().unwrap_or_default();
        let labels: Vec<(&str, &str)> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| choices >> (i % 8) & 1 == 1)
            .map(|(i, name)| {
                let pick = (usize::from(choices) + i) % (values.len() + 1);
                (
                    name.as_ref(),
                    values.get(pick).map_or(extra.as_str(), String::as_str),
                )
            })
            .collect();
        assert_eq!(
            before.matches(labels.as_slice()),
            after.matches(labels.as_slice()),
            "{query:?} vs {normal} on {labels:?}"
        );
    }
}

/// `perses`: any bytes are read (JSON or YAML), validated and executed without panicking; every
/// diagnostic has a position inside the text, a path and a message; a query's spec executes
/// into a selector that prints and parses back; every query Perses would store runs from its
/// validation as it runs from its spec, and what it runs parses back unless a pattern Go
/// refuses fails it.
#[cfg(feature = "perses")]
pub fn perses(data: &[u8]) {
    use crate::perses::{lint, TimeRange};

    let text = String::from_utf8_lossy(data);
    let Ok(found) = crate::perses::lint(&text) else {
        return;
    };
    // YAML breaks lines at `\r` too.
    let breaks = text.bytes().filter(|b| matches!(b, b'\n' | b'\r')).count();
    let lines = u32::try_from(breaks + 1).unwrap_or(u32::MAX);
    for d in &found.diagnostics {
        assert!(!d.path.is_empty() && !d.message.is_empty(), "{d:?}");
        assert!(
            d.line >= 1 && d.line <= lines.saturating_add(1) && d.column >= 1,
            "{d:?}"
        );
        let _ = lint::render(d, "fuzz", lint::Format::Json);
    }
    for query in &found.queries {
        if let Some(Ok(executed)) = query.spec.as_ref().map(|spec| spec.execute(None)) {
            let url = executed.render_url("http://pyroscope:4040", "now-1h", "now");
            assert!(url.starts_with("http://pyroscope:4040/pyroscope/render?query="));
            check_round_trip(&executed.selector, "an executed query");
        }
        let Some(validated) = &query.validated else {
            continue;
        };
        let executed = validated.execute();
        assert_eq!(executed, validated.spec.execute(None), "{validated:?}");
        if let Ok(executed) = executed {
            let url = executed.render_request("http://pyroscope:4040", &TimeRange::Unset);
            assert!(url.starts_with("http://pyroscope:4040/pyroscope/render?query="));
            let printed = executed.render_query();
            // It parses back, unless a pattern Go's RE2 refuses makes it fail (validation says
            // so), whichever of parsing and matching checks patterns.
            let parsed = crate::parse(&printed).map(Selector::into_owned);
            let bad_pattern = executed
                .selector
                .iter()
                .any(|m| m.op.is_regex() && crate::regexp::check(&m.value).is_err());
            assert!(
                parsed.is_ok() || bad_pattern,
                "{printed:?} does not parse: {parsed:?}"
            );
            let _ =
                crate::perses::plugin::render_url(&validated.spec, "http://p", &TimeRange::Unset);
        }
    }
}

/// `matching`: the first line of the bytes is a pattern, the other lines values (made UTF-8).
/// pyroql's matcher, in the fast forms it puts Prometheus' structure in, answers as that
/// structure does taken as it is, its regex run by pyroql's own engine; and where the `regex`
/// crate builds the pattern's translation, it agrees with pyroql's engine on every value. The
/// compile verdict is `regexp::check`'s, and `!~` answers the opposite of `=~`.
#[cfg(feature = "matching")]
pub fn matching(data: &[u8]) {
    use crate::matching::regex::{Pattern, Reference};

    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(pattern) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let fast = Pattern::compile(pattern);
    let reference = Reference::compile(pattern);
    let checked = crate::regexp::check(pattern);
    match (&fast, &reference) {
        (Ok(_), Ok(_)) => assert!(checked.is_ok(), "{pattern:?}: {checked:?}"),
        (Err(a), Err(b)) => {
            assert_eq!(a, b, "{pattern:?}");
            assert_eq!(checked.as_ref().err(), Some(a), "{pattern:?}");
            return;
        }
        _ => panic!("{pattern:?}: fast {fast:?}, reference {reference:?}"),
    }
    let (Ok(fast), Ok(reference)) = (fast, reference) else {
        return;
    };
    let rest = String::from_utf8_lossy(data.get(split + 1..).unwrap_or_default());
    let mut values: Vec<&str> = rest.split('\n').collect();
    values.extend(["", pattern]);
    let regex = Matcher::new("l", MatchOp::Regex, pattern);
    let not_regex = Matcher::new("l", MatchOp::NotRegex, pattern);
    let (Ok(regex), Ok(not_regex)) = (
        crate::matching::CompiledMatcher::new(&regex),
        crate::matching::CompiledMatcher::new(&not_regex),
    ) else {
        panic!("{pattern:?} compiles as a pattern but not as a matcher");
    };
    for value in values {
        let want = reference.matches(value);
        assert_eq!(fast.is_match(value), want, "{pattern:?} on {value:?}");
        assert_eq!(regex.matches(value), want, "{pattern:?} on {value:?}");
        assert_eq!(not_regex.matches(value), !want, "{pattern:?} on {value:?}");
        if let Some((own, Some(crate_answer))) = reference.engines(value) {
            assert_eq!(
                own, crate_answer,
                "{pattern:?} on {value:?}: pyroql's engine and the regex crate differ"
            );
        }
    }
}
