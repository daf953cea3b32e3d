"""The types of the SDK's arguments, and the checks that hold them at run time too.

A type checker (mypy --strict, pyright) refuses `metrics={"f1": "high"}` or `aliases="staging"`
from the annotations alone; a script nobody type-checks gets the same refusal from these checks,
before anything is read, uploaded or sent, as an ArgumentTypeError that names the argument and
the fix. A bare str passes as a `Sequence[str]` (it is one: of its characters), so aliases and the
other name lists are typed `SequenceNotStr[str]`, a protocol that lists and tuples satisfy and str
does not (its `__contains__` takes only str)."""

import numbers
from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, SupportsIndex, TypeVar, overload

from .errors import ArgumentTypeError

T_co = TypeVar("T_co", covariant=True)

Metrics = Mapping[str, float]
"""Metric name -> number (int or float; a numpy scalar too)."""
Tags = Mapping[str, str]
ParamValue = str | int | float | bool
Params = Mapping[str, ParamValue]
"""Hyperparameter name -> value; numbers and bools are stored as their str() (a param is text, as
in MLflow), so params={"lr": 0.1} records "0.1"."""
TagChanges = Mapping[str, str | None]
"""Tag key -> new value, or None to delete the key (update_model, update_version)."""
MetricChanges = Mapping[str, float | None]


class SequenceNotStr(Protocol[T_co]):
    """A sequence that is not a str: a list or tuple of names, never one name spelt as a str."""

    @overload
    def __getitem__(self, index: SupportsIndex, /) -> T_co: ...
    @overload
    def __getitem__(self, index: slice, /) -> "SequenceNotStr[T_co]": ...
    def __contains__(self, value: object, /) -> bool: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[T_co]: ...


def names(value: object, argument: str, *, reason: str) -> list[str]:
    """value as a list of names, refusing a bare str (aliases="staging") and non-str items."""
    if isinstance(value, (str, bytes)):
        raise ArgumentTypeError(
            f"{argument} must be a list of names, not the {type(value).__name__} {value!r}: "
            f"write {argument}=[{value!r}]", reason=reason, metadata={"argument": argument})
    if not isinstance(value, Iterable):
        raise ArgumentTypeError(f"{argument} must be a list of names, not the {type(value).__name__} {value!r}",
                                reason=reason, metadata={"argument": argument})
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise ArgumentTypeError(f"{argument}: {item!r} is not a str name but a {type(item).__name__}",
                                    reason=reason, metadata={"argument": argument})
    return items


def metrics(value: object, *, argument: str = "metrics") -> dict[str, float]:
    """value as {name: float}: a mapping of str names to real numbers; None is {}."""
    return {k: v for k, v in _numbers(value, argument, deletions=False).items() if v is not None}


def metric_changes(value: object, *, argument: str = "metrics") -> dict[str, float | None]:
    """As metrics(), where None deletes a metric (update_version)."""
    return _numbers(value, argument, deletions=True)


def strings(value: object, *, argument: str, reason: str) -> dict[str, str]:
    """value as {key: str}: tags and labels are text (write str(0.1), not 0.1); None is {}."""
    return {k: v for k, v in _texts(value, argument, reason, deletions=False).items() if v is not None}


def params(value: object, *, argument: str = "params") -> dict[str, str]:
    """value as {name: str}: str values as they are, numbers and bools as their str(); None is {}."""
    result: dict[str, str] = {}
    for key, item in _items(value, argument, reason="INVALID_PARAM"):
        if not isinstance(item, (str, numbers.Real)):
            raise ArgumentTypeError(
                f"{argument}[{key!r}] must be a str, a number or a bool, not the {type(item).__name__} {item!r}",
                reason="INVALID_PARAM", metadata={"argument": argument, "key": key})
        result[key] = item if isinstance(item, str) else str(item)
    return result


def string_changes(value: object, *, argument: str, reason: str) -> dict[str, str | None]:
    """As strings(), where None deletes a key (update_model, update_version)."""
    return _texts(value, argument, reason, deletions=True)


def _numbers(value: object, argument: str, *, deletions: bool) -> dict[str, float | None]:
    result: dict[str, float | None] = {}
    for key, number in _items(value, argument, reason="INVALID_METRIC"):
        if number is None and deletions:
            result[key] = None
        elif isinstance(number, numbers.Real) and not isinstance(number, bool):
            result[key] = float(number)
        else:
            raise ArgumentTypeError(
                f"{argument}[{key!r}] must be a number, not the {type(number).__name__} {number!r}",
                reason="INVALID_METRIC", metadata={"argument": argument, "key": key})
    return result


def _texts(value: object, argument: str, reason: str, *, deletions: bool) -> dict[str, str | None]:
    result: dict[str, str | None] = {}
    for key, text in _items(value, argument, reason=reason):
        if isinstance(text, str) or (text is None and deletions):
            result[key] = text
        else:
            hint = f": write str({text!r})" if isinstance(text, numbers.Number) else ""
            raise ArgumentTypeError(f"{argument}[{key!r}] must be a str, not the {type(text).__name__} {text!r}{hint}",
                                    reason=reason, metadata={"argument": argument, "key": key})
    return result


def _items(value: object, argument: str, *, reason: str) -> list[tuple[str, object]]:
    if value is None:
        return []
    if not isinstance(value, Mapping):
        raise ArgumentTypeError(f"{argument} must be a mapping (a dict), not the {type(value).__name__} {value!r}",
                                reason=reason, metadata={"argument": argument})
    items = list(value.items())
    for key, _ in items:
        if not isinstance(key, str):
            raise ArgumentTypeError(f"{argument}: key {key!r} is not a str but a {type(key).__name__}",
                                    reason=reason, metadata={"argument": argument})
    return items
