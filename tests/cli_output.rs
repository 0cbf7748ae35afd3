//! What `pyroql` writes and how it ends: JSON lines, `fmt --check`, `--quiet`, colour, and the
//! exit status through closed pipes.
#![cfg(feature = "cli")]

mod cli_support;

use std::io::{Read, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

use cli_support::{command, pyroql, run_with, text, Scratch};

#[test]
fn json_reports_problems_on_standard_output() {
    let dir = Scratch::new("json");
    let file = dir.file("q.txt", b"{a=\"b\"}\n{a=b}\n{a=~\"(\"}\n");
    let out = pyroql(&["check", "--format", "json", "--file", &file], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "");
    assert_eq!(
        text(&out.stdout),
        format!(
            "{{\"file\":\"{file}\",\"line\":2,\"column\":4,\"severity\":\"error\",\"message\":\"1:4: parse error: unexpected identifier \\\"b\\\" in label matching, expected string\",\"hint\":\"label values are quoted strings, as in \\\"b\\\"\"}}\n\
             {{\"file\":\"{file}\",\"line\":3,\"column\":2,\"severity\":\"error\",\"message\":\"1:2: parse error: error parsing regexp: missing closing ): `(`\"}}\n"
        )
    );
    // Results and problems share the stream, in input order.
    let out = pyroql(&["fmt", "--format=json", "{ a = 'b' }", "{", "cpu"], b"");
    assert_eq!(
        text(&out.stdout),
        "{\"formatted\":\"{a=\\\"b\\\"}\"}\n\
         {\"file\":\"<arg2>\",\"line\":1,\"column\":2,\"severity\":\"error\",\"message\":\"1:2: parse error: unexpected end of input inside braces\"}\n\
         {\"formatted\":\"cpu\"}\n"
    );
    let out = pyroql(
        &["check", "--format", "json", "-f", "/nonexistent/q.txt"],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stdout),
        "{\"file\":\"/nonexistent/q.txt\",\"severity\":\"error\",\"message\":\"cannot read: No such file or directory (os error 2)\"}\n"
    );
}

#[test]
fn json_for_resolve_and_match() {
    let out = pyroql(&["resolve", "--format", "json", "cpu", "alloc_spce"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "{\"name\":\"cpu\",\"id\":\"process_cpu:cpu:nanoseconds:cpu:nanoseconds\"}\n\
         {\"file\":\"<arg2>\",\"line\":1,\"column\":1,\"severity\":\"error\",\"message\":\"unknown profile type \\\"alloc_spce\\\"; did you mean alloc_space?\"}\n"
    );
    let out = pyroql(
        &[
            "match",
            "--format",
            "json",
            "{a=\"b\"}",
            "{a=\"b\"}",
            "{a=\"c\"}",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "{\"matched\":true}\n{\"matched\":false}\n"
    );
}

#[test]
fn lint_json_reports_unreadable_files_as_records() {
    let out = pyroql(
        &[
            "lint",
            "--format",
            "json",
            "/nonexistent/dashboard.yaml",
            "-",
        ],
        b"{\"kind\": \"a\" \"b\"}\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stderr), "");
    assert_eq!(
        text(&out.stdout),
        "{\"file\":\"/nonexistent/dashboard.yaml\",\"severity\":\"error\",\"message\":\"cannot read: No such file or directory (os error 2)\"}\n\
         {\"file\":\"<stdin>\",\"line\":1,\"column\":14,\"severity\":\"error\",\"message\":\"not JSON or YAML: expected ',' or '}' in the map\"}\n"
    );
}

#[test]
fn fmt_check_lists_what_is_not_canonical() {
    let dir = Scratch::new("check");
    let file = dir.file(
        "q.txt",
        b"{a=\"b\"}\n{ a = 'b' }\ncpu{}\n{b=\"2\",a=\"1\"}\n{a=b}\n",
    );
    let out = pyroql(&["fmt", "--check", "--file", &file], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        format!(
            "{file}:2:1: not canonical; fmt writes {{a=\"b\"}}\n\
             {file}:3:1: not canonical; fmt writes cpu\n"
        )
    );
    assert!(text(&out.stderr).starts_with(&format!("{file}:5:4: 1:4: parse error: ")));
    let out = pyroql(&["fmt", "--check", "--sort", "--file", &file], b"");
    assert!(
        text(&out.stdout).contains(&format!(
            "{file}:4:1: not sorted; fmt --sort writes {{a=\"1\",b=\"2\"}}\n"
        )),
        "{}",
        text(&out.stdout)
    );
    let out = pyroql(&["fmt", "--check", "--format", "json", "cpu{}"], b"");
    assert_eq!(
        text(&out.stdout),
        "{\"file\":\"<arg1>\",\"line\":1,\"column\":1,\"severity\":\"error\",\"message\":\"not canonical\",\"formatted\":\"cpu\"}\n"
    );
    // Canonical queries pass in silence.
    let out = pyroql(&["fmt", "--check", "{a=\"b\"}", "cpu"], b"");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn quiet_leaves_the_exit_status_alone() {
    for args in [
        &["check", "-q", "{a=b}"][..],
        &["check", "--quiet", "--format", "json", "{a=b}"],
        &["fmt", "--check", "--quiet", "cpu{}"],
        &["resolve", "-q", "alloc_spce"],
        &["lint", "-q", "/nonexistent/dashboard.yaml"],
    ] {
        let out = pyroql(args, b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{args:?}");
    }
    // Results are still printed.
    let out = pyroql(&["fmt", "-q", "{ a = 'b' }", "{a=b}"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "{a=\"b\"}\n");
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let colored = "\u{1b}[1m<arg1>:1:4:\u{1b}[0m 1:4: parse error: unexpected identifier \"b\" in label matching, expected string\n\
                   \u{1b}[1;34m  |\u{1b}[0m\n\
                   \u{1b}[1;34m1 |\u{1b}[0m {a=b}\n\
                   \u{1b}[1;34m  |\u{1b}[0m    \u{1b}[1;31m^\u{1b}[0m\n\
                   \u{1b}[1;34m  =\u{1b}[0m \u{1b}[1mhint:\u{1b}[0m label values are quoted strings, as in \"b\"\n";
    let out = pyroql(&["check", "--color", "always", "{a=b}"], b"");
    assert_eq!(text(&out.stderr), colored);
    // Standard error is a pipe here: no colour by default, with or without NO_COLOR.
    let plain = pyroql(&["check", "{a=b}"], b"");
    assert!(!text(&plain.stderr).contains('\u{1b}'));
    let mut no_color = command(&["check", "--color", "auto", "{a=b}"]);
    no_color.env("NO_COLOR", "1");
    assert_eq!(run_with(no_color, b"").stderr, plain.stderr);
    assert_eq!(
        pyroql(&["check", "--color", "never", "{a=b}"], b"").stderr,
        plain.stderr
    );
}

#[test]
fn standard_output_and_error_keep_their_order() {
    let dir = Scratch::new("order");
    let log = dir.0.join("log");
    let file = std::fs::File::create(&log).unwrap();
    let mut both = command(&["fmt", "{b=\"1\"}", "{a=b}", "cpu{}"]);
    both.stdout(file.try_clone().unwrap()).stderr(file);
    assert_eq!(run_with(both, b"").status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&log).unwrap(),
        "{b=\"1\"}\n\
         <arg2>:1:4: 1:4: parse error: unexpected identifier \"b\" in label matching, expected string\n  \
         |\n1 | {a=b}\n  |    ^\n  = hint: label values are quoted strings, as in \"b\"\n\
         cpu\n"
    );
}

/// Runs `pyroql ARGS` with its standard output closed before it writes, feeding `stdin` (again
/// and again when `forever`) until it stops reading; its exit status.
fn with_closed_stdout(args: &[&str], stdin: &'static [u8], forever: bool) -> Option<i32> {
    let mut child = command(args).stderr(Stdio::null()).spawn().unwrap();
    drop(child.stdout.take());
    let mut input = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || loop {
        if input.write_all(stdin).is_err() || !forever {
            break;
        }
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "pyroql does not stop"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    feeder.join().unwrap();
    status.code()
}

#[test]
fn a_closed_pipe_keeps_the_failure_status() {
    let bad_first: &[u8] = b"{a=b}\n{a=\"b\"}\n{c=\"d\"}\n";
    assert_eq!(with_closed_stdout(&["fmt"], bad_first, false), Some(1));
    assert_eq!(with_closed_stdout(&["fmt"], b"{a=\"b\"}\n", false), Some(0));
    // A reader that stops early stops an endless stream too.
    assert_eq!(with_closed_stdout(&["fmt"], b"{a=\"b\"}\n", true), Some(0));
    assert_eq!(
        with_closed_stdout(&["parse", "--json"], bad_first, true),
        Some(1)
    );
    let mut child = command(&["completions", "bash"]).spawn().unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert_eq!(stderr, "");
}
