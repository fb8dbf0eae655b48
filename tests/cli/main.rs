//! End-to-end tests of the command line, one binary with a module per concern.

mod bad_input;
mod commands;
mod concurrency;
mod interchange;
mod roles;
mod shared;
mod support;
