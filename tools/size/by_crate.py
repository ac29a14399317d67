#!/usr/bin/env python3
"""Per-crate breakdown of a wasm file's code, for `make size`.

Reads the CSV that `twiggy top -n <all> --format csv` prints for a wasm that still has its
name section (the build before wasm-opt), gives each item to a crate by the first path
segment of its demangled name (as cargo-bloat does: generic code goes to the crate that
defines the function, not the one that instantiated it), and prints the crates by size.
Usage: twiggy top -n 1000000 --format csv FILE.wasm | tools/size/by_crate.py [ROWS]
"""
import csv
import re
import sys
from collections import Counter

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 25
# Custom sections (names, wasm-bindgen's descriptors) are not shipped: wasm-bindgen and
# wasm-opt remove them.
CUSTOM = "(custom sections)"


def crate_of(name: str) -> str:
    if name.startswith("data[") or name.startswith("data segment"):
        return "(data)"
    if name.startswith("custom section") or name.startswith('"'):
        return CUSTOM
    # Drop glue belongs to the type it drops; `<T as Trait>` to the trait's crate.
    drop = re.match(r"core::ptr::drop_in_place<(.+)>(::h[0-9a-f]+)?$", name)
    if drop:
        return crate_of(drop.group(1))
    generic = re.match(r"<[A-Z]\w* as ([^>]+)>", name)
    if generic:
        return crate_of(generic.group(1) + "::")
    if re.match(r"^(type|table|elem|import|export|global|memory|code)\b", name):
        return "(wasm sections)"
    # `<T as Trait>::f`, `<&T>::f`, `&mut T`: the type's path decides.
    stripped = name.lstrip("<&*(").removeprefix("mut ").removeprefix("dyn ").removeprefix("impl ")
    stripped = stripped.lstrip("<&*(")
    m = re.match(r"([A-Za-z_][A-Za-z0-9_]*)::", stripped)
    if m:
        return m.group(1)
    return "(unnamed)"


def main() -> None:
    reader = csv.DictReader(sys.stdin)
    sizes: Counter = Counter()
    total = 0
    for row in reader:
        name = row.get("Name") or ""
        size = int(row.get("ShallowSize") or 0)
        crate = crate_of(name)
        if name.startswith("Σ") or name.startswith("...") or crate == CUSTOM:
            continue
        sizes[crate] += size
        total += size
    if total == 0:
        sys.exit("no items read: is this twiggy's CSV of a wasm with a name section?")
    print(f"{'crate':<28} {'bytes':>10} {'share':>7}")
    for crate, size in sizes.most_common(ROWS):
        print(f"{crate:<28} {size:>10} {size / total:>7.1%}")
    rest = sum(size for _, size in sizes.most_common()[ROWS:])
    if rest:
        print(f"{'(other crates)':<28} {rest:>10} {rest / total:>7.1%}")
    print(f"{'in all':<28} {total:>10}  (code and data before wasm-opt; custom sections left out)")


main()
