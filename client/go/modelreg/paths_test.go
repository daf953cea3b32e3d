package modelreg

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The portable path rule against the vectors every implementation runs
// (tests/conformance/paths.json), and the pull assembler refusing them before writing anything.

type pathVectors struct {
	Format  int      `json:"format"`
	Valid   []string `json:"valid"`
	Invalid []struct {
		Path string `json:"path"`
		Why  string `json:"why"`
	} `json:"invalid"`
	Twins     [][2]string `json:"twins"`
	Manifests []struct {
		Paths  []string `json:"paths"`
		Reason string   `json:"reason"`
	} `json:"manifests"`
}

func loadPathVectors(t *testing.T) pathVectors {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	data, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "..", "tests", "conformance", "paths.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v pathVectors
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	if v.Format != 1 || len(v.Valid) == 0 || len(v.Invalid) == 0 || len(v.Twins) == 0 || len(v.Manifests) == 0 {
		t.Fatalf("unexpected paths.json: format %d", v.Format)
	}
	return v
}

func TestPathVectorsValid(t *testing.T) {
	v := loadPathVectors(t)
	for _, p := range v.Valid {
		if why := pathProblem(p); why != "" {
			t.Errorf("%+q refused: %s", p, why)
		}
	}
	if e := checkPaths(v.Valid); e != nil {
		t.Errorf("the valid paths together: %v", e)
	}
}

func TestPathVectorsInvalid(t *testing.T) {
	for _, c := range loadPathVectors(t).Invalid {
		e := checkPaths([]string{"ok.txt", c.Path})
		if e == nil || e.reason != "INVALID_PATH" || !strings.Contains(e.msg, c.Why) || e.path != c.Path {
			t.Errorf("%+q: got %v, want INVALID_PATH with %q", c.Path, e, c.Why)
		}
	}
}

func TestPathVectorsTwins(t *testing.T) {
	for _, pair := range loadPathVectors(t).Twins {
		a, b := pair[0], pair[1]
		if checkPaths([]string{a}) != nil || checkPaths([]string{b}) != nil {
			t.Errorf("%+q or %+q refused alone", a, b)
		}
		for _, manifest := range [][]string{{a, b}, {b, a}} {
			e := checkPaths(manifest)
			if e == nil || e.reason != "PATH_COLLISION" || !strings.Contains(e.msg, "differ only in") || e.other == "" {
				t.Errorf("%+q: got %v, want PATH_COLLISION", manifest, e)
			}
		}
	}
}

func TestPathVectorsManifests(t *testing.T) {
	for _, m := range loadPathVectors(t).Manifests {
		e := checkPaths(m.Paths)
		got := ""
		if e != nil {
			got = e.reason
		}
		if got != m.Reason {
			t.Errorf("%+q: reason %q, want %q (%v)", m.Paths, got, m.Reason, e)
		}
	}
}

func TestPullRefusesUnportableManifestsBeforeWriting(t *testing.T) {
	v := loadPathVectors(t)
	cases := make(map[string][]string)
	for _, c := range v.Invalid {
		cases["INVALID_PATH "+c.Path] = []string{c.Path}
	}
	for _, pair := range v.Twins {
		cases["PATH_COLLISION "+pair[0]] = []string{pair[0], pair[1]}
	}
	for name, paths := range cases {
		parent := t.TempDir()
		var files []testFile
		for _, p := range paths {
			files = append(files, testFile{p, 0o644, [][]byte{[]byte("x")}})
		}
		version, _ := buildVersion(t, files)
		_, err := newAssembler(version, filepath.Join(parent, "out"))
		want, _, _ := strings.Cut(name, " ")
		if r := integrityReason(t, err); r != want {
			t.Fatalf("%+q: reason %s, want %s", paths, r, want)
		}
		assertOnlyDest(t, parent)
	}
}
