//! The slip sheet that stands in a production for a withheld document: a one-page PDF (A4) with
//! the Bates number and the reason, written by hand so that no PDF library is needed to say it.

/// A one-page PDF showing `title` large and each of `lines` below it, in Helvetica. Characters
/// outside printable ASCII are written as `?`: the standard fonts cover no more without embedding.
pub fn slip_pdf(title: &str, lines: &[String]) -> Vec<u8> {
    let mut content = String::from("BT /F1 20 Tf 72 760 Td (");
    content.push_str(&escaped(title));
    content.push_str(") Tj /F1 11 Tf 0 -34 Td 15 TL");
    for line in lines.iter().flat_map(|l| wrapped(l, 88)) {
        content.push_str(" (");
        content.push_str(&escaped(&line));
        content.push_str(") Tj T*");
    }
    content.push_str(" ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"
            .to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_string(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    pdf
}

/// Text as a PDF string literal's body: backslashes and parentheses escaped, only printable ASCII.
fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| if (' '..='~').contains(&c) { c } else { '?' })
        .flat_map(|c| match c {
            '\\' | '(' | ')' => vec!['\\', c],
            c => vec![c],
        })
        .collect()
}

/// A line broken at spaces into lines of at most `width` characters (a longer word on its own).
fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let current = lines.last_mut().expect("one line at least");
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cross_reference_table_points_at_each_object() {
        let pdf = slip_pdf("ABC000007 (withheld)", &["A \\ (tricky) line, café".to_string()]);
        let text = String::from_utf8(pdf.clone()).unwrap();
        assert!(text.starts_with("%PDF-1.4\n") && text.ends_with("%%EOF\n"));
        assert!(text.contains("(ABC000007 \\(withheld\\)) Tj"));
        assert!(text.contains("(A \\\\ \\(tricky\\) line, caf?) Tj"));
        let xref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(text[xref..].starts_with("xref\n0 6\n"));
        for (i, entry) in text[xref..].lines().skip(3).take(5).enumerate() {
            let offset: usize = entry[..10].parse().unwrap();
            assert!(text[offset..].starts_with(&format!("{} 0 obj", i + 1)), "object {}", i + 1);
        }
    }

    #[test]
    fn long_lines_wrap_at_spaces() {
        let long = "word ".repeat(40);
        let lines = wrapped(&long, 88);
        assert!(lines.len() > 1 && lines.iter().all(|l| l.len() <= 88));
        assert_eq!(lines.join(" "), long.trim());
    }
}
