"""`modelreg completion bash|zsh|fish`: each script, generated from the CLI's real parser, is loaded
into the real shell (scripts/install-shells installs zsh and fish) and asked to complete partial
command lines, as Tab would."""

import shutil
import subprocess
import sys

import pytest

from modelreg.cli import parser

# (what is typed, a completion the shell must offer); the last word is the one being completed.
CASES = [
    (["al"], "alias"),
    (["alias", "s"], "set"),
    (["push", "--al"], "--alias"),
    (["completion", "f"], "fish"),
    (["webhook", "del"], "deliveries"),
]

# Drives an interactive zsh in a pseudo-terminal: the completion system from `compinit`, the
# script installed as _modelreg on $fpath (as a user installs it), and each match that compadd
# adds written to a file; then the line is typed with a Tab. Input is typed only once the line
# editor is reading (its prompt, Z%%Z, is printed after the computed 42READY): typed earlier, the
# terminal would still be in cooked mode and its kill character (^U) would erase the line before
# zsh saw the Tab. The end is the computed 43DONE, never the echo of the command that prints it.
ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1='Z%%%%Z' PROMPT2='' RPROMPT=''"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit && compinit -u -D"
zpty -w z "compadd() { local -a m; builtin compadd -O m \"\$@\"; print -rl -- \$m >> ${(q)3}; builtin compadd \"\$@\"; }"
zpty -w z "bindkey '^I' complete-word"
zpty -w z 'print $((40+2))READY'
zpty -r z line '*42READY*'
zpty -r z line '*Z%%Z*'
zpty -w -n z "$2"$'\t'
zpty -w z $'\x15print $((40+3))DONE'
zpty -r z line '*43DONE*'
zpty -d z
"""


def script(shell: str) -> str:
    result = subprocess.run([sys.executable, "-m", "modelreg", "completion", shell], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout


def shell_path(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed: run scripts/install-shells (scripts/test does)"
    return path


@pytest.fixture(scope="module")
def scripts(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("completion")
    paths = {}
    for shell in ("bash", "zsh", "fish"):
        (root / shell).mkdir()
        paths[shell] = root / shell / {"bash": "modelreg", "zsh": "_modelreg", "fish": "modelreg.fish"}[shell]
        paths[shell].write_text(script(shell))
    return paths


def bash_complete(path, words: list[str]) -> list[str]:
    """COMPREPLY of the function the script registers with `complete -F`, for `modelreg WORDS`."""
    line = " ".join(["modelreg", *words])
    program = (f'source {path}; spec=$(complete -p modelreg) || exit 9; echo "$spec"; fn=${{spec##*-F }}; '
               f'fn=${{fn%% *}}; COMP_WORDS=(modelreg {" ".join(map(repr, words))}); '
               f'COMP_CWORD={len(words)}; COMP_LINE={line!r}; COMP_POINT={len(line)}; '
               f'"$fn" modelreg {words[-1]!r} {(["modelreg", *words])[-2]!r}; printf "%s\\n" "${{COMPREPLY[@]}}"')
    result = subprocess.run([shell_path("bash"), "--norc", "--noprofile", "-c", program], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    spec, *replies = result.stdout.splitlines()
    assert spec.startswith("complete ") and spec.endswith(" modelreg") and " -F " in spec, spec
    return replies


@pytest.mark.parametrize("words, expected", CASES)
def test_bash_completes_from_the_real_parser(scripts, words, expected):
    assert expected in bash_complete(scripts["bash"], words)


def test_bash_offers_every_command_of_the_parser(scripts):
    commands = set(next(a for a in parser()._actions if a.dest == "command").choices)
    assert {"push", "pull", "alias", "completion", "webhook", "monitor"} <= commands
    assert set(bash_complete(scripts["bash"], [""])) >= commands


@pytest.mark.parametrize("words, expected", CASES)
def test_fish_completes_from_the_real_parser(scripts, words, expected):
    line = " ".join(["modelreg", *words])
    result = subprocess.run([shell_path("fish"), "--no-config", "-c", f"source {scripts['fish']}; complete -C {line!r}"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    offered = [row.split("\t")[0] for row in result.stdout.splitlines()]
    assert expected in offered, result.stdout


@pytest.mark.parametrize("words, expected", CASES)
def test_zsh_completes_from_the_real_parser(scripts, tmp_path, words, expected):
    zsh = shell_path("zsh")
    assert subprocess.run([zsh, "-n", scripts["zsh"]], capture_output=True, timeout=60).returncode == 0
    driver, matches = tmp_path / "driver.zsh", tmp_path / "matches"
    driver.write_text(ZSH_DRIVER)
    matches.write_text("")
    line = " ".join(["modelreg", *words])
    result = subprocess.run([zsh, "-f", driver, scripts["zsh"].parent, line, matches], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert expected in matches.read_text().split(), matches.read_text()


def test_an_unknown_shell_is_a_usage_error():
    result = subprocess.run([sys.executable, "-m", "modelreg", "completion", "powershell"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2 and "invalid choice: 'powershell'" in result.stderr and result.stdout == ""
