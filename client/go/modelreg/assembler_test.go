package modelreg

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// White-box tests of the assembler with real encoded chunks: what it accepts and what it refuses
// without a server in the way.

type testFile struct {
	path   string
	mode   uint32
	chunks [][]byte
}

func buildVersion(t *testing.T, files []testFile) (*Version, []*modelregv1.DownloadVersionResponse) {
	t.Helper()
	version := &Version{Name: "models/m/versions/1"}
	var stream []*modelregv1.DownloadVersionResponse
	var offset int64
	for _, f := range files {
		entry := &FileEntry{Path: f.path, Mode: f.mode}
		var whole []byte
		for _, raw := range f.chunks {
			codec, payload, err := EncodeChunk(raw)
			if err != nil {
				t.Fatal(err)
			}
			digest := SHA256Hex(raw)
			entry.Chunks = append(entry.Chunks, &modelregv1.ChunkRef{Digest: digest, Size: int64(len(raw))})
			stream = append(stream, &modelregv1.DownloadVersionResponse{Offset: offset, Chunk: &modelregv1.Chunk{
				Digest: digest, RawSize: int64(len(raw)), Codec: codec, Data: payload}})
			offset += int64(len(raw))
			whole = append(whole, raw...)
		}
		entry.Size, entry.Sha256 = int64(len(whole)), SHA256Hex(whole)
		version.Files = append(version.Files, entry)
	}
	version.TotalSize = offset
	version.Digest = ManifestDigest(version.Files, false)
	return version, stream
}

// asTreeFormat makes a built version one of manifest format 2: files named by tree digest.
func asTreeFormat(version *Version) {
	version.ManifestFormat = modelregv1.ManifestFormat_MANIFEST_FORMAT_CHUNK_TREE
	for _, f := range version.Files {
		f.Sha256, f.TreeDigest = "", TreeDigest(f.Chunks)
	}
	version.Digest = ManifestDigest(version.Files, true)
}

func sampleFiles() []testFile {
	return []testFile{
		{"a/config.json", 0o644, [][]byte{[]byte(`{"x": 1}`)}},
		{"a/empty", 0o600, nil},
		{"bin/run.sh", 0o755, [][]byte{[]byte("#!/bin/sh\n"), []byte("echo hi\n")}},
		{"weights.bin", 0o644, [][]byte{bytes.Repeat([]byte{1, 2, 3}, 100000), bytes.Repeat([]byte{9}, 70000)}},
	}
}

func integrityReason(t *testing.T, err error) string {
	t.Helper()
	var ie *IntegrityError
	if !errors.As(err, &ie) || !errors.Is(err, ErrIntegrity) {
		t.Fatalf("want an *IntegrityError, got %v", err)
	}
	return ie.Reason
}

func assertOnlyDest(t *testing.T, parent string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Fatalf("%s holds %v, want %v", parent, names, want)
	}
}

func TestAssemblerWritesVerifiedFiles(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "out")
	version, stream := buildVersion(t, sampleFiles())
	a, err := newAssembler(version, dest)
	if err != nil {
		t.Fatal(err)
	}
	for _, resp := range stream {
		if err := a.add(resp); err != nil {
			t.Fatal(err)
		}
	}
	if !a.complete() || a.offset != version.TotalSize {
		t.Fatalf("complete=%v offset=%d", a.complete(), a.offset)
	}
	if err := a.commit(false); err != nil {
		t.Fatal(err)
	}
	assertOnlyDest(t, parent, "out")
	for _, f := range sampleFiles() {
		info, err := os.Stat(filepath.Join(dest, f.path))
		if err != nil {
			t.Fatal(err)
		}
		if uint32(info.Mode().Perm()) != f.mode {
			t.Errorf("%s: mode %o, want %o", f.path, info.Mode().Perm(), f.mode)
		}
		data, _ := os.ReadFile(filepath.Join(dest, f.path))
		if !bytes.Equal(data, bytes.Join(f.chunks, nil)) {
			t.Errorf("%s: content differs", f.path)
		}
	}
}

func TestAssemblerResumesFromLastVerifiedChunk(t *testing.T) {
	parent := t.TempDir()
	version, stream := buildVersion(t, sampleFiles())
	a, err := newAssembler(version, filepath.Join(parent, "out"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.abort()
	for _, resp := range stream[:3] {
		if err := a.add(resp); err != nil {
			t.Fatal(err)
		}
	}
	// A resumed stream starts at the assembler's offset: the next chunk, nothing twice.
	if a.offset != stream[3].Offset {
		t.Fatalf("offset %d, next chunk at %d", a.offset, stream[3].Offset)
	}
	if r := integrityReason(t, a.add(stream[2])); r != "UNEXPECTED_CHUNK" {
		t.Fatalf("replayed chunk: %s", r)
	}
}

func TestAssemblerRejects(t *testing.T) {
	cases := map[string]struct {
		mutate func(v *Version, s []*modelregv1.DownloadVersionResponse)
		reason string
	}{
		"wrong-offset": {func(v *Version, s []*modelregv1.DownloadVersionResponse) { s[1].Offset++ }, "UNEXPECTED_CHUNK"},
		"other-chunk": {func(v *Version, s []*modelregv1.DownloadVersionResponse) {
			s[0], s[1] = s[1], s[0]
			s[0].Offset, s[1].Offset = s[1].Offset, s[0].Offset
		}, "UNEXPECTED_CHUNK"},
		"corrupt-data": {func(v *Version, s []*modelregv1.DownloadVersionResponse) {
			s[3].Chunk.Data[len(s[3].Chunk.Data)-1] ^= 0xff
		}, "CORRUPT_CHUNK"},
		"digest-mismatch": {func(v *Version, s []*modelregv1.DownloadVersionResponse) {
			s[1].Chunk.Data = []byte("#!/bin/sH\n")
		}, "CHUNK_DIGEST_MISMATCH"},
		"file-digest": {func(v *Version, s []*modelregv1.DownloadVersionResponse) {
			v.Files[2].Sha256 = strings.Repeat("0", 64)
			v.Digest = ManifestDigest(v.Files, false) // a manifest that agrees with itself, not with the bytes
		}, "FILE_DIGEST_MISMATCH"},
		"inflated-size": {func(v *Version, s []*modelregv1.DownloadVersionResponse) {
			s[3].Chunk.RawSize += 10 // the manifest's size is the bound, not the chunk's
		}, "UNEXPECTED_CHUNK"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			version, stream := buildVersion(t, sampleFiles())
			c.mutate(version, stream)
			a, err := newAssembler(version, filepath.Join(parent, "out"))
			if err != nil {
				t.Fatal(err)
			}
			for _, resp := range stream {
				if err = a.add(resp); err != nil {
					break
				}
			}
			if r := integrityReason(t, err); r != c.reason {
				t.Fatalf("reason %s, want %s (%v)", r, c.reason, err)
			}
			a.abort()
			assertOnlyDest(t, parent)
		})
	}
}

func TestAssemblerTreeFormat(t *testing.T) {
	parent := t.TempDir()
	version, stream := buildVersion(t, sampleFiles())
	asTreeFormat(version)
	a, err := newAssembler(version, filepath.Join(parent, "out"))
	if err != nil {
		t.Fatal(err)
	}
	for _, resp := range stream {
		if err := a.add(resp); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.commit(false); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(parent, "out", "bin", "run.sh"))
	if err != nil || string(got) != "#!/bin/sh\necho hi\n" {
		t.Fatalf("run.sh: %q %v", got, err)
	}
	cases := map[string]struct {
		mutate func(v *Version)
		reason string
	}{
		"tree-digest": {func(v *Version) {
			v.Files[3].TreeDigest = strings.Repeat("0", 64)
			v.Digest = ManifestDigest(v.Files, true)
		}, "TREE_DIGEST_MISMATCH"},
		"version-digest": {func(v *Version) { v.Digest = "sha256:" + strings.Repeat("0", 64) }, "VERSION_DIGEST_MISMATCH"},
		"format-1-digest": {func(v *Version) { v.Digest = ManifestDigest(v.Files, false) }, "VERSION_DIGEST_MISMATCH"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			parent := t.TempDir()
			version, _ := buildVersion(t, sampleFiles())
			asTreeFormat(version)
			c.mutate(version)
			_, err := newAssembler(version, filepath.Join(parent, "out"))
			if r := integrityReason(t, err); r != c.reason {
				t.Fatalf("reason %s, want %s (%v)", r, c.reason, err)
			}
			assertOnlyDest(t, parent)
		})
	}
}

func TestAssemblerRefusesUnsafeManifests(t *testing.T) {
	for _, path := range []string{"../escape", "/etc/passwd", "a/../../b", "a//b", "./a", "a\x00b", ""} {
		parent := t.TempDir()
		version, _ := buildVersion(t, []testFile{{path, 0o644, [][]byte{[]byte("x")}}})
		_, err := newAssembler(version, filepath.Join(parent, "sub", "out"))
		if r := integrityReason(t, err); r != "INVALID_PATH" {
			t.Fatalf("%q: reason %s", path, r)
		}
		assertOnlyDest(t, parent)
	}
	version, _ := buildVersion(t, sampleFiles())
	version.Files[3].Size++
	_, err := newAssembler(version, filepath.Join(t.TempDir(), "out"))
	if r := integrityReason(t, err); r != "INVALID_MANIFEST" {
		t.Fatalf("size mismatch: reason %s", r)
	}
}

func TestAssemblerIncompleteCommit(t *testing.T) {
	parent := t.TempDir()
	version, stream := buildVersion(t, sampleFiles())
	a, err := newAssembler(version, filepath.Join(parent, "out"))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.add(stream[0]); err != nil {
		t.Fatal(err)
	}
	if r := integrityReason(t, a.commit(false)); r != "INCOMPLETE" {
		t.Fatalf("reason %s", r)
	}
	a.abort()
	assertOnlyDest(t, parent)
}
