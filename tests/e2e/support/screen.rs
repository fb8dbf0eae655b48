//! Reading the parsed screen the way a user reads it: rows of text, the highlighted cursor,
//! the underlined search matches.

use vt100::{Cell, Color, Screen};

/// The default theme's cursor: white on blue (ANSI colour 4).
const CURSOR_BG: Color = Color::Idx(4);

fn cols(screen: &Screen) -> u16 {
    screen.size().1.get()
}

/// Row `r` as text (a wide character once, trailing blanks dropped).
pub fn row(screen: &Screen, r: u16) -> String {
    screen
        .rows(0, cols(screen))
        .nth(r as usize)
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

/// The first row containing `needle`.
pub fn find(screen: &Screen, needle: &str) -> Option<u16> {
    screen
        .rows(0, cols(screen))
        .position(|text| text.contains(needle))
        .map(|r| r as u16)
}

pub fn contains(screen: &Screen, needle: &str) -> bool {
    find(screen, needle).is_some()
}

fn cell(screen: &Screen, r: u16, c: u16) -> &Cell {
    screen.cell(r, c).expect("a cell inside the screen")
}

/// The text of the cells in row `r` that `pick` accepts, in order.
fn picked(screen: &Screen, r: u16, pick: impl Fn(&Cell) -> bool) -> String {
    (0..cols(screen))
        .map(|c| cell(screen, r, c))
        .filter(|cell| !cell.is_wide_continuation() && pick(cell))
        .map(text)
        .collect()
}

/// What the cursor style covers in row `r`: a focused button, a menu's current line.
pub fn cursor_text(screen: &Screen, r: u16) -> String {
    picked(screen, r, |cell| cell.bgcolor() == CURSOR_BG)
        .trim()
        .to_string()
}

/// The row the list cursor is on: the one highlighted across the whole width.
pub fn cursor_row(screen: &Screen) -> Option<u16> {
    let last = cols(screen) - 1;
    (0..screen.size().0.get()).find(|r| {
        cell(screen, *r, 0).bgcolor() == CURSOR_BG && cell(screen, *r, last).bgcolor() == CURSOR_BG
    })
}

/// The underlined characters in row `r`: the matched part of a search hit.
pub fn underlined(screen: &Screen, r: u16) -> String {
    picked(screen, r, Cell::underline)
}

/// The column where `needle` starts in row `r`, counted in cells (a wide character is two).
pub fn column_of(screen: &Screen, r: u16, needle: &str) -> Option<u16> {
    let cells: Vec<(u16, &str)> = (0..cols(screen))
        .map(|c| (c, cell(screen, r, c)))
        .filter(|(_, cell)| !cell.is_wide_continuation())
        .map(|(c, cell)| (c, text(cell)))
        .collect();
    (0..cells.len())
        .find(|i| {
            let mut joined = String::new();
            for (_, text) in &cells[*i..] {
                if joined.len() >= needle.len() {
                    break;
                }
                joined.push_str(text);
            }
            joined.starts_with(needle)
        })
        .map(|i| cells[i].0)
}

/// A cell's character; a blank cell reads as a space.
fn text(cell: &Cell) -> &str {
    match cell.contents() {
        "" => " ",
        text => text,
    }
}
