"""The CLI's output without rich (an SDK-only `pip install modelreg`): the few parts of
rich.console.Console and rich.table.Table the CLI uses, as plain text. The same commands print
the same words and columns; `pip install 'modelreg[cli]'` adds rich's wrapping and progress bars."""

import sys
from typing import TextIO


class Console:
    """print(text, markup=False) to stdout or stderr; is_terminal says whether that is a terminal."""

    def __init__(self, *, stderr: bool = False, highlight: bool = False, soft_wrap: bool = False):
        self.stderr = stderr
        self.quiet = False
        self.width = 80

    @property
    def file(self) -> TextIO:
        return sys.stderr if self.stderr else sys.stdout

    @property
    def is_terminal(self) -> bool:
        return self.file.isatty()

    def print(self, *objects: object, markup: bool = False) -> None:
        if self.quiet:
            return
        text = " ".join(o.render() if isinstance(o, Table) else str(o) for o in objects)
        try:
            print(text, file=self.file, flush=True)
        except BrokenPipeError:
            self.quiet = True
            raise


class Table:
    """Columns left-aligned, two spaces apart, under a header row (rich's box=None table)."""

    def __init__(self, *, box: object = None, header_style: str = ""):
        self.columns: list[str] = []
        self.rows: list[list[str]] = []

    def add_column(self, header: str) -> None:
        self.columns.append(header)

    def add_row(self, *cells: str) -> None:
        self.rows.append([str(c) for c in cells])

    def render(self) -> str:
        lines = [self.columns, *self.rows]
        widths = [max(len(line[i]) if i < len(line) else 0 for line in lines) for i in range(len(self.columns))]
        return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines)
