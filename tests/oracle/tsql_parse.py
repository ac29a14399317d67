"""Reads T-SQL batches with sqlfluff's T-SQL grammar (test-only; no SQL Server runs here).

Input on stdin: a JSON list of batches. Output: a JSON list of {"batch": k, "error": text}
for each batch the grammar cannot read.
"""
import json
import sys

import sqlfluff
from sqlfluff.api.simple import APIParsingError

failures = []
for k, batch in enumerate(json.load(sys.stdin)):
    try:
        sqlfluff.parse(batch, dialect="tsql")
    except APIParsingError as e:
        failures.append({"batch": k, "error": str(e)})
json.dump(failures, sys.stdout)
