#!/usr/bin/env python3
"""Independent oracle for the factor method (因素法) — standard library only, exact Fraction arithmetic.

It reads a scenario file's "request" (the body of POST /v1/allocations), computes what the API must answer
and prints the "expected" block, or writes it into the file with --write (the one scenario format,
scenario_format.py; the file is posted with ?explain=true, so the rows' trace.factors are in the answer):

    python3 scenarios/oracle/factor_method.py scenarios/allocations/toy-3-counties.json          # print
    python3 scenarios/oracle/factor_method.py scenarios/allocations/toy-3-counties.json --write  # refresh "expected"
    python3 scenarios/oracle/factor_method.py scenarios/allocations/*.json --check               # compare, exit 1 on a difference

It never imports or runs the TypeScript engine; it is written from the specification:

    share_i  = Σ_f w_f · Σ_k v_fk · t_ifk / Σ_j t_jfk                  (exact rational)
    quota_i  = (total / granularity) · share_i                          (in granules)
    amount_i = floor(quota_i) + one leftover granule for the largest remainders,
               ties: larger exact share first, then smaller id in UTF-16 code-unit order (JavaScript's string order).

Each expected row is the subset of the API's row that the test compares: id, amount, share (amount ÷ total,
12 decimals) and sharePercent (2 decimals and %), formulaShare (share_i above, 12 decimals) and formulaSharePercent, rank (by amount,
largest first; equal amounts by the larger share_i, then the smaller id in UTF-16 order: every rank once),
factors (f → pool × w_f × s_if with the granularity's decimals + 4; the pool is the total, or the formula
pool after the set-asides when the pipeline applies) and trace.factors (f → the within-factor share s_if and
w_f × s_if, 12 decimals, as POST /v1/allocations?explain=true shows them). The answer's summary: total,
granularity, sum, balanced, regions, leftoverGranules, weightsSum. Two levels: rows carry depth (1, 2) and path;
a county's share is of its city's amount; children = [{id, summary}]. All decimals are rounded half away from zero.

Transforms t: direct/score x; reciprocal 1/x (exact here; the engine is exact too while lcm(x) stays small, and
keeps 24 significant digits of 1/x beyond that);
gapToMax max_j x_j − x; gapToBenchmark max(0, b − x); coefficient: category → number.

The allocation pipeline after the formula (set-asides → formula → points, grades, negative list → floors and caps
with redistribution → rounding) is in pipeline.py beside this file; it applies when the model (with
overrides.pipeline merged in, RFC 7396, and minus overrides.off) has a stage whose data is in the request. Then a
row also has "stages" (its waterfall), the answer has "books", and "trace.pipeline.bounds" holds λ (12 decimals)
and the ids the floors/caps cascade pinned, in the order they hit their bound. A region sent with lastYear gets
lastYear, change and changePercent on any path. exact.py holds the exact-number helpers both modules use.

Error scenarios (expected.status ≠ 200) are written by hand; the oracle checks only the few errors it knows
(weights that do not add up to 1, a total that is not a whole number of granules, a set-aside with both or neither
of amount/percent or a reserve with regions, set-asides larger than the total, a missing points score, a floor
above a cap, floors the money cannot meet, caps that leave money over) and otherwise leaves such an "expected"
block untouched.
"""
from __future__ import annotations

import json
import math
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # exact.py and pipeline.py sit beside this file

from exact import ScenarioError, category_text, dec, decimals_of, fixed, largest_remainder, utf16_units  # noqa: E402
from pipeline import allocate_with_pipeline  # noqa: E402
import scenario_format  # noqa: E402

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
SHARE_DECIMALS = 12
EXTRA_DECIMALS = 4  # factor amounts: the granularity's decimals + 4


# ---------------------------------------------------------------------------------------------------- model


def undated(value, date: str):
    """A dated value ({"dated": [{"from", "value"}, …]}) as it stood on `date`, at any depth."""
    if isinstance(value, dict):
        if isinstance(value.get("dated"), list):
            standing = [d for d in value["dated"] if d["from"] <= date]
            return undated(max(standing, key=lambda d: d["from"])["value"], date) if standing else None
        return {k: undated(v, date) for k, v in value.items()}
    if isinstance(value, list):
        return [undated(v, date) for v in value]
    return value


def builtin_model(model_id: str) -> dict | None:
    """models/<id>.json, or an edition of a jurisdiction's dated file in models/allocation/ (its values on the
    edition's date)."""
    path = MODELS_DIR / f"{model_id}.json"
    if path.exists():
        return load(path)
    for path in sorted((MODELS_DIR / "allocation").glob("*.json")):
        doc = load(path)
        for edition in doc.get("editions", []):
            if edition.get("id") == model_id and "model" in doc:
                return {"id": model_id, **undated(doc["model"], edition["date"])}
    return None


def resolve_model(request: dict) -> dict:
    """The model of a request: inline, or a built-in one by id, with overrides.weights applied."""
    model = request["model"]
    if isinstance(model, str):
        model = builtin_model(model)
        if model is None:
            raise ScenarioError(["/model"])
    model = json.loads(json.dumps(model, default=str))  # a private copy
    new_weights = (request.get("overrides") or {}).get("weights") or {}
    for factor in model["factors"]:
        if factor["id"] in new_weights:
            factor["weight"] = new_weights[factor["id"]]
    if (request.get("overrides") or {}).get("indicators"):
        raise NotImplementedError("overrides.indicators is not modelled by this oracle")

    bad = []
    if sum(dec(f["weight"]) for f in model["factors"]) != 1:
        bad.append("/overrides/weights" if new_weights else "/model/factors")
    for fi, factor in enumerate(model["factors"]):
        if sum(dec(ind["weight"]) for ind in factor["indicators"]) != 1:
            bad.append(f"/model/factors/{fi}/indicators")
    if bad:
        raise ScenarioError(bad)
    return model


def granularity_of(request: dict, model: dict) -> str:
    """The request's granularity, else the model's converted to the request's unit, else 0.01 (as text)."""
    if request.get("granularity") is not None:
        return str(Decimal(str(request["granularity"])))
    if model.get("granularity") is not None:
        g = Decimal(str(model["granularity"]))
        model_unit = model.get("unit", request["unit"])
        if model_unit == "wan" and request["unit"] == "yuan":
            g *= 10000
        elif model_unit == "yuan" and request["unit"] == "wan":
            g /= 10000
        return str(g)
    return "0.01"


# ---------------------------------------------------------------------------------------------------- transforms


def transformed(indicator: dict, regions: list[dict]) -> list[Fraction]:
    key = indicator.get("input", indicator["id"])
    kind = indicator["transform"]
    if kind == "coefficient":
        table = {k: dec(v) for k, v in indicator["coefficients"].items()}
        default = dec(indicator["default"]) if "default" in indicator else None
        out = []
        for r in regions:
            raw = r["indicators"].get(key)
            c = table.get(category_text(raw)) if raw is not None else None
            if c is None:
                c = default
            if c is None:
                raise ScenarioError([f"/regions/{regions.index(r)}/indicators/{key}"])
            out.append(c)
        return out
    xs = [dec(r["indicators"][key]) for r in regions]
    if kind in ("direct", "score"):
        return xs
    if kind == "reciprocal":
        return [1 / x for x in xs]
    if kind == "gapToMax":
        top = max(xs)
        return [top - x for x in xs]
    if kind == "gapToBenchmark":
        b = dec(indicator["benchmark"])
        return [max(Fraction(0), b - x) for x in xs]
    raise ValueError(f"unknown transform {kind!r}")


# ---------------------------------------------------------------------------------------------------- allocation


def formula_shares(factors: list[dict], regions: list[dict]) -> list[Fraction]:
    """Σ_f w_f · Σ_k v_fk · t_ifk / Σ_j t_jfk over `regions` (a set-aside's sub-formula uses this too)."""
    n = len(regions)
    if sum(dec(f["weight"]) for f in factors) != 1 or any(sum(dec(i["weight"]) for i in f["indicators"]) != 1 for f in factors):
        raise ScenarioError(["(weights)"])
    share = [Fraction(0)] * n
    for factor in factors:
        w = dec(factor["weight"])
        for ind in factor["indicators"]:
            v = dec(ind["weight"])
            if v == 0 or w == 0:
                continue
            t = transformed(ind, regions)
            if sum(t) == 0:
                raise ScenarioError(["/regions"])
            share = [share[i] + w * v * t[i] / sum(t) for i in range(n)]
    return share


def allocate(request: dict) -> dict:
    model = resolve_model(request)
    regions = request["regions"]
    n = len(regions)
    total = dec(request["total"])
    g_text = granularity_of(request, model)
    g = dec(g_text)
    places = decimals_of(g_text)
    if (total / g).denominator != 1:
        raise ScenarioError(["/total"])
    granules = int(total / g)

    # within-factor shares s_if = Σ_k v_fk · t_ifk / Σ_j t_jfk, and the overall share Σ_f w_f · s_if
    factor_shares: dict[str, list[Fraction]] = {}
    share = [Fraction(0)] * n
    for factor in model["factors"]:
        w = dec(factor["weight"])
        s = [Fraction(0)] * n
        for ind in factor["indicators"]:
            v = dec(ind["weight"])
            if v == 0:
                continue
            t = transformed(ind, regions)
            column_sum = sum(t)
            if column_sum == 0:
                if w == 0:
                    continue  # carries no weight: the engine does not ask for its (undefined) shares
                raise ScenarioError(["/regions"])  # a weighted indicator that is zero everywhere
            s = [s[i] + v * t[i] / column_sum for i in range(n)]
        factor_shares[factor["id"]] = s
        share = [share[i] + w * s[i] for i in range(n)]
    assert sum(share) == 1, "shares must add up to 1"

    piped = allocate_with_pipeline(request, model, regions, share, factor_shares, granules, g, places, EXTRA_DECIMALS)
    if piped is None:
        # formula only: the whole total by largest remainder, in granules
        pool = granules
        parts = largest_remainder(granules, share, [r["id"] for r in regions])
        checks = {
            "sum": fixed(sum(parts) * g, places),
            "balanced": sum(parts) == granules,
            "regions": n,
            "leftoverGranules": granules - sum(math.floor(granules * sh) for sh in share),
        }
    else:
        pool = piped["formulaPool"]  # the formula shares the pool left after the set-asides
        parts = [row["amount"] for row in piped["rows"]]
        checks = piped["checks"]
    summary = {"total": fixed(total, places), "granularity": g_text, **checks, "weightsSum": "1"}

    # rank by amount, largest first; equal amounts by the exact formula share, then id (UTF-16 order): all distinct
    order = sorted(range(n), key=lambda i: (-parts[i], -share[i], utf16_units(regions[i]["id"])))
    ranks = {i: k + 1 for k, i in enumerate(order)}
    rows = []
    for i, r in enumerate(regions):
        of_total = Fraction(parts[i]) / granules  # the amount ÷ the total
        contribution, within = {}, {}
        for factor in model["factors"]:
            w, s = dec(factor["weight"]), factor_shares[factor["id"]][i]
            contribution[factor["id"]] = fixed(pool * g * w * s, places + EXTRA_DECIMALS)
            within[factor["id"]] = {"share": fixed(s, SHARE_DECIMALS), "weighted": fixed(w * s, SHARE_DECIMALS)}
        row = {
            "id": r["id"],
            "amount": fixed(parts[i] * g, places),
            "share": fixed(of_total, SHARE_DECIMALS),
            "sharePercent": fixed(of_total * 100, 2) + "%",
            "formulaShare": fixed(share[i], SHARE_DECIMALS),
            "formulaSharePercent": fixed(share[i] * 100, 2) + "%",
            "rank": ranks[i],
            "factors": contribution,  # pool × w_f × s_if: the factor's part of the unrounded formula amount
        }
        if piped is not None:
            row["stages"] = piped["rows"][i]["stages"]
        if r.get("lastYear") is not None:
            last = dec(r["lastYear"])
            change = parts[i] * g - last
            row["lastYear"] = fixed(last, places)
            row["change"] = fixed(change, places)
            row["changePercent"] = None if last == 0 else fixed(change / last * 100, 2) + "%"
        row["trace"] = {"factors": within}  # s_if and w_f × s_if, as ?explain=true shows them
        rows.append(row)
    out = {
        "status": 200,
        "unit": request["unit"],
        "summary": summary,
        "rows": rows,
    }
    if piped is not None:
        out["books"] = piped["books"]
        out["trace"] = piped["trace"]
    return out


LEVEL_KEYS = ("children", "model", "overrides")


def allocate_levels(request: dict) -> dict:
    """二次分配: the top level first; then each region with children re-splits its rounded amount among them,
    with its own model and overrides (or the request's model and, when it has no model of its own, the
    request's overrides), at the request's granularity. Rows: each city, then its counties, with level/path."""
    top_regions = [{k: v for k, v in r.items() if k not in LEVEL_KEYS} for r in request["regions"]]
    top = allocate({**request, "regions": top_regions})
    g_text = granularity_of(request, resolve_model(request))
    rows, children = [], []
    for c, region in enumerate(request["regions"]):
        rows.append({**top["rows"][c], "depth": 1, "path": [region["id"]]})
        if "children" not in region:
            continue
        sub = {
            "model": region.get("model", request["model"]),
            "total": top["rows"][c]["amount"],
            "unit": request["unit"],
            "granularity": g_text,
            "regions": region["children"],
        }
        overrides = region.get("overrides") if "overrides" in region else (None if "model" in region else request.get("overrides"))
        if overrides:
            sub["overrides"] = overrides
        try:
            result = allocate(sub)
        except ScenarioError as e:
            raise ScenarioError([f"/regions/{c}/children" + p[len("/regions"):] if p.startswith("/regions") else f"/regions/{c}" + p for p in e.pointers])
        rows.extend({**row, "depth": 2, "path": [region["id"], row["id"]]} for row in result["rows"])
        child = result["summary"]
        children.append({"id": region["id"], "summary": {**child, "balanced": child["balanced"] and child["total"] == top["rows"][c]["amount"]}})
    balanced = top["summary"]["balanced"] and all(k["summary"]["balanced"] for k in children)
    return {**top, "summary": {**top["summary"], "balanced": balanced}, "rows": rows, "children": children}


def expected_for(request: dict) -> dict:
    try:
        if any("children" in r for r in request["regions"]):
            return allocate_levels(request)
        return allocate(request)
    except ScenarioError as e:
        return {"status": 422, "errors": [{"pointer": p} for p in e.pointers]}


# ---------------------------------------------------------------------------------------------------- files


def load(path: Path):
    """JSON with every decimal number kept as the Decimal it was written as (never a binary float)."""
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_float=Decimal)


def dump(doc) -> str:
    def default(o):
        if isinstance(o, Decimal):
            return float(o)  # written back by repr, the shortest text, i.e. as the file had it
        raise TypeError(o)

    return json.dumps(doc, ensure_ascii=False, indent=2, default=default) + "\n"


def pointers(block: dict | None) -> set[str]:
    return {e["pointer"] for e in ((block or {}).get("body") or {}).get("errors", [])}


def agrees(old: dict | None, computed: dict) -> bool:
    """A 200 block must match exactly; an error block by status and the set of pointers."""
    if old is None or old.get("status") != computed["status"]:
        return False
    if computed["status"] != 200:
        return pointers(old) == pointers(computed)
    return json.loads(dump(old)) == json.loads(dump(computed))


def with_expected(doc: dict, expected: dict) -> dict:
    """The file in the scenario format's order: what it is, where it goes, what it sends, what comes back."""
    meta = {k: v for k, v in doc.items() if k not in ("route", "query", "request", "expected", "oracle")}
    return {**meta, "route": "/v1/allocations", "query": "explain=true", "request": doc["request"], "expected": expected}


def main(argv: list[str]) -> int:
    flags = {a for a in argv if a.startswith("--")}
    files = [Path(a) for a in argv if not a.startswith("--")]
    if not files or flags - {"--write", "--check"}:
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for path in files:
        doc = load(path)
        computed = scenario_format.allocation(expected_for(doc["request"]))
        old = doc.get("expected")
        if "--check" in flags:
            same = agrees(old, computed) and doc.get("route") == "/v1/allocations" and doc.get("query") == "explain=true"
            print(f"{'ok      ' if same else 'DIFFERS '} {path}")
            status |= 0 if same else 1
        elif "--write" in flags:
            if computed["status"] != 200 and agrees(old, computed):
                print(f"kept the hand-written error block of {path} (the oracle finds the same pointers)")
                continue
            path.write_text(dump(with_expected(doc, computed)), encoding="utf-8")
            print(f"wrote expected ({len(computed['body'].get('rows', []))} rows) to {path}")
        else:
            print(dump(computed), end="")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
