package modelreg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// PullOption configures Pull.
type PullOption func(*pullConfig)

type pullConfig struct {
	overwrite bool
	attempts  int
	progress  func(done, total int64)
}

// WithOverwrite lets Pull replace an existing dest (swapped out only once the new one is complete).
func WithOverwrite() PullOption { return func(c *pullConfig) { c.overwrite = true } }

// WithAttempts sets how many failures in a row of the download stream (without a verified chunk
// in between) Pull takes before giving up; default 8, the retry policy's (retry.go).
func WithAttempts(n int) PullOption { return func(c *pullConfig) { c.attempts = max(1, n) } }

// WithProgress calls fn with the raw bytes verified so far and the version's total size.
func WithProgress(fn func(done, total int64)) PullOption {
	return func(c *pullConfig) { c.progress = fn }
}

// Pull downloads the version a reference points at into dest, a directory that must not exist
// (unless WithOverwrite), and returns the version.
//
// Every chunk is decoded within its declared size and checked against its digest, and every file
// against its sha256; files get their permission bits. Everything is written into a temporary
// directory beside dest that is renamed into place only when complete. A cut stream (UNAVAILABLE
// and the like) resumes from the end of the last verified chunk. On any failure dest is left as it
// was. Digest mismatches are *IntegrityError (errors.Is(err, ErrIntegrity)); refusals are *Error.
func (c *Client) Pull(ctx context.Context, reference, dest string, opts ...PullOption) (*Version, error) {
	cfg := pullConfig{attempts: streamFailures}
	for _, o := range opts {
		o(&cfg)
	}
	if _, err := os.Lstat(dest); err == nil && !cfg.overwrite {
		return nil, fmt.Errorf("modelreg: %s: %w (use WithOverwrite to replace it)", dest, fs.ErrExist)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	version, err := c.GetVersion(ctx, reference, true) // retried by the unary policy
	if err != nil {
		return nil, err
	}
	asm, err := newAssembler(version, dest)
	if err != nil {
		return nil, err
	}
	if err := c.download(ctx, asm, &cfg); err != nil {
		asm.abort()
		return nil, err
	}
	if err := asm.commit(cfg.overwrite); err != nil {
		asm.abort()
		return nil, err
	}
	return version, nil
}

func (c *Client) download(ctx context.Context, asm *assembler, cfg *pullConfig) error {
	if cfg.progress != nil {
		cfg.progress(0, asm.total)
	}
	failures := 0
	for !asm.complete() {
		err := c.downloadFrom(ctx, asm, cfg, &failures)
		if err == nil {
			if asm.complete() {
				break
			}
			// The server ended the stream early: resume like after a cut.
			err = &IntegrityError{Reason: "INCOMPLETE", Offset: asm.offset,
				Msg: fmt.Sprintf("stream ended at byte %d of %d", asm.offset, asm.total)}
		} else if ctx.Err() != nil {
			return ctx.Err()
		} else if !resumable(err) {
			return err
		}
		failures++
		if failures >= cfg.attempts {
			return err
		}
		if err := sleep(ctx, retryDelay(failures-1, err)); err != nil {
			return err
		}
	}
	return nil
}

// downloadFrom streams from the assembler's offset until the stream ends or fails.
func (c *Client) downloadFrom(ctx context.Context, asm *assembler, cfg *pullConfig, failures *int) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	stream, err := c.transfer.DownloadVersion(ctx, &modelregv1.DownloadVersionRequest{
		Name: asm.version.GetName(), Offset: asm.offset, MaxMessageBytes: MessageBytes})
	if err != nil {
		return FromError(err)
	}
	for {
		resp, err := stream.Recv()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return FromError(err)
		}
		// A batched message carries several chunks in items; an older server sends one chunk per
		// message. Each chunk is verified before the next, so a cut resumes after the last good one.
		if err := asm.add(resp); err != nil {
			return err
		}
		*failures = 0
		if cfg.progress != nil {
			cfg.progress(asm.offset, asm.total)
		}
	}
}

// assembler writes a version's chunk stream into a temporary directory, verifying as it goes, and
// tracks the offset of the last verified byte so that a cut stream can resume there.
type assembler struct {
	version *Version
	dest    string
	tmp     string
	files   []*FileEntry
	starts  []int64
	total   int64
	offset  int64

	index int // current file
	chunk int // next chunk of the current file
	out   *os.File
	hash  hash.Hash // the whole-file sha256 (manifest format 1 only)

	byTree bool // format 2: files are named by their tree digests, not hashed whole
}

func newAssembler(version *Version, dest string) (*assembler, error) {
	a := &assembler{version: version, dest: filepath.Clean(dest), files: version.GetFiles(), index: -1}
	if err := a.checkManifest(); err != nil {
		return nil, err
	}
	parent := filepath.Dir(a.dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(a.dest)+".partial-")
	if err != nil {
		return nil, err
	}
	a.tmp = tmp
	if err := a.openNext(); err != nil {
		a.abort()
		return nil, err
	}
	return a, nil
}

func manifestError(format string, args ...any) error {
	return &IntegrityError{Reason: "INVALID_MANIFEST", Offset: -1, Msg: fmt.Sprintf(format, args...)}
}

// checkManifest refuses, in the order of docs/clients.md section 3, a manifest whose paths are not
// portable (paths.go: they could write outside dest, or be one file on macOS or Windows):
// INVALID_PATH, DUPLICATE_PATH, PATH_COLLISION; whose sizes do not add up: INVALID_MANIFEST; whose
// tree digests (format 2) are not their chunk lists': TREE_DIGEST_MISMATCH; and whose digest is
// not the version's: VERSION_DIGEST_MISMATCH.
func (a *assembler) checkManifest() error {
	paths := make([]string, len(a.files))
	for i, f := range a.files {
		paths[i] = f.GetPath()
	}
	if e := checkPaths(paths); e != nil {
		return &IntegrityError{Reason: e.reason, Path: e.path, Offset: -1, Msg: e.msg}
	}
	a.byTree = a.version.GetManifestFormat() == modelregv1.ManifestFormat_MANIFEST_FORMAT_CHUNK_TREE
	var position int64
	for _, f := range a.files {
		if !a.byTree && !isHexDigest(f.GetSha256()) {
			return manifestError("%q: bad sha256 %q", f.GetPath(), f.GetSha256())
		}
		var sum int64
		for _, ch := range f.GetChunks() {
			if !isHexDigest(ch.GetDigest()) || ch.GetSize() <= 0 || ch.GetSize() > MaxChunkSize {
				return manifestError("%q: bad chunk %q of %d bytes", f.GetPath(), ch.GetDigest(), ch.GetSize())
			}
			sum += ch.GetSize()
		}
		if sum != f.GetSize() {
			return manifestError("%q: chunks add up to %d bytes, file size is %d", f.GetPath(), sum, f.GetSize())
		}
		a.starts = append(a.starts, position)
		position += f.GetSize()
	}
	if ts := a.version.GetTotalSize(); ts != 0 && ts != position {
		return manifestError("files add up to %d bytes, version total is %d", position, ts)
	}
	if a.byTree {
		for _, f := range a.files {
			if f.GetTreeDigest() != TreeDigest(f.GetChunks()) {
				return &IntegrityError{Reason: "TREE_DIGEST_MISMATCH", Path: f.GetPath(), Offset: -1,
					Msg: fmt.Sprintf("tree digest %s is not its chunk list's", f.GetTreeDigest())}
			}
		}
	}
	if actual := ManifestDigest(a.files, a.byTree); actual != a.version.GetDigest() {
		return &IntegrityError{Reason: "VERSION_DIGEST_MISMATCH", Offset: -1,
			Msg: fmt.Sprintf("the manifest hashes to %s, the version's digest is %s", actual, a.version.GetDigest())}
	}
	a.total = position
	return nil
}

func isHexDigest(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func (a *assembler) complete() bool { return a.index >= len(a.files) }

// openNext finishes the current file and opens the next; empty files complete at once.
func (a *assembler) openNext() error {
	for {
		if a.out != nil {
			if err := a.finishFile(); err != nil {
				return err
			}
		}
		a.index++
		if a.complete() {
			return nil
		}
		entry := a.files[a.index]
		target := filepath.Join(a.tmp, filepath.FromSlash(entry.GetPath()))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		out, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		a.out, a.hash, a.chunk = out, nil, 0
		if !a.byTree {
			a.hash = sha256.New()
		}
		if entry.GetSize() > 0 {
			return nil
		}
	}
}

func (a *assembler) finishFile() error {
	entry := a.files[a.index]
	out := a.out
	a.out = nil
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if a.hash == nil {
		// format 2: every chunk was checked against the digest the checked manifest gives it
	} else if actual := hex.EncodeToString(a.hash.Sum(nil)); actual != entry.GetSha256() {
		return &IntegrityError{Reason: "FILE_DIGEST_MISMATCH", Path: entry.GetPath(), Offset: -1,
			Msg: fmt.Sprintf("content hashes to %s, expected %s", actual, entry.GetSha256())}
	}
	mode := fs.FileMode(entry.GetMode() & 0o777)
	if mode == 0 {
		mode = 0o644
	}
	return os.Chmod(out.Name(), mode)
}

// add verifies and writes the chunks of one message of the stream: its items when the server
// batched them, else its single chunk (as servers without batching send).
func (a *assembler) add(resp *modelregv1.DownloadVersionResponse) error {
	items := resp.GetItems()
	if len(items) == 0 {
		return a.addChunk(resp.GetOffset(), resp.GetChunk())
	}
	for _, item := range items {
		if err := a.addChunk(item.GetOffset(), item.GetChunk()); err != nil {
			return err
		}
	}
	return nil
}

// addChunk verifies and writes one chunk of the stream.
func (a *assembler) addChunk(offset int64, chunk *modelregv1.Chunk) error {
	if a.complete() {
		return &IntegrityError{Reason: "UNEXPECTED_CHUNK", Offset: offset, Msg: "chunk past the end of the version"}
	}
	entry := a.files[a.index]
	if offset != a.offset {
		return &IntegrityError{Reason: "UNEXPECTED_CHUNK", Path: entry.GetPath(), Offset: a.offset,
			Msg: fmt.Sprintf("server sent offset %d", offset)}
	}
	want := entry.GetChunks()[a.chunk]
	if chunk.GetDigest() != want.GetDigest() || chunk.GetRawSize() != want.GetSize() {
		return &IntegrityError{Reason: "UNEXPECTED_CHUNK", Path: entry.GetPath(), Offset: a.offset,
			Msg: fmt.Sprintf("got chunk %s (%d bytes), manifest has %s (%d bytes)",
				chunk.GetDigest(), chunk.GetRawSize(), want.GetDigest(), want.GetSize())}
	}
	// The bound and the digest come from the manifest, not from the chunk itself.
	raw, err := VerifyChunk(want.GetDigest(), chunk.GetCodec(), chunk.GetData(), want.GetSize())
	if err != nil {
		var ce *ChunkError
		if errors.As(err, &ce) {
			return &IntegrityError{Reason: ce.Reason, Path: entry.GetPath(), Offset: a.offset, Msg: ce.Msg}
		}
		return err
	}
	if _, err := a.out.Write(raw); err != nil {
		return err
	}
	if a.hash != nil {
		a.hash.Write(raw)
	}
	a.chunk++
	a.offset += int64(len(raw))
	if a.offset-a.starts[a.index] == entry.GetSize() {
		return a.openNext()
	}
	return nil
}

// commit renames the verified directory into place; with overwrite it swaps out an existing dest.
func (a *assembler) commit(overwrite bool) error {
	if !a.complete() {
		return &IntegrityError{Reason: "INCOMPLETE", Offset: a.offset,
			Msg: fmt.Sprintf("download stopped at byte %d of %d", a.offset, a.total)}
	}
	err := filepath.WalkDir(a.tmp, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.Chmod(path, 0o755)
		}
		return nil
	})
	if err != nil {
		return err
	}
	parent := filepath.Dir(a.dest)
	if _, err := os.Lstat(a.dest); err == nil {
		if !overwrite {
			return fmt.Errorf("modelreg: %s: %w", a.dest, fs.ErrExist)
		}
		old, err := os.MkdirTemp(parent, "."+filepath.Base(a.dest)+".old-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(old)
		if err := os.Rename(a.dest, filepath.Join(old, "previous")); err != nil {
			return err
		}
		if err := os.Rename(a.tmp, a.dest); err != nil {
			// Put the previous one back.
			_ = os.Rename(filepath.Join(old, "previous"), a.dest)
			return err
		}
	} else if err := os.Rename(a.tmp, a.dest); err != nil {
		return err
	}
	a.tmp = ""
	if d, err := os.Open(parent); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}

// abort removes the temporary directory.
func (a *assembler) abort() {
	if a.out != nil {
		a.out.Close()
		a.out = nil
	}
	if a.tmp != "" {
		os.RemoveAll(a.tmp)
		a.tmp = ""
	}
}
