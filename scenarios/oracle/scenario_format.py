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


def optimization(block: dict, req: dict) -> tuple[dict, dict]:
    """optimize.py's block → (`expected`, `oracle`): what the answer shows, and the exact facts behind it."""
    solve = block["solve"]
    status = solve["status"]
    oracle: dict = {}
    body: dict = {"kind": req["kind"], "solve": dict(solve)}
    exact: list[str] = []
    if req["kind"] == "regions":
        if status == "infeasible":
            body["rows"] = []
            body["objective"] = None
            body["infeasibility"] = {"relaxations": block["relaxations"], "verified": True}
            if "shortfall" in block:
                oracle["shortfall"] = block["shortfall"]
        else:
            body["solve"]["verified"] = True
            body["objective"] = block["objective"]
            rows = []
            for r in req["regions"]:
                row = {"id": r["id"], **block["bounds"][r["id"]]}
                if "amounts" in block:
                    row["amount"] = block["amounts"][r["id"]]
                rows.append(row)
            body["rows"] = rows
            exact.append("/rows/*/lower")
            exact.append("/rows/*/upper")
            pinned_groups = block.get("groups", {})
            if pinned_groups and any("amount" in g for g in pinned_groups.values()):
                body["groups"] = [
                    ({"id": g["id"], **pinned_groups[g["id"]]} if "amount" in pinned_groups.get(g["id"], {}) else {"id": g["id"]})
                    for g in req.get("groups", [])
                ]
            oracle["objectiveExact"] = block["objectiveExact"]
            oracle["optimalVectors"] = block["optimalVectors"]
            if "amountsPinnedBy" in block:
                oracle["amountsPinnedBy"] = block["amountsPinnedBy"]
    else:
        if status == "infeasible":
            body["projects"] = []
            body["infeasibility"] = {
                "relaxations": [{k: r[k] for k in ("id", "measure", "asked", "reachable")} for r in block["relaxations"]],
                "verified": block["verified"],
            }
            oracle["relaxations"] = [{k: r[k] for k in ("id", "reachableExact", "atMostPercent") if k in r} for r in block["relaxations"]]
        else:
            body["solve"]["verified"] = True
            review = set(block["drawingReview"])
            chosen = set(block.get("chosen", []))
            projects = []
            for i, p in enumerate(req["projects"]):
                row = {"id": p["id"], "drawingReview": p["id"] in review}
                if "chosen" in block:
                    row["chosen"] = p["id"] in chosen
                if p["id"] in block.get("amounts", {}):
                    row["amount"] = block["amounts"][p["id"]]
                if p["id"] in block.get("bySource", {}):
                    row["bySource"] = block["bySource"][p["id"]]
                    exact.append(f"/projects/{i}/bySource")
                projects.append(row)
            body["projects"] = projects
            used = block.get("used", {})
            body["sources"] = [({"id": s["id"], "used": used[s["id"]]} if s["id"] in used else {"id": s["id"]}) for s in req["sources"]]
            if "priorityStages" in block:
                body["priorityStages"] = [{"priority": s["priority"], "value": s["value"]} for s in block["priorityStages"]]
                exact.append("/priorityStages")
                oracle["priorityStages"] = [{"priority": s["priority"], "exact": s["exact"]} for s in block["priorityStages"]]
            if "totals" in block:
                body["totals"] = block["totals"]
            if "objective" in block:
                oracle["objective"] = block["objective"]
    expected = {"status": block["status"], "body": body}
    if exact:
        expected["exact"] = exact
    return expected, oracle
