//! A one-line text field: insertion point in characters, display width in terminal cells (so
//! the real cursor, and with it the IME popup, lands where the next character goes). A pre-filled
//! value starts selected, as in mature tools: the first character typed replaces it.

use unicode_width::UnicodeWidthStr;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextField {
    value: String,
    /// Insertion point, in characters.
    cursor: usize,
    /// The whole value is selected: typing replaces it, Backspace or Delete clears it, moving
    /// the cursor keeps it to edit.
    selected: bool,
}

/// Longest text a field takes. It is well above every rule's limit (notes and free text stop at
/// 4,000, names at 200), so overlong input reaches the rule and is refused with its message
/// instead of being cut and stored short; the cap only bounds a runaway paste.
const MAX_CHARS: usize = 4 * crate::domain::names::MAX_TEXT;

impl TextField {
    pub fn with(value: &str) -> TextField {
        TextField {
            value: value.to_string(),
            cursor: value.chars().count(),
            selected: false,
        }
    }

    /// A field holding a proposed value (a default date, a choice), selected.
    pub fn prefilled(value: &str) -> TextField {
        TextField {
            selected: !value.is_empty(),
            ..TextField::with(value)
        }
    }

    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Drops a selected value before an edit replaces it; true if it did.
    fn replace_selection(&mut self) -> bool {
        let selected = std::mem::take(&mut self.selected);
        if selected {
            self.clear();
        }
        selected
    }

    pub fn value(&self) -> &str {
        &self.value
    }

    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.value
            .char_indices()
            .nth(chars)
            .map_or(self.value.len(), |(i, _)| i)
    }

    pub fn insert(&mut self, ch: char) {
        if ch.is_control() {
            return;
        }
        self.replace_selection();
        if self.value.chars().count() >= MAX_CHARS {
            return;
        }
        let at = self.byte_at(self.cursor);
        self.value.insert(at, ch);
        self.cursor += 1;
    }

    /// Pasted or IME-committed text, inserted at once.
    pub fn insert_str(&mut self, text: &str) {
        for ch in text.chars() {
            self.insert(ch);
        }
    }

    pub fn backspace(&mut self) {
        if self.replace_selection() || self.cursor == 0 {
            return;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.value.remove(at);
    }

    pub fn delete(&mut self) {
        if self.replace_selection() {
            return;
        }
        if self.cursor < self.value.chars().count() {
            let at = self.byte_at(self.cursor);
            self.value.remove(at);
        }
    }

    pub fn left(&mut self) {
        self.selected = false;
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.selected = false;
        self.cursor = (self.cursor + 1).min(self.value.chars().count());
    }

    pub fn home(&mut self) {
        self.selected = false;
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.selected = false;
        self.cursor = self.value.chars().count();
    }

    pub fn clear(&mut self) {
        self.value.clear();
        self.cursor = 0;
        self.selected = false;
    }

    pub fn set(&mut self, value: &str) {
        *self = TextField::with(value);
    }

    /// Terminal cells before the insertion point.
    pub fn cursor_width(&self) -> usize {
        self.value[..self.byte_at(self.cursor)].width()
    }

    /// Applies an editing key; true if the key was one.
    pub fn edit(&mut self, key: &crossterm::event::KeyEvent) -> bool {
        use crossterm::event::{KeyCode, KeyModifiers};
        if key
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        {
            return false;
        }
        match key.code {
            KeyCode::Char(c) => self.insert(c),
            KeyCode::Backspace => self.backspace(),
            KeyCode::Delete => self.delete(),
            KeyCode::Left => self.left(),
            KeyCode::Right => self.right(),
            KeyCode::Home => self.home(),
            KeyCode::End => self.end(),
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_at_the_cursor_in_characters_and_measures_cells() {
        let mut f = TextField::with("华南");
        assert_eq!(f.cursor_width(), 4);
        f.left();
        f.insert('x');
        assert_eq!(f.value(), "华x南");
        assert_eq!(f.cursor_width(), 3);
        f.backspace();
        f.backspace();
        assert_eq!(f.value(), "南");
        f.end();
        f.insert_str("理工");
        assert_eq!(f.value(), "南理工");
        f.home();
        f.delete();
        assert_eq!((f.value(), f.cursor_width()), ("理工", 0));
    }

    #[test]
    fn a_prefilled_value_is_replaced_by_typing_and_kept_by_moving() {
        let mut f = TextField::prefilled("2026-12-07");
        assert!(f.is_selected());
        f.insert_str("2027-01-15");
        assert_eq!(f.value(), "2027-01-15");
        assert!(!f.is_selected());

        let mut f = TextField::prefilled("2026-12-07");
        f.backspace();
        assert_eq!(f.value(), "", "Backspace clears a selected value");

        let mut f = TextField::prefilled("2026-12-07");
        f.left();
        f.backspace();
        f.insert('9');
        assert_eq!(f.value(), "2026-12-97", "a moved cursor edits in place");

        assert!(!TextField::prefilled("").is_selected());
        assert!(!TextField::with("历史").is_selected());
    }
}
