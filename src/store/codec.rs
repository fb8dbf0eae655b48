//! Stored values: one format byte, postcard, and a CRC-32 of both. Decoding is fallible and
//! names what failed, so a damaged or newer value is an error message, never a panic, and a
//! flipped bit is reported instead of shown.
//!
//! The format byte is the value's format version with [`CHECKSUMMED`] set. Files before schema
//! v4 hold values without a checksum; [`checksum_legacy`] adds one when the file is migrated.

use super::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Set in the format byte of every value that ends with its checksum (schema v4 on).
const CHECKSUMMED: u8 = 0x80;
const CRC_LEN: usize = 4;

pub(crate) fn encode<T: Serialize>(version: u8, value: &T) -> Vec<u8> {
    let out = vec![version | CHECKSUMMED];
    let mut out =
        postcard::to_extend(value, out).expect("postcard writes into a Vec without failing");
    let crc = crc32fast::hash(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// The payload of a checksummed value of format `version`, after checking the format and the
/// checksum.
fn payload(version: u8, bytes: &[u8]) -> Result<&[u8], String> {
    let Some(&first) = bytes.first() else {
        return Err("empty value".into());
    };
    if first & CHECKSUMMED == 0 {
        return Err(format!(
            "format {first} without a checksum: written before schema v4 and not migrated, or damaged"
        ));
    }
    if bytes.len() < 1 + CRC_LEN {
        return Err("value cut short".into());
    }
    let (body, crc) = bytes.split_at(bytes.len() - CRC_LEN);
    let stored = u32::from_le_bytes(crc.try_into().expect("four bytes"));
    if crc32fast::hash(body) != stored {
        return Err("checksum mismatch: the value was altered on disk".into());
    }
    let found = first & !CHECKSUMMED;
    if found > version {
        return Err(format!(
            "format version {found} is newer than this jidi reads ({version}); upgrade jidi"
        ));
    }
    if found < version {
        return Err(format!(
            "format version {found} was not migrated to {version}"
        ));
    }
    Ok(&body[1..])
}

pub(crate) fn decode<T: DeserializeOwned>(
    table: &'static str,
    key: &str,
    version: u8,
    bytes: &[u8],
) -> Result<T, StoreError> {
    decode_borrowed(table, key, version, bytes)
}

/// Like [`decode`], but the value borrows from `bytes` (strings and byte runs read in place).
pub(crate) fn decode_borrowed<'a, T: serde::Deserialize<'a>>(
    table: &'static str,
    key: &str,
    version: u8,
    bytes: &'a [u8],
) -> Result<T, StoreError> {
    let corrupt = |detail: String| StoreError::corrupt(table, key, detail);
    let body = payload(version, bytes).map_err(corrupt)?;
    postcard::from_bytes(body).map_err(|e| corrupt(e.to_string()))
}

/// The same value with its checksum: a legacy value's bytes, format byte flagged and CRC
/// appended, without decoding it (so it works for every table and format). A value that already
/// has one is returned as it is.
pub(crate) fn checksum_legacy(bytes: &[u8]) -> Vec<u8> {
    match bytes.split_first() {
        Some((first, _)) if first & CHECKSUMMED != 0 => bytes.to_vec(),
        Some((first, rest)) => {
            let mut out = Vec::with_capacity(bytes.len() + CRC_LEN);
            out.push(first | CHECKSUMMED);
            out.extend_from_slice(rest);
            let crc = crc32fast::hash(&out);
            out.extend_from_slice(&crc.to_le_bytes());
            out
        }
        None => Vec::new(),
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

    #[test]
    fn every_flipped_bit_is_reported_not_decoded() {
        let value = ("岭南光电联合研究中心".to_string(), 2026u32, vec![1u8, 2, 3]);
        let bytes = encode(1, &value);
        for bit in 0..bytes.len() * 8 {
            let mut damaged = bytes.clone();
            damaged[bit / 8] ^= 1 << (bit % 8);
            let result = decode::<(String, u32, Vec<u8>)>("bases", "GDICB-1", 1, &damaged);
            assert!(result.is_err(), "bit {bit} went unnoticed: {result:?}");
        }
    }

    #[test]
    fn legacy_values_gain_a_checksum_unchanged() {
        let legacy = {
            let mut v = vec![1u8];
            v.extend(postcard::to_allocvec(&("旧".to_string(), 3u32)).unwrap());
            v
        };
        assert!(decode::<(String, u32)>("t", "k", 1, &legacy).is_err());
        let migrated = checksum_legacy(&legacy);
        assert_eq!(
            decode::<(String, u32)>("t", "k", 1, &migrated).unwrap(),
            ("旧".to_string(), 3)
        );
        assert_eq!(checksum_legacy(&migrated), migrated, "idempotent");
    }
}
