//! Escaping registry text for the pack's two formats. Registry strings come
//! from pull requests; in the pack they must show literally and never become
//! markup, a script, a link or a broken table. Every string from the registry
//! goes through one of these two functions.

/// Text for HTML element content and quoted attribute values, and for the
/// inline SVG, which must also be well-formed XML.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters have no business in a report; show them as
            // spaces. U+FFFE and U+FFFF are not characters XML allows.
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for Markdown, safe inside a table cell as well as in running text,
/// for GitHub and Azure DevOps wikis alike: a line break would end the table
/// row, `|` would start a new cell, and the other marks would turn into
/// emphasis, code, links, maths or HTML. Backslash escapes work for the
/// ASCII punctuation in both renderers; `<`, `>` and `&` become entities so
/// that no HTML is ever formed. Parentheses stay: without `[` they form no link.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' | '\t' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    // A cell or line that starts with these could become a list item, quote or heading.
    if out.starts_with(['-', '+', '=']) {
        out.insert(0, '\\');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_inert_in_html() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html("\" onload='x' & y"),
            "&quot; onload=&#39;x&#39; &amp; y"
        );
        assert_eq!(html("a\u{0}b"), "a b");
        assert_eq!(html("a\u{FFFF}b\u{FFFE}"), "a b ");
    }

    #[test]
    fn hostile_text_is_inert_in_markdown() {
        assert_eq!(markdown("a | b"), "a \\| b");
        assert_eq!(
            markdown("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(markdown("line\nbreak"), "line break");
        assert_eq!(
            markdown("`code` *em* [l](u)"),
            "\\`code\\` \\*em\\* \\[l\\](u)"
        );
        assert_eq!(markdown("- item"), "\\- item");
        assert_eq!(markdown("SIT-A"), "SIT-A");
        assert_eq!(markdown("a_b"), "a\\_b");
    }
}
