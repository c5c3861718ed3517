#!/usr/bin/env python3
"""Writes rules/names.toml's `given_name` list from the US Census Bureau's
1990 frequency lists of first names (a work of the US government, in the
public domain), as the PyPI package `names` (MIT licence) ships them:

    pip download names==0.3.0 --no-deps && tar xzf names-0.3.0.tar.gz
    python3 tools/given_names.py names-0.3.0/names > /tmp/given.toml

The list is a prior, not a verdict: it says a name looks like a person's
(an actor's, a crew member's or a character's); what the name is comes
from what the reviews say of it.
"""
import os
import sys

folder = sys.argv[1]
names = set()
for f in ("dist.male.first", "dist.female.first"):
    for line in open(os.path.join(folder, f), encoding="ascii"):
        word = line.split()[0]
        if len(word) >= 2:
            names.add(word.capitalize())
print("given_name = [")
line = " "
for n in sorted(names):
    item = f' "{n}",'
    if len(line) + len(item) > 99:
        print(line)
        line = " "
    line += item
print(line)
print("]")
