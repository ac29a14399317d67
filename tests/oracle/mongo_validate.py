"""MongoDB's $jsonSchema checked by an independent implementation (test-only): Python
`jsonschema`'s draft 4 validator with MongoDB's `bsonType` keyword added over the types
pymongo's `bson` reads Extended JSON into. No MongoDB server runs on these machines.

Usage: mongo_validate.py VALIDATOR.json DOCUMENTS.json
Prints JSON: how many documents the validator accepts and rejects (with the first
failures), and how many planted mutations (a required field removed, a value of a type
the field does not allow) it rejects.
"""
import copy
import datetime
import json
import re
import sys

import jsonschema
from bson import json_util, ObjectId, Int64, Decimal128, Binary, Regex, Timestamp, MinKey, MaxKey, Code

INT32 = (-(2**31), 2**31 - 1)


def bson_type(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Int64):
        return "long"
    if isinstance(v, int):
        return "int" if INT32[0] <= v <= INT32[1] else "long"
    if isinstance(v, float):
        return "double"
    if isinstance(v, Decimal128):
        return "decimal"
    if isinstance(v, str):
        return "string"
    if isinstance(v, ObjectId):
        return "objectId"
    if isinstance(v, datetime.datetime):
        return "date"
    if isinstance(v, (Binary, bytes)):
        return "binData"
    if isinstance(v, (Regex, re.Pattern)):
        return "regex"
    if isinstance(v, Timestamp):
        return "timestamp"
    if isinstance(v, MinKey):
        return "minKey"
    if isinstance(v, MaxKey):
        return "maxKey"
    if isinstance(v, Code):
        return "javascript"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    raise TypeError(type(v))


def check_bson_type(validator, types, instance, schema):
    allowed = [types] if isinstance(types, str) else types
    t = bson_type(instance)
    numbers = {"int", "long", "double", "decimal"}
    if t in allowed or ("number" in allowed and t in numbers):
        return
    yield jsonschema.ValidationError(f"{t} is not of bsonType {types}")


def is_object(checker, instance):
    return isinstance(instance, dict)


def is_array(checker, instance):
    return isinstance(instance, list)


checker = jsonschema.Draft4Validator.TYPE_CHECKER.redefine_many(
    {"object": is_object, "array": is_array}
)
Mongo = jsonschema.validators.extend(
    jsonschema.Draft4Validator, {"bsonType": check_bson_type}, type_checker=checker
)


def other_value(types):
    """A value of a type the field does not allow."""
    allowed = [types] if isinstance(types, str) else types
    for value in ["planted", 12345, True, [1, 2], {"planted": 1}, None]:
        if bson_type(value) not in allowed and not (
            "number" in allowed and bson_type(value) in {"int", "long", "double", "decimal"}
        ):
            return True, value
    return False, None


def main():
    schema = json.load(open(sys.argv[1]))["$jsonSchema"]
    text = open(sys.argv[2]).read()
    docs = [json_util.loads(line) for line in text.splitlines() if line.strip()]
    v = Mongo(schema)
    failures = []
    accepted = 0
    for k, d in enumerate(docs):
        errors = list(v.iter_errors(d))
        if errors:
            failures.append({"document": k, "error": errors[0].message[:300]})
        else:
            accepted += 1
    planted = {"missing": [0, 0], "retyped": [0, 0]}
    required = schema.get("required", [])
    properties = schema.get("properties", {})
    for d in docs[:100]:
        for name in required:
            m = copy.deepcopy(d)
            m.pop(name, None)
            planted["missing"][1] += 1
            planted["missing"][0] += 0 if v.is_valid(m) else 1
        for name, p in properties.items():
            if name not in d or "bsonType" not in p:
                continue
            found, value = other_value(p["bsonType"])
            if not found:
                continue
            m = copy.deepcopy(d)
            m[name] = value
            planted["retyped"][1] += 1
            planted["retyped"][0] += 0 if v.is_valid(m) else 1
    json.dump(
        {
            "documents": len(docs),
            "accepted": accepted,
            "failures": failures[:5],
            "missing_rejected": planted["missing"][0],
            "missing_planted": planted["missing"][1],
            "retyped_rejected": planted["retyped"][0],
            "retyped_planted": planted["retyped"][1],
        },
        sys.stdout,
    )


main()
