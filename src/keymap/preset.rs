//! The built-in keymaps, embedded so the binary works without any file on disk.

/// Names accepted by `Keymap::load`, in the order a settings screen should offer them.
pub(crate) const NAMES: &[&str] = &["default", "vim"];

/// The TOML text of a preset.
pub(crate) fn text(name: &str) -> Option<&'static str> {
    match name {
        "default" => Some(include_str!("../../keymaps/default.toml")),
        "vim" => Some(include_str!("../../keymaps/vim.toml")),
        _ => None,
    }
}

/// The name errors in a preset are reported under (its path in the source tree).
pub(crate) fn file_name(name: &str) -> String {
    format!("keymaps/{name}.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_has_a_file() {
        for name in NAMES {
            assert!(text(name).is_some(), "{name}");
        }
    }
}
