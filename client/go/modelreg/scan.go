package modelreg

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"google.golang.org/grpc/codes"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// A push's scan, as the Python SDK's (client/python/modelreg/transfer.py list_files, scan,
// safetensors_layout, tensor_boundaries): the same files, paths, modes and chunks, so a version
// pushed from Go has the digest a Python push of the same directory gets, and neither sends what
// the other stored.

// readBlock is how much of a file is read at a time while it is cut (memory stays flat).
const readBlock = 8 * 1024 * 1024

// floatWidths are the byte widths of the safetensors float dtypes byte grouping pays for.
var floatWidths = map[string]int{"F32": 4, "F16": 2, "BF16": 2}

// LocalFile is a file to push: its manifest path, where it is read from, and, once scanned, its
// chunks.
type LocalFile struct {
	Path   string // relative, '/'-separated
	Source string
	Size   int64
	Mode   uint32 // permission bits
	Chunks []Chunk
	floats []floatRange // float tensors of a safetensors file, ascending
}

type floatRange struct {
	start, end int64
	width      int
}

// TreeDigest is the file's tree digest (manifest format 2), from its chunks.
func (f *LocalFile) TreeDigest() string {
	refs := make([]*modelregv1.ChunkRef, len(f.Chunks))
	for i, c := range f.Chunks {
		refs[i] = &modelregv1.ChunkRef{Digest: c.Digest, Size: c.Size}
	}
	return TreeDigest(refs)
}

// Entry is the file as a push names it: path, size, mode, tree digest and chunk list (no whole-file
// sha256; the server computes it).
func (f *LocalFile) Entry() *FileEntry {
	refs := make([]*modelregv1.ChunkRef, len(f.Chunks))
	for i, c := range f.Chunks {
		refs[i] = &modelregv1.ChunkRef{Digest: c.Digest, Size: c.Size}
	}
	return &FileEntry{Path: f.Path, Size: f.Size, Mode: f.Mode, TreeDigest: TreeDigest(refs), Chunks: refs}
}

// ListFiles returns the regular files under root, sorted by path bytes (symlinks to files are
// followed, symlinks to directories are not), or root itself when it is a file. Paths must follow
// the portable path rule (docs/paths.md), which the server enforces too: otherwise an *Error
// INVALID_ARGUMENT (INVALID_PATH, PATH_COLLISION) names the file before anything is read.
func ListFiles(root string) ([]*LocalFile, error) {
	info, err := os.Stat(root)
	if err != nil {
		return nil, fmt.Errorf("modelreg: %s is not a file or directory: %w", root, err)
	}
	var found []*LocalFile
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("modelreg: %s is not a file or directory", root)
		}
		found = append(found, &LocalFile{Path: filepath.Base(root), Source: root, Size: info.Size(),
			Mode: uint32(info.Mode().Perm())})
	} else {
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == root {
					return err
				}
				return nil // an unreadable directory is skipped, as os.walk does
			}
			if d.IsDir() {
				return nil
			}
			st, err := os.Stat(path) // follows a symlink
			if err != nil {
				return err
			}
			if !st.Mode().IsRegular() {
				return nil
			}
			rel, err := filepath.Rel(root, path)
			if err != nil {
				return err
			}
			found = append(found, &LocalFile{Path: filepath.ToSlash(rel), Source: path, Size: st.Size(),
				Mode: uint32(st.Mode().Perm())})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("modelreg: listing %s: %w", root, err)
		}
	}
	sort.Slice(found, func(i, j int) bool { return found[i].Path < found[j].Path })
	names := make([]string, len(found))
	for i, f := range found {
		names[i] = f.Path
	}
	if pe := checkPaths(names); pe != nil {
		meta := map[string]string{"path": pe.path}
		if pe.other != "" {
			meta["other"] = pe.other
		}
		return nil, &Error{Code: codes.InvalidArgument, Domain: ErrorDomain, Reason: pe.reason, Message: fmt.Sprintf("cannot push %s: %s", root, pe.msg),
			Metadata: meta}
	}
	return found, nil
}

// tensor is a safetensors tensor's byte range in its file and its dtype.
type tensor struct {
	start, end int64
	dtype      string
}

// safetensorsLayout returns the end of a safetensors file's header and its tensors' file ranges,
// ascending; ok is false when the file is not one.
func safetensorsLayout(path string) (headerEnd int64, tensors []tensor, ok bool) {
	fh, err := os.Open(path)
	if err != nil {
		return 0, nil, false
	}
	defer fh.Close()
	var prefix [8]byte
	if _, err := io.ReadFull(fh, prefix[:]); err != nil {
		return 0, nil, false
	}
	length := binary.LittleEndian.Uint64(prefix[:])
	if length > 100*1024*1024 {
		return 0, nil, false
	}
	raw, err := io.ReadAll(io.LimitReader(fh, int64(length)))
	if err != nil {
		return 0, nil, false
	}
	var header map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&header); err != nil || header == nil || dec.More() {
		return 0, nil, false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return 0, nil, false
	}
	base := 8 + int64(length)
	for name, value := range header {
		if name == "__metadata__" {
			continue
		}
		var t map[string]json.RawMessage
		if json.Unmarshal(value, &t) != nil || t == nil {
			continue // not an object
		}
		var offsets []json.RawMessage
		if json.Unmarshal(t["data_offsets"], &offsets) != nil || len(offsets) != 2 {
			return 0, nil, false
		}
		start, err1 := jsonInt(offsets[0])
		end, err2 := jsonInt(offsets[1])
		if err1 != nil || err2 != nil {
			return 0, nil, false
		}
		if 0 <= start && start < end {
			var dtype any
			_ = json.Unmarshal(t["dtype"], &dtype)
			tensors = append(tensors, tensor{base + start, base + end, pyStr(dtype)})
		}
	}
	sort.Slice(tensors, func(i, j int) bool {
		a, b := tensors[i], tensors[j]
		if a.start != b.start {
			return a.start < b.start
		}
		if a.end != b.end {
			return a.end < b.end
		}
		return a.dtype < b.dtype
	})
	return base, tensors, true
}

// jsonInt parses a JSON integer literal (not 1.0 nor 1e3, which Python's json reads as floats).
func jsonInt(raw json.RawMessage) (int64, error) {
	return strconv.ParseInt(string(bytes.TrimSpace(raw)), 10, 64)
}

// pyStr is what Python's str() makes of a decoded dtype, as far as it matters here: the float
// dtypes are strings, anything else is no float.
func pyStr(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// tensorBoundaries returns where a safetensors file's chunks must end: after the header, and at
// each tensor's edge, except that tensors smaller than ChunkMin run together until the run reaches
// it. Derived from the header alone, so two files with one layout cut alike.
func tensorBoundaries(headerEnd int64, tensors []tensor) []int64 {
	cuts, runStart := []int64{headerEnd}, headerEnd
	for i, t := range tensors {
		if t.start < cuts[len(cuts)-1] || t.end <= runStart {
			return []int64{headerEnd} // overlapping tensors: not a layout worth following
		}
		following := int64(ChunkMin)
		if i+1 < len(tensors) {
			following = tensors[i+1].end - tensors[i+1].start
		}
		if t.end-runStart >= ChunkMin || following >= ChunkMin {
			cuts = append(cuts, t.end)
			runStart = t.end
		}
	}
	return cuts
}

// floatWidth is the float width covering most of [offset, offset+size): 0 if mostly not floats,
// -1 if the file's layout is unknown.
func floatWidth(floats []floatRange, offset, size int64) int {
	if len(floats) == 0 {
		return -1
	}
	end := offset + size
	// The last range starting at or before offset, as bisect_right((offset, inf, 0)) - 1.
	index := sort.Search(len(floats), func(i int) bool { return floats[i].start > offset }) - 1
	covered := map[int]int64{}
	var order []int
	for _, r := range floats[max(index, 0):] {
		if r.start >= end {
			break
		}
		if overlap := min(r.end, end) - max(r.start, offset); overlap > 0 {
			if _, seen := covered[r.width]; !seen {
				order = append(order, r.width)
			}
			covered[r.width] += overlap
		}
	}
	width, amount := 0, int64(0)
	for _, w := range order { // the first of equal amounts wins, as Python's max does
		if covered[w] > amount {
			width, amount = w, covered[w]
		}
	}
	if amount*2 > size {
		return width
	}
	return 0
}

// scanFile cuts one file into chunks (reading it in readBlock blocks), its safetensors tensor
// edges honoured, and reports the bytes cut to progress.
func scanFile(f *LocalFile, progress func(int64)) error {
	var boundaries []int64
	f.floats = nil
	if strings.HasSuffix(f.Path, ".safetensors") {
		if headerEnd, tensors, ok := safetensorsLayout(f.Source); ok {
			boundaries = tensorBoundaries(headerEnd, tensors)
			for _, t := range tensors {
				if w, ok := floatWidths[t.dtype]; ok {
					f.floats = append(f.floats, floatRange{t.start, t.end, w})
				}
			}
		}
	}
	params, err := newCDCParams(ChunkMin, ChunkAvg, ChunkMax)
	if err != nil {
		return err
	}
	fh, err := os.Open(f.Source)
	if err != nil {
		return fmt.Errorf("modelreg: %w", err)
	}
	defer fh.Close()
	c := &cutter{params: params, boundaries: boundaries}
	block := make([]byte, readBlock)
	var read int64
	for {
		n, err := io.ReadFull(fh, block)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("modelreg: reading %s: %w", f.Source, err)
		}
		read += int64(n)
		eof := n < len(block)
		if done := c.feed(block[:n], eof); done > 0 && progress != nil {
			progress(done)
		}
		if eof {
			break
		}
	}
	if read != f.Size {
		return &IntegrityError{Reason: "FILE_CHANGED", Path: f.Path, Offset: -1,
			Msg: fmt.Sprintf("%s changed while it was being scanned (%d bytes, listed with %d)", f.Source, read, f.Size)}
	}
	f.Chunks = c.chunks
	return nil
}

// ScanFiles cuts every file into chunks, several files at once; progress (which may be nil) is
// called with the bytes cut so far, serially.
func ScanFiles(files []*LocalFile, workers int, progress func(int64)) error {
	var mu sync.Mutex
	report := func(n int64) {
		if progress != nil {
			mu.Lock()
			progress(n)
			mu.Unlock()
		}
	}
	jobs := make(chan *LocalFile)
	errs := make(chan error, len(files))
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				errs <- scanFile(f, report)
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
