//! Zero-copy, checked by counting: a query without escapes costs one heap allocation (the
//! matcher list) or none (for queries under one matcher in 16 bytes or 4,096 matchers); each
//! string with an escape costs one more.
//!
//! The counting allocator is the one piece of `unsafe` in the project: `GlobalAlloc` can only be
//! implemented unsafely. It forwards every call to the system allocator unchanged.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    // During thread teardown the counter may be gone; those allocations are not ours.
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the contract.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: same layout, as the caller promised for `alloc`.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: `ptr` came from `System` with this layout.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// How many allocations parsing `input` makes on this thread.
fn allocations_to_parse(input: &str) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    let parsed = pyroql::parse(input);
    let after = ALLOCATIONS.with(Cell::get);
    assert!(parsed.is_ok(), "{input:?} parses");
    drop(parsed);
    after - before
}

#[test]
fn a_query_without_escapes_allocates_once_at_most() {
    let corpus = include_str!("../benches/queries.txt");
    for query in corpus.lines().filter(|q| !q.contains('\\')) {
        let matchers = pyroql::parse(query).unwrap().len();
        let want = usize::from(matchers > 0);
        assert_eq!(allocations_to_parse(query), want, "{query:?}");
    }
    let many: Vec<String> = (0..200).map(|i| format!("label_{i}=~\"v{i}.*\"")).collect();
    let long = format!(
        "process_cpu:cpu:nanoseconds:cpu:nanoseconds{{{}}}",
        many.join(", ")
    );
    assert_eq!(allocations_to_parse(&long), 1);
    assert_eq!(
        allocations_to_parse("process_cpu:cpu:nanoseconds:cpu:nanoseconds"),
        0
    );
    assert_eq!(allocations_to_parse("{ }"), 0);
    assert_eq!(allocations_to_parse("BOTTOMK{a=\"b\"}"), 1);
}

#[test]
fn commas_inside_a_string_do_not_inflate_the_list() {
    // 200,000 commas that the up-front count cannot tell from separators.
    let query = format!(r#"{{a="{}"}}"#, ",".repeat(200_000));
    let mut selector = pyroql::parse(&query).unwrap();
    assert_eq!(selector.len(), 1);
    // At most 4,096 matchers, or one for every 16 bytes of the query (12,500 here), where the
    // count alone would reserve 66,668 (a third of the text after the brace).
    let capacity = selector.matchers_mut().capacity();
    assert_eq!(capacity, query.len() / 16);
    // A short query reserves no more than 4,096 matchers.
    let query = format!(r#"{{a="{}"}}"#, ",".repeat(20_000));
    let mut selector = pyroql::parse(&query).unwrap();
    assert_eq!(selector.matchers_mut().capacity(), 4096);
    // Without commas in strings, the list is as long as it needs to be.
    let mut selector = pyroql::parse(r#"{a="b", c=~"d|e", f!="g,h"}"#).unwrap();
    assert_eq!(selector.matchers_mut().capacity(), 4);
}

#[test]
fn a_query_with_thousands_of_matchers_reads_them_all() {
    let many: Vec<String> = (0..10_000).map(|i| format!("l{i}=\"{i}\"")).collect();
    let query = format!("{{{}}}", many.join(","));
    let selector = pyroql::parse(&query).unwrap();
    assert_eq!(selector.len(), 10_000);
    assert_eq!(selector.matchers()[9_999].value, "9999");
}

#[test]
fn each_escaped_string_allocates_once_more() {
    assert_eq!(allocations_to_parse(r#"{a="x\ny"}"#), 2);
    assert_eq!(
        allocations_to_parse(r#"{"a\tb"="x\ny", c="\u00e9\x41\101"}"#),
        4
    );
}

#[test]
fn an_escaped_value_holds_about_its_own_length() {
    let tail = "x".repeat(1 << 20);
    let query = format!(r#"{{a="\n", b="{tail}"}}"#);
    let selector = pyroql::parse(&query).unwrap();
    let escaped = &selector.matchers()[0].value;
    let std::borrow::Cow::Owned(owned) = escaped else {
        panic!("an escaped value is owned");
    };
    assert!(owned.capacity() < 64, "capacity {}", owned.capacity());
}

proptest::proptest! {
    /// Dense queries too (lone strings, one-letter names, no spaces, a trailing comma) are read
    /// into a list allocated once: the up-front count never falls short.
    #[test]
    fn generated_queries_allocate_once_at_most(
        matchers in proptest::collection::vec(
            proptest::sample::select(vec![
                r#""""#, "''", "``", r#"a="""#, "a=''", r#"a!~"x,y""#, r#""k.1"=~'v'"#,
                r#"service_name="api""#, "# note\n\"\"",
            ]),
            0..60,
        ),
        separator in proptest::sample::select(vec![",", ", ", " ,\n", ",\t"]),
        trailing in proptest::bool::ANY,
        identifier in proptest::bool::ANY,
    ) {
        let mut query = String::from(if identifier { "cpu{" } else { "{" });
        query.push_str(&matchers.join(separator));
        if trailing && !matchers.is_empty() {
            query.push(',');
        }
        query.push('}');
        proptest::prop_assert_eq!(allocations_to_parse(&query), usize::from(!matchers.is_empty()));
    }
}

/// How many allocations checking `pattern` makes on this thread.
fn allocations_to_check(pattern: &str) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    let verdict = pyroql::regexp::check(pattern);
    let after = ALLOCATIONS.with(Cell::get);
    drop(verdict);
    after - before
}

#[test]
fn checking_an_ordinary_pattern_allocates_nothing() {
    for pattern in [
        "eu-.*",
        "api|worker|scheduler",
        r"/users/[0-9]+\.json",
        "5..",
        "(?i)checkout.*",
        "[a-z-]+-[0-9a-f]{9,10}-[a-z0-9]{5}",
        r"10\.0\..*:4040",
        "(prod|staging)-v[0-9]+",
        r"(?P<env>prod|dev)-(?:eu|us)-\d+",
        r"\p{Greek}+[[:alpha:]]\QA.B\E",
        "((((a))))",
        // Errors are data too.
        "a**",
        "(",
        r"\p{Letter}",
        "x{1001}",
    ] {
        assert_eq!(allocations_to_check(pattern), 0, "{pattern:?}");
    }
    // Deeper nesting spills the reader's stack of groups to the heap (plain groups the
    // shortcut takes first: these are not plain).
    let deep = format!("{}a{}", "(?:".repeat(40), ")".repeat(40));
    assert!(allocations_to_check(&deep) > 0);
}
