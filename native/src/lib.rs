//! modelreg's byte pipeline, shared by the SDK and the server through client/python/modelreg/
//! codec.py and transfer.py: FastCDC 2020 cutting (the cut points pyfastcdc made, so stored chunk
//! digests stay valid), sha256 (SHA-NI when the CPU has it), and the chunk codecs (zstd and
//! byte-grouped zstd) whose byte format the Go, TypeScript and Java clients read. Every function
//! releases the GIL around its byte work, so threads calling it use all cores.

use std::cell::RefCell;
use std::fs::File;
use std::io::Read;
use std::os::unix::fs::FileExt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

use fastcdc::v2020::{FastCDC, Normalization};
use pyo3::buffer::PyBuffer;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};
use sha2::{Digest, Sha256};
use xxhash_rust::xxh3::Xxh3;
use zstd_safe::{CCtx, CParameter, DCtx};

pyo3::create_exception!(modelreg_native, ChunkError, PyValueError, "args: (reason, message)");

// Codec numbers of resources.proto's Codec enum.
const CODEC_NONE: u8 = 1;
const CODEC_ZSTD: u8 = 2;
const CODEC_BYTEGROUP2_ZSTD: u8 = 3;
const CODEC_BYTEGROUP4_ZSTD: u8 = 4;
const PLANE_HEADER: usize = 5; // codec byte, big-endian u32 length
const PLANE_LEVEL: i32 = 1;
const ZSTD_LEVEL: i32 = 3;
const SAMPLE: usize = 64 * 1024;
const PLANE_PROBE: usize = 16 * 1024;
const MAX_CHUNK_SIZE: i64 = 16 * 1024 * 1024;
const MIN_SAVING: f64 = 0.02;
const READ_BLOCK: usize = 8 * 1024 * 1024;
// A file with boundaries is cut by several threads, each a run of whole stretches of about this
// many bytes or more (a stretch is cut alone, so the cut points do not depend on the split).
const PARALLEL_UNIT: u64 = 16 * 1024 * 1024;
const MAX_CUTTERS: usize = 4;

struct Fail(&'static str, String);

type Res<T> = Result<T, Fail>;

fn corrupt(msg: impl Into<String>) -> Fail {
    Fail("CORRUPT_CHUNK", msg.into())
}

fn mismatch(msg: impl Into<String>) -> Fail {
    Fail("CHUNK_SIZE_MISMATCH", msg.into())
}

impl From<Fail> for PyErr {
    fn from(f: Fail) -> PyErr {
        ChunkError::new_err((f.0, f.1))
    }
}

thread_local! {
    // zstd contexts are reused per thread (creating one costs more than a small chunk).
    static CCTX: RefCell<Option<CCtx<'static>>> = const { RefCell::new(None) };
    static DCTX: RefCell<Option<DCtx<'static>>> = const { RefCell::new(None) };
}

/// One zstd frame of `src` at `level`, declaring its content size, appended to `out`: the bytes
/// python-zstandard's ZstdCompressor(level, write_content_size=True).compress() made.
fn compress_into(src: &[u8], level: i32, out: &mut Vec<u8>) {
    CCTX.with(|cell| {
        let mut cell = cell.borrow_mut();
        let cctx = cell.get_or_insert_with(CCtx::create);
        cctx.reset(zstd_safe::ResetDirective::SessionAndParameters).expect("zstd reset");
        cctx.set_parameter(CParameter::CompressionLevel(level)).expect("zstd level");
        cctx.set_parameter(CParameter::ContentSizeFlag(true)).expect("zstd content size");
        let start = out.len();
        out.reserve(zstd_safe::compress_bound(src.len()));
        let mut tail = zstd_safe::OutBuffer::around_pos(out, start);
        let mut input = zstd_safe::InBuffer::around(src);
        // With compress_bound() bytes of room one call ends the frame.
        let left = cctx
            .compress_stream2(&mut tail, &mut input, zstd_safe::zstd_sys::ZSTD_EndDirective::ZSTD_e_end)
            .expect("zstd compress");
        assert_eq!(left, 0, "zstd frame not ended");
    })
}

fn compressed_len(src: &[u8], level: i32, scratch: &mut Vec<u8>) -> usize {
    scratch.clear();
    compress_into(src, level, scratch);
    scratch.len()
}

fn saves(packed: usize, raw: usize) -> bool {
    (packed as f64) <= (raw as f64) * (1.0 - MIN_SAVING)
}

/// Splits the whole words of `raw` into `W` planes (byte k of every word to plane k) in one pass.
fn split<const W: usize>(raw: &[u8], planes: &mut [Vec<u8>]) {
    let words = raw.len() / W;
    for plane in planes.iter_mut() {
        plane.clear();
        plane.resize(words, 0);
    }
    let outs: &mut [Vec<u8>; W] = planes.try_into().unwrap();
    for (i, word) in raw.chunks_exact(W).enumerate() {
        for k in 0..W {
            outs[k][i] = word[k];
        }
    }
}

/// The inverse of split(): interleaves `W` planes of equal length into `out`.
fn join<const W: usize>(planes: &[&[u8]], out: &mut [u8]) {
    let planes: [&[u8]; W] = planes.try_into().unwrap();
    for (i, word) in out.chunks_exact_mut(W).enumerate() {
        for k in 0..W {
            word[k] = planes[k][i];
        }
    }
}

fn group_planes(raw: &[u8], width: usize, out: &mut Vec<u8>) {
    let whole = raw.len() - raw.len() % width;
    let plane_len = whole / width;
    let mut planes = vec![Vec::new(); width];
    if width == 2 {
        split::<2>(&raw[..whole], &mut planes);
    } else {
        split::<4>(&raw[..whole], &mut planes);
    }
    let mut scratch = Vec::new();
    for plane in &planes {
        // Mantissa planes rarely compress: a 16 KiB probe saves compressing the whole plane.
        let probe = &plane[..plane_len.min(PLANE_PROBE)];
        let hopeless = plane_len > 2 * PLANE_PROBE
            && (compressed_len(probe, PLANE_LEVEL, &mut scratch) as f64) > (probe.len() as f64) * (1.0 - MIN_SAVING);
        let header = out.len();
        out.extend_from_slice(&[0; PLANE_HEADER]);
        let (codec, length) = if hopeless {
            out.extend_from_slice(plane);
            (CODEC_NONE, plane_len)
        } else {
            compress_into(plane, PLANE_LEVEL, out);
            let packed = out.len() - header - PLANE_HEADER;
            if saves(packed, plane_len) {
                (CODEC_ZSTD, packed)
            } else {
                out.truncate(header + PLANE_HEADER);
                out.extend_from_slice(plane);
                (CODEC_NONE, plane_len)
            }
        };
        out[header] = codec;
        out[header + 1..header + PLANE_HEADER].copy_from_slice(&(length as u32).to_be_bytes());
    }
    out.extend_from_slice(&raw[whole..]);
}

/// The grouping that compresses a sample of the chunk best, 0 when plain zstd is as good.
fn guess_group(raw: &[u8]) -> i64 {
    let sample = &raw[..raw.len().min(SAMPLE)];
    let mut scratch = Vec::new();
    let mut best = 0;
    let mut best_size = compressed_len(sample, PLANE_LEVEL, &mut scratch) as f64 * (1.0 - 3.0 * MIN_SAVING / 2.0);
    if best_size < sample.len() as f64 * 0.5 {
        return 0; // text, sparse or repetitive data: plain zstd does well already
    }
    for width in [4usize, 2] {
        scratch.clear();
        group_planes(sample, width, &mut scratch);
        if (scratch.len() as f64) < best_size {
            best = width as i64;
            best_size = scratch.len() as f64;
        }
    }
    best
}

/// (codec, payload), or None for the payload when compression does not save MIN_SAVING.
fn encode_bytes(raw: &[u8], group: Option<i64>) -> (u8, Option<Vec<u8>>) {
    let group = group.unwrap_or_else(|| guess_group(raw));
    let mut payload = Vec::new();
    let codec = match group {
        2 | 4 if raw.len() >= 2 * group as usize => {
            group_planes(raw, group as usize, &mut payload);
            if group == 2 { CODEC_BYTEGROUP2_ZSTD } else { CODEC_BYTEGROUP4_ZSTD }
        }
        _ => {
            compress_into(raw, ZSTD_LEVEL, &mut payload);
            CODEC_ZSTD
        }
    };
    if saves(payload.len(), raw.len()) {
        (codec, Some(payload))
    } else {
        (CODEC_NONE, None)
    }
}

/// One zstd frame that declares its content size, checked against `out.len()` before any byte is
/// decompressed (so a bomb costs nothing), with nothing after it, decompressed into `out`.
fn decode_zstd(payload: &[u8], out: &mut [u8]) -> Res<()> {
    let declared = match zstd_safe::get_frame_content_size(payload) {
        Ok(Some(n)) => n,
        Ok(None) => return Err(corrupt("zstd frame does not declare its content size")),
        Err(_) => return Err(corrupt("chunk is not a zstd frame")),
    };
    if declared != out.len() as u64 {
        return Err(mismatch(format!("zstd frame declares {declared} bytes, chunk declares {}", out.len())));
    }
    match zstd_safe::find_frame_compressed_size(payload) {
        Ok(n) if n == payload.len() => {}
        Ok(_) => return Err(corrupt("chunk is not a valid zstd frame: data follows the frame")),
        Err(e) => return Err(corrupt(format!("chunk is not a valid zstd frame: {}", zstd_safe::get_error_name(e)))),
    }
    let written = DCTX.with(|cell| {
        let mut cell = cell.borrow_mut();
        let dctx = cell.get_or_insert_with(DCtx::create);
        dctx.decompress(&mut *out, payload)
    });
    match written {
        Ok(n) if n == out.len() => Ok(()),
        Ok(n) => Err(mismatch(format!("zstd frame decodes to {n} bytes, declared {}", out.len()))),
        Err(e) => Err(corrupt(format!("chunk is not a valid zstd frame: {}", zstd_safe::get_error_name(e)))),
    }
}

fn decode_grouped(payload: &[u8], width: usize, out: &mut [u8]) -> Res<()> {
    let raw_size = out.len();
    let plane_size = raw_size / width;
    let whole = plane_size * width;
    let mut position = 0;
    let mut decoded: Vec<Vec<u8>> = Vec::new();
    let mut sources: Vec<(bool, usize, usize)> = Vec::with_capacity(width); // (decoded?, index/start, len)
    for k in 0..width {
        if position + PLANE_HEADER > payload.len() {
            return Err(corrupt("byte-grouped chunk is truncated"));
        }
        let plane_codec = payload[position];
        let length = u32::from_be_bytes(payload[position + 1..position + PLANE_HEADER].try_into().unwrap()) as usize;
        position += PLANE_HEADER;
        if length > payload.len() - position {
            return Err(corrupt("byte-grouped chunk is truncated"));
        }
        let data = &payload[position..position + length];
        match plane_codec {
            CODEC_ZSTD => {
                let mut plane = vec![0u8; plane_size];
                decode_zstd(data, &mut plane)?;
                sources.push((true, decoded.len(), plane_size));
                decoded.push(plane);
            }
            CODEC_NONE => {
                if length != plane_size {
                    return Err(mismatch(format!("plane {k} has {length} bytes, expected {plane_size}")));
                }
                sources.push((false, position, length));
            }
            other => return Err(corrupt(format!("unknown plane codec {other}"))),
        }
        position += length;
    }
    let tail = &payload[position..];
    if tail.len() != raw_size - whole {
        return Err(mismatch(format!("byte-grouped chunk decodes to a different size than {raw_size}")));
    }
    let planes: Vec<&[u8]> = sources
        .iter()
        .map(|&(own, at, len)| if own { &decoded[at][..] } else { &payload[at..at + len] })
        .collect();
    if width == 2 {
        join::<2>(&planes, &mut out[..whole]);
    } else {
        join::<4>(&planes, &mut out[..whole]);
    }
    out[whole..].copy_from_slice(tail);
    Ok(())
}

fn check_size(raw_size: i64) -> Res<usize> {
    if !(0..=MAX_CHUNK_SIZE).contains(&raw_size) {
        return Err(Fail("CHUNK_TOO_LARGE", format!("raw size {raw_size} is outside 0..{MAX_CHUNK_SIZE}")));
    }
    Ok(raw_size as usize)
}

fn decode_into(codec: i64, payload: &[u8], out: &mut [u8]) -> Res<()> {
    match codec as u8 {
        _ if codec > 255 || codec < 0 => Err(Fail("INVALID_CODEC", format!("unknown codec {codec}"))),
        CODEC_ZSTD => decode_zstd(payload, out),
        CODEC_BYTEGROUP2_ZSTD => decode_grouped(payload, 2, out),
        CODEC_BYTEGROUP4_ZSTD => decode_grouped(payload, 4, out),
        _ => Err(Fail("INVALID_CODEC", format!("unknown codec {codec}"))),
    }
}

fn check_digest(digest: &str, raw: &[u8]) -> Res<()> {
    let actual = hex::encode(Sha256::digest(raw));
    if actual != digest {
        return Err(Fail("CHUNK_DIGEST_MISMATCH", format!("chunk data hashes to {actual}, not {digest}")));
    }
    Ok(())
}

/// A read-only view of any object with the buffer protocol (bytes, bytearray, memoryview...),
/// without a copy. The PyBuffer keeps the memory alive while the slice is used without the GIL.
struct View {
    buffer: PyBuffer<u8>,
}

impl View {
    fn new(obj: &Bound<'_, PyAny>) -> PyResult<Self> {
        let buffer = PyBuffer::<u8>::get(obj)?;
        if !buffer.is_c_contiguous() {
            return Err(PyValueError::new_err("buffer must be C-contiguous"));
        }
        Ok(View { buffer })
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: the buffer is contiguous, of len_bytes() bytes, and held by self.buffer.
        unsafe { std::slice::from_raw_parts(self.buffer.buf_ptr() as *const u8, self.buffer.len_bytes()) }
    }
}

/// A new bytes object of `size` bytes filled by `fill` without the GIL (the object is not yet
/// visible to any other code), with no zero-filling and no copy.
fn new_bytes<'py, F>(py: Python<'py>, size: usize, fill: F) -> PyResult<Bound<'py, PyBytes>>
where
    F: FnOnce(&mut [u8]) -> Res<()> + Send,
{
    unsafe {
        let ptr = ffi::PyBytes_FromStringAndSize(std::ptr::null(), size as ffi::Py_ssize_t);
        let obj: Bound<'py, PyBytes> = Bound::from_owned_ptr_or_err(py, ptr)?.downcast_into_unchecked();
        let data = ffi::PyBytes_AsString(obj.as_ptr()) as usize;
        py.allow_threads(|| fill(std::slice::from_raw_parts_mut(data as *mut u8, size)))?;
        Ok(obj)
    }
}

fn decode_object<'py>(
    py: Python<'py>,
    digest: Option<&str>,
    codec: i64,
    payload: &Bound<'py, PyAny>,
    raw_size: i64,
) -> PyResult<Bound<'py, PyAny>> {
    let size = check_size(raw_size)?;
    let view = View::new(payload)?;
    let data = view.bytes();
    if codec == CODEC_NONE as i64 {
        if data.len() != size {
            let more = if data.len() > size { "more than " } else { "" };
            return Err(mismatch(format!("chunk decodes to {more}{} bytes, declared {size}", data.len())).into());
        }
        if let Some(digest) = digest {
            py.allow_threads(|| check_digest(digest, data))?;
        }
        if payload.is_exact_instance_of::<PyBytes>() {
            return Ok(payload.clone());
        }
        return Ok(PyBytes::new(py, data).into_any());
    }
    Ok(new_bytes(py, size, |out| {
        decode_into(codec, data, out)?;
        match digest {
            Some(digest) => check_digest(digest, out),
            None => Ok(()),
        }
    })?
    .into_any())
}

/// decode(codec, payload, raw_size) -> bytes: exactly raw_size bytes, or ChunkError(reason, message).
#[pyfunction]
fn decode<'py>(py: Python<'py>, codec: i64, payload: &Bound<'py, PyAny>, raw_size: i64) -> PyResult<Bound<'py, PyAny>> {
    decode_object(py, None, codec, payload, raw_size)
}

/// decode_verified(digest, codec, payload, raw_size) -> bytes: decode, then the sha256 of the
/// result must be digest (reason CHUNK_DIGEST_MISMATCH otherwise).
#[pyfunction]
fn decode_verified<'py>(
    py: Python<'py>,
    digest: &str,
    codec: i64,
    payload: &Bound<'py, PyAny>,
    raw_size: i64,
) -> PyResult<Bound<'py, PyAny>> {
    decode_object(py, Some(digest), codec, payload, raw_size)
}

/// encode(raw, group) -> (codec, payload | None): None when the chunk should travel raw
/// (CODEC_NONE), so the caller can send the object it holds without a copy.
#[pyfunction]
#[pyo3(signature = (raw, group=None))]
fn encode<'py>(py: Python<'py>, raw: &Bound<'py, PyAny>, group: Option<i64>) -> PyResult<Bound<'py, PyTuple>> {
    let view = View::new(raw)?;
    let data = view.bytes();
    let (codec, payload) = py.allow_threads(|| encode_bytes(data, group));
    let payload = payload.map(|p| PyBytes::new(py, &p));
    PyTuple::new(py, [codec.into_pyobject(py)?.into_any(), payload.into_pyobject(py)?.into_any()])
}

/// encode_grouped(raw, width) -> bytes: the byte-grouped payload (width 2 or 4) whatever it saves;
/// the other clients' tests build decoder fixtures with it.
#[pyfunction]
fn encode_grouped<'py>(py: Python<'py>, raw: &Bound<'py, PyAny>, width: usize) -> PyResult<Bound<'py, PyBytes>> {
    if width != 2 && width != 4 {
        return Err(PyValueError::new_err("width must be 2 or 4"));
    }
    let view = View::new(raw)?;
    let data = view.bytes();
    let payload = py.allow_threads(|| {
        let mut out = Vec::new();
        group_planes(data, width, &mut out);
        out
    });
    Ok(PyBytes::new(py, &payload))
}

/// sha256_hex(data) -> str
#[pyfunction]
fn sha256_hex(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<String> {
    let view = View::new(data)?;
    let bytes = view.bytes();
    Ok(py.allow_threads(|| hex::encode(Sha256::digest(bytes))))
}

type Chunks = Vec<(String, usize, u64)>;

/// Cuts and hashes blocks as they come; `carry` holds the bytes after the last cut, less than
/// max_size unless the file ended.
struct Cutter {
    min: u32,
    avg: u32,
    max: u32,
    carry: Vec<u8>,
    offset: u64,
    chunks: Chunks,
    /// Offsets where a chunk must end (ascending), consumed as they are reached.
    boundaries: std::collections::VecDeque<u64>,
}

impl Cutter {
    /// Cuts what `data` (appended to the carry) holds; a chunk is cut only once max_size bytes
    /// follow its start, the next boundary is in reach or the file has ended, as pyfastcdc's
    /// stream chunker does, so the cut points are those of cutting each stretch between two
    /// boundaries as a file of its own, at once.
    fn feed(&mut self, data: &[u8], eof: bool) -> usize {
        let mut joined;
        let buf: &[u8] = if self.carry.is_empty() {
            data
        } else {
            joined = std::mem::take(&mut self.carry);
            joined.extend_from_slice(data);
            &joined
        };
        let base = self.offset;
        let mut done = 0;
        let mut start = 0;
        if !buf.is_empty() {
            let cdc = FastCDC::with_level(buf, self.min, self.avg, self.max, Normalization::Level1);
            while start < buf.len() {
                while self.boundaries.front().is_some_and(|&b| b <= base + start as u64) {
                    self.boundaries.pop_front();
                }
                let stretch = match self.boundaries.front() {
                    Some(&b) if ((b - base) as usize) <= buf.len() => (b - base) as usize - start,
                    _ if eof => buf.len() - start,
                    _ if buf.len() - start >= self.max as usize => buf.len() - start,
                    _ => break,
                };
                let (_, end) = cdc.cut(start, stretch);
                let chunk = &buf[start..end];
                self.chunks.push((hex::encode(Sha256::digest(chunk)), chunk.len(), self.offset));
                self.offset += chunk.len() as u64;
                done += chunk.len();
                start = end;
            }
        }
        self.carry = buf[start..].to_vec();
        done
    }
}

fn read_block(file: &mut File, size: usize) -> std::io::Result<Vec<u8>> {
    let mut block = Vec::with_capacity(size);
    file.by_ref().take(size as u64).read_to_end(&mut block)?;
    Ok(block)
}

/// scan_file(path, min, avg, max, progress=None, boundaries=None, file_sha256=True) -> (file
/// sha256 hex, or "" without file_sha256; [(chunk sha256 hex, size, offset)]): reads the file once
/// in 8 MiB blocks (memory stays flat however large it is) and cuts it with FastCDC 2020
/// (normalization 1; avg is pyfastcdc's avg_size, whose mean chunk is about avg + min). The
/// whole-file hash, when asked for, runs on a thread of its own beside cutting and chunk hashing
/// (a push names files by their chunk list, manifest format 2, and does not ask). progress(n) is called with the bytes of each block's chunks. boundaries: ascending
/// offsets where a chunk must end (a safetensors file's tensor edges), each stretch between two
/// of them cut as if it were a file of its own.
#[pyfunction]
#[pyo3(signature = (path, min_size, avg_size, max_size, progress=None, boundaries=None, file_sha256=true))]
fn scan_file(
    py: Python<'_>,
    path: std::path::PathBuf,
    min_size: u32,
    avg_size: u32,
    max_size: u32,
    progress: Option<PyObject>,
    boundaries: Option<Vec<u64>>,
    file_sha256: bool,
) -> PyResult<(String, Py<PyList>)> {
    let boundaries = boundaries.unwrap_or_default();
    check_params(min_size, avg_size, max_size, &boundaries)?;
    let mut cutter = Cutter { min: min_size, avg: avg_size, max: max_size, carry: Vec::new(), offset: 0,
                              chunks: Vec::new(), boundaries: boundaries.into() };
    let report = |n: usize| -> PyResult<()> {
        match (&progress, n) {
            (Some(cb), n) if n > 0 => Python::with_gil(|py| cb.call1(py, (n,)).map(|_| ())),
            _ => Ok(()),
        }
    };
    let size = std::fs::metadata(&path).map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?.len();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_CUTTERS);
    if cores > 1 && size >= 2 * PARALLEL_UNIT && !cutter.boundaries.is_empty() {
        let boundaries: Vec<u64> = cutter.boundaries.into_iter().filter(|&b| b < size).collect();
        let (whole, chunks) = py.allow_threads(|| scan_parallel(&path, size, &boundaries, cutter.min, cutter.avg,
                                                                cutter.max, cores, file_sha256, &report))?;
        return Ok((whole, PyList::new(py, chunks)?.unbind()));
    }
    let whole = py.allow_threads(|| -> PyResult<String> {
        let mut file = File::open(&path).map_err(|e| PyOSError::new_err(format!("{}: {e}", path.display())))?;
        let io = |e: std::io::Error| PyOSError::new_err(format!("{}: {e}", path.display()));
        let first = read_block(&mut file, READ_BLOCK).map_err(io)?;
        if first.len() < READ_BLOCK || !file_sha256 {
            // Small file, or no file hash: one thread does it all.
            let whole = if file_sha256 { hex::encode(Sha256::digest(&first)) } else { String::new() };
            let mut block = first;
            loop {
                let next = if block.len() < READ_BLOCK { Vec::new() } else { read_block(&mut file, READ_BLOCK).map_err(io)? };
                report(cutter.feed(&block, next.is_empty()))?;
                if next.is_empty() {
                    return Ok(whole);
                }
                block = next;
            }
        }
        std::thread::scope(|scope| {
            let (send, receive) = sync_channel::<Arc<Vec<u8>>>(2);
            let hasher = scope.spawn(move || {
                let mut whole = Sha256::new();
                for block in receive {
                    whole.update(&block[..]);
                }
                hex::encode(whole.finalize())
            });
            let mut block = Arc::new(first);
            let result = loop {
                if send.send(block.clone()).is_err() {
                    break Ok(());
                }
                let next = match read_block(&mut file, READ_BLOCK) {
                    Ok(next) => next,
                    Err(e) => break Err(io(e)),
                };
                let eof = next.is_empty();
                if let Err(e) = report(cutter.feed(&block, eof)) {
                    break Err(e);
                }
                if eof {
                    break Ok(());
                }
                block = Arc::new(next);
            };
            drop(send);
            let whole = hasher.join().expect("hasher thread");
            result.map(|_| whole)
        })
    })?;
    let chunks = PyList::new(py, cutter.chunks)?;
    Ok((whole, chunks.unbind()))
}

/// scan_file's path for a large file with boundaries: runs of whole stretches (units of about
/// PARALLEL_UNIT bytes) are read with pread and cut on up to `cores` threads at once, while
/// one more thread reads the file in order for its whole-file hash (when file_sha256).
fn scan_parallel(
    path: &std::path::Path,
    size: u64,
    boundaries: &[u64],
    min: u32,
    avg: u32,
    max: u32,
    cores: usize,
    file_sha256: bool,
    report: &(dyn Fn(usize) -> PyResult<()> + Sync),
) -> PyResult<(String, Chunks)> {
    let io = |e: std::io::Error| PyOSError::new_err(format!("{}: {e}", path.display()));
    let units = units_of(0, size, boundaries);
    let (whole, cut) = std::thread::scope(|scope| {
        let hasher = scope.spawn(|| -> std::io::Result<String> {
            if !file_sha256 {
                return Ok(String::new());
            }
            let file = File::open(path)?;
            let mut whole = Sha256::new();
            let mut block = vec![0u8; READ_BLOCK];
            let mut at = 0u64;
            while at < size {
                let want = READ_BLOCK.min((size - at) as usize);
                file.read_exact_at(&mut block[..want], at)?;
                whole.update(&block[..want]);
                at += want as u64;
            }
            Ok(hex::encode(whole.finalize()))
        });
        let cut = cut_units(path, &units, min, avg, max, cores, report);
        (hasher.join().expect("hasher thread"), cut)
    });
    let chunks = cut?.into_iter().flatten().collect();
    Ok((whole.map_err(io)?, chunks))
}

/// A run of whole stretches to cut on one thread: (start, end, the stretch edges inside it).
type Unit = (u64, u64, Vec<u64>);

/// Splits [start, end) at its stretch edges (`inner`, ascending, inside it) into units of about
/// PARALLEL_UNIT bytes or more, so threads can cut them apart.
fn units_of(start: u64, end: u64, inner: &[u64]) -> Vec<Unit> {
    let mut units = Vec::new();
    let (mut from, mut first) = (start, 0usize);
    for (i, &b) in inner.iter().enumerate() {
        if b - from >= PARALLEL_UNIT {
            units.push((from, b, inner[first..i].to_vec()));
            from = b;
            first = i + 1;
        }
    }
    units.push((from, end, inner[first..].to_vec()));
    units
}

/// Cuts and hashes units on up to `cores` threads (each reading its own with pread), the chunks
/// of each unit in the units' order.
fn cut_units(
    path: &std::path::Path,
    units: &[Unit],
    min: u32,
    avg: u32,
    max: u32,
    cores: usize,
    report: &(dyn Fn(usize) -> PyResult<()> + Sync),
) -> PyResult<Vec<Chunks>> {
    let io = |e: std::io::Error| PyOSError::new_err(format!("{}: {e}", path.display()));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Chunks>>> = Mutex::new(vec![None; units.len()]);
    let failed: Mutex<Option<PyErr>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..cores.min(units.len()).max(1) {
            scope.spawn(|| {
                let file = match File::open(path) {
                    Ok(f) => f,
                    Err(e) => return *failed.lock().unwrap() = Some(io(e)),
                };
                loop {
                    let u = next.fetch_add(1, Ordering::Relaxed);
                    if u >= units.len() || failed.lock().unwrap().is_some() {
                        return;
                    }
                    let (start, end, ref inner) = units[u];
                    let mut cutter = Cutter { min, avg, max, carry: Vec::new(), offset: start, chunks: Vec::new(),
                                              boundaries: inner.iter().copied().collect() };
                    let mut at = start;
                    let outcome = loop {
                        let want = READ_BLOCK.min((end - at) as usize);
                        let mut block = vec![0u8; want];
                        if let Err(e) = file.read_exact_at(&mut block, at) {
                            break Err(io(e));
                        }
                        at += want as u64;
                        if let Err(e) = report(cutter.feed(&block, at == end)) {
                            break Err(e);
                        }
                        if at == end {
                            break Ok(());
                        }
                    };
                    match outcome {
                        Ok(()) => results.lock().unwrap()[u] = Some(cutter.chunks),
                        Err(e) => return *failed.lock().unwrap() = Some(e),
                    }
                }
            });
        }
    });
    if let Some(e) = failed.into_inner().unwrap() {
        return Err(e);
    }
    Ok(results.into_inner().unwrap().into_iter().map(|c| c.unwrap_or_default()).collect())
}

/// Seeded xxh3-128 of each stretch [edges[i], edges[i+1]) (hex), on up to `cores` threads.
fn stretch_keys(path: &std::path::Path, edges: &[u64], seed: u64, cores: usize) -> std::io::Result<Vec<String>> {
    let count = edges.len() - 1;
    let next = AtomicUsize::new(0);
    let keys: Mutex<Vec<String>> = Mutex::new(vec![String::new(); count]);
    let failed: Mutex<Option<std::io::Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..cores.min(count).max(1) {
            scope.spawn(|| {
                let file = match File::open(path) {
                    Ok(f) => f,
                    Err(e) => return *failed.lock().unwrap() = Some(e),
                };
                let mut block = vec![0u8; READ_BLOCK.min(edges[count] as usize)];
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || failed.lock().unwrap().is_some() {
                        return;
                    }
                    let mut hasher = Xxh3::with_seed(seed);
                    let (mut at, end) = (edges[i], edges[i + 1]);
                    while at < end {
                        let want = block.len().min((end - at) as usize);
                        if let Err(e) = file.read_exact_at(&mut block[..want], at) {
                            return *failed.lock().unwrap() = Some(e);
                        }
                        hasher.update(&block[..want]);
                        at += want as u64;
                    }
                    keys.lock().unwrap()[i] = format!("{:032x}", hasher.digest128());
                }
            });
        }
    });
    match failed.into_inner().unwrap() {
        Some(e) => Err(e),
        None => Ok(keys.into_inner().unwrap()),
    }
}

/// A chunk list a lookup returned, if it can describe a stretch of `length` bytes.
fn known_chunks(found: &Bound<'_, PyAny>, length: u64, max: u32) -> Option<Vec<(String, usize)>> {
    let chunks: Vec<(String, usize)> = found.extract().ok()?;
    let sound = chunks.iter().all(|(d, n)| {
        *n > 0 && *n <= max as usize && d.len() == 64 && d.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    });
    (sound && chunks.iter().map(|(_, n)| *n as u64).sum::<u64>() == length).then_some(chunks)
}

/// scan_file_reusing(path, min, avg, max, seed, lookup, progress=None, boundaries=None) ->
/// ([(chunk sha256 hex, size, offset)], [(stretch key, start, end, reused)]): scan_file's chunks
/// (without the whole-file hash), but a stretch (the bytes between two boundaries, or the whole
/// file without them) whose content was cut before is not cut or hashed again. Each stretch is
/// first read for its key, xxh3-128 seeded with `seed` (a secret of the caller's cache, so
/// nobody can make two stretches collide on purpose), and lookup(key, length) may return that
/// content's chunk list [(sha256 hex, size)]; only stretches it knows nothing of are cut. Reading
/// for keys costs about a tenth of cutting and hashing, so a file with a tenth of its tensors
/// changed scans several times faster.
#[pyfunction]
#[pyo3(signature = (path, min_size, avg_size, max_size, seed, lookup, progress=None, boundaries=None))]
fn scan_file_reusing(
    py: Python<'_>,
    path: std::path::PathBuf,
    min_size: u32,
    avg_size: u32,
    max_size: u32,
    seed: u64,
    lookup: PyObject,
    progress: Option<PyObject>,
    boundaries: Option<Vec<u64>>,
) -> PyResult<(Py<PyList>, Py<PyList>)> {
    check_params(min_size, avg_size, max_size, boundaries.as_deref().unwrap_or_default())?;
    let io = |e: std::io::Error| PyOSError::new_err(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(&path).map_err(io)?.len();
    let mut edges = vec![0u64];
    edges.extend(boundaries.unwrap_or_default().into_iter().filter(|&b| b < size));
    edges.push(size);
    if size == 0 {
        return Ok((PyList::empty(py).unbind(), PyList::empty(py).unbind()));
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(MAX_CUTTERS);
    let cores = if size >= 2 * PARALLEL_UNIT { cores } else { 1 };
    let keys = py.allow_threads(|| stretch_keys(&path, &edges, seed, cores)).map_err(io)?;
    let report = |n: usize| -> PyResult<()> {
        match (&progress, n) {
            (Some(cb), n) if n > 0 => Python::with_gil(|py| cb.call1(py, (n,)).map(|_| ())),
            _ => Ok(()),
        }
    };
    let mut known: Vec<Option<Vec<(String, usize)>>> = Vec::with_capacity(keys.len());
    for (i, key) in keys.iter().enumerate() {
        let length = edges[i + 1] - edges[i];
        let found = lookup.call1(py, (key, length))?;
        let chunks = known_chunks(found.bind(py), length, max_size);
        if chunks.is_some() {
            report(length as usize)?;
        }
        known.push(chunks);
    }
    // Runs of stretches nobody knew, each split into units the threads cut apart.
    let mut units = Vec::new();
    let mut i = 0;
    while i < known.len() {
        if known[i].is_some() {
            i += 1;
            continue;
        }
        let first = i;
        while i < known.len() && known[i].is_none() {
            i += 1;
        }
        units.extend(units_of(edges[first], edges[i], &edges[first + 1..i]));
    }
    let cut = py.allow_threads(|| cut_units(&path, &units, min_size, avg_size, max_size, cores, &report))?;
    let mut chunks: Chunks = Vec::new();
    let mut cut = cut.into_iter().zip(units.iter()).peekable();
    let mut stretches = Vec::with_capacity(keys.len());
    for (i, key) in keys.into_iter().enumerate() {
        let (start, end) = (edges[i], edges[i + 1]);
        match &known[i] {
            Some(found) => {
                let mut at = start;
                for (digest, n) in found {
                    chunks.push((digest.clone(), *n, at));
                    at += *n as u64;
                }
            }
            None => {
                while let Some((_, unit)) = cut.peek() {
                    if unit.0 >= end {
                        break;
                    }
                    chunks.extend(cut.next().unwrap().0);
                }
            }
        }
        stretches.push((key, start, end, known[i].is_some()));
    }
    Ok((PyList::new(py, chunks)?.unbind(), PyList::new(py, stretches)?.unbind()))
}

fn check_params(min_size: u32, avg_size: u32, max_size: u32, boundaries: &[u64]) -> PyResult<()> {
    if !(64..=1 << 20).contains(&min_size) || !(256..=4 << 20).contains(&avg_size)
        || !(1024..=16 << 20).contains(&max_size) || !(min_size <= avg_size && avg_size <= max_size)
    {
        return Err(PyValueError::new_err("chunk sizes out of range"));
    }
    if boundaries.windows(2).any(|w| w[0] >= w[1]) || boundaries.first() == Some(&0) {
        return Err(PyValueError::new_err("boundaries must be ascending offsets above 0"));
    }
    Ok(())
}

#[pymodule]
fn modelreg_native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("ChunkError", m.py().get_type::<ChunkError>())?;
    m.add_function(wrap_pyfunction!(encode, m)?)?;
    m.add_function(wrap_pyfunction!(scan_file_reusing, m)?)?;
    m.add_function(wrap_pyfunction!(encode_grouped, m)?)?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_function(wrap_pyfunction!(decode_verified, m)?)?;
    m.add_function(wrap_pyfunction!(sha256_hex, m)?)?;
    m.add_function(wrap_pyfunction!(scan_file, m)?)?;
    Ok(())
}
