//! An input file before it is parsed: its name and SHA-256 (for the audit events), what it is
//! (CSV, XLSX, JSON — told by its content, not its name) and, for text, its encoding: valid
//! UTF-8 is UTF-8 (a BOM is dropped), anything else is read as GB18030, the superset of GBK that
//! Excel's "CSV" writes on Chinese Windows.

use crate::domain::text::{Refusal, Text};
use crate::text;
use encoding_rs::{Decoder, GB18030};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8 { bom: bool },
    Gb18030,
}

/// What one read of the whole file found.
#[derive(Clone, Debug)]
pub struct Source {
    pub path: PathBuf,
    /// The file's name, as events and reports cite it.
    pub name: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    pub size: u64,
    pub format: Format,
    pub encoding: Encoding,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads the file once: hash, format and encoding. A file that is empty, binary, an old `.xls`
/// or unreadable is refused with what it is and what to do.
pub fn inspect(path: &Path) -> Result<Source, Refusal> {
    let shown = path.display().to_string();
    let file = File::open(path)
        .map_err(|e| Refusal::input(Text::unreadable(("文件", "file"), &shown, &e)))?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut hasher = Sha256::new();
    let mut head: Vec<u8> = Vec::new();
    let mut utf8 = Utf8Check::default();
    let mut binary = false;
    let mut controls = 0u64;
    let mut size = 0u64;
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| Refusal::input(Text::unreadable(("文件", "file"), &shown, &e)))?;
        if n == 0 {
            break;
        }
        let chunk = &buf[..n];
        hasher.update(chunk);
        if head.len() < 4096 {
            head.extend_from_slice(&chunk[..chunk.len().min(4096 - head.len())]);
        }
        // A NUL, or control bytes in numbers text never has, make it binary; a stray ESC in one
        // cell is text, refused by the row's checks naming its row and column.
        binary |= chunk.contains(&0);
        controls += chunk
            .iter()
            .filter(|b| **b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c))
            .count() as u64;
        utf8.feed(chunk);
        size += n as u64;
    }
    let sha256 = hex(&hasher.finalize());
    let name = path
        .file_name()
        .map_or_else(|| shown.clone(), |n| n.to_string_lossy().into_owned());
    let source = |format, encoding| Source {
        path: path.to_path_buf(),
        name: name.clone(),
        sha256: sha256.clone(),
        size,
        format,
        encoding,
    };
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Ok(source(Format::Xlsx, Encoding::Utf8 { bom: false }));
    }
    if head.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(Refusal::input(text!(
            "{shown} 是旧版 Excel 97–2003（.xls）文件；请在 Excel 中另存为 .xlsx 或 CSV 后再导入",
            "{shown} is an Excel 97–2003 (.xls) file; save it as .xlsx or CSV in Excel and import that"
        )));
    }
    let bom = head.starts_with(UTF8_BOM);
    let text_start = if bom { &head[3..] } else { &head[..] };
    if text_start.iter().all(|b| b.is_ascii_whitespace()) && size <= head.len() as u64 {
        return Err(Refusal::input(text!(
            "{shown} 是空文件：没有表头，也没有数据行",
            "{shown} is empty: no header row and no data"
        )));
    }
    if binary || controls > 16 + size / 100 {
        return Err(not_a_table(&shown));
    }
    let encoding = if utf8.valid() {
        Encoding::Utf8 { bom }
    } else {
        Encoding::Gb18030
    };
    let first = text_start.iter().find(|b| !b.is_ascii_whitespace());
    let format = match first {
        Some(b'[') | Some(b'{') => Format::Json,
        _ => Format::Csv,
    };
    Ok(source(format, encoding))
}

pub fn not_a_table(shown: &str) -> Refusal {
    Refusal::input(text!(
        "{shown} 不是 CSV、XLSX 或 JSON 文件（内容是二进制数据）；请导出为这三种格式之一",
        "{shown} is not a CSV, XLSX or JSON file (its content is binary); export it as one of those"
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks UTF-8 validity chunk by chunk, carrying a sequence cut at a chunk's end.
#[derive(Default)]
struct Utf8Check {
    carry: Vec<u8>,
    invalid: bool,
}

impl Utf8Check {
    fn feed(&mut self, chunk: &[u8]) {
        if self.invalid {
            return;
        }
        let joined;
        let bytes = if self.carry.is_empty() {
            chunk
        } else {
            joined = [self.carry.as_slice(), chunk].concat();
            &joined
        };
        match std::str::from_utf8(bytes) {
            Ok(_) => self.carry.clear(),
            Err(e) if e.error_len().is_none() => {
                self.carry = bytes[e.valid_up_to()..].to_vec();
            }
            Err(_) => self.invalid = true,
        }
    }

    fn valid(&self) -> bool {
        !self.invalid && self.carry.is_empty()
    }
}

/// The file's text as UTF-8 bytes, whatever its encoding, without a BOM.
pub fn open_text(source: &Source) -> std::io::Result<Box<dyn Read>> {
    let mut file = BufReader::with_capacity(1 << 16, File::open(&source.path)?);
    match source.encoding {
        Encoding::Utf8 { bom } => {
            if bom {
                let mut skip = [0u8; 3];
                file.read_exact(&mut skip)?;
            }
            Ok(Box::new(file))
        }
        Encoding::Gb18030 => Ok(Box::new(Transcoder {
            inner: file,
            decoder: GB18030.new_decoder_without_bom_handling(),
            input: vec![0u8; 1 << 15],
            pending: Vec::new(),
            at: 0,
            done: false,
        })),
    }
}

/// Decodes GB18030 to UTF-8 as it is read.
struct Transcoder<R> {
    inner: R,
    decoder: Decoder,
    input: Vec<u8>,
    pending: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> Read for Transcoder<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.at == self.pending.len() && !self.done {
            let n = self.inner.read(&mut self.input)?;
            let last = n == 0;
            let mut text = String::with_capacity(n * 3 / 2 + 16);
            let (_, _, _) = self
                .decoder
                .decode_to_string(&self.input[..n], &mut text, last);
            self.pending = text.into_bytes();
            self.at = 0;
            self.done = last;
        }
        let n = out.len().min(self.pending.len() - self.at);
        out[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn text_of(source: &Source) -> String {
        let mut out = String::new();
        open_text(source).unwrap().read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn utf8_with_and_without_bom_and_gbk_read_the_same() {
        let text = "编号,基地名称\nGDICB-2025-0001,南粤海洋联合研究中心\n";
        let (gbk, _, _) = GB18030.encode(text);
        for bytes in [
            text.as_bytes().to_vec(),
            [UTF8_BOM, text.as_bytes()].concat(),
            gbk.into_owned(),
        ] {
            let (_dir, path) = write(&bytes);
            let source = inspect(&path).unwrap();
            assert_eq!(source.format, Format::Csv);
            assert_eq!(text_of(&source), text);
        }
    }

    #[test]
    fn a_utf8_sequence_cut_at_a_chunk_end_is_still_utf8() {
        let text = "名".repeat(70_000);
        let (_dir, path) = write(text.as_bytes());
        let source = inspect(&path).unwrap();
        assert_eq!(source.encoding, Encoding::Utf8 { bom: false });
    }

    #[test]
    fn empty_binary_and_old_excel_files_are_refused() {
        for (bytes, needle) in [
            (b"".to_vec(), "empty"),
            (b"\xEF\xBB\xBF\n \n".to_vec(), "empty"),
            (b"\x89PNG\r\n\x1a\n\0\0\0IHDR".to_vec(), "not a CSV"),
            (b"\xD0\xCF\x11\xE0\xA1\xB1\x1a\xe1".to_vec(), ".xls"),
        ] {
            let (_dir, path) = write(&bytes);
            let err = inspect(&path).unwrap_err();
            assert!(err.text.en.contains(needle), "{}", err.text.en);
        }
    }

    #[test]
    fn the_hash_is_sha256_of_the_bytes() {
        let (_dir, path) = write(b"abc");
        assert_eq!(
            inspect(&path).unwrap().sha256,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn json_is_told_by_its_first_character() {
        let (_dir, path) = write(b"  [ {\"id\": 1} ]");
        assert_eq!(inspect(&path).unwrap().format, Format::Json);
    }
}
