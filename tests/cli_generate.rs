//! The completions and man pages, made from the same definitions as the argument parser.
#![cfg(feature = "cli")]

mod cli_support;

use cli_support::{pyroql, text, Scratch};

#[test]
fn completions_for_each_shell() {
    let cases = [
        ("bash", "_pyroql() {\n"),
        ("zsh", "#compdef pyroql\n"),
        ("fish", "# Print an optspec for argparse"),
        ("elvish", "\nuse builtin;\nuse str;\n"),
        (
            "powershell",
            "\nusing namespace System.Management.Automation\n",
        ),
    ];
    for (shell, start) in cases {
        let out = pyroql(&["completions", shell], b"");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = text(&out.stdout);
        assert!(script.starts_with(start), "{shell}: {}", &script[..80]);
        // The commands and their own options are there.
        for word in ["check", "normalize", "deny-warnings", "format"] {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    assert_eq!(pyroql(&["completions", "tcsh"], b"").status.code(), Some(2));
}

#[test]
fn the_man_page_and_one_per_command() {
    let out = pyroql(&["man"], b"");
    assert_eq!(out.status.code(), Some(0));
    let page = text(&out.stdout);
    assert!(page.contains("\n.TH pyroql 1  \"pyroql 0.1.0\" \n.SH NAME\npyroql \\- Parse, format and check Pyroscope profile queries (label selectors)\n"), "{page}");
    assert!(page.contains("\n.SH SUBCOMMANDS\n"), "{page}");
    let dir = Scratch::new("man");
    let out = pyroql(&["man", "--dir", &dir.0.to_string_lossy()], b"");
    assert_eq!(out.status.code(), Some(0));
    let mut pages: Vec<String> = std::fs::read_dir(&dir.0)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "pyroql-check.1",
            "pyroql-completions.1",
            "pyroql-fmt.1",
            "pyroql-lint.1",
            "pyroql-man.1",
            "pyroql-match.1",
            "pyroql-parse.1",
            "pyroql-resolve.1",
            "pyroql.1"
        ]
    );
    let fmt = std::fs::read_to_string(dir.0.join("pyroql-fmt.1")).unwrap();
    assert!(fmt.contains("\\-\\-normalize"), "{fmt}");
    let out = pyroql(&["man", "--dir", "/nonexistent/man1"], b"");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr)
        .starts_with("pyroql: cannot write the man pages into /nonexistent/man1: "));
}

#[test]
fn version_and_help_go_to_standard_output() {
    for flag in ["--version", "-V"] {
        let out = pyroql(&[flag], b"");
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(
            text(&out.stdout),
            format!("pyroql {}\n", env!("CARGO_PKG_VERSION"))
        );
    }
    for args in [&["help", "check"][..], &["check", "-h"]] {
        let out = pyroql(args, b"");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(text(&out.stdout).starts_with(
            "Check each query as Pyroscope's server would; print nothing for good ones\n\nUsage: pyroql check [OPTIONS] [QUERY]...\n"
        ), "{args:?}: {}", text(&out.stdout));
        assert_eq!(text(&out.stderr), "");
    }
}
