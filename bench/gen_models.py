#!/usr/bin/env python3
"""Generates a neomodel models folder for benchmarks: FILES files of CLASSES classes each, with
properties of every common kind, relationships across files, constants, docstrings and methods.
Deterministic for a given seed. Usage: gen_models.py OUT_DIR [FILES] [CLASSES_PER_FILE]"""
import os
import random
import sys

PROPS = [
    'StringProperty(required=True, max_length={n})',
    'StringProperty(unique_index=True)',
    'IntegerProperty(index=True, default={n})',
    'FloatProperty(default={n}.5)',
    'BooleanProperty(default=False)',
    'DateTimeProperty(default_now=True)',
    'ArrayProperty(StringProperty(), index=True)',
    'JSONProperty()',
    'EmailProperty(unique_index=True, db_property="mail_{p}_{n}")',
    'StringProperty(choices=CHOICES, default="a")',
]


def class_source(rng, file_index, class_index, files, per_file):
    name = f"Model{file_index}x{class_index}"
    lines = [f"class {name}(StructuredNode):",
             f'    """Generated model {name} for benchmarks."""',
             f'    __kgid__ = "kg_{file_index}_{class_index}"']
    for p in range(rng.randint(4, 8)):
        lines.append(f"    field_{p} = {rng.choice(PROPS).format(n=rng.randint(1, 500), p=p)}")
    for r in range(rng.randint(1, 3)):
        tf, tc = rng.randrange(files), rng.randrange(per_file)
        lines.append(f'    rel_{r} = RelationshipTo("Model{tf}x{tc}", REL_PREFIX + "{r}")')
    lines.append("")
    lines.append("    def describe(self):")
    lines.append("        return {k: v for k, v in self.__properties__.items() if v is not None}")
    return "\n".join(lines) + "\n"


def main():
    out = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
    per_file = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    rng = random.Random(42)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "__init__.py"), "w") as f:
        f.write("")
    with open(os.path.join(out, "common.py"), "w") as f:
        f.write('REL_PREFIX = "LINKS_"\nCHOICES = (("a", "Alpha"), ("b", "Beta"))\n')
    for i in range(files):
        body = ["# Generated benchmark models.",
                "from neomodel import (StructuredNode, StringProperty, IntegerProperty,",
                "    FloatProperty, BooleanProperty, DateTimeProperty, ArrayProperty,",
                "    JSONProperty, EmailProperty, RelationshipTo)",
                "from .common import REL_PREFIX, CHOICES", "", ""]
        for c in range(per_file):
            body.append(class_source(rng, i, c, files, per_file))
            body.append("")
        with open(os.path.join(out, f"models_{i:05d}.py"), "w") as f:
            f.write("\n".join(body))


if __name__ == "__main__":
    main()
