//! Values as the plugin's JavaScript writes them into requests: form encoding as
//! `URLSearchParams` does it, `encodeURIComponent`, and numbers as `Number.prototype.toString`
//! prints them.

use serde_json::Number;

/// Parameters as `URLSearchParams` writes them (`application/x-www-form-urlencoded`).
pub(crate) fn form_encode(parameters: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (name, value)) in parameters.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        form_encode_into(name, &mut out);
        out.push('=');
        form_encode_into(value, &mut out);
    }
    out
}

fn form_encode_into(text: &str, out: &mut String) {
    for b in text.bytes() {
        match b {
            b' ' => out.push('+'),
            b if b.is_ascii_alphanumeric() || matches!(b, b'*' | b'-' | b'.' | b'_') => {
                out.push(char::from(b))
            }
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
}

/// `encodeURIComponent`: everything but letters, digits and `-_.!~*'()` percent-encoded.
pub(crate) fn encode_uri_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A JSON number as JavaScript prints it after `JSON.parse` (`Number.prototype.toString`):
/// `4096`, `1.5`, `1e+21`, `1e-7`.
///
/// ```
/// use pyroql::perses::js_number;
/// let n = |x: f64| serde_json::Number::from_f64(x).unwrap();
/// assert_eq!(js_number(&4096.into()), "4096");
/// assert_eq!((js_number(&n(1.5)), js_number(&n(1e21)), js_number(&n(1e-7))), ("1.5".into(), "1e+21".into(), "1e-7".into()));
/// ```
pub fn js_number(number: &Number) -> String {
    let value = number.as_f64().unwrap_or(0.0);
    if value == 0.0 {
        return "0".to_owned();
    }
    // Rust's `{:e}` gives the shortest digits that read back as the same double, as JS's do.
    let scientific = format!("{:e}", value.abs());
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let k = i64::try_from(digits.len()).unwrap_or(i64::MAX);
    let n = exponent + 1;
    let sign = if value < 0.0 { "-" } else { "" };
    let zeros = |count: i64| "0".repeat(usize::try_from(count).unwrap_or(0));
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", zeros(n - k))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(usize::try_from(n).unwrap_or(0));
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", zeros(-n))
    } else {
        let (first, rest) = digits.split_at(1);
        let e = n - 1;
        let e = if e >= 0 {
            format!("+{e}")
        } else {
            e.to_string()
        };
        if rest.is_empty() {
            format!("{first}e{e}")
        } else {
            format!("{first}.{rest}e{e}")
        }
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        let cases: [(&str, &str); 10] = [
            ("0", "0"),
            ("4096", "4096"),
            ("-5", "-5"),
            ("1.5", "1.5"),
            ("1e21", "1e+21"),
            ("123456789012345678901", "123456789012345680000"),
            ("0.000001", "0.000001"),
            ("1e-7", "1e-7"),
            ("9007199254740993", "9007199254740992"),
            ("2.5e-10", "2.5e-10"),
        ];
        for (json, js) in cases {
            let node = crate::perses::json::read(json).unwrap();
            let crate::perses::node::Value::Number(n) = node.value else {
                panic!("{json}")
            };
            assert_eq!(js_number(&n), js, "{json}");
        }
    }
}
