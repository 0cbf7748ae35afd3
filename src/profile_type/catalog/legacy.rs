//! The legacy profile names: the suffixes of Pyroscope 0.x app names (`app.cpu`,
//! `app.alloc_space`), each with the well-known IDs it can stand for today, in order of
//! preference. [`resolve`](crate::profile_type::resolve()) reads them.

/// The legacy profile names and their candidates, in order of preference.
pub(crate) const LEGACY_NAMES: &[(&str, &[&str])] = &[
    (
        "cpu",
        &[
            "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
            "process_cpu:samples:count:cpu:nanoseconds",
            "process_cpu:samples:count::milliseconds",
            "process_cpu:cpu:nanoseconds::nanoseconds",
            "process_cpu:cpu_samples:count:cpu:nanoseconds",
        ],
    ),
    ("itimer", &["process_cpu:cpu:nanoseconds:cpu:nanoseconds"]),
    (
        "wall",
        &[
            "wall:wall:nanoseconds:wall:nanoseconds",
            "wall:wall:microseconds:wall:microseconds",
            "wall:samples:count:wall:microseconds",
            "wall:sample:count:wall:microseconds",
        ],
    ),
    ("alloc_objects", &["memory:alloc_objects:count:space:bytes"]),
    ("alloc_space", &["memory:alloc_space:bytes:space:bytes"]),
    (
        "inuse_objects",
        &[
            "memory:inuse_objects:count:space:bytes",
            "memory:inuse_objects:count:inuse_space:bytes",
            "heap:inuse_objects:count:cpu:nanoseconds",
        ],
    ),
    (
        "inuse_space",
        &[
            "memory:inuse_space:bytes:space:bytes",
            "memory:inuse_space:bytes:inuse_space:bytes",
            "heap:inuse_space:bytes:cpu:nanoseconds",
        ],
    ),
    (
        "goroutines",
        &[
            "goroutines:goroutine:count:goroutine:count",
            "goroutine:goroutine:count:goroutine:count",
        ],
    ),
    (
        "mutex_count",
        &[
            "mutex:contentions:count:contentions:count",
            "mutex:contentions:count:mutex:count",
        ],
    ),
    (
        "mutex_duration",
        &[
            "mutex:delay:nanoseconds:contentions:count",
            "mutex:delay:nanoseconds:mutex:count",
        ],
    ),
    (
        "block_count",
        &[
            "block:contentions:count:contentions:count",
            "block:contentions:count:block:count",
        ],
    ),
    (
        "block_duration",
        &[
            "block:delay:nanoseconds:contentions:count",
            "block:delay:nanoseconds:block:count",
        ],
    ),
    (
        "lock_count",
        &[
            "mutex:contentions:count:mutex:count",
            "lock:lock_count:count:cpu:nanoseconds",
            "process_cpu:lock_count:count:cpu:nanoseconds",
        ],
    ),
    (
        "lock_duration",
        &[
            "mutex:delay:nanoseconds:mutex:count",
            "lock:lock_time:nanoseconds:cpu:nanoseconds",
            "process_cpu:lock_time:nanoseconds:cpu:nanoseconds",
        ],
    ),
    (
        "alloc_in_new_tlab_objects",
        &[
            "memory:alloc_in_new_tlab_objects:count:space:bytes",
            "memory:alloc_in_new_tlab_objects:count::",
        ],
    ),
    (
        "alloc_in_new_tlab_bytes",
        &[
            "memory:alloc_in_new_tlab_bytes:bytes:space:bytes",
            "memory:alloc_in_new_tlab_bytes:bytes::",
        ],
    ),
    (
        "alloc_outside_tlab_objects",
        &["memory:alloc_outside_tlab_objects:count:space:bytes"],
    ),
    (
        "alloc_outside_tlab_bytes",
        &["memory:alloc_outside_tlab_bytes:bytes:space:bytes"],
    ),
    ("live", &["memory:live:count:objects:count"]),
    (
        "exceptions",
        &[
            "exception:exception:count:cpu:nanoseconds",
            "process_cpu:exception:count:cpu:nanoseconds",
        ],
    ),
];

/// The candidates of a legacy name, matched case-insensitively.
pub(crate) fn legacy_candidates(name: &str) -> Option<&'static [&'static str]> {
    LEGACY_NAMES
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|&(_, ids)| ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile_type::catalog::lookup;

    #[test]
    fn every_candidate_is_in_the_catalog() {
        for (name, ids) in LEGACY_NAMES {
            assert!(!ids.is_empty(), "{name}");
            for id in *ids {
                assert!(lookup(id).is_some(), "{name} -> {id} is in the catalog");
            }
            assert_eq!(legacy_candidates(&name.to_uppercase()), Some(*ids));
        }
    }
}
