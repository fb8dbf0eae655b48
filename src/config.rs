//! Settings from config files: the user's `config.toml` in the platform config dir, over the
//! system-wide `/etc/jidi/config.toml` (so every SSH user of a server reaches the same database).
//! Command-line flags and `JIDI_DB` override both.

use crate::domain::policy::{Policy, PolicyError};
use crate::domain::text::{Lang, Refusal, Text};
use anyhow::{Result, anyhow};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Database path.
    pub db: Option<PathBuf>,
    /// `zh` or `en`.
    pub lang: Option<String>,
    /// Keymap preset: `default` or `vim`.
    pub keymap: Option<String>,
    /// A policy file merged over the built-in one.
    pub policy: Option<PathBuf>,
    /// Seconds a write waits for another user's write before giving up.
    pub busy_timeout: Option<u64>,
    /// The private key that opens confidential note text (security users), when it is not where
    /// `jidi keygen` recorded it.
    pub note_key: Option<PathBuf>,
}

/// Where config files are looked for; tests point these elsewhere.
#[derive(Clone, Debug)]
pub struct ConfigPaths {
    pub user: Option<PathBuf>,
    pub system: PathBuf,
}

impl ConfigPaths {
    /// `$JIDI_CONFIG` or the platform config dir (`~/.config/jidi/config.toml` on Linux), and
    /// `$JIDI_SYSTEM_CONFIG` or `/etc/jidi/config.toml`.
    pub fn from_env() -> ConfigPaths {
        let user = std::env::var_os("JIDI_CONFIG")
            .map(PathBuf::from)
            .or_else(|| config_dir().map(|d| d.join("config.toml")));
        let system = std::env::var_os("JIDI_SYSTEM_CONFIG")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/etc/jidi/config.toml"));
        ConfigPaths { user, system }
    }
}

/// The user's jidi config directory (holds `config.toml` and `keymap.toml`).
pub fn config_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "jidi").map(|d| d.config_dir().to_path_buf())
}

fn data_dir_db() -> PathBuf {
    directories::ProjectDirs::from("", "", "jidi")
        .map(|d| d.data_dir().join("jidi.redb"))
        .unwrap_or_else(|| PathBuf::from("jidi.redb"))
}

fn read_config(path: &Path) -> Result<Option<ConfigFile>> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(anyhow!("{}: {e}", path.display())),
    };
    toml::from_str(&text).map(Some).map_err(|e| {
        let line = e.span().map(|s| text[..s.start].matches('\n').count() + 1);
        let at = line.map_or(String::new(), |l| format!(":{l}"));
        anyhow!("{}{at}: {}", path.display(), e.message())
    })
}

/// The language the config files ask for (the user's over the system's), for messages written
/// before the command line is understood; a file that cannot be read says nothing here (the
/// command itself reports it).
pub fn configured_lang(paths: &ConfigPaths) -> Option<Lang> {
    let read = |path: &Path| read_config(path).ok().flatten().and_then(|c| c.lang);
    let user = paths.user.as_deref().and_then(read);
    user.or_else(|| read(&paths.system))
        .and_then(|raw| Lang::parse(&raw))
}

/// Everything resolved: which database, language, policy and keymap to use.
#[derive(Clone, Debug)]
pub struct Settings {
    pub db: PathBuf,
    pub lang: Lang,
    pub keymap: String,
    pub policy: Policy,
    pub policy_path: Option<PathBuf>,
    pub busy_timeout: Option<std::time::Duration>,
    /// `note_key` from the user's, else the system's config file.
    pub note_key: Option<PathBuf>,
}

/// What the command line says, before files are consulted.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    pub db: Option<PathBuf>,
    pub lang: Option<Lang>,
    pub policy: Option<PathBuf>,
}

impl Settings {
    pub fn resolve(overrides: Overrides, paths: &ConfigPaths) -> Result<Settings> {
        let system = read_config(&paths.system)?.unwrap_or_default();
        let user = match &paths.user {
            Some(p) => read_config(p)?.unwrap_or_default(),
            None => ConfigFile::default(),
        };
        let db = overrides
            .db
            .or_else(|| {
                std::env::var_os("JIDI_DB")
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .or(user.db)
            .or(system.db)
            .unwrap_or_else(data_dir_db);
        let lang = match overrides.lang {
            Some(l) => l,
            None => match user.lang.or(system.lang) {
                Some(raw) => Lang::parse(&raw)
                    .ok_or_else(|| anyhow!("config: lang = \"{raw}\" is not zh or en"))?,
                None => Lang::Zh,
            },
        };
        let policy_path = overrides.policy.or(user.policy).or(system.policy);
        let policy = load_policy(policy_path.as_deref())?;
        Ok(Settings {
            db,
            lang,
            keymap: user
                .keymap
                .or(system.keymap)
                .unwrap_or_else(|| "default".into()),
            policy,
            policy_path,
            busy_timeout: user
                .busy_timeout
                .or(system.busy_timeout)
                .map(std::time::Duration::from_secs),
            note_key: user.note_key.or(system.note_key),
        })
    }
}

/// The built-in policy, with the file at `path` merged over it.
pub fn load_policy(path: Option<&Path>) -> Result<Policy> {
    let Some(path) = path else {
        return Ok(Policy::default_policy());
    };
    let text = std::fs::read_to_string(path).map_err(|e| {
        let shown = path.display().to_string();
        Refusal::input(Text::unreadable(("策略文件", "policy file"), &shown, &e))
    })?;
    let name = path.display().to_string();
    Policy::load(Some((&name, &text))).map_err(|e: PolicyError| anyhow::Error::new(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(dir: &Path) -> ConfigPaths {
        ConfigPaths {
            user: Some(dir.join("user.toml")),
            system: dir.join("system.toml"),
        }
    }

    #[test]
    fn flag_beats_user_beats_system_beats_default() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        std::fs::write(&p.system, "db = \"/srv/jidi/shared.redb\"\nlang = \"en\"\n").unwrap();
        let s = Settings::resolve(Overrides::default(), &p).unwrap();
        // JIDI_DB is not set in the test environment of this crate's unit tests.
        if std::env::var_os("JIDI_DB").is_none() {
            assert_eq!(s.db, PathBuf::from("/srv/jidi/shared.redb"));
        }
        assert_eq!(s.lang, Lang::En);
        std::fs::write(
            p.user.as_ref().unwrap(),
            "lang = \"zh\"\nkeymap = \"vim\"\n",
        )
        .unwrap();
        let s = Settings::resolve(Overrides::default(), &p).unwrap();
        assert_eq!((s.lang, s.keymap.as_str()), (Lang::Zh, "vim"));
        let s = Settings::resolve(
            Overrides {
                db: Some("/tmp/x.redb".into()),
                lang: Some(Lang::En),
                policy: None,
            },
            &p,
        )
        .unwrap();
        assert_eq!((s.db, s.lang), (PathBuf::from("/tmp/x.redb"), Lang::En));
    }

    #[test]
    fn a_bad_config_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = paths(dir.path());
        std::fs::write(
            p.user.as_ref().unwrap(),
            "lang = \"zh\"\ndatabase = \"x\"\n",
        )
        .unwrap();
        let err = Settings::resolve(Overrides::default(), &p)
            .unwrap_err()
            .to_string();
        assert!(err.contains("user.toml:2"), "{err}");
        assert!(err.contains("database"), "{err}");
    }
}
