#!/usr/bin/env python3
"""Independent oracle for POST /v1/optimizations — standard library only, exact fractions.Fraction arithmetic.

It reads a scenario file of scenarios/optimizations/ (a request body of POST /v1/optimizations), computes
what the API must answer and prints the "expected" block, or writes it into the file with --write:

    python3 scenarios/oracle/optimize.py scenarios/optimizations/regions-cut-proportional.json          # print
    python3 scenarios/oracle/optimize.py scenarios/optimizations/*.json --write                         # refresh
    python3 scenarios/oracle/optimize.py --check         # every file of scenarios/optimizations/, exit 1 on a difference
    python3 scenarios/oracle/optimize.py --selftest      # the exact simplex + branch and bound against enumeration

It never imports or runs the TypeScript engine. It solves each (small) instance by brute force or dynamic
programming, and pins only what every optimal answer shares:

kind "regions" — minimise Σ c_i |x_i − t_i| over integer granule vectors x with Σ x = total, c_i = weight_i
  (absolute; the objective is reported in the unit: Σ w_i |amount_i − target_i|) or weight_i / target_i
  (relative), within the effective bounds
      lower_i = max(⌈min_i / g⌉, ⌈holdHarmless · lastYear_i / g⌉, 0)
      upper_i = min(⌊max_i / g⌋, ⌊(1 + growthCap) · lastYear_i / g⌋)   (none when neither is given)
  and the group limits Σ_{i∈G} x_i ≥ ⌈minimumShare·T⌉, ≤ ⌊maximumShare·T⌋, ≥ ⌈minimum/g⌉, ≤ ⌊maximum/g⌋.
  The minimum is found by dynamic programming over the sum (groups must be disjoint: each group and the
  regions outside every group are one part; the parts' sums are combined under the group limits). The DP
  also counts the optimal vectors, so the amounts of a group (LP) scenario are pinned only when the optimum
  is unique. Without group limits the engine answers with its direct method, whose amounts are canonical;
  the rule (src/engine/optimize/waterFilling.ts's module comment) is implemented here independently:
    - start at the lower bounds; the marginal cost of one more granule of region i is −c_i up to ⌊t_i⌋
      (towards the target), c_i·(1 − 2·frac t_i) for ⌊t_i⌋ → ⌈t_i⌉ (rounding), +c_i beyond (past), each
      segment clamped to [lower_i, upper_i];
    - classes of segments of exactly equal cost are filled whole in ascending cost while the rest lasts;
    - in the class where it runs out: its rounding granules first, one each, larger target first, then
      smaller id; then its other segments get x = clamp(λ·t_i, start, end) with one λ for all (zero-target
      segments, if still needed once the others are full, get equal additions); whole granules by largest
      remainder, equal remainders to the larger target, then the smaller id; only positive remainders rise.
  The canonical amounts are checked to reach the DP minimum. Infeasible: floors above the total (relaxation
  "total", reachable = Σ floors), caps below it when every region is capped (reachable = Σ caps), or a group
  limit the bounds cannot meet (relaxation "group:<id>:<kind>", reachable = the group's largest (smallest)
  possible amount as a share of the total, rounded down (up) to 6 decimals): a group limit weighs 1 per
  granule in the engine's elastic re-solve and a region bound 2, so the group alone gives.

kinds "portfolio" and "sources" — every subset of whole projects (mandatory ones always in, projects no
  source may pay never) is tried; for each, partly funded amounts and the amounts by project and source
  (integer granules) are found by an exact rational simplex (Bland's rule) with branch and bound on
  integrality. The model: Σ_s a_ps = funded_p (cost, or 0…cost for partial), a_ps only for eligible sources
  (the project's `sources` minus negative lists), Σ_p a_ps ≤ budget_s, Σ_industry a_ps ≥ floor_s ·
  Σ_counted a_ps (industry share, excluded categories out of the base), Σ_{p in town} funded_p ≤ cap.
  The objective is Σ value_p · funded_p / cost_p (value: Σ weight · benefit, the cost for "amount", 1 for
  "count"): lexicographic by priority class 1, 2, 3, none (each class's best kept exactly, then the next),
  weighted by class, or plain. Pinned: the optimal value (and per-class values), the chosen set if every
  optimum funds the same projects, partly funded amounts where their min = max over the optima, each
  source's used amount where its min = max, a project's amounts by source where each is forced (min = max),
  totals that agree over every optimal funded vector, and the drawing-review flags (cost ≥ threshold,
  default 400 万元 = 4,000,000 元). Kind "sources" funds every project in full and maximises the preferred
  sources' spending lexicographically (preference order, then the sources as listed; the last source used
  pays the rest). Infeasible (an industry floor no plan meets): sources with a floor in listed order, the
  floors settled before kept: a floor that cannot hold is replaced by the largest share reachable, found
  exactly by Dinkelbach's iteration over the discrete plans (reachable rounded down to 6 decimals); for
  kind 2 also the bound with amounts continuous and whole projects binary (the "at most x%" of the text).

The oracle's block, which to_scenario (below) turns into the file's "expected" (what the answer shows) and
"oracle" (the exact facts behind it; tests/scenarios/optimizations.ts re-checks every plan with them):
  status (HTTP), solve.status (optimal | infeasible), solve.method (regions: direct | milp);
  regions: bounds (effective lower/upper per region, as the rows show them), objective (text: rounded half
    away from zero to exactly 6 places, as summary.objective), objectiveExact (p/q), amounts (when pinned, amountsPinnedBy
    says why), optimalVectors ("1" or "2 or more": whether the optimum is unique), groups (amount and
    binding, when the amounts are pinned); infeasible: relaxations [{id, pointer, measure, asked, reachable}]
    and, for floors/caps against the total, the shortfall — answered 422, code constraints-cannot-hold, one
    error per relaxation at its pointer;
  portfolio / sources: drawingReview (flagged ids), objective {mode, value (exactly 6 places), exact}, priorityStages
    (lexicographic: per class, value and exact), chosen, amounts (partly funded, when pinned), used, bySource
    (forced splits), totals (when the funded vector is the same in every optimum; count is the number of
    projects funded, fundedProjectEquivalents Σ funded ÷ cost, 6 decimals); infeasible: relaxations [{id, pointer, measure, asked,
    reachable, reachableExact, atMostPercent}] and verified (422 as for regions).
"""
from __future__ import annotations

import itertools
import json
import math
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIR = ROOT / "scenarios" / "optimizations"
PLACES = 12


# ------------------------------------------------------------------------------------------------ exact text


def dec(v) -> Fraction:
    if isinstance(v, bool) or v is None:
        raise ValueError(f"not a number: {v!r}")
    if isinstance(v, float):
        return Fraction(Decimal(repr(v)))
    return Fraction(Decimal(str(v)))


def scale_of(v) -> int:
    """Decimals of a decimal text as written ("0.10" → 2, "1" → 0)."""
    e = Decimal(str(v)).as_tuple().exponent
    return max(0, -e)


def text(x: Fraction, places: int = PLACES) -> str:
    """x rounded half away from zero to `places` decimals, trailing zeros dropped (the engine's toDecimal)."""
    scaled = abs(x) * 10**places
    q = math.floor(scaled)
    if scaled - q >= Fraction(1, 2):
        q += 1
    digits = str(q).rjust(places + 1, "0")
    t = digits if places == 0 else (digits[:-places] + "." + digits[-places:]).rstrip("0").rstrip(".")
    return ("-" if x < 0 and q != 0 else "") + t


def fixed(x: Fraction, places: int = 6) -> str:
    """x rounded half away from zero to exactly `places` decimals, trailing zeros kept (the answer's rule for the
    objective, measures and unrounded money: 6 decimals, always written)."""
    t = text(x, places)
    whole, _, frac = t.partition(".")
    return whole + "." + frac.ljust(places, "0") if places > 0 else whole


def frac_text(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"


def amount_text(granules: int, g: Fraction, g_places: int) -> str:
    """granules × g with exactly the granularity's decimals (money.fromGranules)."""
    v = granules * g
    assert v.denominator in (1,) or (10**g_places) % v.denominator == 0
    q = v * 10**g_places
    assert q.denominator == 1
    n = q.numerator
    sign = "-" if n < 0 else ""
    digits = str(abs(n)).rjust(g_places + 1, "0")
    return sign + (digits if g_places == 0 else digits[:-g_places] + "." + digits[-g_places:])


def down6(x: Fraction) -> str:
    return text(Fraction(math.floor(x * 10**6), 10**6), 6)


def up6(x: Fraction) -> str:
    return text(Fraction(math.ceil(x * 10**6), 10**6), 6)


def whole(x: Fraction, what: str) -> int:
    if x.denominator != 1:
        raise ValueError(f"{what} is not a whole number of granules: {x}")
    return x.numerator


# ================================================================================================ regions


def read_regions(req: dict) -> dict:
    g = dec(req.get("granularity", "0.01"))
    gp = scale_of(req.get("granularity", "0.01"))
    T = whole(dec(req["total"]) / g, "total")
    hh = dec(req["holdHarmless"]) if req.get("holdHarmless") is not None else None
    gc = dec(req["growthCap"]) if req.get("growthCap") is not None else None
    relative = req.get("deviation", "absolute") == "relative"
    regions = []
    for r in req["regions"]:
        target = dec(r["target"])
        w = dec(r.get("weight", 1))
        lo, lo_by = 0, "zero"
        if r.get("minimum") is not None and math.ceil(dec(r["minimum"]) / g) > 0:
            lo, lo_by = math.ceil(dec(r["minimum"]) / g), "minimum"
        hi, hi_by = None, "none"
        if r.get("maximum") is not None:
            hi, hi_by = math.floor(dec(r["maximum"]) / g), "maximum"
        if r.get("lastYear") is not None:
            ly = dec(r["lastYear"])
            if hh is not None and math.ceil(hh * ly / g) > lo:
                lo, lo_by = math.ceil(hh * ly / g), "holdHarmless"
            if gc is not None and (hi is None or math.floor((1 + gc) * ly / g) < hi):
                hi, hi_by = math.floor((1 + gc) * ly / g), "growthCap"
        assert hi is None or lo <= hi, f"region {r['id']}: crossed bounds (a 422, not modelled here)"
        regions.append({
            "id": r["id"], "target": target, "t": target / g, "w": w,
            # per-granule cost in the objective's units: w·g (absolute, in the unit) or w / t (relative)
            "c": (w / (target / g)) if relative else w * g,
            "lo": lo, "lo_by": lo_by, "hi": hi, "hi_by": hi_by,
        })
    ids = [r["id"] for r in regions]
    groups = []
    for grp in req.get("groups") or []:
        members = [ids.index(x) for x in grp["regions"]]
        lo, hi, limits = 0, None, []
        if grp.get("minimumShare") is not None:
            limits.append(("minimumShare", math.ceil(dec(grp["minimumShare"]) * T), str(grp["minimumShare"])))
        if grp.get("maximumShare") is not None:
            limits.append(("maximumShare", math.floor(dec(grp["maximumShare"]) * T), str(grp["maximumShare"])))
        if grp.get("minimum") is not None:
            limits.append(("minimum", math.ceil(dec(grp["minimum"]) / g), str(grp["minimum"])))
        if grp.get("maximum") is not None:
            limits.append(("maximum", math.floor(dec(grp["maximum"]) / g), str(grp["maximum"])))
        for kind, n, _ in limits:
            if kind.startswith("min"):
                lo = max(lo, n)
            else:
                hi = n if hi is None else min(hi, n)
        groups.append({"id": grp["id"], "members": members, "lo": lo, "hi": hi, "limits": limits})
    seen = set()
    for grp in groups:
        assert not (seen & set(grp["members"])), "this oracle handles disjoint groups only"
        seen |= set(grp["members"])
    limited = any(grp["limits"] for grp in groups)
    method = "lp" if req.get("method") == "lp" or limited else "direct"
    return {"g": g, "gp": gp, "T": T, "regions": regions, "groups": groups, "method": method, "relative": relative}


def cost_of(r: dict, x: int) -> Fraction:
    return r["c"] * abs(x - r["t"])


def part_table(P: dict, members: list[int], L: int):
    """Over the members, for each sum s: the least cost (integer, in units of 1/L), the number of optimal
    vectors (capped at 2), and per member the amount chosen at each running sum (to rebuild one optimum)."""
    T = P["T"]
    best = [0] + [None] * T
    count = [1] + [0] * T
    back = []
    for i in members:
        r = P["regions"][i]
        hi = T if r["hi"] is None else min(r["hi"], T)
        costs = []
        for x in range(r["lo"], hi + 1):
            c = cost_of(r, x) * L
            assert c.denominator == 1
            costs.append((x, c.numerator))
        new = [None] * (T + 1)
        ncount = [0] * (T + 1)
        choice = [None] * (T + 1)
        for s in range(T + 1):
            b = best[s]
            if b is None:
                continue
            c0 = count[s]
            for x, c in costs:
                k = s + x
                if k > T:
                    break
                v = b + c
                o = new[k]
                if o is None or v < o:
                    new[k], ncount[k], choice[k] = v, c0, x
                elif v == o:
                    ncount[k] = min(2, ncount[k] + c0)
        back.append(choice)
        best, count = new, ncount
    return best, count, back


def rebuild(members: list[int], back: list, s: int) -> dict:
    out = {}
    for k in range(len(members) - 1, -1, -1):
        x = back[k][s]
        out[members[k]] = x
        s -= x
    assert s == 0
    return out


def dp_regions(P: dict):
    """(minimum, count of optimal vectors capped at 2, one optimal x) or None when infeasible."""
    n = len(P["regions"])
    L = 1
    for r in P["regions"]:
        for v in (r["c"], r["c"] * r["t"]):
            L = L * v.denominator // math.gcd(L, v.denominator)
    parts = [(grp["members"], grp["lo"], grp["hi"]) for grp in P["groups"]]
    inside = {i for grp in P["groups"] for i in grp["members"]}
    parts.append(([i for i in range(n) if i not in inside], 0, None))
    T = P["T"]
    tables = [part_table(P, members, L) for members, _, _ in parts]
    # combine the parts' sums under the group limits (same DP, over parts)
    best = [0] + [None] * T
    count = [1] + [0] * T
    back = []
    for (members, lo, hi), (tb, tc, _) in zip(parts, tables):
        new = [None] * (T + 1)
        ncount = [0] * (T + 1)
        choice = [None] * (T + 1)
        for s in range(T + 1):
            if best[s] is None:
                continue
            for y in range(lo, T - s + 1):
                if hi is not None and y > hi:
                    break
                if tb[y] is None:
                    continue
                v, c = best[s] + tb[y], count[s] * tc[y]
                o = new[s + y]
                if o is None or v < o:
                    new[s + y], ncount[s + y], choice[s + y] = v, min(2, c), y
                elif v == o:
                    ncount[s + y] = min(2, ncount[s + y] + c)
        back.append(choice)
        best, count = new, ncount
    if best[T] is None:
        return None
    x = [0] * n
    s = T
    for k in range(len(parts) - 1, -1, -1):
        y = back[k][s]
        for i, v in rebuild(parts[k][0], tables[k][2], y).items():
            x[i] = v
        s -= y
    return Fraction(best[T], L), count[T], x


def direct_canonical(P: dict) -> list[int]:
    """The direct method's canonical amounts (module comment), written from the rule, not from the engine."""
    R = P["regions"]
    x = [r["lo"] for r in R]
    left = P["T"] - sum(x)
    segs = []  # (cost, kind, region, start, end or None)
    for i, r in enumerate(R):
        lo, hi, t, c = r["lo"], r["hi"], r["t"], r["c"]
        fl, ce = math.floor(t), math.ceil(t)
        clamp = lambda v: max(lo, v if hi is None else min(hi, v))  # noqa: E731
        toward_end, past_start = clamp(fl), clamp(ce)
        if toward_end > lo:
            segs.append((-c, "toward", i, lo, toward_end))
        if t != fl and lo <= fl and (hi is None or ce <= hi):
            segs.append((c * (1 - 2 * (t - fl)), "rounding", i, fl, ce))
        if hi is None or hi > past_start:
            segs.append((c, "past", i, past_start, hi))
    segs.sort(key=lambda s: s[0])
    for cost, group in itertools.groupby(segs, key=lambda s: s[0]):
        if left == 0:
            break
        cls = list(group)
        size = None if any(s[4] is None for s in cls) else sum(s[4] - s[3] for s in cls)
        if size is not None and size <= left:
            for s in cls:
                x[s[2]] = s[4]
            left -= size
            continue
        # the partial class
        tie = lambda i: (-R[i]["t"], R[i]["id"])  # noqa: E731  larger target, then smaller id
        for s in sorted((s for s in cls if s[1] == "rounding"), key=lambda s: tie(s[2])):
            if left == 0:
                break
            x[s[2]] = s[4]
            left -= 1
        if left > 0:
            ranges = [s for s in cls if s[1] != "rounding"]
            want = sum(s[3] for s in ranges) + left
            shares = proportional([(R[s[2]]["t"], s[3], s[4]) for s in ranges], want)
            members = ranges
            if shares is None:  # zero-target segments needed: fill the others, equal additions for these
                members = [s for s in ranges if R[s[2]]["t"] == 0]
                for s in ranges:
                    if R[s[2]]["t"] != 0:
                        x[s[2]] = s[4]
                want = sum(s[3] for s in members) + left - sum(s[4] - s[3] for s in ranges if R[s[2]]["t"] != 0)
                shares = equal_additions([(s[3], s[4]) for s in members], want)
            floors = [math.floor(v) for v in shares]
            extra = want - sum(floors)
            order = sorted(
                (k for k in range(len(members)) if shares[k] > floors[k]),
                key=lambda k: (-(shares[k] - floors[k]),) + tie(members[k][2]),
            )
            for k, s in enumerate(members):
                x[s[2]] = floors[k]
            for k in order[:extra]:
                x[members[k][2]] += 1
        left = 0
    assert left == 0 and sum(x) == P["T"]
    return x


def proportional(parts: list, want: Fraction):
    """x_k = clamp(λ·t_k, start_k, end_k) with Σ x_k = want, exactly; None if the positive targets cannot reach it."""
    def g(lam):
        return sum(max(a, lam * t if b is None else min(b, lam * t)) for t, a, b in parts)

    if g(Fraction(0)) == want:
        lam = Fraction(0)
    else:
        points = sorted({Fraction(v, 1) / t for t, a, b in parts if t > 0 for v in ([a] if b is None else [a, b])})
        prev, lam = Fraction(0), None
        for p in points:
            if g(p) >= want:
                lam = prev + (want - g(prev)) * (p - prev) / (g(p) - g(prev))
                break
            prev = p
        if lam is None:
            slope = sum(t for t, a, b in parts if t > 0 and b is None)
            if slope == 0:
                return None
            lam = prev + (want - g(prev)) / slope
    out = [max(a, lam * t if b is None else min(b, lam * t)) for t, a, b in parts]
    assert sum(out) == want
    return out


def equal_additions(parts: list, want) -> list:
    """x_k = clamp(start_k + μ, start_k, end_k) with Σ x_k = want."""
    def g(mu):
        return sum(a + mu if b is None else min(b, a + mu) for a, b in parts)

    points = sorted({Fraction(b - a) for a, b in parts if b is not None})
    prev, mu = Fraction(0), None
    for p in points:
        if g(p) >= want:
            mu = prev + (want - g(prev)) * (p - prev) / (g(p) - g(prev))
            break
        prev = p
    if mu is None:
        mu = prev + (want - g(prev)) / sum(1 for a, b in parts if b is None)
    out = [a + mu if b is None else min(b, a + mu) for a, b in parts]
    assert sum(out) == want
    return out


def objective_value(P: dict, x: list[int]) -> Fraction:
    return sum((cost_of(r, xi) for r, xi in zip(P["regions"], x)), Fraction(0))


def expected_regions(req: dict) -> dict:
    P = read_regions(req)
    g, gp, T, R = P["g"], P["gp"], P["T"], P["regions"]
    amt = lambda n: amount_text(n, g, gp)  # noqa: E731
    method = "direct" if P["method"] == "direct" else "milp"
    out = {"status": 200, "solve": {"status": "optimal", "method": method}}
    out["bounds"] = {r["id"]: {"lower": amt(r["lo"]), "upper": None if r["hi"] is None else amt(r["hi"])} for r in R}
    sum_lo = sum(r["lo"] for r in R)
    all_capped = all(r["hi"] is not None for r in R)
    sum_hi = sum(r["hi"] for r in R) if all_capped else None
    if sum_lo > T or (all_capped and sum_hi < T):
        floors = sum_lo > T
        out["solve"]["status"] = "infeasible"
        out["relaxations"] = [{"id": "total", "pointer": "/total", "measure": "amount", "asked": amt(T), "reachable": amt(sum_lo if floors else sum_hi)}]
        out["shortfall"] = amt(sum_lo - T if floors else T - sum_hi)
        return out
    solved = dp_regions(P)
    if solved is None:
        out["solve"]["status"] = "infeasible"
        out["relaxations"] = group_relaxations(P)
        return out
    best, count, some = solved
    out["objective"] = fixed(best)
    out["total"] = amt(T)
    out["objectiveExact"] = frac_text(best)
    if P["method"] == "direct":
        x = direct_canonical(P)
        assert objective_value(P, x) == best, f"canonical amounts {x} miss the minimum {best}"
        out["amounts"] = {r["id"]: amt(xi) for r, xi in zip(R, x)}
        out["amountsPinnedBy"] = "the direct method's canonical rule"
    elif count == 1:
        out["amounts"] = {r["id"]: amt(xi) for r, xi in zip(R, some)}
        out["amountsPinnedBy"] = "the unique optimum"
    out["optimalVectors"] = "1" if count == 1 else "2 or more"
    if P["groups"]:
        x = [int(Fraction(out["amounts"][r["id"]]) / g) for r in R] if "amounts" in out else None
        out["groups"] = {}
        for grp in P["groups"]:
            entry = {}
            if x is not None:
                s = sum(x[i] for i in grp["members"])
                entry["amount"] = amt(s)
                entry["binding"] = any(n == s for _, n, _ in grp["limits"])
            out["groups"][grp["id"]] = entry
    return out


def group_relaxations(P: dict) -> list:
    """A group limit the bounds cannot meet (one group; only the group gives, see the module comment)."""
    R, T = P["regions"], P["T"]
    out = []
    for k, grp in enumerate(P["groups"]):
        inside = grp["members"]
        outside = [i for i in range(len(R)) if i not in inside]
        cap = lambda idx: None if any(R[i]["hi"] is None for i in idx) else sum(R[i]["hi"] for i in idx)  # noqa: E731
        lo_in, hi_in = sum(R[i]["lo"] for i in inside), cap(inside)
        lo_out, hi_out = sum(R[i]["lo"] for i in outside), cap(outside)
        most = T - lo_out if hi_in is None else min(hi_in, T - lo_out)
        least = lo_in if hi_out is None else max(lo_in, T - hi_out)
        for kind, n, given in grp["limits"]:
            if kind.startswith("min") and n > most:
                reach = most
            elif kind.startswith("max") and n < least:
                reach = least
            else:
                continue
            share = kind.endswith("Share")
            rel = {"id": f"group:{grp['id']}:{kind}", "pointer": f"/groups/{k}/{kind}", "measure": "share" if share else "amount"}
            if share:
                rel["asked"] = given
                rel["reachable"] = down6(Fraction(reach, T)) if kind == "minimumShare" else up6(Fraction(reach, T))
            else:
                rel["asked"] = amount_text(n, P["g"], P["gp"])
                rel["reachable"] = amount_text(reach, P["g"], P["gp"])
            out.append(rel)
    assert len(out) == 1, "this oracle explains one group limit at a time"
    return out


# ================================================================================================ exact LP


def simplex_max(nvars: int, rows: list, obj: list):
    """max obj·x s.t. rows (coeffs list, sense '<='|'>='|'=', rhs), x ≥ 0. Exact, Bland's rule.
    Returns (value, x) or None when infeasible; raises on unbounded (the models here are bounded)."""
    m = len(rows)
    cols = nvars
    A, b, kinds = [], [], []
    for coeffs, sense, rhs in rows:
        coeffs = [Fraction(c) for c in coeffs]
        rhs = Fraction(rhs)
        if rhs < 0:
            coeffs, rhs = [-c for c in coeffs], -rhs
            sense = {"<=": ">=", ">=": "<=", "=": "="}[sense]
        A.append(coeffs)
        b.append(rhs)
        kinds.append(sense)
    slack_col, art_col = {}, {}
    for i, s in enumerate(kinds):
        if s != "=":
            slack_col[i] = cols
            cols += 1
    first_art = cols
    for i, s in enumerate(kinds):
        if s != "<=":
            art_col[i] = cols
            cols += 1
    T = []
    basis = []
    for i in range(m):
        row = A[i] + [Fraction(0)] * (cols - nvars)
        if i in slack_col:
            row[slack_col[i]] = Fraction(1 if kinds[i] == "<=" else -1)
        if i in art_col:
            row[art_col[i]] = Fraction(1)
        T.append(row + [b[i]])
        basis.append(art_col.get(i, slack_col.get(i)))

    def pivot(r, c):
        pv = T[r][c]
        T[r] = [v / pv for v in T[r]]
        for i in range(len(T)):
            if i != r and T[i][c] != 0:
                f = T[i][c]
                Ti, Tr = T[i], T[r]
                T[i] = [a - f * bb for a, bb in zip(Ti, Tr)]
        basis[r] = c

    def run(cost, allowed):
        while True:
            # reduced costs r_j = c_j − Σ_i c_B(i) T[i][j]
            enter = None
            for j in allowed:
                if j in basis:
                    continue
                rj = cost[j] - sum(cost[basis[i]] * T[i][j] for i in range(len(T)) if T[i][j] != 0)
                if rj > 0:
                    enter = j
                    break
            if enter is None:
                return
            best, leave = None, None
            for i in range(len(T)):
                if T[i][enter] > 0:
                    ratio = T[i][-1] / T[i][enter]
                    if best is None or ratio < best or (ratio == best and basis[i] < basis[leave]):
                        best, leave = ratio, i
            if leave is None:
                raise RuntimeError("unbounded LP")
            pivot(leave, enter)

    if art_col:
        cost1 = [Fraction(0)] * cols
        for c in art_col.values():
            cost1[c] = Fraction(-1)
        run(cost1, range(cols))
        if sum(T[i][-1] for i in range(len(T)) if basis[i] >= first_art) > 0:
            return None
        # drive artificials out of the basis (at level 0), dropping redundant rows
        i = 0
        while i < len(T):
            if basis[i] >= first_art:
                j = next((j for j in range(first_art) if T[i][j] != 0), None)
                if j is None:
                    del T[i]
                    del basis[i]
                    continue
                pivot(i, j)
            i += 1
        T = [row[:first_art] + [row[-1]] for row in T]
        cols = first_art
    cost2 = [Fraction(c) for c in obj] + [Fraction(0)] * (cols - nvars)
    run(cost2, range(cols))
    x = [Fraction(0)] * cols
    for i, bi in enumerate(basis):
        x[bi] = T[i][-1]
    value = sum(cost2[j] * x[j] for j in range(cols))
    return value, x[:nvars]


def milp_max(nvars: int, rows: list, obj: list, ints: list[int]):
    """max obj·x with x_j integer for j in ints: branch and bound over simplex_max. (value, x) or None."""
    best = [None, None]

    def node(extra):
        r = simplex_max(nvars, rows + extra, obj)
        if r is None:
            return
        value, x = r
        if best[0] is not None and value <= best[0]:
            return
        frac_j = next((j for j in ints if x[j].denominator != 1), None)
        if frac_j is None:
            best[0], best[1] = value, x
            return
        unit = [0] * nvars
        unit[frac_j] = 1
        f = math.floor(x[frac_j])
        node(extra + [(unit, "<=", f)])
        node(extra + [(unit, ">=", f + 1)])

    node([])
    return None if best[0] is None else (best[0], best[1])


# ================================================================================================ funding


def read_library(req: dict, fund_all: bool) -> dict:
    g = dec(req.get("granularity", "0.01"))
    gp = scale_of(req.get("granularity", "0.01"))
    unit = req["unit"]
    industry = req.get("industryCategories") or ["industry"]
    excluded = req.get("excludedCategories") or []
    sources = []
    for s in req["sources"]:
        sources.append({
            "id": s["id"], "budget": whole(dec(s["budget"]) / g, "budget"),
            "floor": dec(s["floor"]) if s.get("floor") is not None else None,
            "floorText": None if s.get("floor") is None else str(Decimal(str(s["floor"]))),
            "forbidden": set(s.get("forbiddenCategories") or []),
        })
    sid = [s["id"] for s in sources]
    threshold = dec(req["drawingReviewThreshold"]) if req.get("drawingReviewThreshold") is not None else dec("400" if unit == "wan" else "4000000")
    projects = []
    for p in req["projects"]:
        allowed = [sid.index(x) for x in (p.get("sources") or sid)]
        eligible = sorted(s for s in set(allowed) if p["category"] not in sources[s]["forbidden"])
        projects.append({
            "id": p["id"], "cost": whole(dec(p["cost"]) / g, "cost"), "costAmount": dec(p["cost"]),
            "category": p["category"], "industry": p["category"] in industry, "counted": p["category"] not in excluded,
            "eligible": eligible, "priority": p.get("priority"), "town": p.get("town"),
            "partial": bool(p.get("partial")) and not fund_all, "mandatory": bool(p.get("mandatory")) or fund_all,
            "benefits": {k: dec(v) for k, v in (p.get("benefits") or {}).items()},
            "drawingReview": dec(p["cost"]) >= threshold,
        })
    caps = {t: whole(dec(v) / g, "town cap") for t, v in (req.get("townCaps") or {}).items()}
    return {"g": g, "gp": gp, "sources": sources, "projects": projects, "caps": caps}


class Model:
    """One subset of whole projects: variables a_ps (eligible pairs) and f_p (partly funded projects)."""

    def __init__(self, lib: dict, whole_in: set, floors: list, continuous: bool = False):
        self.lib = lib
        P, S = lib["projects"], lib["sources"]
        self.var = {}
        for pi, p in enumerate(P):
            if p["partial"] or pi in whole_in:
                for s in p["eligible"]:
                    self.var[("a", pi, s)] = len(self.var)
        for pi, p in enumerate(P):
            if p["partial"]:
                self.var[("f", pi)] = len(self.var)
        self.n = len(self.var)
        self.ints = [] if continuous else list(range(self.n))
        self.whole_in = whole_in
        rows = []
        vec = lambda terms: self.vector(terms)  # noqa: E731
        funded_const = {}
        for pi, p in enumerate(P):
            terms = [(("a", pi, s), 1) for s in p["eligible"]]
            if p["partial"]:
                f = ("f", pi)
                rows.append((vec(terms + [(f, -1)]), "=", 0))
                if p["mandatory"]:
                    rows.append((vec([(f, 1)]), ">=", p["cost"]))
                rows.append((vec([(f, 1)]), "<=", p["cost"]))
            elif pi in whole_in:
                rows.append((vec(terms), "=", p["cost"]))
                funded_const[pi] = p["cost"]
        for si, s in enumerate(S):
            terms = [(("a", pi, si), 1) for pi in range(len(P)) if ("a", pi, si) in self.var]
            if terms:
                rows.append((vec(terms), "<=", s["budget"]))
            f = floors[si]
            if f is not None:
                fterms = []
                for pi, p in enumerate(P):
                    if ("a", pi, si) in self.var:
                        c = (1 if p["industry"] else 0) - (f if p["counted"] else 0)
                        if c != 0:
                            fterms.append((("a", pi, si), c))
                if fterms:
                    rows.append((vec(fterms), ">=", 0))
        for town, cap in lib["caps"].items():
            const = sum(c for pi, c in funded_const.items() if P[pi]["town"] == town)
            terms = [(("f", pi), 1) for pi, p in enumerate(P) if p["partial"] and p["town"] == town]
            if terms:
                rows.append((vec(terms), "<=", cap - const))
            elif const > cap:
                rows.append(([0] * self.n, ">=", 1))  # infeasible
        self.rows = rows

    def vector(self, terms) -> list:
        v = [Fraction(0)] * self.n
        for key, c in terms:
            v[self.var[key]] += Fraction(c)
        return v

    def maximize(self, terms, extra=()):
        if self.n == 0:
            ok = all(_holds(0, sense, rhs) for _, sense, rhs in list(self.rows) + list(extra))
            return (Fraction(0), []) if ok else None
        obj = self.vector(terms)
        return milp_max(self.n, self.rows + list(extra), obj, self.ints)

    def funded(self, x) -> list:
        """funded granules by project at solution x"""
        out = []
        for pi, p in enumerate(self.lib["projects"]):
            if p["partial"]:
                out.append(x[self.var[("f", pi)]] if self.n else 0)
            else:
                out.append(p["cost"] if pi in self.whole_in else 0)
        return out


def _holds(lhs, sense, rhs) -> bool:
    return lhs <= rhs if sense == "<=" else lhs >= rhs if sense == ">=" else lhs == rhs


def value_terms(model: Model, values: list) -> tuple:
    """(constant, terms) of Σ value_p · funded_p / cost_p for this subset."""
    const, terms = Fraction(0), []
    for pi, p in enumerate(model.lib["projects"]):
        v = values[pi]
        if v == 0:
            continue
        if p["partial"]:
            terms.append((("f", pi), v / p["cost"]))
        elif pi in model.whole_in:
            const += v
    return const, terms


def subsets(lib: dict):
    P = lib["projects"]
    free = [pi for pi, p in enumerate(P) if not p["partial"] and not p["mandatory"] and p["eligible"]]
    must = {pi for pi, p in enumerate(P) if not p["partial"] and p["mandatory"]}
    for k in range(len(free) + 1):
        for combo in itertools.combinations(free, k):
            yield must | set(combo)


def quick_ok(lib: dict, chosen: set) -> bool:
    """Necessary: every chosen project has a source, and the money suffices in total."""
    P = lib["projects"]
    if any(not P[pi]["eligible"] for pi in chosen):
        return False
    need = sum(P[pi]["cost"] for pi in chosen) + sum(p["cost"] for p in P if p["partial"] and p["mandatory"])
    return need <= sum(s["budget"] for s in lib["sources"])


def stage_values(lib: dict, req: dict) -> tuple:
    """The stages to maximise, each a list of per-project values, and a label per stage."""
    o = req["objective"]
    P = lib["projects"]
    m = o["maximize"]
    if m == "amount":
        base = [p["costAmount"] for p in P]
    elif m == "count":
        base = [Fraction(1) for p in P]
    else:
        base = [sum((dec(w) * p["benefits"].get(k, 0) for k, w in m.items()), Fraction(0)) for p in P]
    base = [v if p["eligible"] else Fraction(0) for v, p in zip(base, P)]
    mode = o.get("priorities", "lexicographic")
    if mode == "lexicographic":
        present = [c for c in (1, 2, 3, None) if any(p["priority"] == c and p["eligible"] for p in P)]
        if present:
            return mode, base, [(c, [v if p["priority"] == c else Fraction(0) for v, p in zip(base, P)]) for c in present]
    if mode == "weighted":
        w = {int(k): dec(v) for k, v in (o.get("priorityWeights") or {}).items()}
        return mode, base, [("all", [v * w.get(p["priority"], Fraction(1)) if p["priority"] else v for v, p in zip(base, P)])]
    return mode, base, [("all", base)]


def solve_subset(model: Model, stages: list):
    """Lexicographic maximum of the stages for this subset: (vector of values, keep rows) or None."""
    keep = []
    vals = []
    for _, values in stages:
        const, terms = value_terms(model, values)
        r = model.maximize(terms, keep)
        if r is None:
            return None
        v = const + r[0]
        vals.append(v)
        keep.append((model.vector(terms), ">=", v - const))
    return tuple(vals), keep


def minmax(model: Model, keep: list, terms: list):
    lo = model.maximize([(k, -c) for k, c in terms], keep)
    hi = model.maximize(terms, keep)
    return -lo[0], hi[0]


def expected_funding(req: dict) -> dict:
    kind = req["kind"]
    lib = read_library(req, fund_all=(kind == "sources"))
    P, S = lib["projects"], lib["sources"]
    g, gp = lib["g"], lib["gp"]
    amt = lambda n: amount_text(n, g, gp)  # noqa: E731
    floors = [s["floor"] for s in S]
    out = {"status": 200, "solve": {"status": "optimal"}}
    out["drawingReview"] = [p["id"] for p in P if p["drawingReview"]]

    if kind == "sources":
        order = [[s["id"] for s in S].index(x) for x in (req.get("preference") or [])]
        order += [i for i in range(len(S)) if i not in order]
        used_by_some = [s for s in order if any(s in p["eligible"] for p in P)]
        stages = [(S[s]["id"], s) for s in used_by_some[:-1]]
        optima = []  # (model, keep)
        model = Model(lib, set(range(len(P))), floors)
        keep = []
        feasible = model.maximize([], keep) is not None
        if feasible:
            for _, s in stages:
                terms = [(("a", pi, s), 1) for pi in range(len(P)) if ("a", pi, s) in model.var]
                r = model.maximize(terms, keep)
                keep.append((model.vector(terms), ">=", r[0]))
            optima = [(model, keep)]
    else:
        mode, base, stages = stage_values(lib, req)
        best, optima = None, []
        for chosen in subsets(lib):
            if not quick_ok(lib, chosen):
                continue
            model = Model(lib, chosen, floors)
            r = solve_subset(model, stages)
            if r is None:
                continue
            vals, keep = r
            if best is None or vals > best:
                best, optima = vals, [(model, keep)]
            elif vals == best:
                optima.append((model, keep))
        feasible = best is not None

    if not feasible:
        out["solve"]["status"] = "infeasible"
        out.update(explain_floors(lib, kind))
        return out

    # what every optimum shares
    if kind == "portfolio":
        if mode == "lexicographic" and len(stages) > 0 and stages[0][0] != "all":
            out["priorityStages"] = [{"priority": c, "value": fixed(v), "exact": frac_text(v)} for (c, _), v in zip(stages, best)]
            total = sum(best, Fraction(0))
        else:
            total = best[0]
        out["objective"] = {"mode": mode, "value": fixed(total), "exact": frac_text(total)}
    ranges = {}  # key → (min, max) over every optimum
    chosen_sets = set()

    def widen(key, lo, hi):
        a = ranges.get(key)
        ranges[key] = (lo, hi) if a is None else (min(a[0], lo), max(a[1], hi))

    for model, keep in optima:
        chosen_partial = {}
        for pi, p in enumerate(P):
            if p["partial"]:
                lo, hi = minmax(model, keep, [(("f", pi), 1)])
                widen(("f", pi), lo, hi)
                chosen_partial[pi] = (lo, hi)
            else:
                f = p["cost"] if pi in model.whole_in else 0
                widen(("f", pi), f, f)
        # chosen: funded > 0 in every plan of this subset, or 0 in every one
        if all(lo > 0 or hi == 0 for lo, hi in chosen_partial.values()):
            chosen_sets.add(frozenset([P[pi]["id"] for pi in model.whole_in] + [P[pi]["id"] for pi, (lo, hi) in chosen_partial.items() if lo > 0]))
        else:
            chosen_sets.add(None)
        for si in range(len(S)):
            terms = [(("a", pi, si), 1) for pi in range(len(P)) if ("a", pi, si) in model.var]
            lo, hi = minmax(model, keep, terms) if terms else (0, 0)
            widen(("used", si), lo, hi)
        for pi, p in enumerate(P):
            for si in range(len(S)):
                key = ("a", pi, si)
                lo, hi = minmax(model, keep, [(key, 1)]) if key in model.var else (0, 0)
                widen(key, lo, hi)

    if len(chosen_sets) == 1 and None not in chosen_sets:
        ids = next(iter(chosen_sets))
        out["chosen"] = [p["id"] for p in P if p["id"] in ids]
    pinned = {pi: ranges[("f", pi)][0] for pi in range(len(P)) if ranges[("f", pi)][0] == ranges[("f", pi)][1]}
    out["amounts"] = {P[pi]["id"]: amt(pinned[pi]) for pi in range(len(P)) if P[pi]["partial"] and pi in pinned}
    if not out["amounts"]:
        del out["amounts"]
    out["used"] = {S[si]["id"]: amt(ranges[("used", si)][0]) for si in range(len(S)) if ranges[("used", si)][0] == ranges[("used", si)][1]}
    by_source = {}
    for pi, p in enumerate(P):
        keys = [("a", pi, si) for si in range(len(S))]
        if pi in pinned and pinned[pi] > 0 and all(ranges[k][0] == ranges[k][1] for k in keys):
            by_source[p["id"]] = {S[si]["id"]: amt(ranges[("a", pi, si)][0]) for si in range(len(S)) if ranges[("a", pi, si)][0] > 0}
    out["bySource"] = by_source
    # totals: when every partly funded amount is pinned, the funded vector is the same in every optimum
    if len(pinned) == len(P):
        funded = [pinned[pi] for pi in range(len(P))]
        totals = {}
        for m in sorted({k for p in P for k in p["benefits"]}):
            totals[m] = fixed(sum((p["benefits"].get(m, 0) * Fraction(f, p["cost"]) for p, f in zip(P, funded)), Fraction(0)))
        totals["amount"] = amt(sum(funded))
        totals["count"] = sum(1 for f in funded if f > 0)
        totals["fundedProjectEquivalents"] = fixed(sum((Fraction(f, p["cost"]) for p, f in zip(P, funded)), Fraction(0)))
        out["totals"] = totals
    return out


def explain_floors(lib: dict, kind: str) -> dict:
    """Industry floors that cannot hold, source by source (module comment)."""
    S, P = lib["sources"], lib["projects"]
    none = [None] * len(S)
    # money first: with the floors dropped the rest must be feasible (the money case is not modelled here)
    assert any_plan(lib, kind, none, False), "budgets or caps are short: not modelled by this oracle"
    settled = list(none)
    relaxations = []
    for si, s in enumerate(S):
        if s["floor"] is None:
            continue
        trial = list(settled)
        trial[si] = s["floor"]
        if any_plan(lib, kind, trial, False):
            settled[si] = s["floor"]
            continue
        reach = max_share(lib, kind, settled, si, continuous=False)
        settled[si] = reach
        rel = {"id": f"source:{s['id']}:floor", "pointer": f"/sources/{si}/floor", "measure": "share", "asked": s["floorText"], "reachable": down6(reach), "reachableExact": frac_text(reach)}
        if kind == "portfolio":
            bound = max_share(lib, kind, [f for f in settled[:si]] + [None] * (len(S) - si), si, continuous=True)
            rel["atMostPercent"] = text(bound * 100, 1)
        else:
            rel["atMostPercent"] = text(reach * 100, 1)
        relaxations.append(rel)
    return {"relaxations": relaxations, "verified": True}


def plans(lib: dict, kind: str):
    if kind == "sources":
        yield set(range(len(lib["projects"])))
    else:
        for chosen in subsets(lib):
            if quick_ok(lib, chosen):
                yield chosen


def any_plan(lib: dict, kind: str, floors: list, continuous: bool) -> bool:
    return any(Model(lib, c, floors, continuous).maximize([]) is not None for c in plans(lib, kind))


def max_share(lib: dict, kind: str, floors: list, si: int, continuous: bool) -> Fraction:
    """max industry/base of source si over every plan (Dinkelbach: max I − λ·B until the optimum is 0)."""
    P = lib["projects"]
    lam = Fraction(0)
    while True:
        best = None
        for chosen in plans(lib, kind):
            model = Model(lib, chosen, floors, continuous)
            terms = []
            for pi, p in enumerate(P):
                if ("a", pi, si) in model.var:
                    c = (1 if p["industry"] else 0) - (lam if p["counted"] else 0)
                    if c != 0:
                        terms.append((("a", pi, si), c))
            r = model.maximize(terms)
            if r is None:
                continue
            if best is None or r[0] > best[0]:
                best = (r[0], model, r[1])
        value, model, x = best
        if value <= 0:
            return lam
        ind = sum(x[model.var[k]] for k in model.var if k[0] == "a" and k[2] == si and P[k[1]]["industry"])
        base = sum(x[model.var[k]] for k in model.var if k[0] == "a" and k[2] == si and P[k[1]]["counted"])
        lam = ind / base


# ================================================================================================ files


def expected_for(req: dict) -> dict:
    return expected_regions(req) if req["kind"] == "regions" else expected_funding(req)


def to_scenario(block: dict, req: dict) -> tuple[dict, dict]:
    """The oracle's block → (`expected`, `oracle`): what the answer shows (the one envelope: summary, rows, the
    kind's other parts; or the 422 of rules that cannot all hold), and the exact facts behind it."""
    solve = block["solve"]
    oracle: dict = {}
    exact: list[str] = []
    if solve["status"] == "infeasible":
        # one error per rule that must give, at its pointer; by how much is in the text (checked against `oracle`)
        errors = [{"pointer": r["pointer"], "code": "constraints-cannot-hold"} for r in block["relaxations"]]
        oracle["relaxations"] = [{k: r[k] for k in ("pointer", "measure", "asked", "reachable", "reachableExact", "atMostPercent") if k in r} for r in block["relaxations"]]
        if "shortfall" in block:
            oracle["shortfall"] = block["shortfall"]
        return {"status": 422, "body": {"status": 422, "errors": errors}}, oracle
    summary = {"kind": req["kind"], **solve, "verified": True}
    body: dict = {"model": None, "unit": req["unit"], "summary": summary}
    if req["kind"] == "regions":
        # one summary shape for every kind: objective, then totals {amount, count, …}
        summary["objective"] = block["objective"]
        summary["totals"] = {"amount": block["total"], "count": len(req["regions"])}
        rows = []
        for r in req["regions"]:
            b = block["bounds"][r["id"]]
            row = {"id": r["id"], "minimum": b["lower"], "maximum": b["upper"]}
            if "amounts" in block:
                row["amount"] = block["amounts"][r["id"]]
            rows.append(row)
        body["rows"] = rows
        exact += ["/rows/*/minimum", "/rows/*/maximum"]
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
        if req["kind"] == "sources":
            summary["objective"] = None
        elif "objective" in block:
            summary["objective"] = block["objective"]["value"]
        if "totals" in block:
            summary["totals"] = block["totals"]
        review = set(block["drawingReview"])
        chosen = set(block.get("chosen", []))
        rows = []
        for i, p in enumerate(req["projects"]):
            row = {"id": p["id"], "drawingReview": p["id"] in review}
            if "chosen" in block:
                row["chosen"] = p["id"] in chosen
            if p["id"] in block.get("amounts", {}):
                row["amount"] = block["amounts"][p["id"]]
            if p["id"] in block.get("bySource", {}):
                row["bySource"] = block["bySource"][p["id"]]
                exact.append(f"/rows/{i}/bySource")
            rows.append(row)
        body["rows"] = rows
        used = block.get("used", {})
        body["sources"] = [({"id": s["id"], "used": used[s["id"]]} if s["id"] in used else {"id": s["id"]}) for s in req["sources"]]
        if "priorityStages" in block:
            body["priorityStages"] = [{"priority": st["priority"], "value": st["value"]} for st in block["priorityStages"]]
            exact.append("/priorityStages")
            oracle["priorityStages"] = [{"priority": st["priority"], "exact": st["exact"]} for st in block["priorityStages"]]
        if "objective" in block:
            oracle["objective"] = block["objective"]
    expected = {"status": block["status"], "body": body}
    if exact:
        expected["exact"] = exact
    return expected, oracle


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dump(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def selftest(rounds: int = 400) -> int:
    """The exact simplex and branch and bound against plain enumeration of small integer boxes."""
    import random

    rng = random.Random(20250601)
    for k in range(rounds):
        n = rng.randint(1, 4)
        box = 5
        rows = [([1 if j == i else 0 for j in range(n)], "<=", box) for i in range(n)]
        for _ in range(rng.randint(1, 3)):
            coeffs = [Fraction(rng.randint(-4, 4), rng.choice([1, 1, 2, 3, 5])) for _ in range(n)]
            rows.append((coeffs, rng.choice(["<=", ">=", "="]), Fraction(rng.randint(-6, 12), rng.choice([1, 2]))))
        obj = [Fraction(rng.randint(-5, 5), rng.choice([1, 3])) for _ in range(n)]
        got = milp_max(n, rows, obj, list(range(n)))
        best = None
        for x in itertools.product(range(box + 1), repeat=n):
            if all(_holds(sum(c * v for c, v in zip(coeffs, x)), sense, rhs) for coeffs, sense, rhs in rows):
                v = sum(c * xi for c, xi in zip(obj, x))
                best = v if best is None or v > best else best
        if (got is None) != (best is None) or (got is not None and got[0] != best):
            print(f"selftest {k}: branch and bound {got and got[0]} ≠ enumeration {best}: {rows} max {obj}")
            return 1
    print(f"selftest: {rounds} random integer programs, branch and bound = enumeration")
    # regions: the DP against enumeration; the canonical direct answer reaches the DP minimum, whatever the order
    for k in range(rounds):
        n = rng.randint(1, 4)
        regions = []
        for i in range(n):
            r = {"id": f"R{rng.randint(1, 30)}{i}", "target": str(Decimal(rng.randint(0, 120)) / 10 if rng.random() < 0.8 else rng.randint(0, 9))}
            if rng.random() < 0.5:
                r["weight"] = rng.choice(["1", "2", "0.5", "3"])
            if rng.random() < 0.3:
                r["minimum"] = str(rng.randint(0, 4))
            if rng.random() < 0.3:
                r["maximum"] = str(rng.randint(4, 12))
            regions.append(r)
        relative = rng.random() < 0.3 and all(Fraction(r["target"]) > 0 for r in regions)
        req = {"kind": "regions", "unit": "wan", "granularity": "1", "total": str(rng.randint(0, 24)), "regions": regions,
               "deviation": "relative" if relative else "absolute"}
        if len({r["id"] for r in regions}) < n:
            continue
        P = read_regions(req)
        solved = dp_regions(P)
        R = P["regions"]
        best = None
        for x in itertools.product(*[range(r["lo"], (P["T"] if r["hi"] is None else min(r["hi"], P["T"])) + 1) for r in R]):
            if sum(x) == P["T"]:
                v = objective_value(P, list(x))
                best = v if best is None or v < best else best
        if (solved is None) != (best is None) or (solved and solved[0] != best):
            print(f"selftest regions {k}: DP {solved and solved[0]} ≠ enumeration {best}: {req}")
            return 1
        if solved is None:
            continue
        x = direct_canonical(P)
        shuffled = dict(req, regions=rng.sample(regions, n))
        y = dict(zip([r["id"] for r in shuffled["regions"]], direct_canonical(read_regions(shuffled))))
        if objective_value(P, x) != best or any(y[r["id"]] != xi for r, xi in zip(regions, x)):
            print(f"selftest regions {k}: canonical {x} (shuffled {y}) misses {best} or depends on order: {req}")
            return 1
    print(f"selftest: {rounds} random region problems, DP = enumeration, canonical answer optimal and order-free")
    return 0


def main(argv: list[str]) -> int:
    flags = {a for a in argv if a.startswith("--")}
    files = [Path(a) for a in argv if not a.startswith("--")] or sorted(DIR.glob("*.json"))
    if "--selftest" in flags:
        return selftest()
    if flags - {"--write", "--check"}:
        print(__doc__, file=sys.stderr)
        return 2
    status = 0
    for path in files:
        doc = load(path)
        expected, oracle = to_scenario(expected_for(doc["request"]), doc["request"])
        computed = {"expected": expected, "oracle": oracle}
        if "--check" in flags:
            filed = {"expected": doc.get("expected"), "oracle": doc.get("oracle")}
            same = filed == json.loads(json.dumps(computed)) and doc.get("route") == "/v1/optimizations"
            print(f"{'ok      ' if same else 'DIFFERS '} {path}")
            if not same:
                print("  file:    " + json.dumps(filed, ensure_ascii=False))
                print("  oracle:  " + json.dumps(computed, ensure_ascii=False))
            status |= 0 if same else 1
        elif "--write" in flags:
            meta = {k: v for k, v in doc.items() if k not in ("route", "query", "request", "expected", "oracle")}
            path.write_text(dump({**meta, "route": "/v1/optimizations", "request": doc["request"], **computed}), encoding="utf-8")
            print(f"wrote expected to {path}")
        else:
            print(json.dumps(computed, ensure_ascii=False, indent=2))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
