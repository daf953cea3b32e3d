package modelreg

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"

	modelregv1 "github.com/modelreg/modelreg/client/go/gen/modelreg/v1"
)

// TreeDigest is a file's identity in manifest format 2: the lowercase hex sha256 over one
// "<chunk digest>:<size>\n" line per chunk, in order (as the server and every client compute it).
func TreeDigest(chunks []*modelregv1.ChunkRef) string {
	h := sha256.New()
	for _, c := range chunks {
		fmt.Fprintf(h, "%s:%d\n", c.GetDigest(), c.GetSize())
	}
	return hex.EncodeToString(h.Sum(nil))
}

// ManifestDigest is a version's digest over its files (Version.digest in resources.proto):
// "sha256:" + sha256 over one "<mode as 6 octal digits> <size> <name> <path>\n" line per file,
// sorted by path bytes, where name is the file's sha256 (format 1) or, after the line
// "modelreg manifest 2\n", its tree digest (format 2, byTree).
func ManifestDigest(files []*FileEntry, byTree bool) string {
	sorted := append([]*FileEntry(nil), files...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].GetPath() < sorted[j].GetPath() })
	h := sha256.New()
	if byTree {
		h.Write([]byte("modelreg manifest 2\n"))
	}
	for _, f := range sorted {
		name := f.GetSha256()
		if byTree {
			name = f.GetTreeDigest()
		}
		fmt.Fprintf(h, "%06o %d %s %s\n", f.GetMode(), f.GetSize(), name, f.GetPath())
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
