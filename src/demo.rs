//! The demo data set (`data/demo.json`), embedded so `jidi demo` works from any directory.
