"""The one scenario file format (scenarios/<resource>/*.json), as the oracles write and check it:

    {"title", "description", …, "route": "/v1/…", "query": "explain=true" | "",
     "request": <the body, exactly as posted>,
     "expected": {"status": 200, "body": <the parts of the answer pinned>, "exact"?: [pointers], "absent"?: [pointers]},
     "oracle"?: {<the oracle's facts that are not in the answer, for the route's own checks>}}

`body` is compared as a pattern: an object by the keys it names, an array element by element and of the same
length, anything else exactly. `exact` names subtrees compared whole (no key beyond the pattern's), `absent`
what must not be in the answer; in both a `*` stands for every element of an array. tests/scenarios/run.test.ts
and `npm run scenario` apply it (src/scenarios/match.ts).
"""
from __future__ import annotations

ALLOCATION_ROW_OPTIONAL = ("depth", "path", "stages", "lastYear", "change", "changePercent")


def _indices_without(rows: list, field: str) -> list[str]:
    missing = [i for i, r in enumerate(rows) if field not in r]
    if not missing:
        return []
    if len(missing) == len(rows):
        return [f"/rows/*/{field}"]
    return [f"/rows/{i}/{field}" for i in missing]


def allocation(block: dict) -> dict:
    """factor_method.py's answer block → the scenario's `expected` (sent with ?explain=true)."""
    if block["status"] != 200:
        return {"status": block["status"], "body": {"errors": [{"pointer": e["pointer"]} for e in block.get("errors", [])]}}
    rows = block.get("rows", [])
    body: dict = {}
    if "unit" in block:
        body["unit"] = block["unit"]
    body["summary"] = block["summary"]
    exact = ["/summary", "/rows/*/factors", "/rows/*/trace/factors"]
    absent: list[str] = []
    if "books" in block:
        body["books"] = block["books"]
        exact.append("/books")
    else:
        absent.append("/books")
    if "children" in block:
        body["children"] = block["children"]
    else:
        absent.append("/children")
    body["rows"] = rows
    if any("stages" in r for r in rows):
        exact.append("/rows/*/stages")
    for field in ALLOCATION_ROW_OPTIONAL:
        absent.extend(_indices_without(rows, field))
    bounds = block.get("trace", {}).get("pipeline", {}).get("bounds", {})
    if bounds:
        pinned: dict = {}
        if "lambda" in bounds:
            pinned["lambda"] = bounds["lambda"]
        if "cascade" in bounds:
            pinned["cascade"] = [{"id": i} for i in bounds["cascade"]]
        body["trace"] = {"pipeline": {"bounds": pinned}}
    out = {"status": 200, "body": body, "exact": exact}
    if absent:
        out["absent"] = absent
    return out

