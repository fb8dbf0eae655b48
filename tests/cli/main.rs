//! End-to-end tests of the command line, one binary with a module per concern.

mod bad_input;
mod commands;
mod concurrency;
mod crash;
mod damage;
mod hostile_text;
mod roles;
mod shared;
mod store_file;
mod support;
