//! `match`: whether a selector matches label sets, with Prometheus' semantics.

use std::io::Write;

use pyroql::matching::{CompiledSelector, Labels, LabelsError};

use super::args::MatchArgs;
use super::input::{sources, Line};
use super::output::{Output, Place, Settings};

/// What `match --format json` prints for a label set.
#[derive(serde::Serialize)]
struct Matched {
    matched: bool,
}

pub fn matches(args: &MatchArgs) -> u8 {
    let settings = Settings::new(&args.output);
    let mut out = Output::new(&settings);
    let Some(compiled) = compile(&mut out, args.selector.as_encoded_bytes()) else {
        let mut streams = super::output::Streams::new();
        let result = streams.write(out.into_transcript());
        return streams.finish(result);
    };
    let sources = sources(&args.labels, 2, &args.files.files);
    super::workers::run_inputs(
        &settings,
        &sources,
        &|out: &mut Output<'_>, source: &str, line, text: Line<'_>| {
            match_one(out, &compiled, source, line, text);
        },
    )
}

/// The selector (the first argument, `<arg1>`) compiled; `None` once its problem is reported.
fn compile(out: &mut Output<'_>, query: &[u8]) -> Option<CompiledSelector> {
    let source = "<arg1>";
    let selector = match pyroql::parse_bytes(query) {
        Ok(selector) => selector,
        Err(error) => {
            out.parse_error(source, 1, query, &error);
            return None;
        }
    };
    match CompiledSelector::new(&selector) {
        Ok(compiled) => Some(compiled),
        Err(error) => {
            out.problem(Place::at(source, 1, 1), &error.to_string());
            None
        }
    }
}

fn match_one(
    out: &mut Output<'_>,
    compiled: &CompiledSelector,
    source: &str,
    line: usize,
    input: Line<'_>,
) {
    let labels = match input.text() {
        Ok(text) => Labels::parse(text),
        Err(error) => {
            let place = Place::in_query(source, line, input.bytes, error.valid_up_to());
            return out.problem(place, "a label set must be UTF-8 text");
        }
    };
    let labels = match labels {
        Ok(labels) => labels,
        Err(LabelsError::Parse(error)) => {
            return out.parse_error(source, line, input.bytes, &error)
        }
        Err(error) => return out.problem(Place::at(source, line, 1), &error.to_string()),
    };
    let matched = compiled.matches(&labels);
    if !matched {
        out.fail();
    }
    if out.json() {
        out.json_line(&Matched { matched });
    } else {
        // Writing into memory cannot fail.
        let _ = writeln!(out.out(), "{matched}");
    }
}
