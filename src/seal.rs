//! Confidential text at rest (A15.3.4 保密管理): security-risk note text is sealed to a public key
//! kept in the database, so any editor can write a note, and opened only with the private key,
//! which lives in a file that only the security group can read. The format is age's (X25519), so
//! a key file is also usable with the `age`/`rage` tools.
//!
//! A sealed value is stored as `age:` + base64 of the age ciphertext; anything else is text from
//! before notes were sealed.

use crate::domain::text::{Refusal, Text};
use crate::text;
use age::secrecy::ExposeSecret;
use base64::Engine;
use std::path::Path;
use std::str::FromStr;

const PREFIX: &str = "age:";

/// The public half: whoever has it can seal, nobody can open with it.
#[derive(Clone)]
pub struct SealKey(age::x25519::Recipient);

/// The private half, read from the key file.
pub struct OpenKey(age::x25519::Identity);

/// Never prints the secret, whatever debug output it ends up in.
impl std::fmt::Debug for OpenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OpenKey(for {})", self.0.to_public())
    }
}

impl std::fmt::Debug for SealKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SealKey({})", self.0)
    }
}

impl SealKey {
    /// Parses a stored public key (`age1…`).
    pub fn parse(stored: &str) -> Result<SealKey, Refusal> {
        age::x25519::Recipient::from_str(stored.trim())
            .map(SealKey)
            .map_err(|e| {
                Refusal::input(text!(
                    "数据库中的保密公钥无法识别（{e}）；请管理员重新运行 jidi keygen",
                    "the database's note key is not a valid public key ({e}); ask an admin to run `jidi keygen` again"
                ))
            })
    }

    /// `age1…`, as stored in the database.
    pub fn encoded(&self) -> String {
        self.0.to_string()
    }

    /// Seals `plain`; empty text stays empty (a note without a mitigation has nothing to hide).
    pub fn seal(&self, plain: &str) -> String {
        if plain.is_empty() {
            return String::new();
        }
        let bytes = age::encrypt(&self.0, plain.as_bytes())
            .expect("encrypting to an X25519 recipient into memory cannot fail");
        format!(
            "{PREFIX}{}",
            base64::engine::general_purpose::STANDARD_NO_PAD.encode(bytes)
        )
    }
}

/// Whether a stored value is sealed (as opposed to empty, or text from before sealing).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(PREFIX)
}

impl OpenKey {
    /// A new key pair.
    pub fn generate() -> OpenKey {
        OpenKey(age::x25519::Identity::generate())
    }

    pub fn seal_key(&self) -> SealKey {
        SealKey(self.0.to_public())
    }

    /// The key file's content, in age's identity-file format.
    pub fn file_text(&self, created: &str) -> String {
        format!(
            "# jidi 保密风险说明私钥 / jidi confidential-note key — keep it readable by the security group only\n# created: {created}\n# public key: {}\n{}\n",
            self.0.to_public(),
            self.0.to_string().expose_secret()
        )
    }

    /// Reads a key file, naming the file in every error.
    pub fn read(path: &Path) -> Result<OpenKey, Refusal> {
        let shown = path.display();
        let content = std::fs::read_to_string(path).map_err(|e| {
            let why = e.to_string();
            match e.kind() {
                std::io::ErrorKind::NotFound => Refusal::input(text!(
                    "找不到保密密钥文件 {shown}；在 config.toml 中用 note_key 指明其位置",
                    "no note key file at {shown}; set note_key in config.toml to where it is"
                )),
                std::io::ErrorKind::PermissionDenied => Refusal::input(text!(
                    "无权读取保密密钥文件 {shown}；需属于可读该文件的保密员组",
                    "no permission to read the note key file {shown}; you must be in the group that may read it"
                )),
                _ => Refusal::input(text!(
                    "无法读取保密密钥文件 {shown}：{why}",
                    "cannot read the note key file {shown}: {why}"
                )),
            }
        })?;
        content
            .lines()
            .map(str::trim)
            .find(|l| l.starts_with("AGE-SECRET-KEY-"))
            .and_then(|l| age::x25519::Identity::from_str(l).ok())
            .map(OpenKey)
            .ok_or_else(|| {
                Refusal::input(text!(
                    "{shown} 不是保密密钥文件（缺少 AGE-SECRET-KEY 行）",
                    "{shown} is not a note key file (no AGE-SECRET-KEY line)"
                ))
            })
    }

    /// Opens a stored value: sealed text is decrypted; text from before sealing is returned as
    /// it is. A value sealed to another key is an error, never shown garbled.
    pub fn open(&self, stored: &str) -> Result<String, Text> {
        let Some(encoded) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_string());
        };
        let wrong = || {
            text!(
                "此密钥打不开这条说明（密钥不属于这个数据库，或数据已损坏）",
                "this key does not open the note (a key of another database, or damaged data)"
            )
        };
        let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
            .decode(encoded)
            .map_err(|_| wrong())?;
        let plain = age::decrypt(&self.0, &bytes).map_err(|_| wrong())?;
        String::from_utf8(plain).map_err(|_| wrong())
    }

    /// Whether this key opens what `seal` seals.
    pub fn matches(&self, seal: &SealKey) -> bool {
        self.0.to_public().to_string() == seal.encoded()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_only_with_its_key_and_shows_no_plaintext() {
        let key = OpenKey::generate();
        let sealed = key.seal_key().seal("出口管制设备清单待核");
        assert!(is_sealed(&sealed));
        assert!(!sealed.contains("出口管制"), "{sealed}");
        assert_eq!(key.open(&sealed).unwrap(), "出口管制设备清单待核");
        let other = OpenKey::generate();
        assert!(other.open(&sealed).is_err());
        assert!(!other.matches(&key.seal_key()) && key.matches(&key.seal_key()));
        // Same text twice: different ciphertexts, so equal notes cannot be spotted.
        assert_ne!(sealed, key.seal_key().seal("出口管制设备清单待核"));
    }

    #[test]
    fn empty_and_unsealed_values() {
        let key = OpenKey::generate();
        assert_eq!(key.seal_key().seal(""), "");
        assert_eq!(key.open("旧的明文说明").unwrap(), "旧的明文说明");
        assert!(key.open("age:!!notbase64").is_err());
    }

    #[test]
    fn a_key_file_round_trips_and_bad_files_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.key");
        let key = OpenKey::generate();
        std::fs::write(&path, key.file_text("2026-12-07")).unwrap();
        let back = OpenKey::read(&path).unwrap();
        assert!(back.matches(&key.seal_key()));
        let stored = key.seal_key().encoded();
        assert!(SealKey::parse(&stored).is_ok());
        assert!(SealKey::parse("age1nonsense").is_err());

        std::fs::write(&path, "hello\n").unwrap();
        let err = OpenKey::read(&path).unwrap_err();
        assert!(
            err.message(crate::domain::text::Lang::En)
                .contains("notes.key")
        );
        let missing = OpenKey::read(&dir.path().join("none.key")).unwrap_err();
        assert!(
            missing
                .message(crate::domain::text::Lang::Zh)
                .contains("找不到")
        );
    }
}
