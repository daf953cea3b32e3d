"""The portable path rule (docs/paths.md): which file paths a version may have, so that every
version can be pulled intact on Linux, macOS and Windows. The server checks it at CreateVersion,
the SDK before a push uploads anything and before a pull writes anything; the Go, TypeScript and
Java clients implement the same rule, and all of them run the vectors in
tests/conformance/paths.json.
"""

import unicodedata
from typing import Iterable

MAX_PATH_BYTES = 4096
MAX_SEGMENT_BYTES = 255
# Windows reserves these in names; `\` is also its separator, `:` its drive and stream marker.
WINDOWS_RESERVED = set('<>:"|?*\\')
BIDI_CONTROLS = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
INVISIBLE = {0x200B, 0x2060, 0xFEFF}  # zero-width space, word joiner, byte order mark
DEVICE_NAMES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
                *(f"{port}{n}" for port in ("COM", "LPT") for n in "0123456789\u00b9\u00b2\u00b3")}
ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")


class PathError(ValueError):
    """A path, or a pair of paths, that breaks the rule. `reason`: INVALID_PATH, DUPLICATE_PATH
    or PATH_COLLISION; `path` the offending path, `other` the one it collides with."""

    def __init__(self, reason: str, message: str, path: str, other: str = ""):
        super().__init__(message)
        self.reason, self.message, self.path, self.other = reason, message, path, other


def check(path: str) -> None:
    """Raises PathError (INVALID_PATH) unless path is a portable relative path."""
    if why := problem(path):
        raise PathError("INVALID_PATH", f"invalid file path {path!r}: {why}", path)


def problem(path: str) -> str:
    """What is wrong with a path on its own, or "" when nothing is. The phrases are shared with
    the other clients (tests/conformance/paths.json)."""
    if not path:
        return "empty path"
    try:
        size = len(path.encode("utf-8"))
    except UnicodeEncodeError:
        return "not valid UTF-8"
    if size > MAX_PATH_BYTES:
        return f"longer than {MAX_PATH_BYTES} bytes"
    for c in path:
        code = ord(c)
        if code < 0x20 or 0x7F <= code <= 0x9F:
            return f"a control character (U+{code:04X})"
        if c in WINDOWS_RESERVED:
            return f"a character Windows reserves ({c})"
        if code in BIDI_CONTROLS:
            return f"a bidirectional control character (U+{code:04X})"
        if code in INVISIBLE:
            return f"an invisible character (U+{code:04X})"
    if path.startswith("/"):
        return "absolute (starts with /)"
    for segment in path.split("/"):
        if segment in ("", ".", ".."):
            return "an empty, . or .. segment"
        if len(segment.encode("utf-8")) > MAX_SEGMENT_BYTES:
            return f"a segment longer than {MAX_SEGMENT_BYTES} bytes"
        if segment.endswith((".", " ")):
            return f"a segment ends with a dot or a space ({segment!r})"
        stem = segment.split(".", 1)[0].rstrip(" ").translate(ASCII_UPPER)
        if stem in DEVICE_NAMES:
            return f"a Windows device name ({segment!r})"
    return ""


def fold(segment: str) -> str:
    """The twin key of one segment: equal for names that a normalizing or case-insensitive file
    system (macOS, Windows) would take as the same name. NFC, full upper case then full lower
    case (locale-independent: ß and SS fold to ss, final and medial sigma agree), NFC again."""
    if segment.isascii():
        return segment.lower()  # the same, for ASCII: the common case, and cheap
    nfc = unicodedata.normalize("NFC", segment)
    return unicodedata.normalize("NFC", nfc.upper().lower())


def check_manifest(paths: Iterable[str]) -> None:
    """Raises PathError for the first path that breaks the rule on its own (INVALID_PATH), a
    path listed twice (DUPLICATE_PATH), a path that is both a file and a directory of another
    (INVALID_PATH), or two different files or directories that are twins (PATH_COLLISION).

    Walks the tree of twin keys one segment at a time, so the cost is linear in the bytes of the
    paths: twins first differ in one segment under a parent spelled alike."""
    nodes: dict[tuple[int, str], tuple[int, str, bool]] = {}  # (parent, fold) -> (id, spelling, is a file)
    files: set[str] = set()
    for path in paths:
        check(path)
        if path in files:
            raise PathError("DUPLICATE_PATH", f"duplicate file path {path!r}", path)
        files.add(path)
        segments = path.split("/")
        parent, end = 0, -1
        for i, segment in enumerate(segments):
            end += 1 + len(segment)
            is_file = i == len(segments) - 1
            node = nodes.setdefault((parent, fold(segment)), (len(nodes) + 1, segment, is_file))
            if node[1] != segment:
                raise collision(path[:end], path[:end - len(segment)] + node[1], path)
            if node[2] != is_file:
                raise PathError("INVALID_PATH", f"{path[:end]!r} is both a file and a directory", path[:end])
            parent = node[0]


def collision(node: str, other: str, path: str) -> PathError:
    """`node` (path itself, or one of its directories) is a twin of `other`, seen first."""
    nfc = unicodedata.normalize
    if nfc("NFC", node) == nfc("NFC", other):  # they look alike: show the code points
        kind, shown, other_shown = "Unicode normalization", ascii(node), ascii(other)
    else:
        kind, shown, other_shown = "case", repr(node), repr(other)
    subject = shown if node == path else f"{shown} (in {path!r})"
    return PathError("PATH_COLLISION", f"{subject} and {other_shown} differ only in {kind}: they would be one name "
                     "on macOS and Windows", path, other)
