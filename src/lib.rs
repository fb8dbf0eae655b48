//! jidi (基地): a keyboard-driven console for Guangdong's provincial international S&T
//! cooperation bases. Layers: `domain` (rules, pure), `store` (redb), `search`, `cli`.

pub mod domain;
