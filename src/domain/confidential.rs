//! What a reader sees of the confidential part of security-risk notes (A15.3.4 保密管理): the
//! description and mitigation are stored sealed; only a security user with the key opens them,
//! and everyone else sees that notes exist, their area, severity, status and dates.

use super::text::Text;

/// The confidential text of one note, once opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteText {
    pub n: u32,
    pub description: String,
    pub mitigation: String,
}

/// The confidential text of a base's notes as this reader may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notes {
    /// Opened for this reader (and the reading recorded).
    Open(Vec<NoteText>),
    /// Not shown, and why: the role is missing, no key could be read, the reading could not be
    /// recorded…
    Sealed(Text),
}

impl Notes {
    /// The opened text of note `n`, if this reader may see it.
    pub fn text_of(&self, n: u32) -> Option<&NoteText> {
        match self {
            Notes::Open(texts) => texts.iter().find(|t| t.n == n),
            Notes::Sealed(_) => None,
        }
    }
}
