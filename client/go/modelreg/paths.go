package modelreg

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// The portable path rule (docs/paths.md), as the server and the other clients implement it: a
// pull refuses a manifest whose paths could escape the destination or would not be one file per
// path on macOS and Windows. tests/conformance/paths.json holds the vectors all of them run.

const (
	maxPathBytes    = 4096
	maxSegmentBytes = 255
)

var deviceNames = func() map[string]bool {
	names := map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true}
	for _, port := range []string{"COM", "LPT"} {
		for _, n := range []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "\u00b9", "\u00b2", "\u00b3"} {
			names[port+n] = true
		}
	}
	return names
}()

// pathError is a path, or a pair of paths, that breaks the rule.
type pathError struct {
	reason, msg, path, other string
}

func (e *pathError) Error() string { return e.msg }

// pathProblem says what is wrong with a path on its own, or "" when nothing is; the phrases are
// shared with the other implementations.
func pathProblem(p string) string {
	if p == "" {
		return "empty path"
	}
	if !utf8.ValidString(p) {
		return "not valid UTF-8"
	}
	if len(p) > maxPathBytes {
		return fmt.Sprintf("longer than %d bytes", maxPathBytes)
	}
	for _, c := range p {
		switch {
		case c < 0x20 || (c >= 0x7F && c <= 0x9F):
			return fmt.Sprintf("a control character (U+%04X)", c)
		case strings.ContainsRune(`<>:"|?*\`, c):
			return fmt.Sprintf("a character Windows reserves (%c)", c)
		case c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069):
			return fmt.Sprintf("a bidirectional control character (U+%04X)", c)
		case c == 0x200B || c == 0x2060 || c == 0xFEFF:
			return fmt.Sprintf("an invisible character (U+%04X)", c)
		}
	}
	if strings.HasPrefix(p, "/") {
		return "absolute (starts with /)"
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return "an empty, . or .. segment"
		}
		if len(seg) > maxSegmentBytes {
			return fmt.Sprintf("a segment longer than %d bytes", maxSegmentBytes)
		}
		if strings.HasSuffix(seg, ".") || strings.HasSuffix(seg, " ") {
			return fmt.Sprintf("a segment ends with a dot or a space (%q)", seg)
		}
		stem, _, _ := strings.Cut(seg, ".")
		stem = strings.Map(asciiUpper, strings.TrimRight(stem, " "))
		if deviceNames[stem] {
			return fmt.Sprintf("a Windows device name (%q)", seg)
		}
	}
	return ""
}

func asciiUpper(r rune) rune {
	if 'a' <= r && r <= 'z' {
		return r - 'a' + 'A'
	}
	return r
}

// foldSegment is a segment's twin key: NFC, full upper case, full lower case (locale-independent),
// NFC. Equal keys mean one name on a normalizing or case-insensitive file system.
func foldSegment(seg string) string {
	if isASCII(seg) {
		return strings.ToLower(seg)
	}
	upper := cases.Upper(language.Und).String(norm.NFC.String(seg))
	return norm.NFC.String(cases.Lower(language.Und).String(upper))
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

type pathNode struct {
	parent int
	key    string
}

type pathSeen struct {
	id      int
	segment string
	file    bool
}

// checkPaths refuses the first path that breaks the rule (INVALID_PATH), a path listed twice
// (DUPLICATE_PATH), a path that is both a file and a directory (INVALID_PATH), and twins: two
// different files or directories with equal keys (PATH_COLLISION). It walks the tree of keys one
// segment at a time: twins first differ in one segment under a parent spelled alike.
func checkPaths(paths []string) *pathError {
	nodes := make(map[pathNode]pathSeen)
	files := make(map[string]bool, len(paths))
	for _, p := range paths {
		if why := pathProblem(p); why != "" {
			return &pathError{reason: "INVALID_PATH", msg: fmt.Sprintf("invalid file path %q: %s", p, why), path: p}
		}
		if files[p] {
			return &pathError{reason: "DUPLICATE_PATH", msg: fmt.Sprintf("duplicate file path %q", p), path: p}
		}
		files[p] = true
		segments := strings.Split(p, "/")
		parent, end := 0, -1
		for i, seg := range segments {
			end += 1 + len(seg)
			file := i == len(segments)-1
			key := pathNode{parent, foldSegment(seg)}
			seen, ok := nodes[key]
			if !ok {
				seen = pathSeen{id: len(nodes) + 1, segment: seg, file: file}
				nodes[key] = seen
			}
			if seen.segment != seg {
				return collision(p[:end], p[:end-len(seg)]+seen.segment, p)
			}
			if seen.file != file {
				return &pathError{reason: "INVALID_PATH", msg: fmt.Sprintf("%q is both a file and a directory", p[:end]),
					path: p[:end]}
			}
			parent = seen.id
		}
	}
	return nil
}

func collision(node, other, p string) *pathError {
	kind := "case"
	if norm.NFC.String(node) == norm.NFC.String(other) {
		kind = "Unicode normalization"
	}
	subject := fmt.Sprintf("%+q", node)
	if node != p {
		subject += fmt.Sprintf(" (in %q)", p)
	}
	return &pathError{reason: "PATH_COLLISION", path: p, other: other,
		msg: fmt.Sprintf("%s and %+q differ only in %s: they would be one name on macOS and Windows", subject, other, kind)}
}
