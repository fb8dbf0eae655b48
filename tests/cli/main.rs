//! End-to-end tests of the command line, one binary with a module per concern.

mod backup;
mod bad_input;
mod cases;
mod commands;
mod concurrency;
mod notes;
mod regulation;
mod roles;
mod shared;
mod support;
