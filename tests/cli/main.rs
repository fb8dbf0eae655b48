//! End-to-end tests of the command line, one binary with a module per concern.

mod backup;
mod bad_input;
mod cases;
mod commands;
mod concurrency;
mod crash;
mod damage;
mod help;
mod hostile_text;
mod interchange;
mod notes;
mod regulation;
mod roles;
mod shared;
mod store_file;
mod streaming;
mod support;
mod trial;
