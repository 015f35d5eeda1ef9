"""The one cache of what is made from the shared Situation: keyed on the identity of the objects it
is made from (the Situation's frames, a text) and the value of everything else, so that what a day
makes is made once for every viewer, not on each of their runs (twenty viewers stepping /front each
made it again). The objects are held with their result, so that an id is never reused while it is
kept; what it returns is shared, never to be modified. Only for the Situation's own objects (and
slices of them): a session's rows would be kept here."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict

import pandas as pd

from frontmap import i18n


class IdentityCache:
    """Results kept per (owner, key), the owner held; a tuple as owner stands for the objects in it."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[tuple, tuple[object, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, owner: object, key: object, make):
        owners = owner if isinstance(owner, tuple) else (owner,)
        # (per language: what is made may hold words, said in the viewer's language)
        slot = (tuple(id(o) for o in owners), key, i18n.current())
        with self._lock:
            hit = self._items.get(slot)
            if hit is not None and all(a is b for a, b in zip(hit[0], owners)):
                self._items.move_to_end(slot)
                return hit[1]
        value = make()
        with self._lock:
            self._items[slot] = (owners, value)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


def once(function):
    """`function` memoised on the identity of its frame arguments and the value of the others."""
    made = IdentityCache(size=512)  # a few days of every situation in use; each a few KB

    @functools.wraps(function)
    def call(*args):
        frames = tuple(a for a in args if isinstance(a, pd.DataFrame))
        key = tuple(None if isinstance(a, pd.DataFrame) else a for a in args)
        return made.get(frames, key, lambda: function(*args))

    return call
