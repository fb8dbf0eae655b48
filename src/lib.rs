//! jidi (基地): a keyboard-driven console for Guangdong's provincial international S&T
//! cooperation bases. Layers: `domain` (rules, pure), `store` (redb), `search`, `keymap`, `cli`.

pub mod app;
pub mod bench;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod filter;
pub mod interchange;
pub mod keymap;
pub mod seal;
pub mod search;
pub mod service;
pub mod store;
pub mod synth;
pub mod tui;
pub mod ui;
