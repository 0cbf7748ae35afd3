//! Turning what users write for a profile type into the full ID Pyroscope needs (see
//! [`resolve`]).

use std::fmt;

use super::available::Available;
use super::catalog::legacy::{legacy_candidates, LEGACY_NAMES};
use super::catalog::{self, Group, CATALOG};
use super::{ProfileType, ProfileTypeError};

/// Which of the accepted forms a name matched (see [`resolve`]).
///
/// ```
/// use pyroql::profile_type::{catalog::Group, resolve, Rule};
/// assert_eq!(resolve("memory", None).unwrap().rule, Rule::Group(Group::Memory));
/// assert_eq!(resolve("alloc_space", None).unwrap().rule, Rule::LegacyName);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// A full ID.
    FullId,
    /// A Perses picker label, `<name>/<sample-type>`.
    PickerLabel,
    /// A legacy profile name (`alloc_space`).
    LegacyName,
    /// A group word (`memory`).
    Group(Group),
}

/// How the ID was chosen among the candidates (see [`resolve`]).
///
/// ```
/// use pyroql::profile_type::{resolve, Available, Choice};
/// let server = Available::from_ids(["wall:wall:nanoseconds:wall:nanoseconds"]).unwrap();
/// let id = "process_cpu:cpu:nanoseconds:cpu:nanoseconds";
/// assert_eq!(resolve(id, Some(&server)).unwrap().choice, Choice::NotOnServer);
/// assert_eq!(resolve("cpu", None).unwrap().choice, Choice::DefaultOrder);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Choice {
    /// There was one candidate and no server list.
    Only,
    /// The first candidate, in order of preference, that the server reports.
    Server,
    /// The first candidate in the default order, for want of a server list.
    DefaultOrder,
    /// A full ID the server does not report, passed through all the same.
    NotOnServer,
}

/// A resolved name: the ID, and why. `Display` explains it over a few lines:
///
/// ```
/// let r = pyroql::profile_type::resolve("goroutines", None).unwrap();
/// assert_eq!(r.to_string(), "\
/// goroutines -> goroutines:goroutine:count:goroutine:count
///   matched: a legacy Pyroscope profile name
///   candidates, in order of preference:
///     goroutines:goroutine:count:goroutine:count (Go (push): goroutines)
///     goroutine:goroutine:count:goroutine:count (Go (scrape): goroutines)
///   chosen: the first candidate; give the server's list to choose by it");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    /// What was asked.
    pub name: String,
    /// The ID it stands for.
    pub id: ProfileType<'static>,
    /// The form the name matched.
    pub rule: Rule,
    /// Every ID the name could stand for, in order of preference.
    pub candidates: Vec<String>,
    /// How `id` was chosen among them.
    pub choice: Choice,
}

impl fmt::Display for Resolution {
    /// Explains the resolution over a few lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} -> {}", self.name, self.id)?;
        let matched = match self.rule {
            Rule::FullId => "a full profile-type ID".to_owned(),
            Rule::PickerLabel => "a Perses picker label <name>/<sample-type>".to_owned(),
            Rule::LegacyName => "a legacy Pyroscope profile name".to_owned(),
            Rule::Group(group) => format!("the group word for {group} profiles"),
        };
        writeln!(f, "  matched: {matched}")?;
        if self.rule != Rule::FullId {
            writeln!(f, "  candidates, in order of preference:")?;
            for candidate in &self.candidates {
                let clients = catalog::lookup(candidate)
                    .map(|known| format!(" ({}: {})", known.clients.join(", "), known.measures))
                    .unwrap_or_default();
                writeln!(f, "    {candidate}{clients}")?;
            }
        }
        let chosen = match self.choice {
            Choice::Only => "the only candidate",
            Choice::Server => "the first candidate the server reports",
            Choice::DefaultOrder => "the first candidate; give the server's list to choose by it",
            Choice::NotOnServer => "passed through, although the server does not report it",
        };
        write!(f, "  chosen: {chosen}")
    }
}

/// A name that does not resolve; returned by [`resolve`].
///
/// ```
/// use pyroql::profile_type::{resolve, Available, ResolveError};
/// let server = Available::from_ids(["process_cpu:cpu:nanoseconds:cpu:nanoseconds"]).unwrap();
/// let Err(ResolveError::NotAvailable { candidates, available, .. }) = resolve("goroutines", Some(&server)) else { panic!() };
/// assert_eq!(candidates, ["goroutines:goroutine:count:goroutine:count", "goroutine:goroutine:count:goroutine:count"]);
/// assert_eq!(available, ["process_cpu:cpu:nanoseconds:cpu:nanoseconds"]);
/// assert!(matches!(resolve("a:b", None), Err(ResolveError::Malformed(_))));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// A name pyroql does not know.
    #[error("unknown profile type {name:?}{}", Suggestions(.suggestions))]
    Unknown {
        /// What was asked.
        name: String,
        /// The known names nearest to it.
        suggestions: Vec<String>,
    },
    /// A name whose candidates the server has none of.
    #[error("{name:?} stands for {}, but the server reports none of them; it has {}", .candidates.join(" or "), List(.available))]
    NotAvailable {
        /// What was asked.
        name: String,
        /// What it could stand for.
        candidates: Vec<String>,
        /// What the server reports.
        available: Vec<String>,
    },
    /// Something with a `:` that is not an ID.
    #[error(transparent)]
    Malformed(#[from] ProfileTypeError),
}

struct Suggestions<'s>(&'s [String]);

impl fmt::Display for Suggestions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f
                .write_str("; give a full ID such as process_cpu:cpu:nanoseconds:cpu:nanoseconds");
        }
        write!(f, "; did you mean {}?", self.0.join(", "))
    }
}

struct List<'s>(&'s [String]);

impl fmt::Display for List<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no profile types at all");
        }
        f.write_str(&self.0.join(", "))
    }
}

/// Resolves `name` to one full profile-type ID, choosing among candidates by `available` (the
/// server's profile types) when given, and says how it chose ([`Resolution`], whose `Display`
/// explains it over a few lines).
///
/// Pyroscope rejects `cpu` as a profile type; dashboards (the Perses docs among them) write `cpu`,
/// `memory` or `goroutines` anyway. `resolve` accepts, in this order:
///
/// 1. a full ID (anything with a `:`), validated by Pyroscope's rule and passed through;
/// 2. a label as the Perses picker shows it, `<name>/<sample-type>` (`memory/alloc_space`);
/// 3. a legacy profile name, the suffix of Pyroscope 0.x app names (`app.cpu`): `cpu`, `wall`,
///    `itimer`, `alloc_objects`, `alloc_space`, `inuse_objects`, `inuse_space`, `goroutines`,
///    `mutex_count`, `mutex_duration`, `block_count`, `block_duration`, `lock_count`,
///    `lock_duration`, `alloc_in_new_tlab_objects`, `alloc_in_new_tlab_bytes`,
///    `alloc_outside_tlab_objects`, `alloc_outside_tlab_bytes`, `live`, `exceptions`;
/// 4. a group word: `cpu`, `wall`, `off_cpu`, `memory`, `goroutine(s)`, `mutex`, `block`,
///    `lock(s)`, `exception(s)`.
///
/// Names in 3 and 4 match case-insensitively. Most names have several candidate IDs, because the
/// right one depends on the client that sent the data. Given the IDs the server reports
/// ([`Available`]), the first candidate it has wins. Without them, the default order decides:
/// within each name, the candidates stand in the order of [`CATALOG`]:
///
/// - Go and the other pprof clients first, since they are the most common senders, then Java,
///   Python, Node.js and .NET;
/// - for memory, space in use first (`memory:inuse_space:bytes:space:bytes`): it is the heap
///   profile's default view in pprof; for mutex and block, delay (time) before contentions (count),
///   which is pprof's default too; for CPU, time before sample counts.
///
/// ```
/// use pyroql::profile_type::{resolve, Available, Choice, ResolveError, Rule};
/// let r = resolve("memory/alloc_space", None).unwrap();
/// assert_eq!(r.id.id(), "memory:alloc_space:bytes:space:bytes");
/// assert_eq!((r.rule, r.choice), (Rule::PickerLabel, Choice::Only));
/// assert_eq!(resolve("CPU", None).unwrap().id.id(), "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
///
/// // The server's list decides among the candidates.
/// let server = Available::from_ids(["memory:alloc_in_new_tlab_bytes:bytes:space:bytes"]).unwrap();
/// let r = resolve("memory", Some(&server)).unwrap();
/// assert_eq!((r.id.id(), r.choice), ("memory:alloc_in_new_tlab_bytes:bytes:space:bytes", Choice::Server));
///
/// let err = resolve("alloc_spce", None).unwrap_err();
/// assert!(matches!(&err, ResolveError::Unknown { suggestions, .. } if suggestions[0] == "alloc_space"));
/// assert_eq!(err.to_string(), r#"unknown profile type "alloc_spce"; did you mean alloc_space?"#);
/// ```
pub fn resolve(name: &str, available: Option<&Available>) -> Result<Resolution, ResolveError> {
    let (rule, candidates) = candidates(name, available)?;
    let (id, choice) = match available {
        Some(server) if rule == Rule::FullId => {
            let choice = if server.contains(&candidates[0]) {
                Choice::Server
            } else {
                Choice::NotOnServer
            };
            (candidates[0].clone(), choice)
        }
        Some(server) => match candidates.iter().find(|c| server.contains(c)) {
            Some(id) => (id.clone(), Choice::Server),
            None => {
                return Err(ResolveError::NotAvailable {
                    name: name.to_owned(),
                    candidates,
                    available: server.ids().iter().map(|pt| pt.id().to_owned()).collect(),
                })
            }
        },
        None if candidates.len() == 1 => (candidates[0].clone(), Choice::Only),
        None => (candidates[0].clone(), Choice::DefaultOrder),
    };
    // Every candidate is a valid ID: from the catalog, the server list, or parsed above.
    let id = id.parse()?;
    Ok(Resolution {
        name: name.to_owned(),
        id,
        rule,
        candidates,
        choice,
    })
}

/// The form `name` matches and its candidates in order of preference.
fn candidates(
    name: &str,
    available: Option<&Available>,
) -> Result<(Rule, Vec<String>), ResolveError> {
    if name.contains(':') {
        let id = ProfileType::parse(name)?;
        return Ok((Rule::FullId, vec![id.id().to_owned()]));
    }
    if let Some((profile, sample_type)) = name.split_once('/') {
        let matches =
            |pt: &ProfileType<'_>| pt.name() == profile && pt.sample_type() == sample_type;
        let mut found: Vec<String> = CATALOG
            .iter()
            .filter_map(|known| ProfileType::parse(known.id).ok())
            .filter(matches)
            .map(|pt| pt.id().to_owned())
            .collect();
        for pt in available.map_or(&[][..], Available::ids) {
            if matches(pt) && !found.iter().any(|id| id == pt.id()) {
                found.push(pt.id().to_owned());
            }
        }
        if !found.is_empty() {
            return Ok((Rule::PickerLabel, found));
        }
    } else if let Some(ids) = legacy_candidates(name) {
        return Ok((
            Rule::LegacyName,
            ids.iter().map(|id| (*id).to_owned()).collect(),
        ));
    } else if let Some(group) = Group::from_word(name) {
        let ids = catalog::in_group(group)
            .map(|known| known.id.to_owned())
            .collect();
        return Ok((Rule::Group(group), ids));
    }
    Err(ResolveError::Unknown {
        name: name.to_owned(),
        suggestions: suggestions(name, available),
    })
}

/// Every name [`resolve`] knows, for suggestions: legacy names, group words, picker labels.
fn known_names(available: Option<&Available>) -> Vec<String> {
    let mut names: Vec<String> = LEGACY_NAMES.iter().map(|(n, _)| (*n).to_owned()).collect();
    names.extend(Group::ALL.iter().map(|g| g.as_str().to_owned()));
    let ids = CATALOG
        .iter()
        .filter_map(|known| ProfileType::parse(known.id).ok())
        .chain(available.map_or(&[][..], Available::ids).iter().cloned());
    names.extend(ids.map(|pt| pt.picker_label()));
    names.sort_unstable();
    names.dedup();
    names
}

/// Up to three known names close to `name`: a small edit distance, or one containing the other.
fn suggestions(name: &str, available: Option<&Available>) -> Vec<String> {
    // Past this length a name is no typo of a known one; this also bounds the work.
    const LONGEST: usize = 64;
    if name.is_empty() || name.len() > LONGEST {
        return Vec::new();
    }
    let lower = name.to_ascii_lowercase();
    let mut scored: Vec<(usize, String)> = known_names(available)
        .into_iter()
        .filter_map(|known| {
            let distance = edit_distance(&lower, &known.to_ascii_lowercase());
            let close = distance <= (lower.chars().count() / 3).max(1);
            let contains = lower.len() >= 3 && (known.contains(&lower) || lower.contains(&known));
            (close || contains).then_some((distance, known))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalog_entry_resolves_to_itself() {
        for known in CATALOG {
            let r = resolve(known.id, None).unwrap();
            assert_eq!(
                (r.id.id(), r.rule, r.choice),
                (known.id, Rule::FullId, Choice::Only)
            );
            let server = Available::from_ids([known.id]).unwrap();
            assert_eq!(
                resolve(known.id, Some(&server)).unwrap().choice,
                Choice::Server
            );
            // Its picker label resolves to it when the server has only it.
            let pt = ProfileType::parse(known.id).unwrap();
            let r = resolve(&pt.picker_label(), Some(&server)).unwrap();
            assert_eq!(r.id.id(), known.id);
            // Its group word finds it when the server has only it.
            let r = resolve(known.group.as_str(), Some(&server)).unwrap();
            assert_eq!(r.id.id(), known.id);
        }
    }

    #[test]
    fn every_legacy_name_resolves_to_catalog_ids() {
        for (name, ids) in LEGACY_NAMES {
            let r = resolve(name, None).unwrap();
            assert_eq!(r.rule, Rule::LegacyName);
            assert_eq!(r.id.id(), ids[0]);
            for id in *ids {
                let server = Available::from_ids([*id]).unwrap();
                assert_eq!(resolve(name, Some(&server)).unwrap().id.id(), *id);
            }
            assert_eq!(resolve(&name.to_uppercase(), None).unwrap().id.id(), ids[0]);
        }
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("memroy", "memory"), 2);
        assert_eq!(edit_distance("cpu", "cpu"), 0);
    }
}
