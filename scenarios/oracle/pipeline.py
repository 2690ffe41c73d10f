"""The allocation pipeline after the factor formula, for the oracle — standard library only, exact Fractions.

Written from the specification (never from the TypeScript engine). Every amount is counted in granules of
the request's granularity g, as an exact Fraction until the final rounding:

  1. set-asides (model order): percent → nearest(T × p) granules, amount → the model's unit converted and
     rounded to the nearest granule; with `regions` split among the selected regions (equal or by an
     indicator, largest remainder), with none selected it takes 0; `reserve` funds rewards; otherwise a
     purpose (fee). Formula pool F = T − Σ set-asides.
  2. formula: f_i = F × share_i (exact).
  3. rewards and penalties: points (competition ranks; bottom group penalised, top group rewarded, linear or
     fixed amounts), grade rewards, negative-list misuse; rewards paid from the deductions and/or the reserve,
     pro rata by largest remainder when there is not enough. a_i = setAside + pointsPaid − penalty + gradePaid
     − misuse.
  4. floors and caps: λ ≥ 0 with Σ clamp(a_i + λ f_i, lo_i, hi_i) = B, solved exactly by sweeping the
     breakpoints; protected regions are lifted to ⌈mean of the others⌉ (never above their own cap) and the
     equation solved again.
  5. rounding: the exact finals to whole granules by largest remainder.

`allocate_with_pipeline` returns the "expected" block of a scenario, or None when the pipeline does not apply.
"""
from __future__ import annotations

import copy
import math
import re
from fractions import Fraction

from exact import (
    ScenarioError,
    category_text,
    dec,
    fixed,
    is_number,
    largest_remainder,
    round_nearest,
    utf16_units,
)

STAGES = ("setAsides", "points", "grades", "negativeList", "bounds")
LAMBDA_DECIMALS = 12
YUAN_PER_WAN = 10000


# ---------------------------------------------------------------------------------------------------- the model's pipeline



def to_regions(n: int) -> dict:
    """Where a set-aside for regions goes, in both languages (books.setAsides[].to)."""
    return {"en": "to 1 region" if n == 1 else f"to {n} regions", "zh": f"分给 {n} 个地区"}

def merge_patch(target, patch):
    """RFC 7396 JSON merge patch: objects merge key by key, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def check_set_asides(pipeline: dict | None, at: str) -> None:
    """The two set-aside rules the schema states: exactly one of amount/percent; a reserve lists no regions."""
    bad = []
    for k, sa in enumerate((pipeline or {}).get("setAsides") or []):
        if ("amount" in sa) == ("percent" in sa):
            bad.append(f"{at}/setAsides/{k}/amount")
        if sa.get("reserve") and "regions" in sa:
            bad.append(f"{at}/setAsides/{k}/reserve")
    if bad:
        raise ScenarioError(bad)


def effective_pipeline(request: dict, model: dict) -> dict | None:
    """The model's pipeline with overrides.pipeline merged in (RFC 7396), checked like a model's."""
    overrides = request.get("overrides") or {}
    pipeline = model.get("pipeline")
    if isinstance(request["model"], dict):
        check_set_asides(pipeline, "/model/pipeline")
    if overrides.get("pipeline") is not None:
        pipeline = merge_patch(pipeline, overrides["pipeline"])
        check_set_asides(pipeline, "/overrides/pipeline")
    return pipeline


def has_input(regions: list[dict], key: str) -> bool:
    return any(key in r["indicators"] for r in regions)


def active_stages(pipeline: dict | None, regions: list[dict], off: set[str]) -> dict[str, bool]:
    """Which stages apply to this request: present in the pipeline, not switched off, and given their data."""
    p = pipeline or {}
    bounds = p.get("bounds")
    has_last_year = any(r.get("lastYear") is not None for r in regions)
    return {
        "setAsides": "setAsides" not in off and bool(p.get("setAsides")),
        "points": "points" not in off and p.get("points") is not None and has_input(regions, p["points"]["input"]),
        "grades": "grades" not in off and p.get("grades") is not None and has_input(regions, p["grades"]["input"]),
        "negativeList": "negativeList" not in off
        and p.get("negativeList") is not None
        and has_input(regions, p["negativeList"]["input"]),
        "bounds": "bounds" not in off
        and bounds is not None
        and (
            any(k in bounds for k in ("minimum", "maximum", "protected"))
            or (any(k in bounds for k in ("holdHarmless", "growthCap")) and has_last_year)
        ),
    }


# ---------------------------------------------------------------------------------------------------- units


class Money:
    """Conversions to granules of the request's granularity."""

    def __init__(self, request: dict, model: dict, g: Fraction):
        self.g = g
        model_unit = model.get("unit", request["unit"])
        self.model_to_request = {
            ("wan", "yuan"): Fraction(YUAN_PER_WAN),
            ("yuan", "wan"): Fraction(1, YUAN_PER_WAN),
        }.get((model_unit, request["unit"]), Fraction(1))

    def model_exact(self, value) -> Fraction:
        """An amount written in the model's unit, in (fractional) granules."""
        return dec(value) * self.model_to_request / self.g

    def model_nearest(self, value) -> int:
        return round_nearest(self.model_exact(value))

    def request_nearest(self, value) -> int:
        """An amount in the request's unit (misused, …) to the nearest granule."""
        return round_nearest(dec(value) / self.g)


# ---------------------------------------------------------------------------------------------------- selectors


def selected(selector: dict, region: dict) -> bool:
    """ids and/or where: every where-key must match String(region.indicators[key]) against String(value)."""
    if "ids" in selector and region["id"] not in selector["ids"]:
        return False
    for key, wanted in (selector.get("where") or {}).items():
        values = wanted if isinstance(wanted, list) else [wanted]
        if category_text(region["indicators"].get(key)) not in {category_text(v) for v in values}:
            return False
    return True


def competition_ranks(scores: list[Fraction], better) -> list[int]:
    """1 + the number of regions strictly better: 1, 2, 2, 4."""
    return [1 + sum(1 for t in scores if better(t, s)) for s in scores]


def rank_amount(amount: dict, p: int, n_group: int) -> Fraction:
    """The amount (model unit, exact) at position p of a group of N: fixed, or linear from → to."""
    if "fixed" in amount:
        return dec(amount["fixed"])
    start = dec(amount["from"])
    end = dec(amount.get("to", amount["from"]))
    if n_group == 1:
        return start
    return start + (end - start) * (p - 1) / (n_group - 1)


# ---------------------------------------------------------------------------------------------------- floors and caps


def clamp(x: Fraction, lo: Fraction, hi: Fraction | None) -> Fraction:
    return max(lo, x if hi is None else min(x, hi))


def solve_lambda(a, f, lo, hi, budget) -> Fraction:
    """The smallest λ ≥ 0 with Σ clamp(a_i + λ f_i, lo_i, hi_i) = budget, exactly.

    S(λ) is continuous, piecewise linear and non-decreasing (f_i ≥ 0) with breakpoints where a region meets its
    floor or cap; find the piece where it reaches the budget and solve that linear piece."""
    n = len(a)

    def total(lam: Fraction) -> Fraction:
        return sum(clamp(a[i] + lam * f[i], lo[i], hi[i]) for i in range(n))

    if total(Fraction(0)) > budget:
        raise ScenarioError(["/regions"])  # the floors alone ask for more than there is
    if total(Fraction(0)) == budget:
        return Fraction(0)
    points = set()
    for i in range(n):
        if f[i] > 0:
            for bound in (lo[i], hi[i]):
                if bound is not None and (bound - a[i]) / f[i] > 0:
                    points.add((bound - a[i]) / f[i])
    prev = Fraction(0)
    for point in sorted(points):
        if total(point) >= budget:
            slope = (total(point) - total(prev)) / (point - prev)
            return prev + (budget - total(prev)) / slope
        prev = point
    slope = sum(f[i] for i in range(n) if f[i] > 0 and hi[i] is None)  # past every breakpoint: the uncapped
    if slope == 0:
        raise ScenarioError(["/regions"])  # every region is capped and money is left
    return prev + (budget - total(prev)) / slope


def state_of(x: Fraction, lo: Fraction, hi: Fraction | None) -> str:
    if x < lo:
        return "floor"
    if hi is not None and x > hi:
        return "cap"
    return "free"


# ---------------------------------------------------------------------------------------------------- the pipeline


def allocate_with_pipeline(request, model, regions, share, factor_shares, granules, g, places, extra):
    """The expected block when the pipeline applies, else None (the caller then gives the formula-only answer)."""
    pipeline = effective_pipeline(request, model)
    if pipeline is None:
        return None
    off = set((request.get("overrides") or {}).get("off") or [])
    on = active_stages(pipeline, regions, off)
    if not any(on.values()):
        return None

    n = len(regions)
    ids = [r["id"] for r in regions]
    money = Money(request, model, g)
    zero = [0] * n

    # 1. set-asides ------------------------------------------------------------------------------------------
    set_aside_i = [0] * n
    books_regions, books_other = [], []
    reserve = purpose = 0
    for sa in (pipeline.get("setAsides") or []) if on["setAsides"] else []:
        if "percent" in sa:
            size = round_nearest(granules * dec(sa["percent"]))
        else:
            size = money.model_nearest(sa["amount"])
        if "regions" in sa:
            members = [i for i in range(n) if selected(sa["regions"], regions[i])]
            if not members:
                size = 0  # nobody qualifies: the money stays in the formula pool
            else:
                split = sa.get("split", "equal")
                if split == "equal":
                    weights = [Fraction(1)] * len(members)
                elif "factors" in split:
                    # a sub-formula: the factor method over the receiving regions only
                    from factor_method import formula_shares  # here, not at the top: the two modules import each other
                    try:
                        weights = formula_shares(split["factors"], [regions[i] for i in members])
                    except ScenarioError as e:
                        raise ScenarioError([re.sub(r"^/regions/(\d+)", lambda m: f"/regions/{members[int(m.group(1))]}", p) for p in e.pointers])
                else:
                    key = split["by"]
                    weights = []
                    for i in members:
                        value = regions[i]["indicators"].get(key)
                        if not is_number(value):
                            raise ScenarioError([f"/regions/{i}/indicators/{key}"])
                        weights.append(dec(value))
                    if sum(weights) == 0:
                        weights = [Fraction(1)] * len(members)
                parts = largest_remainder(size, weights, [ids[i] for i in members])
                for i, part in zip(members, parts):
                    set_aside_i[i] += part
            books_regions.append({"id": sa["id"], "amount": fixed(size * g, places), "to": to_regions(len(members))})
        elif sa.get("reserve"):
            reserve += size
            books_other.append({"id": sa["id"], "amount": fixed(size * g, places), "to": {"en": "reserved for rewards", "zh": "预留用于奖励"}})
        else:
            purpose += size
            books_other.append({"id": sa["id"], "amount": fixed(size * g, places), "to": {"en": "kept for a purpose (not given to regions)", "zh": "专项用途（不分给地区）"}})
    region_set_asides = sum(set_aside_i)
    pool_f = granules - region_set_asides - reserve - purpose  # the formula pool F, in granules
    problems = ["/total"] if pool_f < 0 else []  # the set-asides ask for more than the total

    # 2. formula -----------------------------------------------------------------------------------------------
    f = [pool_f * s for s in share]

    # 3. rewards and penalties --------------------------------------------------------------------------------
    penalty, points_reward = list(zero), list(zero)
    if on["points"]:
        spec = pipeline["points"]
        key = spec["input"]
        missing = [f"/regions/{i}/indicators/{key}" for i, r in enumerate(regions) if not is_number(r["indicators"].get(key))]
        problems += missing  # the ranking needs every region's score
        scores = [dec(r["indicators"][key]) if is_number(r["indicators"].get(key)) else Fraction(0) for r in regions]
        rank = competition_ranks(scores, lambda t, s: t > s)
        rank_from_bottom = competition_ranks(scores, lambda t, s: t < s)
        cap = n // 2
        for group, positions, out in (("bottom", rank_from_bottom, penalty), ("top", rank, points_reward)):
            if spec.get(group) is None:
                continue
            size = min(spec[group]["count"], cap)
            for i in range(n):
                if positions[i] <= size:
                    out[i] = round_nearest(rank_amount(spec[group]["amount"], positions[i], size) * money.model_to_request / g)
    grade_reward = list(zero)
    if on["grades"]:
        spec = pipeline["grades"]
        for i, r in enumerate(regions):
            grade = r["indicators"].get(spec["input"])
            if grade is not None and category_text(grade) in spec["rewards"]:
                grade_reward[i] = money.model_nearest(spec["rewards"][category_text(grade)])
    misuse = list(zero)
    if on["negativeList"]:
        key = pipeline["negativeList"]["input"]
        for i, r in enumerate(regions):
            if key in r["indicators"]:
                misuse[i] = money.request_nearest(r["indicators"][key])

    if problems:
        raise ScenarioError(problems)
    deductions = sum(penalty) + sum(misuse)
    funded_by = pipeline.get("rewardsFundedBy", "deductions")
    available = {"deductions": deductions, "reserve": reserve, "both": deductions + reserve}[funded_by]
    wanted = [points_reward[i] + grade_reward[i] for i in range(n)]
    if sum(wanted) <= available:
        paid = wanted
    else:
        paid = largest_remainder(available, [Fraction(w) for w in wanted], ids)
    points_paid = [min(paid[i], points_reward[i]) for i in range(n)]
    grade_paid = [paid[i] - points_paid[i] for i in range(n)]
    unspent = deductions + reserve - sum(paid)
    redistribute = pipeline.get("unspent", "withhold") == "redistribute"
    withheld = 0 if redistribute else unspent
    a = [set_aside_i[i] + points_paid[i] - penalty[i] + grade_paid[i] - misuse[i] for i in range(n)]

    # 4. floors and caps --------------------------------------------------------------------------------------
    budget = region_set_asides + pool_f + sum(paid) - deductions + (unspent if redistribute else 0)
    lo = [Fraction(0)] * n
    hi: list[Fraction | None] = [None] * n
    bounds = pipeline.get("bounds") or {}
    if on["bounds"]:
        for i, r in enumerate(regions):
            floors = [Fraction(0)]
            caps = []
            if "minimum" in bounds:
                floors.append(Fraction(math.ceil(money.model_exact(bounds["minimum"]))))
            if "maximum" in bounds:
                caps.append(Fraction(math.floor(money.model_exact(bounds["maximum"]))))
            if r.get("lastYear") is not None:
                last = dec(r["lastYear"]) / g
                if "holdHarmless" in bounds:
                    floors.append(Fraction(math.ceil(dec(bounds["holdHarmless"]) * last)))
                if "growthCap" in bounds:
                    caps.append(Fraction(math.floor((1 + dec(bounds["growthCap"])) * last)))
            lo[i] = max(floors)
            hi[i] = min(caps) if caps else None
        conflicts = [f"/regions/{i}" for i in range(n) if hi[i] is not None and lo[i] > hi[i]]
        if conflicts:
            raise ScenarioError(conflicts)  # a floor above the region's own cap: they cannot both hold
    lam = solve_lambda(a, f, lo, hi, budget)
    if on["bounds"] and bounds.get("protected") is not None:
        guarded = [selected(bounds["protected"], r) for r in regions]
        others = [clamp(a[i] + lam * f[i], lo[i], hi[i]) for i in range(n) if not guarded[i]]
        if others and any(guarded):
            average = math.ceil(sum(others) / len(others))  # in granules, rounded up
            # the lift never goes above the region's own cap: a growth cap or maximum is a hard limit
            def lifted(i):
                floor = max(lo[i], Fraction(average))
                return floor if hi[i] is None else min(floor, hi[i])
            lo = [lifted(i) if guarded[i] else lo[i] for i in range(n)]
            lam = solve_lambda(a, f, lo, hi, budget)
    final = [clamp(a[i] + lam * f[i], lo[i], hi[i]) for i in range(n)]
    state = [state_of(a[i] + lam * f[i], lo[i], hi[i]) for i in range(n)]
    assert sum(final) == budget

    # the trace: regions at a bound at λ = 1, and those pinned on the way from λ = 1 to the solution
    initially_below = [ids[i] for i in range(n) if a[i] + f[i] < lo[i]]
    initially_above = [ids[i] for i in range(n) if hi[i] is not None and a[i] + f[i] > hi[i]]
    cascade = []
    for i in range(n):
        if f[i] == 0:
            continue  # a_i alone: at its bound from the start, if at all
        if state[i] == "floor" and ids[i] not in initially_below or state[i] == "cap" and ids[i] not in initially_above:
            bound = lo[i] if state[i] == "floor" else hi[i]
            cascade.append(((bound - a[i]) / f[i], i))
    cascade.sort(key=lambda c: (abs(c[0] - 1), utf16_units(ids[c[1]])))

    # 5. rounding ---------------------------------------------------------------------------------------------
    amounts = largest_remainder(budget, final, ids) if budget > 0 else list(zero)
    leftover = budget - sum(math.floor(x) for x in final)

    # rows ----------------------------------------------------------------------------------------------------
    stage_places = places + extra
    rows = []
    for i, r in enumerate(regions):
        moved = final[i] - (a[i] + f[i])
        stages = {
            "formula": f[i],
            "setAsides": set_aside_i[i],
            "points": points_paid[i] - penalty[i],
            "grades": grade_paid[i],
            "negativeList": -misuse[i],
            "bounds": moved if state[i] != "free" else 0,
            "redistribution": moved if state[i] == "free" else 0,
        }
        shown = {k: fixed(v * g, stage_places) for k, v in stages.items()}
        shown["rounding"] = fixed(amounts[i] * g - sum(dec(v) for v in shown.values()), stage_places)
        rows.append({"index": i, "amount": amounts[i], "stages": shown})

    total = granules * g
    region_sum = sum(amounts)
    books = {
        "total": fixed(total, places),
        "setAsides": books_regions + books_other,
        "formulaPool": fixed(pool_f * g, places),
        "deducted": {"points": fixed(sum(penalty) * g, places), "negativeList": fixed(sum(misuse) * g, places)},
        "rewards": {"wanted": fixed(sum(wanted) * g, places), "paid": fixed(sum(paid) * g, places)},
        "unspent": fixed(unspent * g, places),
        "unspentGoes": {"en": "redistributed by the formula", "zh": "按因素法重新分配"}
        if redistribute
        else {"en": "withheld (not allocated)", "zh": "收回（不予分配）"},
        "withheld": fixed(withheld * g, places),
        "allocated": fixed(region_sum * g, places),  # what the regions received (summary.regions counts them)
    }
    return {
        "formulaPool": pool_f,
        "rows": rows,
        "books": books,
        "checks": {
            "sum": fixed(region_sum * g, places),
            "balanced": region_sum + purpose + withheld == granules,
            "regions": n,
            "leftoverGranules": leftover,
        },
        "trace": {
            "pipeline": {
                "bounds": {
                    "lambda": fixed(lam, LAMBDA_DECIMALS),
                    "cascade": [ids[i] for _, i in cascade],
                }
            }
        },
    }
