"""Forming groups from a queue of waiting trainees, in arrival order."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def groups_in_arrival_order(queue: Sequence[T], size: int) -> tuple[list[list[T]], list[T]]:
    """Cut the queue (oldest first) into full groups of `size`: (groups, still waiting).

    Raises ValueError for a size below 2.
    """
    if size < 2:
        raise ValueError("a group needs at least two members")
    full = len(queue) - len(queue) % size
    groups = [list(queue[i:i + size]) for i in range(0, full, size)]
    return groups, list(queue[full:])
