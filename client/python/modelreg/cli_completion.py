"""`modelreg completion bash|zsh|fish`: a shell completion script generated from the CLI's own
argparse parser by shtab, so it offers exactly the commands, subcommands, options and choices
that `modelreg --help` lists, and needs no Python at completion time (unlike argcomplete, which
runs the program on every Tab)."""

import argparse
import sys

SHELLS = ("bash", "zsh", "fish")

EPILOG = """\
install (once, then open a new shell):
  bash  modelreg completion bash > ~/.local/share/bash-completion/completions/modelreg
        (or add `eval "$(modelreg completion bash)"` to ~/.bashrc)
  zsh   modelreg completion zsh > "${fpath[1]}/_modelreg"   (any directory on $fpath; then `compinit`)
  fish  modelreg completion fish > ~/.config/fish/completions/modelreg.fish

Regenerate it after upgrading modelreg: the script lists the commands of this version.
It needs shtab: pip install 'modelreg[cli]'.
"""


def add_command(sub) -> None:
    c = sub.add_parser("completion", help="print a shell completion script (bash, zsh, fish)",
                       description="Print a completion script for SHELL on stdout, generated from this "
                       "command's parser.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("shell", choices=SHELLS, help="the shell to complete in")


def cmd_completion(args, parser: argparse.ArgumentParser) -> int:
    try:
        import shtab
    except ImportError:
        print("modelreg: shell completion needs shtab: pip install 'modelreg[cli]' [LOCAL SHTAB_MISSING]",
              file=sys.stderr)
        return 1
    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    sys.stdout.flush()
    return 0
