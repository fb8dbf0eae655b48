//! Plain-text tables that align Chinese (two cells per wide character), and JSON output. CSV is
//! written by `interchange::csv`.

use unicode_width::UnicodeWidthStr;

/// A table printed with columns padded to their widest cell, in terminal cells.
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: &[&str]) -> Table {
        Table {
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    pub fn render(&self) -> String {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.width()).collect();
        for row in &self.rows {
            for (i, cell) in row.iter().enumerate() {
                widths[i] = widths[i].max(cell.width());
            }
        }
        let mut out = String::new();
        for row in std::iter::once(&self.headers).chain(&self.rows) {
            let last = row.len().saturating_sub(1);
            for (i, cell) in row.iter().enumerate() {
                out.push_str(cell);
                if i < last {
                    out.push_str(&" ".repeat(widths[i] - cell.width() + 2));
                }
            }
            out.push('\n');
        }
        out
    }
}

pub fn json(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).expect("a JSON value always serializes") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_align() {
        let mut t = Table::new(&["编号", "name"]);
        t.row(vec!["GDICB-1".into(), "南粤中心".into()]);
        t.row(vec!["x".into(), "ab".into()]);
        let text = t.render();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "编号     name");
        assert_eq!(lines[1], "GDICB-1  南粤中心");
        assert_eq!(lines[2], "x        ab");
    }
}
