"""Independent oracle for the points ranking (POST /v1/rankings) — standard library only, exact fractions.

    python3 scenarios/oracle/ranking.py [FILE ...] [--check]

For each rankings scenario file (default: every file in scenarios/rankings/ answering 200) it recomputes, from
the request alone and never with the engine's code:

  model      the inline model, or models/points/<id>.json, with `overrides` applied as a JSON merge patch
             (RFC 7396: objects merge key by key, null deletes, anything else — arrays too — replaces)
  composite  base + Σ over kinds of clamp(weight × Σ points of the region's events of that kind, minimum, maximum);
             an event without points takes its kind's points
  ranks      competition ranks from the best (1 + how many are higher) and from the worst (1 + how many lower)
  groups     N' = min(N, ⌊n/2⌋); bottom: rankFromBottom ≤ N', top: rank ≤ N'; in both (a tie across the middle)
             means neither
  amounts    fixed, or from + (to − from)·(p − 1)/(N' − 1) at position p (N' = 1: from), in the model's unit,
             converted to the request's unit (万元 = 10,000 元) and rounded to the nearest granule, half up
             (granularity: the request's, else the model's converted, else 0.01)
  order      best first, equal composites by id in UTF-16 code units
  summary    counts of regions and events, Σ penalties and rewards, each group's N, N', members, amounts (as
             applied: in the request's unit, to the nearest granule) and total

and prints the rows and summary. With --check it compares them with each file's expected body and exits 1 on
a difference.
"""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from exact import dec, utf16_units  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
YUAN = {"yuan": 1, "wan": 10_000}


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for k, v in patch.items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = merge_patch(out.get(k), v)
    return out


def text(x: Fraction) -> str:
    """A terminating fraction as the shortest decimal ("101.5", "-5", "97")."""
    return fixed_places(x, min_places(x))


def min_places(x: Fraction) -> int:
    places = 0
    while (x * 10**places).denominator != 1:
        places += 1
        if places > 40:
            raise ValueError(f"not a terminating decimal: {x}")
    return places


def fixed_places(x: Fraction, places: int) -> str:
    n = x * 10**places
    assert n.denominator == 1
    n = int(n)
    sign = "-" if n < 0 else ""
    digits = str(abs(n)).rjust(places + 1, "0")
    return sign + (digits[:-places] + "." + digits[-places:] if places else digits)


def places_of(value) -> int:
    s = str(value)
    return len(s.split(".")[1]) if "." in s else 0


def model_of(request):
    ref = request["model"]
    model = json.loads((ROOT / "models" / "points" / f"{ref}.json").read_text(), parse_float=Decimal) if isinstance(ref, str) else ref
    if "overrides" in request:
        model = merge_patch(model, request["overrides"])
    return model


def rank(request):
    model = model_of(request)
    unit = request["unit"]
    regions = request["regions"]
    events = request["events"]
    # the granularity, as a fraction of the request's unit, and its decimals
    if "granularity" in request:
        g, g_places = dec(request["granularity"]), places_of(request["granularity"])
    elif "granularity" in model:
        g = dec(model["granularity"]) * YUAN[model["unit"]] / YUAN[unit]
        g_places = min_places(g)
    else:
        g, g_places = Fraction(1, 100), 2

    kinds = model["kinds"]
    composite = {}
    count = {}
    for r in regions:
        total = dec(model["base"])
        n_events = 0
        for k in kinds:
            mine = [e for e in events if e["region"] == r["id"] and e["kind"] == k["id"]]
            n_events += len(mine)
            s = sum((dec(e["points"]) if "points" in e else dec(k["points"]) for e in mine), Fraction(0))
            counted = dec(k.get("weight", "1")) * s
            if "minimum" in k and counted < dec(k["minimum"]):
                counted = dec(k["minimum"])
            if "maximum" in k and counted > dec(k["maximum"]):
                counted = dec(k["maximum"])
            total += counted
        composite[r["id"]] = total
        count[r["id"]] = n_events

    n = len(regions)
    values = list(composite.values())

    def size(side):
        return min(model[side]["count"], n // 2) if side in model else 0

    def applied(a):
        """A model amount in the request's unit, to the nearest granule (half up), with the granularity's decimals."""
        granules = a * YUAN[model["unit"]] / YUAN[unit] / g
        whole = int(granules)  # non-negative: truncation is the floor
        if granules - whole >= Fraction(1, 2):
            whole += 1
        return fixed_places(whole * g, g_places)

    def amount(side, p):
        spec = model[side]["amount"]
        N = size(side)
        if "fixed" in spec:
            a = dec(spec["fixed"])
        else:
            frm = dec(spec["from"])
            to = dec(spec.get("to", spec["from"]))
            a = frm if N == 1 else frm + (to - frm) * Fraction(p - 1, N - 1)
        granules = a * YUAN[model["unit"]] / YUAN[unit] / g
        whole = int(granules)  # non-negative: truncation is the floor
        if granules - whole >= Fraction(1, 2):
            whole += 1
        return fixed_places(whole * g, g_places)

    zero = fixed_places(Fraction(0), g_places)
    rows = []
    for r in regions:
        c = composite[r["id"]]
        rk = 1 + sum(1 for v in values if v > c)
        rb = 1 + sum(1 for v in values if v < c)
        in_top = rk <= size("top")
        in_bottom = rb <= size("bottom")
        group = "none" if in_top == in_bottom else ("top" if in_top else "bottom")
        rows.append(
            {
                "id": r["id"],
                "composite": text(c),
                "rank": rk,
                "rankFromBottom": rb,
                "group": group,
                "penalty": amount("bottom", rb) if group == "bottom" else zero,
                "reward": amount("top", rk) if group == "top" else zero,
                "events": count[r["id"]],
            }
        )
    rows.sort(key=lambda row: (row["rank"], utf16_units(row["id"])))
    total = lambda key: fixed_places(sum((dec(row[key]) for row in rows), Fraction(0)), g_places)  # noqa: E731
    summary = {"regions": n, "events": len(events), "penalties": total("penalty"), "rewards": total("reward")}
    for side, key in (("bottom", "penalty"), ("top", "reward")):
        members = [row for row in rows if row["group"] == side]
        summary[side] = (
            {
                "count": model[side]["count"],
                "applied": size(side),
                "members": len(members),
                # the group's amounts as applied: in the request's unit, to the granule (fixed, or from and to)
                "amount": {k: applied(dec(v)) for k, v in model[side]["amount"].items()},
                "total": fixed_places(sum((dec(row[key]) for row in members), Fraction(0)), g_places),
            }
            if side in model
            else None
        )
    return {"summary": summary, "rows": rows}


def differences(mine, expected) -> list[str]:
    out = []
    for key, v in mine["summary"].items():
        if key in ("bottom", "top"):
            got = expected["summary"]["groups"][key]
            got = got and {k: got[k] for k in ("count", "applied", "members", "amount", "total")}
            if got != v:
                out.append(f"summary.groups.{key}: oracle {v!r}, file {got!r}")
        elif expected["summary"].get(key) != v:
            out.append(f"summary.{key}: oracle {v!r}, file {expected['summary'].get(key)!r}")
    if len(expected["rows"]) != len(mine["rows"]):
        return out + [f"rows: oracle {len(mine['rows'])}, file {len(expected['rows'])}"]
    for i, (a, b) in enumerate(zip(mine["rows"], expected["rows"])):
        for key, v in a.items():
            if key in b and b[key] != v or key in ("id", "composite", "rank", "group", "penalty", "reward") and key not in b:
                out.append(f"rows[{i}].{key}: oracle {v!r}, file {b.get(key)!r}")
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    files = [Path(a) for a in argv if a != "--check"] or sorted((ROOT / "scenarios" / "rankings").glob("*.json"))
    failed = False
    for path in files:
        doc = json.loads(path.read_text(), parse_float=Decimal)
        if doc["expected"]["status"] != 200:
            continue
        mine = rank(doc["request"])
        name = path.name
        if not check:
            print(json.dumps(mine, ensure_ascii=False, indent=2))
            continue
        diff = differences(mine, doc["expected"]["body"])
        if diff:
            failed = True
            print(f"DIFFERS {name}")
            for d in diff:
                print("   ", d)
        else:
            print(f"ok {name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
