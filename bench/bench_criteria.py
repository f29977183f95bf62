"""Benchmark: criteria-engine evaluations per second on one core (issues 3 and 15, "Acceptance").

    .venv/bin/python bench/bench_criteria.py [--seconds 0.3] [--repeats 5]

Builds each history once, then times many ``evaluate()`` calls with time.perf_counter and reports
the best of several repeats for histories of 1, 2, 5, 10 and 20 trials; then the same for
``evaluate_all()`` (every shipped profile at once, for the staff page) on the 5-trial history.
The trials are a mix that keeps every rule busy (messy brand names, missing facts, an
unrecognised medication, a repeat of one molecule, titration, augmentation text that is not an
augmenter) and leaves the verdict short of "meets" so the favourable re-run for needs_review is
part of the cost; the history also carries psychotherapy and a clinician score, so the payer
profiles' requirements run too. Exits 1 if the 5-trial history is below 20,000 evaluate()/s or
5,000 evaluate_all()/s.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

# Run as a script from anywhere: make the repository importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from screening.criteria import (
    PROFILES,
    SAFETY_KEYS,
    ClinicianScales,
    Episode,
    HistoryFacts,
    Patient,
    Psychotherapy,
    TrialFacts,
    evaluate,
    evaluate_all,
    get_profile,
)

TARGET_PER_SECOND = 20_000
TARGET_ALL_PER_SECOND = 5_000  # issue 15: evaluate_all, every shipped profile
TARGET_TRIALS = 5
SIZES = (1, 2, 5, 10, 20)

# One of each kind of trial a patient reports; histories cycle through them in this order.
TRIAL_MIX = (
    TrialFacts("Zoloft", 100, 8, "most", "partial", False, True),  # failed
    TrialFacts(" effexor xr ", 150, None, "all", "none", None, None),  # unknown: weeks missing
    TrialFacts("Prozac 20 mg", 20, 10, "all", "none", False, True),  # failed, same class
    TrialFacts("Wellbutrin-XL", 150, 12, "most", "none", False, True),  # inadequate: dose
    TrialFacts("Abilify", 5, 8, "all", "partial", False, True),  # augmenter
    TrialFacts("nortriptyline", 75, 4, "some", None, True, True),  # inadequate: side effects
    TrialFacts("Mystery XR", 10, 6, "all", "none", False, True),  # unrecognised
    TrialFacts("PAXIL CR", 25, 6, "all", "response", False, True),  # responded
    TrialFacts("Lexapro", 20, 9, "all", "none", False, False),  # earlier episode
    TrialFacts("mirtazapine", None, 7, None, "partial", None, True, ("lithium",)),  # unknown
    TrialFacts("Pexeva", 20, 8, "all", "none", False, True, ("none",)),  # repeat of Paxil CR's
    TrialFacts("Cymbalta", 60, 3, "all", "none", False, True, (), 9),  # titration: unknown
)


def history(size: int) -> HistoryFacts:
    trials = tuple(TRIAL_MIX[index % len(TRIAL_MIX)] for index in range(size))
    return HistoryFacts(
        trials=trials,
        episode=Episode(months=18, onset_age=17, prior_episodes=3, psychotic_features=False),
        ect=False,
        phq9=(2, 2, 1, 3, 1, 2, 1, 1, 0),
        gad7=(1, 2, 2, 1, 0, 1, 1),
        comorbidities=("chronic_pain", "generalized_anxiety"),
        substance_use=("alcohol",),
        social_support="some",
        safety=dict.fromkeys(SAFETY_KEYS, False),
        psychotherapy=Psychotherapy(weeks=4, current_episode=True, kind="cbt"),
        clinician_scales=ClinicianScales(madrs=30),
        patient=Patient(age=52),
    )


def rate(work: Callable[[], object], seconds: float, repeats: int) -> float:
    """Best calls/second of ``work`` over ``repeats`` timed runs of about ``seconds`` each."""
    calls = 100
    while True:  # calibrate the batch so one run lasts about ``seconds``
        start = time.perf_counter()
        for _ in range(calls):
            work()
        elapsed = time.perf_counter() - start
        if elapsed >= seconds / 4:
            break
        calls *= 2
    calls = max(calls, int(calls * seconds / elapsed))
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            work()
        best = max(best, calls / (time.perf_counter() - start))
    return best


def processor() -> str:
    """The CPU model: platform.processor() is empty on most Linux systems, so ask /proc."""
    if platform.processor():
        return platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "(processor not reported)"


def pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity on this system)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=0.3, help="length of one timed run")
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per size; best wins")
    parser.add_argument("--profile", default="clinic-default")
    options = parser.parse_args()
    profile = get_profile(options.profile)

    pinning = pin_to_one_core()
    print("TRD criteria engine benchmark")
    print(f"  machine : {platform.machine()} {processor()}")
    print(f"  system  : {platform.system()} {platform.release()}; {os.cpu_count()} CPUs, {pinning}")
    print(f"  python  : {platform.python_implementation()} {platform.python_version()}")
    print(f"  profile : {profile.name} v{profile.version}; best of {options.repeats} runs")
    print()
    print(f"  {'trials':>6}  {'verdict':<13}  {'evaluations/s':>14}  {'µs/evaluation':>14}")
    results = {}
    for size in SIZES:
        facts = history(size)
        verdict = evaluate(facts, profile).verdict
        per_second = rate(partial(evaluate, facts, profile), options.seconds, options.repeats)
        results[size] = per_second
        print(f"  {size:>6}  {verdict:<13}  {per_second:>14,.0f}  {1e6 / per_second:>14.1f}")
    facts = history(TARGET_TRIALS)
    verdicts = sorted({d.verdict for d in evaluate_all(facts).values()})
    all_per_second = rate(partial(evaluate_all, facts), options.seconds, options.repeats)
    print()
    print(
        f"  evaluate_all: {len(PROFILES)} profiles, {TARGET_TRIALS} trials ({', '.join(verdicts)})"
    )
    print(f"  {'':>6}  {'':<13}  {all_per_second:>14,.0f}  {1e6 / all_per_second:>14.1f}")
    print()
    achieved = results[TARGET_TRIALS]
    met = achieved >= TARGET_PER_SECOND
    all_met = all_per_second >= TARGET_ALL_PER_SECOND
    print(
        f"  target  : >= {TARGET_PER_SECOND:,} evaluations/s for {TARGET_TRIALS} trials:"
        f" {'MET' if met else 'NOT MET'} ({achieved:,.0f}/s)"
    )
    print(
        f"  target  : >= {TARGET_ALL_PER_SECOND:,} evaluate_all/s for {TARGET_TRIALS} trials:"
        f" {'MET' if all_met else 'NOT MET'} ({all_per_second:,.0f}/s)"
    )
    return 0 if met and all_met else 1


if __name__ == "__main__":
    sys.exit(main())
