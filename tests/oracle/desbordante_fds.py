"""Desbordante's TANE (PyPI `desbordante`, AGPL) as a test oracle for dependency discovery:
never bundled, only run by tests and the discovery benchmark.

Usage: desbordante_fds.py CSV
Prints one JSON object: the minimal dependencies with one column on the right (exact: TANE
with error 0, NULL equal to NULL) by column name, and the seconds loading and search took.
"""
import json
import sys
import time

import desbordante


def main(path):
    started = time.perf_counter()
    algo = desbordante.afd.algorithms.Tane()
    algo.load_data(table=(path, ',', True))
    algo.execute(error=0.0, is_null_equal_null=True)
    seconds = time.perf_counter() - started
    names = None
    with open(path, newline='') as f:
        import csv
        names = next(csv.reader(f))
    deps = [
        {'lhs': sorted(names[i] for i in fd.lhs_indices), 'rhs': names[fd.rhs_index]}
        for fd in algo.get_fds()
    ]
    deps.sort(key=lambda d: (d['rhs'], len(d['lhs']), d['lhs']))
    print(json.dumps({'dependencies': deps, 'seconds': seconds}))


if __name__ == '__main__':
    main(sys.argv[1])
