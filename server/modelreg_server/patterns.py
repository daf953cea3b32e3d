"""Model and alias patterns: the one rule for role bindings, protected aliases and the model /
alias shorthands of webhooks (and Watch, whose values are plain names, a pattern without globs).

A pattern is 1..128 characters of the name alphabet (a-z 0-9 . _ -) and the shell globs of
fnmatch: `*` (any run), `?` (one character), `[abc]` / `[a-z]` / `[!abc]` (a set, `!` negates).
Matching is fnmatch's, case-sensitive, on the whole name. Role bindings and protected aliases
used to accept `* ?` only and webhooks `* ? [ ] !`: the rule is their union, so every stored
pattern keeps meaning what it meant. A leaf module: access (rules) and the webhook rules both
import it; it imports nothing of the registry.
"""

import fnmatch
import re

PATTERN_RE = re.compile(r"[a-z0-9._\-*?\[\]!]{1,128}")
HELP = "use a-z 0-9 . _ - and the globs * ? [ ] !, at most 128 characters"
GLOBS = frozenset("*?[")


def valid(value: str) -> bool:
    return PATTERN_RE.fullmatch(value) is not None


def matches(value: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(value, pattern)


def regex(pattern: str) -> re.Pattern:
    """The compiled regular expression of a pattern (fullmatch it), as fnmatch builds it."""
    return _regex(pattern)


def is_plain(pattern: str) -> bool:
    """No glob at all: the pattern matches only the name it spells."""
    return not (GLOBS & set(pattern))


def matches_all(pattern: str) -> bool:
    """Only stars: matches every name, the empty one (an event without a model) included."""
    return set(pattern) == {"*"}


_cache: dict[str, re.Pattern] = {}


def _regex(pattern: str) -> re.Pattern:
    compiled = _cache.get(pattern)
    if compiled is None:
        if len(_cache) > 4096:
            _cache.clear()
        compiled = _cache[pattern] = re.compile(fnmatch.translate(pattern), re.DOTALL)
    return compiled
