//! Stored values: one format-version byte, then postcard. Decoding is fallible and names what
//! failed, so a damaged or newer record is an error message, never a panic.

use super::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub(crate) fn encode<T: Serialize>(version: u8, value: &T) -> Vec<u8> {
    let out = vec![version];
    postcard::to_extend(value, out).expect("postcard writes into a Vec without failing")
}

pub(crate) fn decode<T: DeserializeOwned>(
    table: &'static str,
    key: &str,
    version: u8,
    bytes: &[u8],
) -> Result<T, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        table,
        key: key.to_string(),
        detail,
    };
    match bytes.split_first() {
        Some((v, rest)) if *v == version => {
            postcard::from_bytes(rest).map_err(|e| corrupt(e.to_string()))
        }
        Some((v, _)) if *v > version => Err(corrupt(format!(
            "format version {v} is newer than this jidi reads ({version}); upgrade jidi"
        ))),
        Some((v, _)) => Err(corrupt(format!(
            "format version {v} was not migrated to {version}"
        ))),
        None => Err(corrupt("empty value".into())),
    }
}

/// Like [`decode`], but the value borrows from `bytes` (strings and byte runs read in place).
pub(crate) fn decode_borrowed<'a, T: serde::Deserialize<'a>>(
    table: &'static str,
    key: &str,
    version: u8,
    bytes: &'a [u8],
) -> Result<T, StoreError> {
    let corrupt = |detail: String| StoreError::Corrupt {
        table,
        key: key.to_string(),
        detail,
    };
    match bytes.split_first() {
        Some((v, rest)) if *v == version => {
            postcard::from_bytes(rest).map_err(|e| corrupt(e.to_string()))
        }
        Some((v, _)) => Err(corrupt(format!("format version {v}, expected {version}"))),
        None => Err(corrupt("empty value".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_other_versions() {
        let bytes = encode(1, &("基地".to_string(), 7u32));
        let back: (String, u32) = decode("t", "k", 1, &bytes).unwrap();
        assert_eq!(back, ("基地".to_string(), 7));
        let err = decode::<(String, u32)>("t", "k", 0, &bytes).unwrap_err();
        assert!(err.to_string().contains("newer"), "{err}");
        let err = decode::<(String, u32)>("bases", "GDICB-1", 1, &bytes[..3]).unwrap_err();
        assert!(err.to_string().contains("GDICB-1"), "{err}");
        assert!(decode::<(String, u32)>("t", "k", 1, &[]).is_err());
    }
}
