//! CSV as spreadsheets and review platforms read it (RFC 4180): the files productions and reports
//! hand over. A field that a spreadsheet would run as a formula is written as text, so that a
//! document named `=HYPERLINK(…)` cannot act when the file is opened.

/// One line of CSV, ending in CRLF.
pub fn line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut out = fields.iter().map(|f| field(f.as_ref())).collect::<Vec<_>>().join(",");
    out.push_str("\r\n");
    out
}

fn field(value: &str) -> String {
    // A leading apostrophe is how spreadsheets mark "text, not a formula".
    let value = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_string(),
    };
    if value.contains([',', '"', '\n', '\r']) { format!("\"{}\"", value.replace('"', "\"\"")) } else { value }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A reader of RFC 4180 lines, enough to read back what `line` writes.
    fn read(line: &str) -> Vec<String> {
        let body = line.strip_suffix("\r\n").expect("CRLF");
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().unwrap().push('"');
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(String::new()),
                (c, _) => fields.last_mut().unwrap().push(c),
            }
        }
        fields
    }

    #[test]
    fn quotes_only_what_needs_it_and_defuses_formulas() {
        assert_eq!(line(&["a", "b c", "d,e", "say \"hi\""]), "a,b c,\"d,e\",\"say \"\"hi\"\"\"\r\n");
        assert_eq!(line(&["=SUM(A1)", "-2", "@x", "plain"]), "'=SUM(A1),'-2,'@x,plain\r\n");
    }

    proptest! {
        #[test]
        fn every_field_reads_back(fields in proptest::collection::vec("[^\u{0}]{0,12}", 1..6)) {
            let back = read(&line(&fields));
            prop_assert_eq!(back.len(), fields.len());
            for (written, read) in fields.iter().zip(back) {
                let formula = written.starts_with(['=', '+', '-', '@', '\t', '\r']);
                let expected = if formula { format!("'{written}") } else { written.clone() };
                prop_assert_eq!(read, expected);
            }
        }
    }
}
