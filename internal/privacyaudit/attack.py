#!/usr/bin/env python3
"""The adversarial privacy audit: an attacker who solves integer programs.

It reads every case written by the Go side (a published summary and, for
scoring only, the truth), models everything a summary publishes in one
integer program -- every progress cell's n and coded percentage at/above,
the tier placement (n, Tier 2 and Tier 3 percentages, risk ratios) and the
intervention response tables, the perturbation bounds, the suppression
labels of v1, the partitions (each dimension partitions the same students,
the grades partition every group, all of it adds up to the totals), the
students tested being among those enrolled, and the noise that nested
cells of the same students share -- and, with SciPy's HiGHS MILP, computes
for every hidden count and every at/above (tier, adequate) count the
smallest and largest value an attacker can prove. It prints every pinned
value, naming the cell, and exits 1 when any is found.

Usage: attack.py DIR   (the case files *.json)
"""
import glob
import json
import math
import os
import sys

import numpy as np
from scipy import sparse
from scipy.optimize import LinearConstraint, Bounds, milp

ALL = "all"


# RULES are the builder's public tables, read from rules.json (written by
# the Go side from sync/summary, so that this file keeps no copy): the NCES
# coding ladder and the perturbation table.
RULES = {}


def code_limits(n):
    for rung in RULES["ladder"]:
        if n >= rung["min_n"]:
            return rung["hi"], rung["lo"]
    raise ValueError("no rung of the coding ladder for n = %d" % n)


def code(count, n):
    """The builder's NCES coding (sync/summary.Code), round half away from zero."""
    hi, lo = code_limits(n)
    r = math.floor(100 * count / n + 0.5)
    if r >= hi:
        return "≥%d" % hi
    if r <= lo:
        return "≤%d" % lo
    return str(r)


def counts_for(pct, n):
    """The at/above counts of a group of n that the builder codes as pct."""
    ok = [a for a in range(n + 1) if code(a, n) == pct]
    if not ok:
        raise ValueError("no count of %d codes as %s" % (n, pct))
    return min(ok), max(ok)


class Model:
    """Integer variables with bounds, linear equalities and inequalities."""

    def __init__(self):
        self.lo, self.hi, self.rows, self.rlo, self.rhi = [], [], [], [], []
        self.constraints = None

    def var(self, lo, hi):
        self.lo.append(lo)
        self.hi.append(hi)
        self.constraints = None
        return len(self.lo) - 1

    def add(self, coefs, lo, hi):
        self.rows.append(coefs)
        self.rlo.append(lo)
        self.rhi.append(hi)
        self.constraints = None

    def solve(self, obj):
        n = len(self.lo)
        c = np.zeros(n)
        for i, w in obj.items():
            c[i] = w
        if self.constraints is None:  # built once for the many solves of one model
            r, col, val = [], [], []
            for i, coefs in enumerate(self.rows):
                for j, w in coefs.items():
                    r.append(i)
                    col.append(j)
                    val.append(w)
            a = sparse.csr_array((val, (r, col)), shape=(len(self.rows), n))
            self.constraints = LinearConstraint(a, self.rlo, self.rhi)
        res = milp(c, constraints=self.constraints, integrality=np.ones(n),
                   bounds=Bounds(self.lo, self.hi), options={"time_limit": 30})
        if res.status != 0:
            raise RuntimeError("solver: " + res.message)
        return np.round(res.x).astype(int)


# NOISE bounds the cell-key perturbation of a v2 count: the largest |d| of
# the perturbation tables in rules.json (set by main). The attacker is
# granted the tables' bounds but not the record keys, so each count is an
# interval.
NOISE = None

# Shared noise. A cell's noise is a function of its count and its key, the
# sum of its students' record keys: two cells of the same students publish
# the same values. The attacker knows it, and where one cell's students are
# among another's (a grade's group among the group, a group among all
# students, the students tested among the students enrolled), two cells
# published with different values cannot hold the same students: the
# smaller has at least one student fewer. (The count of a cell's students
# at/above is keyed by them and by the whole cell, summary.SubsetKey, so
# two nested cells of the same students at/above do not share that noise.
# When they did, the attacker added that the smaller cell has fewer at/above
# wherever the two percentages allow no common count, and pinned 3 counts
# of 21 summaries with it.) (Cells that are
# not nested, such as one group's cells on two measures, may hold the same
# students too, but nothing proves it: published values that agree are
# evidence, not a constraint.)


def published_count(m, c, k, total):
    """The true n and at/above count of a published progress or response
    cell: the published n' and at/above a' are true counts moved by at most
    NOISE (never under 0, n' raised to k, a' capped at n'), and a cell is
    published only when its true n is k or more."""
    n = c["n"]
    alo, ahi = counts_for(c["pct"], n)
    nv = m.var(max(k, n - NOISE), n + NOISE)
    av = m.var(max(0, alo - NOISE), ahi + NOISE if ahi < n else total)
    m.add({av: 1, nv: -1}, -np.inf, 0)
    return nv, av


def hidden_count(m, c, k, total):
    lo, hi = (0, k - 1) if c.get("reason") == "primary" else (k if c.get("reason") == "complementary" else 0, total)
    nv = m.var(lo, hi)
    av = m.var(0, hi)
    m.add({av: 1, nv: -1}, -np.inf, 0)
    return nv, av


def nested(m, small, big, nv, cells, perturbed):
    """Cell small's students are among big's: constrains the two as shared noise allows."""
    a, b = cells.get(small), cells.get(big)
    if not perturbed or a is None or b is None or a.get("suppressed") or b.get("suppressed"):
        return
    if (a["n"], a["pct"]) != (b["n"], b["pct"]):
        m.add({nv[big]: 1, nv[small]: -1}, 1, np.inf)


class Targets:
    """The counts whose smallest and largest feasible values are computed:
    each with its name, coefficients over the model's variables, true value
    and whether its cell was published."""

    def __init__(self):
        self.items = []

    def add(self, kind, name, coefs, value, published):
        self.items.append((kind, name, coefs, value, published))


def model_progress(m, case, measure, cells, truth, perturbed, targets):
    k = case["k"]
    total = max(t["n"] for t in truth.values())
    nv, av = {}, {}
    for key, c in cells.items():
        if c.get("suppressed"):
            nv[key], av[key] = hidden_count(m, c, k, total)
        elif perturbed:
            nv[key], av[key] = published_count(m, c, k, total)
        else:
            n = c["n"]
            lo, hi = counts_for(c["pct"], n)
            nv[key] = m.var(n, n)
            av[key] = m.var(lo, hi)
    grades = sorted({g for g, _, _ in cells if g != ALL})
    groups = sorted({(d, v) for _, d, v in cells})
    # Each dimension partitions the same students, in every grade scope.
    for g in [ALL] + grades:
        for dim in sorted({d for d, _ in groups if d != ALL}):
            members = [(g, dim, v) for d, v in groups if d == dim]
            for var in (nv, av):
                coefs = {var[x]: 1 for x in members}
                coefs[var[(g, ALL, ALL)]] = coefs.get(var[(g, ALL, ALL)], 0) - 1
                m.add(coefs, 0, 0)
            for x in members:
                nested(m, x, (g, ALL, ALL), nv, cells, perturbed)
    # The grades partition every group (when the truth says every assessed
    # student is in a published grade; else they are part of it).
    exact = all(sum(truth[(g, d, v)]["n"] for g in grades) == truth[(ALL, d, v)]["n"] for d, v in groups)
    for d, v in groups:
        for var in (nv, av):
            coefs = {var[(g, d, v)]: 1 for g in grades}
            coefs[var[(ALL, d, v)]] = -1
            m.add(coefs, 0 if exact else -np.inf, 0)
        for g in grades:
            nested(m, (g, d, v), (ALL, d, v), nv, cells, perturbed)
    likeliest_guess(cells, truth, grades, groups, exact, targets.stats)
    for key, c in cells.items():
        t = truth[key]
        name = "%s %s grade=%s %s=%s" % (case["name"], measure, key[0], key[1], key[2])
        published = not c.get("suppressed")
        if not published:
            targets.add("hidden n", name, {nv[key]: 1}, t["n"], False)
        if t["n"] > 0:
            targets.add("at/above", name, {av[key]: 1}, t["at"], published and t["n"] >= k)
            targets.add("below", name, {nv[key]: 1, av[key]: -1}, t["n"] - t["at"], published and t["n"] >= k)
    return nv


def model_response(m, case, measure, cells, truth, targets):
    """A measure's intervention response: plans (n) and those adequate, by
    group; each dimension partitions the plans."""
    k = case["k"]
    total = max(max(t["n"] for t in truth.values()), k)
    nv, av = {}, {}
    for key, c in cells.items():
        nv[key], av[key] = hidden_count(m, c, k, total) if c.get("suppressed") else published_count(m, c, k, total)
    for dim in sorted({d for d, _ in cells if d != ALL}):
        members = [x for x in cells if x[0] == dim]
        for var in (nv, av):
            coefs = {var[x]: 1 for x in members}
            coefs[var[(ALL, ALL)]] = -1
            m.add(coefs, 0, 0)
        for x in members:
            nested(m, x, (ALL, ALL), nv, cells, True)
    for key, c in cells.items():
        t = truth[key]
        name = "%s response %s %s=%s" % (case["name"], measure, key[0], key[1])
        published = not c.get("suppressed")
        if not published:
            targets.add("hidden n", name, {nv[key]: 1}, t["n"], False)
        if t["n"] > 0:
            targets.add("adequate", name, {av[key]: 1}, t["adequate"], published)
            targets.add("not adequate", name, {nv[key]: 1, av[key]: -1}, t["n"] - t["adequate"], published)


def model_tiers(m, case, cells, truth, targets):
    """The tier placement as of the window's end: students (n) and those in
    Tier 2 and in Tier 3, by group; each dimension partitions the enrolled
    students. A published Tier 2 count t2' is min(t2 + d, n') and Tier 3's
    t3' = min(t3 + d, n' - t2'); a risk ratio is computed from published
    counts: t3' / n' over (all's t3' - t3') / (all's n' - n'), rounded to
    a tenth."""
    k = case["k"]
    total = max(t["n"] for t in truth.values())
    nv, t2v, t3v, t3p = {}, {}, {}, {}
    for key, c in cells.items():
        if c.get("suppressed"):
            nv[key] = m.var(0, k - 1)
            t2v[key], t3v[key] = m.var(0, k - 1), m.var(0, k - 1)
        else:
            n = c["n"]
            nv[key] = m.var(max(k, n - NOISE), n + NOISE)
            lo2, hi2 = counts_for(c["pct_tier2"], n)
            lo3, hi3 = counts_for(c["pct_tier3"], n)
            p2, t3p[key] = m.var(lo2, hi2), m.var(lo3, hi3)
            m.add({p2: 1, t3p[key]: 1}, 0, n)
            t2v[key], t3v[key] = m.var(0, total), m.var(0, total)
            m.add({t2v[key]: 1, p2: -1}, -NOISE, NOISE if hi2 < n else np.inf)
            m.add({t3v[key]: 1, t3p[key]: -1}, -NOISE, NOISE if hi2 + hi3 < n else np.inf)
        m.add({t2v[key]: 1, t3v[key]: 1, nv[key]: -1}, -np.inf, 0)
    for dim in sorted({d for d, _ in cells if d != ALL}):
        members = [x for x in cells if x[0] == dim]
        for var in (nv, t2v, t3v):
            coefs = {var[x]: 1 for x in members}
            coefs[var[(ALL, ALL)]] = -1
            m.add(coefs, 0, 0)
        for x in members:
            a, b = cells[x], cells[(ALL, ALL)]
            shown = lambda c: (c["n"], c["pct_tier2"], c["pct_tier3"])
            if not a.get("suppressed") and not b.get("suppressed") and shown(a) != shown(b):
                m.add({nv[(ALL, ALL)]: 1, nv[x]: -1}, 1, np.inf)
    everyone = cells[(ALL, ALL)]
    for key, c in cells.items():
        rr = c.get("risk_ratio_tier3")
        if rr is None or c.get("suppressed") or everyone.get("suppressed"):
            continue
        # (rr - 0.05) <= t3'/n' * (N' - n') / (T3' - t3') <= (rr + 0.05), with n', N' published.
        n, rest_n = c["n"], everyone["n"] - c["n"]
        slack = 1e-6
        m.add({t3p[(ALL, ALL)]: 1, t3p[key]: -1}, 1, np.inf)
        m.add({t3p[key]: rest_n + (rr - 0.05) * n, t3p[(ALL, ALL)]: -(rr - 0.05) * n}, -slack, np.inf)
        m.add({t3p[key]: rest_n + (rr + 0.05) * n, t3p[(ALL, ALL)]: -(rr + 0.05) * n}, -np.inf, slack)
    for key, c in cells.items():
        t = truth[key]
        name = "%s tiers %s=%s" % (case["name"], key[0], key[1])
        published = not c.get("suppressed")
        if not published:
            targets.add("hidden n", name, {nv[key]: 1}, t["n"], False)
        if t["n"] > 0:
            targets.add("tier 2", name, {t2v[key]: 1}, t["tier2"], published)
            targets.add("tier 3", name, {t3v[key]: 1}, t["tier3"], published)
            targets.add("tier 1", name, {nv[key]: 1, t2v[key]: -1, t3v[key]: -1}, t["n"] - t["tier2"] - t["tier3"], published)
    return nv


def solve_targets(m, targets, findings, stats):
    """Computes every target's smallest and largest feasible value: a
    target whose every solution equals its true value is pinned."""
    value = lambda x, coefs: sum(w * x[i] for i, w in coefs.items())
    seen_lo, seen_hi = set(), set()
    items = targets.items

    def note(x):
        for i, (_, _, coefs, v, _) in enumerate(items):
            got = value(x, coefs)
            if got < v:
                seen_lo.add(i)
            if got > v:
                seen_hi.add(i)

    for i, (_, _, coefs, v, _) in enumerate(items):
        for sign, seen in ((1, seen_lo), (-1, seen_hi)):
            if i in seen:
                continue
            note(m.solve({j: sign * w for j, w in coefs.items()}))
            stats["solves"] += 1
    for i, (kind, name, coefs, v, published) in enumerate(items):
        stats["targets"] += 1
        if published and kind in ("at/above", "adequate", "tier 2", "tier 3"):
            stats["published_pcts"] += 1
        if i in seen_lo or i in seen_hi:
            continue
        if kind == "hidden n":
            findings.append("PINNED hidden count: %s is exactly %d" % (name, v))
        elif published:
            stats["published_pinned"] += kind in ("at/above", "adequate", "tier 2", "tier 3")
            findings.append("PINNED %s count of a published cell: %s is exactly %d" % (kind, name, v))
        elif v == 0:
            findings.append("PINNED %s count of a hidden cell at 0: %s" % (kind, name))
        else:
            findings.append("PINNED %s count of a hidden cell: %s is exactly %d" % (kind, name, v))


def likeliest_guess(cells, truth, grades, groups, exact, stats):
    """The odds, beside the bounds: where one cell of a partition is hidden
    and the rest are published, an attacker who takes every published count
    at its likeliest noise, 0, guesses the hidden n as the total less the
    others (and its at/above count from the middles of the coded ranges).
    Counts how often those guesses are exactly right."""
    parts = []
    for g in [ALL] + grades:
        for dim in sorted({d for d, _ in groups if d != ALL}):
            parts.append(((g, ALL, ALL), [(g, dim, v) for d, v in groups if d == dim]))
    if exact:
        for d, v in groups:
            parts.append(((ALL, d, v), [(g, d, v) for g in grades]))
    for total, members in parts:
        hidden = [x for x in members if cells[x].get("suppressed")]
        if len(hidden) != 1 or cells[total].get("suppressed"):
            continue
        h, shown = hidden[0], [x for x in members if x != hidden[0]]
        n_guess = cells[total]["n"] - sum(cells[x]["n"] for x in shown)
        mid = lambda x: sum(counts_for(cells[x]["pct_at_or_above"], cells[x]["n"])) / 2
        a_guess = round(mid(total) - sum(mid(x) for x in shown))
        stats["likeliest_n"] += 1
        stats["likeliest_n_right"] += n_guess == truth[h]["n"]
        stats["likeliest_at_right"] += a_guess == truth[h]["at"]


def pct_value(pct):
    return int(pct.lstrip("≥≤"))


def utility(cells, truth, stats):
    """Counts the published cells of 30 or more students whose percentage is within 3 points of the truth."""
    for key, c in cells.items():
        t = truth[key]
        if c.get("suppressed") or c.get("n") is None or t["n"] < 30:
            continue
        stats["utility_cells"] += 1
        if abs(pct_value(c["pct_at_or_above"]) - 100 * t["at"] / t["n"]) <= 3:
            stats["utility_close"] += 1


def progress_cells(summary, measure):
    return {(c["grade"], c["dimension"], c["group"]): c for c in summary.get("progress") or []
            if c["measure"] == measure and not c.get("suppressed") and c.get("n") is not None}


def audit_pair(pair, findings, stats):
    """A differencing attacker on two versions of a window's summary around
    one student's make-up score (the target, whose grade and groups the
    attacker knows). v1 pairs differ by the target alone; v2 pairs are a
    first send and its correction, which waits for k changed students and
    republishes only the cells with k or more of them.

    In every cell of the target published in both versions with another
    value, the target joined (n grew by 1 or more, the others changed) and
    the at/above change is the target's result plus the others' (between 0
    and the n change less 1), each bound widened by both versions' noise:
    the intersection pins the result when it is one value. Otherwise the
    attacker estimates the result from each such cell, as the at/above
    change less the others' share at the cell's earlier rate, and from each
    partition whose total changed while the target's cell kept its value
    (the total's change less the other groups'); with nothing to go on it
    guesses by the earlier rate of the target's grade."""
    before_summary = json.loads(pair["before"]) if isinstance(pair["before"], str) else pair["before"]
    after_summary = json.loads(pair["after"]) if isinstance(pair["after"], str) else pair["after"]
    noise = NOISE if after_summary.get("schema") == "tierline.summary/v2" else 0
    before = progress_cells(before_summary, pair["measure"])
    after = progress_cells(after_summary, pair["measure"])
    groups = pair.get("groups")
    if groups is None:  # a v1 pair: the attacker looks at every cell that grew by one
        mine = [key for key in after if key in before and after[key]["n"] == before[key]["n"] + 1]
    else:
        mine = [(g, ALL, ALL) for g in (ALL, pair["grade"])] + [(g, d, v) for g in (ALL, pair["grade"]) for d, v in groups.items()]

    def mid(c):
        return sum(counts_for(c["pct_at_or_above"], c["n"])) / 2

    def rate(c):
        return mid(c) / c["n"]

    lo, hi, estimates = 0, 1, []
    for key in mine:
        a, b = after.get(key), before.get(key)
        if a is None or b is None or a == b:
            continue
        blo, bhi = counts_for(b["pct_at_or_above"], b["n"])
        alo, ahi = counts_for(a["pct_at_or_above"], a["n"])
        dn_hi = a["n"] - b["n"] + 2 * noise
        lo, hi = max(lo, alo - bhi - 2 * noise - max(dn_hi - 1, 0)), min(hi, ahi - blo + 2 * noise)
        estimates.append((mid(a) - mid(b)) - max(a["n"] - b["n"] - 1, 0) * rate(b))
    if groups is not None:
        for g in (ALL, pair["grade"]):
            total = (g, ALL, ALL)
            for d, v in groups.items():
                keys = [x for x in after if x[0] == g and x[1] == d]
                mine_key = (g, d, v)
                if (total not in after or total not in before or after[total] == before[total] or mine_key not in after
                        or after.get(mine_key) != before.get(mine_key) or any(x not in before for x in keys)):
                    continue
                others = [x for x in keys if x != mine_key]
                dn = after[total]["n"] - before[total]["n"] - sum(after[x]["n"] - before[x]["n"] for x in others)
                da = mid(after[total]) - mid(before[total]) - sum(mid(after[x]) - mid(before[x]) for x in others)
                estimates.append(da - max(dn - 1, 0) * rate(before[mine_key]))
    stats["pairs"] += 1
    truth = 1 if pair["at_or_above"] else 0
    if lo == hi:
        findings.append("PINNED by differencing: %s, the make-up %s score is %s" % (
            pair["name"], pair["measure"], "at/above benchmark" if lo else "below benchmark"))
        guess = lo
    elif estimates:
        guess = 1 if sum(estimates) / len(estimates) > 0.5 else 0
    else:
        prior = before.get((pair.get("grade", ALL), ALL, ALL)) or before.get((ALL, ALL, ALL))
        guess = 1 if prior is not None and rate(prior) > 0.5 else 0
        stats["pairs_blind"] += 1
    stats["pairs_right"] += guess == truth


def audit_case(case, findings, stats):
    """Attacks one summary as a whole: every measure's progress and
    response tables and the tier placement in one integer program, linked
    where their students are nested (the students tested in a group are
    among the group's students enrolled)."""
    summary = json.loads(case["summary"]) if isinstance(case["summary"], str) else case["summary"]
    perturbed = summary.get("schema") == "tierline.summary/v2"
    m, targets = Model(), Targets()
    targets.stats = stats
    by_measure = {}
    for c in summary.get("progress") or []:
        by_measure.setdefault(c["measure"], {})[(c["grade"], c["dimension"], c["group"])] = dict(c, pct=c.get("pct_at_or_above"))
    truth = {}
    for t in case["truth_progress"]:
        truth.setdefault(t["measure"], {})[(t["grade"], t["dimension"], t["group"])] = t
    tier_truth = {(t["dimension"], t["group"]): t for t in case.get("truth_tiers") or []}
    tier_cells = {(c["dimension"], c["group"]): c for c in summary.get("tiers") or []}
    tier_n = None
    if perturbed and tier_truth:
        # A v2 summary leaves a cell under k out; the attacker knows which
        # cells exist (the groups are public) and that those are under k.
        for key in tier_truth:
            tier_cells.setdefault(key, {"suppressed": True, "reason": "primary"})
        tier_n = model_tiers(m, case, tier_cells, tier_truth, targets)
    for measure, cells in sorted(by_measure.items()):
        if perturbed:
            for key in truth[measure]:
                cells.setdefault(key, {"suppressed": True, "reason": "primary"})
        utility(cells, truth[measure], stats)
        nv = model_progress(m, case, measure, cells, truth[measure], perturbed, targets)
        if tier_n is None:
            continue
        for d, v in tier_truth:
            key = (ALL, d, v)
            if key not in nv:
                continue
            if truth[measure][key]["n"] > tier_truth[(d, v)]["n"]:
                raise RuntimeError("%s %s %s=%s: more students tested than enrolled" % (case["name"], measure, d, v))
            m.add({tier_n[(d, v)]: 1, nv[key]: -1}, 0, np.inf)
            a, b = cells[key], tier_cells[(d, v)]
            if not a.get("suppressed") and not b.get("suppressed") and a["n"] != b["n"]:
                m.add({tier_n[(d, v)]: 1, nv[key]: -1}, 1, np.inf)
    response_truth = {}
    for t in case.get("truth_response") or []:
        response_truth.setdefault(t["measure"], {})[(t["dimension"], t["group"])] = t
    response = {}
    for c in summary.get("response") or []:
        response.setdefault(c["measure"], {})[(c["dimension"], c["group"])] = dict(c, pct=c.get("pct_adequate"))
    if perturbed:
        for measure, truth_cells in sorted(response_truth.items()):
            if not any(t["n"] for t in truth_cells.values()):
                continue  # no plan on the measure: nothing to model
            cells = response.setdefault(measure, {})
            for key in truth_cells:
                cells.setdefault(key, {"suppressed": True, "reason": "primary"})
            model_response(m, case, measure, cells, truth_cells, targets)
    solve_targets(m, targets, findings, stats)


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    findings, stats = [], {"targets": 0, "solves": 0, "published_pinned": 0, "published_pcts": 0, "utility_cells": 0,
                           "utility_close": 0, "pairs": 0, "pairs_right": 0,
                           "pairs_blind": 0, "likeliest_n": 0, "likeliest_n_right": 0, "likeliest_at_right": 0}
    with open(os.path.join(argv[1], "rules.json"), encoding="utf-8") as fh:
        RULES.update(json.load(fh))
    global NOISE
    NOISE = max(abs(e["d"]) for t in RULES["ptables"] for row in t["rows"] for e in row)
    files = sorted(f for f in glob.glob(os.path.join(argv[1], "*.json")) if os.path.basename(f) not in ("pairs.json", "rules.json"))
    pairs_file = os.path.join(argv[1], "pairs.json")
    if os.path.exists(pairs_file):
        with open(pairs_file, encoding="utf-8") as fh:
            for pair in json.load(fh):
                audit_pair(pair, findings, stats)
    for f in files:
        with open(f, encoding="utf-8") as fh:
            audit_case(json.load(fh), findings, stats)
    for line in findings:
        print(line)
    hidden = sum(1 for f in findings if f.startswith("PINNED hidden"))
    differencing = sum(1 for f in findings if f.startswith("PINNED by differencing"))
    print("audit: %d summaries, %d counts bounded by %d integer programs; %d pinned hidden counts, %d other pinned counts, "
          "%d results pinned by differencing; "
          "%d of %d published percentages pin an exact count" % (len(files), stats["targets"], stats["solves"], hidden,
                                                                 len(findings) - hidden - differencing, differencing,
                                                                 stats["published_pinned"], stats["published_pcts"]))
    if stats["utility_cells"]:
        print("utility: %d of %d published cells of n >= 30 (%.1f%%) are within 3 points of the true percentage (goal >= 95%%)" % (
            stats["utility_close"], stats["utility_cells"], 100 * stats["utility_close"] / stats["utility_cells"]))
    if stats["likeliest_n"]:
        print("odds: in %d partitions with one hidden cell, taking every published count at its likeliest noise guesses "
              "the hidden n right in %d (%.1f%%) and its at/above count in %d (%.1f%%)" % (
                  stats["likeliest_n"], stats["likeliest_n_right"], 100 * stats["likeliest_n_right"] / stats["likeliest_n"],
                  stats["likeliest_at_right"], 100 * stats["likeliest_at_right"] / stats["likeliest_n"]))
    if stats["pairs"]:
        print("differencing: %d simulated make-up scores, the attacker guesses the student's result right in %d (%.1f%%; goal <= 65%%, a coin 50%%); "
              "in %d the two versions showed nothing of the student" % (
                  stats["pairs"], stats["pairs_right"], 100 * stats["pairs_right"] / stats["pairs"], stats["pairs_blind"]))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
