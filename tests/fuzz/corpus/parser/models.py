# -*- coding: utf-8 -*-
"""Models of a small social graph, written the way real neomodel projects write them."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Optional

import neomodel as nm
from neomodel import (
    ArrayProperty,
    AsyncStructuredNode,
    BooleanProperty,
    DateTimeProperty,
    EmailProperty,
    FloatProperty,
    IntegerProperty,
    JSONProperty,
    One,
    OneOrMore,
    RelationshipFrom,
    RelationshipTo,
    StringProperty,
    StructuredNode,
    StructuredRel,
    UniqueIdProperty,
    ZeroOrMore,
)
from neomodel.contrib.spatial_properties import PointProperty
from .base import TimestampedMixin as Timestamped, registry
from . import constants

KNOWS = "KNOWS"
WORKS_AT = "WORKS" + "_AT"
ROLES = {"admin": "Administrator", "user": "User"}
DEFAULT_TAGS = ["new", "unverified"]
MAX_NAME = 255


def _now() -> datetime:
    return datetime.now(timezone.utc)


class Knows(StructuredRel):
    __kgid__ = "b3f1c2d4-0000-4000-8000-000000000001"
    since = DateTimeProperty(default=_now)
    weight: float = FloatProperty(default=1.0)


@registry.register
class Person(Timestamped, StructuredNode):
    """A person.

    Multi-line docstrings with 'quotes' and \"escapes\" are fine.
    """

    __kgid__ = "b3f1c2d4-0000-4000-8000-000000000002"
    __label__ = "Human"
    __optional_labels__ = ["Employee"]

    uid = UniqueIdProperty()
    name = StringProperty(required=True, max_length=MAX_NAME, index=True)
    email = EmailProperty(unique_index=True)
    role = StringProperty(choices=ROLES, default="user")
    age = IntegerProperty(index=True, default=0)
    tags = ArrayProperty(StringProperty(), default=lambda: list(DEFAULT_TAGS))
    active = BooleanProperty(default=True, db_property="is_active")
    location = PointProperty(crs="wgs-84")
    extra = JSONProperty()
    nickname: Optional[str] = None

    friends = RelationshipTo("Person", KNOWS, model=Knows, cardinality=ZeroOrMore)
    employer = RelationshipTo(
        "Company",
        WORKS_AT,
        cardinality=One,
    )

    @property
    def display_name(self) -> str:
        if self.nickname:
            return f"{self.nickname} ({self.name})"
        return self.name or "anonymous"

    def befriend(self, other: "Person", *, weight: float = 1.0) -> None:
        rel = self.friends.connect(other, {"weight": weight})
        rel.save()
        for friend in self.friends.match(since__gt=_now()):
            print(friend.name, end="")

    @classmethod
    def adults(cls, minimum=18):
        return [p for p in cls.nodes.filter(age__gte=minimum) if p.active]

    async def refresh_async(self):
        async with self.lock:
            await self.refresh()


class Company(nm.StructuredNode):
    __kgid__ = "b3f1c2d4-0000-4000-8000-000000000003"
    name = nm.StringProperty(unique_index=True, required=True)
    founded = nm.DateProperty()
    employees = RelationshipFrom(Person, WORKS_AT, cardinality=OneOrMore)

    class Meta:
        app_label = "graph"

    def __str__(self):
        return "%s (%s)" % (self.name, self.founded.year if self.founded else "?")


class AbstractThing(StructuredNode):
    __abstract_node__ = True
    __kgid__ = "b3f1c2d4-0000-4000-8000-000000000004"
    created = DateTimeProperty(default_now=True)


class Document(AbstractThing):
    __kgid__ = "b3f1c2d4-0000-4000-8000-000000000005"
    title = StringProperty(required=True)
    body = StringProperty(fulltext_index=nm.FulltextIndex(analyzer="english"))
    embedding = ArrayProperty(FloatProperty(), vector_index=nm.VectorIndex(dimensions=768))
    score = FloatProperty(default=-1.5)
    author = RelationshipTo(Person, "WROTE", cardinality=One)

    if constants.FEATURE_REVIEWS:
        reviewed = BooleanProperty(default=False)

    try:
        from .experimental import ExperimentalProperty
    except ImportError:  # pragma: no cover
        ExperimentalProperty = StringProperty

    def summary(self, length=80):
        text = (self.body or "")[:length]
        match text.split():
            case []:
                return ""
            case [word, *_]:
                return word + "…"


class Session(AsyncStructuredNode):
    __kgid__ = "b3f1c2d4-0000-4000-8000-000000000006"
    token = StringProperty(default=lambda: uuid.uuid4().hex, unique_index=True)
    user = RelationshipTo(Person, "OWNED_BY")


__all__ = ["Person", "Company", "Document", "Session", "Knows"]
