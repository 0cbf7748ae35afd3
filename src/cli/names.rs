//! `resolve`: profile-type names to full IDs.

use std::io::Write;

use super::args::ResolveArgs;
use super::input::{sources, Line};
use super::output::{Output, Place, Settings};

/// What `resolve --format json` prints for a name.
#[derive(serde::Serialize)]
struct Resolved<'a> {
    name: &'a str,
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    candidates: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<String>,
}

pub fn resolve(args: &ResolveArgs) -> u8 {
    let settings = Settings::new(&args.output);
    let sources = sources(&args.names, 1, &args.files.files);
    super::workers::run_inputs(
        &settings,
        &sources,
        &|out: &mut Output<'_>, source: &str, line, input: Line<'_>| {
            let name = match input.text() {
                Ok(name) => name,
                Err(error) => {
                    let place = Place::in_query(source, line, input.bytes, error.valid_up_to());
                    return out.problem(place, "a profile-type name must be UTF-8 text");
                }
            };
            let resolution = match pyroql::profile_type::resolve(name, args.available.as_ref()) {
                Ok(resolution) => resolution,
                Err(error) => return out.problem(Place::at(source, line, 1), &error.to_string()),
            };
            if out.json() {
                return out.json_line(&Resolved {
                    name,
                    id: resolution.id.to_string(),
                    candidates: args.explain.then_some(resolution.candidates.as_slice()),
                    explanation: args.explain.then(|| resolution.to_string()),
                });
            }
            // Writing into memory cannot fail.
            let _ = if args.explain {
                writeln!(out.out(), "{resolution}")
            } else {
                writeln!(out.out(), "{}", resolution.id)
            };
        },
    )
}
