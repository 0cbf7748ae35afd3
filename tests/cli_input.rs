//! Where `pyroql` reads queries from, and how its reports name the place: arguments, standard
//! input and files, any bytes, any length.
#![cfg(feature = "cli")]

mod cli_support;

use std::ffi::OsString;
use std::io::{BufRead, BufReader, Write};
use std::os::unix::ffi::OsStringExt;
use std::sync::mpsc;
use std::time::Duration;

use cli_support::{command, pyroql, text, Scratch};

#[test]
fn reports_name_the_file_line_and_column() {
    let dir = Scratch::new("reports");
    let file = dir.file(
        "queries.txt",
        b"{service_name=\"api\"}\n{\"\xe3\x82\xb5\"=\"x\", service.name=\"api\"}\n",
    );
    let out = pyroql(&["check", "--file", &file], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    // The place counts characters (サ is one), Pyroscope's own position bytes (サ is three); the
    // caret stands under the '.' as a terminal shows the line (サ takes two columns).
    assert_eq!(
        text(&out.stderr),
        format!(
            "{file}:2:18: 1:20: parse error: unexpected character inside braces: '.'\n  \
             |\n\
             2 | {{\"サ\"=\"x\", service.name=\"api\"}}\n  \
             | {}^\n  \
             = hint: a label name with '.' in it must be quoted, as in {{\"service.name\"=\"api\"}}\n",
            " ".repeat(18)
        )
    );
}

#[test]
fn arguments_files_and_stdin_are_read_in_turn() {
    let dir = Scratch::new("turns");
    let first = dir.file("first.txt", b"{ b = \"1\" }\r\n{c=\"2\"}");
    let second = dir.file("second.txt", b"cpu{}\n");
    let out = pyroql(
        &[
            "fmt",
            "{a=\"0\"}",
            "-",
            "--file",
            &first,
            "-f",
            &second,
            "-f",
            "-",
        ],
        b"{s=\"stdin\"}\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Standard input is read once; the second `-` finds it at its end.
    assert_eq!(
        text(&out.stdout),
        "{a=\"0\"}\n{s=\"stdin\"}\n{b=\"1\"}\n{c=\"2\"}\ncpu\n"
    );
}

#[test]
fn arguments_are_numbered_among_the_positionals() {
    let out = pyroql(&["check", "{}", "-", "{a=b}"], b"{}\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with(
            "<arg3>:1:4: 1:4: parse error: unexpected identifier \"b\" in label matching, expected string\n"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_query_of_several_lines_is_placed_on_its_line() {
    let out = pyroql(&["check", "{a=\"b\",\n c=d}"], b"");
    assert!(
        text(&out.stderr).starts_with(
            "<arg1>:2:4: 2:4: parse error: unexpected identifier \"d\" in label matching, expected string\n  |\n2 |  c=d}\n"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_unreadable_file_is_reported_and_the_rest_is_read() {
    let dir = Scratch::new("unreadable");
    let good = dir.file("good.txt", b"{a=\"b\"}\n");
    let out = pyroql(&["fmt", "-f", "/nonexistent/queries.txt", "-f", &good], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "{a=\"b\"}\n");
    assert_eq!(
        text(&out.stderr),
        "/nonexistent/queries.txt: error: cannot read: No such file or directory (os error 2)\n"
    );
    // A name that would break the line is escaped as reports escape text.
    let out = pyroql(&["check", "-f", "/nonexistent/a\nb\u{1b}[2J"], b"");
    assert_eq!(
        text(&out.stderr),
        "/nonexistent/a\\nb\\x1b[2J: error: cannot read: No such file or directory (os error 2)\n"
    );
    let out = pyroql(&["check", "-f", &dir.0.to_string_lossy()], b"");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{}: error: cannot read: Is a directory (os error 21)\n",
            dir.0.display()
        )
    );
}

#[test]
fn an_argument_that_is_not_utf8_fails_as_pyroscope_fails_it() {
    let query = OsString::from_vec(b"{a=\"\xff\"}".to_vec());
    let out = pyroql(&[OsString::from("check"), query], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "<arg1>:1:4: 1:4: parse error: invalid UTF-8 rune\n  |\n1 | {a=\"\u{fffd}\"}\n  |    ^\n"
    );
    // An option name that is not UTF-8 is a usage error, not a panic.
    let out = pyroql(
        &[
            OsString::from("check"),
            OsString::from_vec(b"--\xff".to_vec()),
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn control_characters_nul_and_the_bom_are_shown_escaped() {
    let out = pyroql(
        &["fmt"],
        b"\xef\xbb\xbf{}\n{a=\"\0\"}\n{\tb=\"\x1b[2J\",\x7f}\n",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "{a=\"\\x00\"}\n");
    assert_eq!(
        text(&out.stderr),
        "<stdin>:1:1: 1:1: parse error: unexpected character: '\\ufeff'\n  \
         |\n\
         1 | \\ufeff{}\n  \
         | ^^^^^^\n\
         <stdin>:3:12: 1:12: parse error: unexpected character inside braces: '\\x7f'\n  \
         |\n\
         3 | {\\tb=\"\\x1b[2J\",\\x7f}\n  \
         |                ^^^^\n"
    );
}

#[test]
fn a_huge_bad_query_gets_a_bounded_report() {
    // 16 MiB less a few bytes: under the parser's limit, so Pyroscope's message quotes the
    // whole identifier.
    let identifier = "b".repeat((16 << 20) - 8);
    let query = format!("{{a={identifier}}}\n");
    let out = pyroql(&["check"], query.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.len() < 2048, "{} bytes", stderr.len());
    let message = pyroql::parse(query.trim_end()).unwrap_err().to_string();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        format!("<stdin>:1:4: {}", pyroql::report::one_line(&message))
    );
    let left_out = format!("...({} bytes left out)...", message.len() - 512 - 256);
    assert!(lines[0].contains(&left_out), "{}", &lines[0][..600]);
    assert_eq!(lines[2], format!("1 | {{a={}...", &identifier[..94]));
    assert_eq!(lines[3], format!("  |    {}", "^".repeat(94)));
    assert_eq!(
        lines[4],
        format!(
            "  = hint: {}",
            pyroql::report::one_line(&format!(
                "label values are quoted strings, as in \"{identifier}\""
            ))
        )
    );
}

#[test]
fn a_query_over_the_limit_is_refused_briefly() {
    let query = format!("{{a=\"{}\"}}\n", "x".repeat(17_000_000));
    let out = pyroql(&["check"], query.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.len() < 1024, "{} bytes", stderr.len());
    assert!(
        stderr.starts_with(
            "<stdin>:1:16777217: 1:16777217: parse error: query is 17000006 bytes long, more than the limit of 16777216\n  |\n1 | ..."
        ),
        "{stderr}"
    );
}

#[test]
fn lines_from_a_stream_are_answered_as_they_come() {
    let mut child = command(&["fmt"]).spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for (query, want) in [("{ a = 'b' }", "{a=\"b\"}"), ("cpu { }", "cpu")] {
        writeln!(stdin, "{query}").unwrap();
        stdin.flush().unwrap();
        // The answer comes before standard input ends.
        assert_eq!(rx.recv_timeout(Duration::from_secs(20)).unwrap(), want);
    }
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
}

#[test]
fn many_lines_keep_their_order_and_numbers() {
    // More than one chunk, so that several workers take part.
    let mut input = String::new();
    for i in 0..200_000 {
        if i % 50_000 == 49_999 {
            input.push_str("{a=b}\n");
        } else {
            input.push_str(&format!("{{ n = \"{i}\" }}\n"));
        }
    }
    let out = pyroql(&["fmt"], input.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let want: String = (0..200_000)
        .filter(|i| i % 50_000 != 49_999)
        .map(|i| format!("{{n=\"{i}\"}}\n"))
        .collect();
    assert!(text(&out.stdout) == want, "the output differs");
    let places: Vec<&str> = text(&out.stderr)
        .lines()
        .filter(|line| line.starts_with("<stdin>"))
        .map(|line| line.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        places,
        [
            "<stdin>:50000:4:",
            "<stdin>:100000:4:",
            "<stdin>:150000:4:",
            "<stdin>:200000:4:"
        ]
    );
}

#[test]
fn a_line_longer_than_pyroql_reads_is_skipped_and_reported() {
    // 64 MiB and one byte, between two queries: counted, not kept.
    let mut input = b"{a=\"b\"}\n".to_vec();
    input.resize(input.len() + (64 << 20) + 1, b'x');
    input.extend_from_slice(b"\n{c=~\"(\"}\n");
    let out = pyroql(&["check", "--color", "never"], &input);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let mut lines = stderr.lines();
    assert_eq!(
        lines.next(),
        Some("<stdin>:2:1: error: cannot read: the line is 67108865 bytes long, more than the 64 MiB read")
    );
    assert_eq!(
        lines.next(),
        Some("<stdin>:3:2: 1:2: parse error: error parsing regexp: missing closing ): `(`")
    );
}

#[test]
fn lint_places_bytes_that_are_not_utf8() {
    let dir = Scratch::new("lint-bytes");
    let file = dir.file("d.yaml", b"kind: Datasource\nspec: \"a\xffb\"\n");
    let out = pyroql(&["lint", &file], b"");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!("{file}:2:9: error: cannot read: byte 0xFF is not UTF-8\n")
    );
}
