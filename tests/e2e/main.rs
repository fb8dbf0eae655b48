//! End-to-end tests: the real `jidi` binary driven through a pseudo-terminal, asserting on the
//! screen a user would see and then on what the database stored.

mod audit;
mod cancel;
mod cases;
mod damage;
mod happy_path;
mod layout;
mod lifecycle;
mod modal_keys;
mod read_only;
mod shared;
mod support;
