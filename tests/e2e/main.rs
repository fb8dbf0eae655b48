//! End-to-end tests: the real `jidi` binary driven through a pseudo-terminal, asserting on the
//! screen a user would see and then on what the database stored.

mod cancel;
mod cases;
mod happy_path;
mod layout;
mod lifecycle;
mod modal_keys;
mod shared;
mod support;
