//! The well-known profile-type IDs real clients send, as data embedders can list.
//!
//! Sources: grafana/pyroscope (`ui/src/api/profileTypes.json` and its integration tests,
//! `pkg/test/integration/ingest_pprof_test.go` for the Node.js pprof profiles), grafana/jfr-parser,
//! grafana/alloy's scrape component, grafana/pyroscope-dotnet (`SampleValueTypeProvider.cpp`,
//! `PyroscopePprofSink.cpp`), pyroscope-go, pyroscope-rs. Within a group
//! the entries stand in the order [`resolve`](super::resolve()) prefers them when nothing
//! else decides (see there).
//!
//! ```
//! use pyroql::profile_type::catalog::{self, Group};
//! let known = catalog::lookup("memory:alloc_space:bytes:space:bytes").unwrap();
//! assert_eq!((known.group, known.unit), (Group::Memory, "bytes"));
//! assert_eq!(catalog::in_group(Group::Goroutines).count(), 2);
//! ```

use std::fmt;

pub(crate) mod legacy;

/// What a profile type measures, broadly; the words users write for it. `Display` is the word.
///
/// ```
/// use pyroql::profile_type::catalog::Group;
/// assert_eq!(Group::from_word("Goroutine"), Some(Group::Goroutines));
/// assert_eq!(Group::OffCpu.to_string(), "off_cpu");
/// assert!(Group::ALL.iter().all(|g| Group::from_word(g.as_str()) == Some(*g)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Group {
    /// On-CPU time.
    Cpu,
    /// Wall-clock time, on and off CPU.
    Wall,
    /// Time off CPU (blocked, sleeping), from eBPF.
    OffCpu,
    /// Heap allocations and live heap.
    Memory,
    /// Goroutines.
    Goroutines,
    /// Mutex contention.
    Mutex,
    /// Blocking on synchronization (Go's block profile).
    Block,
    /// Lock contention (.NET).
    Locks,
    /// Exceptions thrown (.NET).
    Exceptions,
    /// How long threads live (.NET's thread timeline).
    ThreadLifetime,
}

impl Group {
    /// Every group.
    pub const ALL: [Group; 10] = [
        Group::Cpu,
        Group::Wall,
        Group::OffCpu,
        Group::Memory,
        Group::Goroutines,
        Group::Mutex,
        Group::Block,
        Group::Locks,
        Group::Exceptions,
        Group::ThreadLifetime,
    ];

    /// The group's word: `cpu`, `wall`, `off_cpu`, `memory`, `goroutines`, `mutex`, `block`,
    /// `locks`, `exceptions`, `thread_lifetime`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Group::Cpu => "cpu",
            Group::Wall => "wall",
            Group::OffCpu => "off_cpu",
            Group::Memory => "memory",
            Group::Goroutines => "goroutines",
            Group::Mutex => "mutex",
            Group::Block => "block",
            Group::Locks => "locks",
            Group::Exceptions => "exceptions",
            Group::ThreadLifetime => "thread_lifetime",
        }
    }

    /// The group a word names (case-insensitively), singular and plural alike:
    /// `goroutine(s)`, `lock(s)`, `exception(s)`, `off_cpu`/`off-cpu`/`offcpu`.
    pub fn from_word(word: &str) -> Option<Group> {
        let words: &[(&str, Group)] = &[
            ("cpu", Group::Cpu),
            ("wall", Group::Wall),
            ("off_cpu", Group::OffCpu),
            ("off-cpu", Group::OffCpu),
            ("offcpu", Group::OffCpu),
            ("memory", Group::Memory),
            ("goroutine", Group::Goroutines),
            ("goroutines", Group::Goroutines),
            ("mutex", Group::Mutex),
            ("block", Group::Block),
            ("lock", Group::Locks),
            ("locks", Group::Locks),
            ("exception", Group::Exceptions),
            ("exceptions", Group::Exceptions),
            ("thread_lifetime", Group::ThreadLifetime),
        ];
        words
            .iter()
            .find(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|&(_, group)| group)
    }
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One well-known profile type.
///
/// ```
/// let known = pyroql::profile_type::catalog::lookup("process_cpu:cpu:nanoseconds:cpu:nanoseconds").unwrap();
/// assert_eq!((known.measures, known.unit), ("CPU time", "nanoseconds"));
/// assert_eq!(known.clients, ["Go", "Rust", "eBPF", "Java", "OTLP"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct KnownProfileType {
    /// The full ID.
    pub id: &'static str,
    /// What it measures, broadly.
    pub group: Group,
    /// What it measures, in a few words.
    pub measures: &'static str,
    /// The unit of its values.
    pub unit: &'static str,
    /// The clients that send it.
    pub clients: &'static [&'static str],
}

const fn known(
    id: &'static str,
    group: Group,
    measures: &'static str,
    unit: &'static str,
    clients: &'static [&'static str],
) -> KnownProfileType {
    KnownProfileType {
        id,
        group,
        measures,
        unit,
        clients,
    }
}

use Group::*;

/// The well-known IDs, grouped, each group in order of preference.
///
/// ```
/// use pyroql::profile_type::catalog::CATALOG;
/// assert_eq!(CATALOG[0].id, "process_cpu:cpu:nanoseconds:cpu:nanoseconds");
/// assert!(CATALOG.iter().all(|known| pyroql::profile_type::ProfileType::parse(known.id).is_ok()));
/// ```
pub const CATALOG: &[KnownProfileType] = &[
    known(
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
        Cpu,
        "CPU time",
        "nanoseconds",
        &["Go", "Rust", "eBPF", "Java", "OTLP"],
    ),
    known(
        "process_cpu:samples:count:cpu:nanoseconds",
        Cpu,
        "CPU samples",
        "count",
        &["Go", "Rust", "eBPF", "Java", "OTLP"],
    ),
    known(
        "process_cpu:samples:count::milliseconds",
        Cpu,
        "CPU samples",
        "count",
        &["Python (py-spy)"],
    ),
    known(
        "process_cpu:cpu:nanoseconds::nanoseconds",
        Cpu,
        "CPU time",
        "nanoseconds",
        &[".NET"],
    ),
    known(
        "process_cpu:cpu_samples:count:cpu:nanoseconds",
        Cpu,
        "CPU samples",
        "count",
        &[".NET"],
    ),
    known(
        "wall:wall:nanoseconds:wall:nanoseconds",
        Wall,
        "wall-clock time",
        "nanoseconds",
        &["Java"],
    ),
    known(
        "wall:wall:microseconds:wall:microseconds",
        Wall,
        "wall-clock time",
        "microseconds",
        &["Node.js"],
    ),
    known(
        "wall:samples:count:wall:microseconds",
        Wall,
        "wall-clock samples",
        "count",
        &["Node.js"],
    ),
    known(
        "wall:sample:count:wall:microseconds",
        Wall,
        "wall-clock samples",
        "count",
        &["Node.js"],
    ),
    known(
        "off_cpu:off_cpu:nanoseconds::",
        OffCpu,
        "time off CPU",
        "nanoseconds",
        &["eBPF"],
    ),
    known(
        "memory:inuse_space:bytes:space:bytes",
        Memory,
        "heap in use",
        "bytes",
        &["Go"],
    ),
    known(
        "memory:inuse_objects:count:space:bytes",
        Memory,
        "objects in use on the heap",
        "count",
        &["Go"],
    ),
    known(
        "memory:alloc_space:bytes:space:bytes",
        Memory,
        "bytes allocated",
        "bytes",
        &["Go"],
    ),
    known(
        "memory:alloc_objects:count:space:bytes",
        Memory,
        "objects allocated",
        "count",
        &["Go"],
    ),
    known(
        "memory:alloc_in_new_tlab_bytes:bytes:space:bytes",
        Memory,
        "bytes allocated in new TLABs",
        "bytes",
        &["Java"],
    ),
    known(
        "memory:alloc_in_new_tlab_objects:count:space:bytes",
        Memory,
        "objects allocated in new TLABs",
        "count",
        &["Java"],
    ),
    known(
        "memory:alloc_outside_tlab_bytes:bytes:space:bytes",
        Memory,
        "bytes allocated outside TLABs",
        "bytes",
        &["Java"],
    ),
    known(
        "memory:alloc_outside_tlab_objects:count:space:bytes",
        Memory,
        "objects allocated outside TLABs",
        "count",
        &["Java"],
    ),
    known(
        "memory:live:count:objects:count",
        Memory,
        "live objects",
        "count",
        &["Java"],
    ),
    known(
        "memory:alloc_in_new_tlab_bytes:bytes::",
        Memory,
        "bytes allocated in new TLABs",
        "bytes",
        &["Java (older agents)"],
    ),
    known(
        "memory:alloc_in_new_tlab_objects:count::",
        Memory,
        "objects allocated in new TLABs",
        "count",
        &["Java (older agents)"],
    ),
    known(
        "memory:inuse_space:bytes:inuse_space:bytes",
        Memory,
        "heap in use",
        "bytes",
        &["Node.js"],
    ),
    known(
        "memory:inuse_objects:count:inuse_space:bytes",
        Memory,
        "objects in use on the heap",
        "count",
        &["Node.js"],
    ),
    known(
        "memory:space:bytes:space:bytes",
        Memory,
        "heap in use",
        "bytes",
        &["Node.js"],
    ),
    known(
        "memory:objects:count:space:bytes",
        Memory,
        "objects in use on the heap",
        "count",
        &["Node.js"],
    ),
    known(
        "heap:inuse_space:bytes:cpu:nanoseconds",
        Memory,
        "heap in use",
        "bytes",
        &[".NET"],
    ),
    known(
        "heap:inuse_objects:count:cpu:nanoseconds",
        Memory,
        "objects in use on the heap",
        "count",
        &[".NET"],
    ),
    known(
        "alloc:alloc_size:bytes:cpu:nanoseconds",
        Memory,
        "bytes allocated",
        "bytes",
        &[".NET"],
    ),
    known(
        "alloc:alloc_samples:count:cpu:nanoseconds",
        Memory,
        "allocation samples",
        "count",
        &[".NET"],
    ),
    known(
        "process_cpu:alloc_size:bytes:cpu:nanoseconds",
        Memory,
        "bytes allocated",
        "bytes",
        &[".NET"],
    ),
    known(
        "process_cpu:alloc_samples:count:cpu:nanoseconds",
        Memory,
        "allocation samples",
        "count",
        &[".NET"],
    ),
    known(
        "process_cpu:alloc_size:bytes::nanoseconds",
        Memory,
        "bytes allocated",
        "bytes",
        &[".NET"],
    ),
    known(
        "process_cpu:alloc_samples:count::nanoseconds",
        Memory,
        "allocation samples",
        "count",
        &[".NET"],
    ),
    known(
        "goroutines:goroutine:count:goroutine:count",
        Goroutines,
        "goroutines",
        "count",
        &["Go (push)"],
    ),
    known(
        "goroutine:goroutine:count:goroutine:count",
        Goroutines,
        "goroutines",
        "count",
        &["Go (scrape)"],
    ),
    known(
        "mutex:delay:nanoseconds:contentions:count",
        Mutex,
        "time waiting on mutexes",
        "nanoseconds",
        &["Go"],
    ),
    known(
        "mutex:contentions:count:contentions:count",
        Mutex,
        "mutex contentions",
        "count",
        &["Go"],
    ),
    known(
        "mutex:delay:nanoseconds:mutex:count",
        Mutex,
        "time waiting on locks",
        "nanoseconds",
        &["Java"],
    ),
    known(
        "mutex:contentions:count:mutex:count",
        Mutex,
        "lock contentions",
        "count",
        &["Java"],
    ),
    known(
        "block:delay:nanoseconds:contentions:count",
        Block,
        "time blocked",
        "nanoseconds",
        &["Go"],
    ),
    known(
        "block:contentions:count:contentions:count",
        Block,
        "blocking events",
        "count",
        &["Go"],
    ),
    known(
        "block:delay:nanoseconds:block:count",
        Block,
        "time blocked",
        "nanoseconds",
        &["Java"],
    ),
    known(
        "block:contentions:count:block:count",
        Block,
        "blocking events",
        "count",
        &["Java"],
    ),
    known(
        "lock:lock_time:nanoseconds:cpu:nanoseconds",
        Locks,
        "time waiting on locks",
        "nanoseconds",
        &[".NET"],
    ),
    known(
        "lock:lock_count:count:cpu:nanoseconds",
        Locks,
        "lock contentions",
        "count",
        &[".NET"],
    ),
    known(
        "process_cpu:lock_time:nanoseconds:cpu:nanoseconds",
        Locks,
        "time waiting on locks",
        "nanoseconds",
        &[".NET"],
    ),
    known(
        "process_cpu:lock_count:count:cpu:nanoseconds",
        Locks,
        "lock contentions",
        "count",
        &[".NET"],
    ),
    known(
        "exception:exception:count:cpu:nanoseconds",
        Exceptions,
        "exceptions thrown",
        "count",
        &[".NET"],
    ),
    known(
        "process_cpu:exception:count:cpu:nanoseconds",
        Exceptions,
        "exceptions thrown",
        "count",
        &[".NET"],
    ),
    known(
        "thread_lifetime:thread_lifetime_timeline:nanoseconds:cpu:nanoseconds",
        ThreadLifetime,
        "how long threads live",
        "nanoseconds",
        &[".NET"],
    ),
];

/// The catalog entry for `id`, if it is well known.
///
/// ```
/// use pyroql::profile_type::catalog::{lookup, Group};
/// assert_eq!(lookup("goroutines:goroutine:count:goroutine:count").map(|k| k.group), Some(Group::Goroutines));
/// assert!(lookup("my:own:type:x:y").is_none());
/// ```
pub fn lookup(id: &str) -> Option<&'static KnownProfileType> {
    CATALOG.iter().find(|known| known.id == id)
}

/// The well-known IDs of `group`, in order of preference.
///
/// ```
/// use pyroql::profile_type::catalog::{in_group, Group};
/// let ids: Vec<&str> = in_group(Group::Goroutines).map(|k| k.id).collect();
/// assert_eq!(ids, ["goroutines:goroutine:count:goroutine:count", "goroutine:goroutine:count:goroutine:count"]);
/// ```
pub fn in_group(group: Group) -> impl Iterator<Item = &'static KnownProfileType> {
    CATALOG.iter().filter(move |known| known.group == group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile_type::ProfileType;

    #[test]
    fn every_entry_is_a_valid_id_listed_once() {
        for (i, known) in CATALOG.iter().enumerate() {
            let pt = ProfileType::parse(known.id).unwrap();
            assert_eq!(pt.delta(), None, "{}", known.id);
            assert!(!known.clients.is_empty() && !known.measures.is_empty());
            assert!(
                CATALOG[..i].iter().all(|other| other.id != known.id),
                "{} twice",
                known.id
            );
        }
    }

    #[test]
    fn every_group_has_entries_and_a_word() {
        for group in Group::ALL {
            assert!(in_group(group).next().is_some(), "{group}");
            assert_eq!(Group::from_word(group.as_str()), Some(group));
        }
        assert_eq!(Group::from_word("Goroutine"), Some(Group::Goroutines));
        assert_eq!(Group::from_word("OFF-CPU"), Some(Group::OffCpu));
        assert_eq!(Group::from_word("heap"), None);
    }
}
