"""The team's layers as rows: an upload published under a name (`store/layers.py` keeps it), read
back through the upload loader: the same limits, checks and escaping as any file a viewer brings,
so nothing published can run script in another viewer's page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from frontmap.data import explore, uploads
from frontmap.i18n import _
from frontmap.store import layers as stored
from frontmap.store.layers import MAX_NAME, Refused, withdraw

__all__ = ["MAX_NAME", "Refused", "TeamLayer", "publish", "published", "withdraw"]


@dataclass
class TeamLayer:
    id: int
    name: str
    publisher: str
    published_at: dt.datetime
    upload: uploads.Upload  # its rows (dataset: the layer's name) and problems


def publish(url: str, upload: uploads.Upload, name: str, publisher: str, key: str | None, expected: str | None) -> int:
    """Store an upload's rows as the team layer `name`; its id. A live layer of that name is refused."""
    stored.check_key(key, expected)  # the key and the names are said before the rows
    name, publisher = stored.clean(name, "name"), stored.clean(publisher, "publisher's name")
    if upload.rows.empty:
        raise Refused(_("{name} has no rows to publish").format(name=upload.name))
    features = explore.to_geojson(upload.rows).decode("utf-8")
    return stored.publish(url, features, upload.kind, upload.problems, name, publisher, key, expected)


def published(url: str) -> list[TeamLayer]:
    """The live layers, oldest first, each read back through the upload loader."""
    out = []
    for layer_id, name, publisher, when, features, problems in stored.published(url):
        upload = uploads.load(f"{name}.geojson", features.encode("utf-8"))
        upload.rows["dataset"] = name
        upload.problems = [*problems, *upload.problems]
        out.append(TeamLayer(layer_id, name, publisher, when.astimezone(dt.UTC), upload))
    return out
