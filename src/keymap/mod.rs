//! Key bindings: presets embedded from `keymaps/`, user overrides merged key by key.
