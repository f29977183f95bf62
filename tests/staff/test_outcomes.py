"""The outcomes page (issue 18 item 7): every figure on a hand-built dataset, the small-cell
rule, the CSV, the SVG, the queries, and who may open it (the role matrix is in test_access.py).

The dataset is made straight in the tables, with the times set by hand, so each expected number
below can be checked with a pencil. The intake's steps are narrowed to three (start, about,
episode) through the registry itself, which the funnel reads at run time.
"""

import csv
import io
import re
from datetime import date, datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from screening.intake import steps as registry
from screening.intake.purge import drafts_purge
from screening.models import (
    AuditEvent,
    CaseEvent,
    Determination,
    PurgedDraftTally,
    Reminder,
    ScaleResponse,
    Submission,
)
from screening.staff.presenters import outcomes as present
from screening.staff.presenters.outcomes_csv import csv_rows
from screening.staff.presenters.suppression import SMALL_CELL_MIN, withheld_cells
from screening.staff.roles import ADMIN, CLINICIAN, COORDINATOR, ROLES
from screening.staff.selectors.outcomes import outcomes, percentile, window

pytestmark = pytest.mark.django_db

CLINIC = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 26, 10, 0, tzinfo=CLINIC)
OCTOBER, SEPTEMBER = date(2026, 10, 1), date(2026, 9, 1)
STEPS = ("start", "about", "episode")


@pytest.fixture(autouse=True)
def three_steps(monkeypatch):
    monkeypatch.setattr(registry, "STEPS_TO_SUBMIT", STEPS)


def draft(created: datetime, steps: tuple[str, ...], **fields) -> Submission:
    made = Submission.objects.create(steps_completed=list(steps), **fields)
    # created_at is auto_now_add: set it afterwards, as the months depend on it.
    Submission.objects.filter(pk=made.pk).update(created_at=created)
    return made


def submitted(created: datetime, at: datetime, verdict: str = "meets") -> Submission:
    case = draft(created, STEPS, state=Submission.State.SUBMITTED, submitted_at=at)
    determination = Determination.objects.create(
        submission=case,
        created_at=at,
        profile_name="clinic-default",
        profile_version=2,
        profile_parameters={},
        facts={},
        result={},
        verdict=verdict,
    )
    Submission.objects.filter(pk=case.pk).update(current_determination=determination)
    return case


def phq9(case: Submission, total: int, at: datetime, source: str) -> None:
    ScaleResponse.objects.create(
        submission=case, scale="phq9", source=source, answers=[], total=total, recorded_at=at
    )


def checkin_sent(case: Submission, sequence: int, status: str = Reminder.Status.SENT) -> None:
    Reminder.objects.create(
        submission=case,
        kind=Reminder.Kind.CHECKIN,
        sequence=sequence,
        due_at=NOW,
        status=status,
    )


def contact(case: Submission, at: datetime, kind: str = CaseEvent.Kind.CONTACT_ATTEMPT) -> None:
    CaseEvent.objects.create(submission=case, kind=kind, at=at, detail={})


def build_october() -> None:
    """64 drafts started on Oct 3: 12 stopped after starting, 13 after "about", 14 after
    "episode" without submitting, 25 submitted on Oct 10. Verdicts 12 / 11 / 2; 20 contacted
    1, 2, ... 20 hours after submitting; 40 check-ins sent (3 more pending), 22 answered."""
    started, at = datetime(2026, 10, 3, 9, tzinfo=CLINIC), datetime(2026, 10, 10, 10, tzinfo=CLINIC)
    for count, steps in ((12, STEPS[:1]), (13, STEPS[:2]), (14, STEPS)):
        for _ in range(count):
            draft(started, steps)
    verdicts = ["meets"] * 12 + ["needs_review"] * 11 + ["does_not_meet"] * 2
    cases = [submitted(started, at, verdict) for verdict in verdicts]
    # A later re-evaluation is not the verdict at submit.
    Determination.objects.create(
        submission=cases[12],
        created_at=at + timedelta(days=2),
        profile_name="fda-2019",
        profile_version=2,
        profile_parameters={},
        facts={},
        result={},
        verdict="meets",
    )
    for index, case in enumerate(cases[:20]):
        contact(case, at - timedelta(hours=1), kind=CaseEvent.Kind.ASSIGNED)  # not an attempt
        contact(case, at + timedelta(hours=index + 1))
        contact(case, at + timedelta(days=3))  # a later attempt: not the first
    for index, case in enumerate(cases):
        checkin_sent(case, 1)
        if index < 15:
            checkin_sent(case, 2)
        elif index < 18:
            checkin_sent(case, 2, status=Reminder.Status.PENDING)
    for case in cases[:22]:
        phq9(case, 7, at + timedelta(weeks=2), ScaleResponse.Source.CHECKIN)


# (patients, intake total, check-in totals oldest first) submitted in September.
SEPTEMBER_PHQ9 = (
    (12, 20, (18, 10)),  # exactly 50 % below: a response, not a remission
    (12, 12, (4,)),  # response and remission
    (11, 10, (6,)),  # neither
    (11, 0, (3,)),  # remission; no response can be measured from 0
    (11, 16, (4, 9)),  # the earlier check-in remitted, the latest neither
)


def build_september() -> None:
    """60 cases submitted on Sep 5 (all "meets"), 57 with check-ins as in SEPTEMBER_PHQ9, every
    case sent two check-ins."""
    started, at = datetime(2026, 9, 2, 9, tzinfo=CLINIC), datetime(2026, 9, 5, 10, tzinfo=CLINIC)
    cases = iter([submitted(started, at) for _ in range(60)])
    for patients, baseline, checkins in SEPTEMBER_PHQ9:
        for _ in range(patients):
            case = next(cases)
            phq9(case, baseline, at, ScaleResponse.Source.INTAKE)
            for weeks, total in enumerate(checkins, start=2):
                phq9(case, total, at + timedelta(weeks=weeks), ScaleResponse.Source.CHECKIN)
    for case in Submission.objects.filter(submitted_at=at):
        checkin_sent(case, 1)
        checkin_sent(case, 2)


@pytest.fixture
def dataset():
    build_october()
    build_september()
    return outcomes(now=NOW)


def texts(figures: dict) -> dict:
    return {name: figure.text for name, figure in figures.items()}


# --- Every figure ------------------------------------------------------------------------------


def test_the_window_is_the_last_twelve_months_in_clinic_time():
    months = window(now=datetime(2026, 3, 1, 3, tzinfo=ZoneInfo("UTC")))  # Feb 28 in Boston
    assert months[0] == date(2025, 3, 1) and months[-1] == date(2026, 2, 1)
    assert len(months) == 12


def test_the_funnel_counts_each_step_read_from_the_registry(dataset):
    assert dataset.funnel_steps == ("about", "episode")
    assert dataset.funnel[OCTOBER] == {"started": 64, "about": 52, "episode": 39, "submitted": 25}
    stages = present.funnel_month(dataset.funnel[OCTOBER], dataset.funnel_steps)
    assert [stage["saved"].text for stage in stages] == ["64", "52", "39", "25"]
    assert [stage["drop"].text for stage in stages] == ["—", "12", "13", "14"]
    assert [stage["share"].text for stage in stages] == ["—", "81 %", "61 %", "39 %"]


def test_a_step_added_to_the_registry_joins_the_funnel(dataset, monkeypatch):
    monkeypatch.setattr(registry, "STEPS_TO_SUBMIT", (*STEPS, "health"))
    counts = outcomes(now=NOW).funnel[OCTOBER]
    assert counts["health"] == 0 and counts["episode"] == 39


def test_purged_drafts_still_count_in_their_month(db):
    old = datetime(2026, 8, 3, 9, tzinfo=CLINIC)
    for steps in [STEPS[:1]] * 12 + [STEPS[:2]] * 11:
        draft(old, steps)
    Submission.objects.update(updated_at=old)
    urgent = draft(old, STEPS[:2], urgent=True)  # kept by the purge: counted once, live
    Submission.objects.filter(pk=urgent.pk).update(updated_at=old)
    before = outcomes(now=NOW).funnel[date(2026, 8, 1)]
    drafts_purge(now=NOW)
    assert Submission.objects.count() == 1
    assert PurgedDraftTally.objects.get(month=date(2026, 8, 1), step="").drafts == 23
    assert outcomes(now=NOW).funnel[date(2026, 8, 1)] == before
    assert before == {"started": 24, "about": 12, "episode": 0, "submitted": 0}
    drafts_purge(now=NOW)  # nothing more to delete: nothing counted twice
    assert outcomes(now=NOW).funnel[date(2026, 8, 1)] == before


def test_the_verdict_mix_counts_the_verdict_at_submit(dataset):
    assert dataset.verdicts[OCTOBER] == {"meets": 12, "needs_review": 11, "does_not_meet": 2}
    assert dataset.verdicts[SEPTEMBER] == {"meets": 60}


def test_time_to_first_contact_in_calendar_hours(dataset):
    stats = dataset.first_contact[OCTOBER]
    assert (stats.submitted, stats.contacted) == (25, 20)
    # Waits of 1, 2, ... 20 hours: median 10.5; the 90th percentile, interpolated as
    # percentile_cont does, at position 0.9 x 19 = 17.1 of the sorted waits: 18.1.
    assert stats.median_hours == pytest.approx(10.5)
    assert stats.p90_hours == pytest.approx(18.1)
    figures = present.first_contact_month(stats)
    assert (figures["median"].text, figures["p90"].text) == ("10.5 h", "18.1 h")
    assert dataset.first_contact[SEPTEMBER].contacted == 0
    assert dataset.first_contact[SEPTEMBER].median_hours is None


def test_percentile_matches_percentile_cont():
    assert percentile([], 0.5) is None
    assert percentile([4.0], 0.9) == 4.0
    assert percentile([float(n) for n in range(1, 21)], 0.9) == pytest.approx(18.1)
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == pytest.approx(2.5)


def test_check_in_completion(dataset):
    assert (dataset.checkins[OCTOBER].sent, dataset.checkins[OCTOBER].answered) == (40, 22)
    assert texts(present.checkin_month(dataset.checkins[OCTOBER])) == {
        "sent": "40",
        "answered": "22",
        "rate": "55 %",
    }
    assert (dataset.checkins[SEPTEMBER].sent, dataset.checkins[SEPTEMBER].answered) == (120, 80)


def test_phq9_response_and_remission_use_the_latest_check_in(dataset):
    stats = dataset.phq9[SEPTEMBER]
    assert (stats.with_checkin, stats.with_baseline) == (57, 46)
    assert (stats.responded, stats.remitted) == (24, 23)
    figures = present.phq9_month(stats)
    assert figures["response_rate"].text == "52 %"  # 24 / 46
    assert figures["remission_rate"].text == "40 %"  # 23 / 57
    assert figures["response_rate"].csv == "52.2"


def test_response_and_remission_come_from_the_scales_module(dataset, monkeypatch):
    from screening.staff.selectors import outcomes as selector

    monkeypatch.setattr(selector, "PHQ9_REMISSION_BELOW", 7)
    monkeypatch.setattr(selector, "PHQ9_RESPONSE_DROP", 0.4)
    stats = outcomes(now=NOW).phq9[SEPTEMBER]
    # Under 7 now also takes in the 6s; a 40 % drop also takes in 10 -> 6 and 16 -> 9.
    assert (stats.responded, stats.remitted) == (46, 34)


def test_the_one_query_counts_what_the_separate_queries_count(db):
    """PostgreSQL reads first contact, check-ins and PHQ-9 outcomes in one query (the SQLite
    file of `make run` in three): both give the same figures, ties and gaps included."""
    from screening.staff.selectors import outcomes as selector

    build_october()
    build_september()
    at = datetime(2026, 8, 12, 9, tzinfo=CLINIC)
    tied = submitted(at - timedelta(days=1), at)
    phq9(tied, 20, at, "intake")
    phq9(tied, 4, at + timedelta(days=14), "checkin")
    phq9(tied, 12, at + timedelta(days=14), "checkin")  # same moment: the later row is latest
    checkin_sent(tied, 1, status=Reminder.Status.PENDING)
    contact(tied, at + timedelta(hours=30), kind=CaseEvent.Kind.NOTE_ADDED)
    no_baseline = submitted(at - timedelta(days=1), at)
    phq9(no_baseline, 0, at, "intake")
    phq9(no_baseline, 3, at + timedelta(days=14), "checkin")
    contact(no_baseline, at + timedelta(hours=5))
    contact(no_baseline, at + timedelta(hours=2))
    unanswered = submitted(at - timedelta(days=1), at)
    ScaleResponse.objects.create(
        submission=unanswered, scale="phq9", source="checkin", answers=[], recorded_at=at
    )
    submitted_cases = Submission.objects.filter(
        state=Submission.State.SUBMITTED, submitted_at__gte=datetime(2025, 12, 1, tzinfo=CLINIC)
    )
    one_query = selector._cohort(submitted_cases)
    assert one_query == {
        "first_contact": selector._first_contact(submitted_cases),
        "checkins": selector._checkins(since=datetime(2025, 12, 1, tzinfo=CLINIC)),
        "phq9": selector._phq9(submitted_cases),
    }
    august = date(2026, 8, 1)
    assert one_query["phq9"][august] == selector.Phq9Outcomes(2, 1, 0, 1)
    assert one_query["checkins"][august] == selector.Checkins(0, 4)
    assert one_query["first_contact"][august].median_hours == pytest.approx(2.0)


# --- The small-cell rule -----------------------------------------------------------------------


def test_the_threshold_is_cms_eleven():
    assert SMALL_CELL_MIN == 11
    assert withheld_cells({"a": 10, "b": 11, "c": 0}, []) == {"a", "c"}


def test_a_small_part_beside_its_total_takes_a_complement_with_it(dataset):
    figures = present.verdict_month(dataset.verdicts[OCTOBER], list(present.VERDICT_LABELS))
    # 25 = 12 + 11 + 2: the 2 is small, and 25 - 12 - 11 would give it away, so the smallest
    # figure the subtraction used (the 11) is withheld as well.
    assert texts(figures) == {
        "total": "25",
        "meets": "12",
        "needs_review": "withheld",
        "does_not_meet": "fewer than 11",
    }


def test_two_withheld_parts_that_add_up_to_something_small_are_protected_too(dataset):
    figures = present.verdict_month(dataset.verdicts[SEPTEMBER], list(present.VERDICT_LABELS))
    # 60 submitted, 60 meet would say both other verdicts are 0.
    assert texts(figures) == {
        "total": "60",
        "meets": "withheld",
        "needs_review": "fewer than 11",
        "does_not_meet": "fewer than 11",
    }


def test_a_small_hidden_part_withholds_what_would_reveal_it(dataset):
    figures = present.first_contact_month(dataset.first_contact[OCTOBER])
    # 25 submitted, 20 contacted would tell that 5 were not: the 20 goes.
    assert figures["submitted"].text == "25"
    assert figures["contacted"].text == "withheld"
    assert "not_contacted" not in figures
    # The times rest on 20 people: shown.
    assert figures["median"].text == "10.5 h"


def test_times_of_fewer_than_eleven_people_are_not_shown():
    from screening.staff.selectors.outcomes import FirstContact

    figures = present.first_contact_month(FirstContact(30, 10, 2.0, 3.0))
    assert figures["contacted"].text == "fewer than 11"
    assert figures["median"].text == "not shown"
    # Nobody is shown "not contacted" (20), so the 30 gives nothing away.
    assert figures["submitted"].text == "30"


def test_a_funnel_drop_off_cannot_be_worked_out_along_the_chain():
    cells = {"started": 40, "about": 37, "episode": 20, "submitted": 18}
    stages = present.funnel_month(cells, ("about", "episode"))
    shown = {
        key: (stage["saved"].value, stage["drop"].value)
        for key, stage in zip(cells, stages, strict=True)
    }
    # Drop-offs 3 and 2 are small. Whatever is shown, no small drop-off may follow by
    # subtraction from two shown counts, nor a withheld count from a count and a drop-off.
    for before, key in zip(list(cells), list(cells)[1:], strict=False):
        count_before, count, drop = shown[before][0], shown[key][0], shown[key][1]
        known = [value is not None for value in (count_before, count, drop)]
        assert sum(known) != 2, (before, key, shown)
    assert shown["started"][0] == 40  # the headline stays


@pytest.mark.parametrize(
    "counts",
    [
        (60, 60, 60, 60),  # everyone submitted: the drop-offs are all 0
        (40, 37, 20, 18),
        (100, 95, 90, 85),
        (30, 12, 11, 11),
        (25, 25, 3, 0),
    ],
)
def test_no_two_shown_stages_give_away_a_small_drop_between_them(counts):
    keys = ("started", "about", "episode", "submitted")
    stages = present.funnel_month(dict(zip(keys, counts, strict=True)), ("about", "episode"))
    for first in range(len(keys)):
        for last in range(first + 1, len(keys)):
            if not stages[first]["saved"].withheld and not stages[last]["saved"].withheld:
                assert counts[first] - counts[last] >= SMALL_CELL_MIN, (keys[first], keys[last])
    for stage, count in zip(stages, counts, strict=True):
        assert stage["saved"].withheld or count >= SMALL_CELL_MIN


def test_withheld_cells_are_never_recoverable_from_random_tables():
    import random

    rng = random.Random(18)
    for _ in range(300):
        parts = [rng.choice([0, 2, 5, 11, 12, 30, 60]) for _ in range(rng.randint(2, 4))]
        cells = {"total": sum(parts), **{f"p{i}": v for i, v in enumerate(parts)}}
        relation = ("total", tuple(f"p{i}" for i in range(len(parts))))
        withheld = withheld_cells(cells, [relation])
        unknown = [name for name in cells if name in withheld]
        small = [name for name, value in cells.items() if value < SMALL_CELL_MIN]
        assert set(small) <= withheld
        assert len(unknown) != 1  # one withheld cell alone always follows by subtraction
        if unknown and "total" not in unknown:
            assert sum(cells[name] for name in unknown) >= SMALL_CELL_MIN or not small


def test_rates_made_from_a_withheld_count_are_not_shown():
    from screening.staff.selectors.outcomes import Phq9Outcomes

    figures = present.phq9_month(Phq9Outcomes(14, 13, 11, 5))
    assert figures["remitted"].text == "fewer than 11"
    assert figures["remission_rate"].text == "not shown"
    # 14 with a check-in, 13 with a baseline would tell that 1 had none.
    assert figures["with_baseline"].text == "withheld"
    assert figures["response_rate"].text == "not shown"


# --- The page and the CSV ----------------------------------------------------------------------


@pytest.fixture
def admin(staff_client):
    return staff_client(ADMIN)


def this_month_dataset() -> None:
    """The October dataset moved to the present, so the page (which reads the clock) shows it."""
    now = timezone.localtime()
    started = now.replace(day=1, hour=0, minute=5, second=0, microsecond=0)
    for steps in [STEPS[:1]] * 12 + [STEPS[:2]] * 13 + [STEPS] * 11:
        draft(started, steps)
    for _ in range(14):
        submitted(started, started + timedelta(minutes=1))


def test_the_admin_sees_every_section_with_its_numbers(admin, monkeypatch):
    this_month_dataset()
    response = admin.get(
        reverse("staff_outcomes") + "?month=" + timezone.localdate().strftime("%Y-%m")
    )
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Intake funnel",
        "Time to first contact",
        "Verdict mix",
        "Check-in completion",
        "PHQ-9 response and remission",
    ):
        assert heading in html
    month = timezone.localdate().strftime("%b %Y")
    # 50 started, 38 saved "about" (12 stopped after starting), 25 "episode", 14 submitted.
    assert re.search(r"<th scope=\"row\">Started</th><td>50</td>", html)
    assert re.search(r"<th scope=\"row\">About you</th><td>38</td><td>12</td><td>76 %</td>", html)
    assert re.search(r"<th scope=\"row\">Submitted</th><td>14</td><td>11</td><td>28 %</td>", html)
    assert f"Drafts started in {month}" in html
    assert "fewer than 11" in html
    assert 'aria-current="page">Outcomes' in html
    assert AuditEvent.objects.filter(action="outcomes_view", username=admin.user.username).exists()
    assert "no-store" in response["Cache-Control"]


def test_no_person_and_no_day_reaches_the_page_or_the_csv(admin):
    case = submitted(
        timezone.now() - timedelta(days=1), timezone.now() - timedelta(hours=20), "meets"
    )
    Submission.objects.filter(pk=case.pk).update(first_name="Quintessa", email="q@example.org")
    for url in (reverse("staff_outcomes"), reverse("staff_outcomes_csv")):
        body = admin.get(url).content.decode()
        assert "Quintessa" not in body and "q@example.org" not in body
        assert case.public_id not in body
        assert not re.search(
            r"\d{4}-\d{2}-\d{2}", body.replace(timezone.localdate().isoformat(), "")
        )


def test_every_chart_is_well_formed_accessible_svg(admin):
    this_month_dataset()
    html = admin.get(reverse("staff_outcomes")).content.decode()
    charts = re.findall(r"<svg.*?</svg>", html, flags=re.S)
    assert len(charts) == 5
    for svg in charts:
        root = ElementTree.fromstring(
            svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        )
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby").split()
        ns = "{http://www.w3.org/2000/svg}"
        assert root.find(f"{ns}title").get("id") == title_id
        assert root.find(f"{ns}desc").get("id") == desc_id and root.find(f"{ns}desc").text
        for bar in root.iter(f"{ns}rect"):
            assert float(bar.get("width")) >= 0
    assert "<script" not in html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_a_month_outside_the_window_is_refused_beside_the_field(admin):
    response = admin.get(reverse("staff_outcomes") + "?month=1999-01")
    assert response.status_code == 400
    assert "invalid_feedback" in response.content.decode().replace("-", "_")


def test_the_csv_holds_the_same_suppressed_counts(admin, dataset):
    rows = list(csv_rows(dataset))
    october = {
        (measure, figure): value for measure, month, figure, value in rows if month == "2026-10"
    }
    assert october[("funnel", "started saved")] == "64"
    assert october[("funnel", "about drop-off")] == "12"
    assert october[("verdict", "does_not_meet")] == "<11"
    assert october[("verdict", "needs_review")] == "withheld"
    assert october[("first_contact", "median hours")] == "10.5"
    assert october[("checkin", "answered %")] == "55.0"
    september = {
        (measure, figure): value for measure, month, figure, value in rows if month == "2026-09"
    }
    assert september[("phq9", "remission %")] == "40.4"
    assert {month for _, month, _, _ in rows} == {m.strftime("%Y-%m") for m in dataset.months}


def test_the_csv_download(admin):
    this_month_dataset()
    response = admin.get(reverse("staff_outcomes_csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="outcomes-')
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["measure", "month", "figure", "value"]
    this_month = timezone.localdate().strftime("%Y-%m")
    assert [this_month, "started saved", "50"] in [row[1:] for row in rows]
    assert [this_month, "submitted", "14"] in [row[1:] for row in rows if row[0] == "first_contact"]
    assert AuditEvent.objects.filter(action="outcomes_export_csv").exists()


# --- Who, and how many queries -----------------------------------------------------------------


def test_only_a_role_that_sees_outcomes_gets_the_page():
    assert [name for name, role in ROLES.items() if role.sees_outcomes] == [ADMIN]


@pytest.mark.parametrize("role", [COORDINATOR, CLINICIAN])
def test_other_roles_get_404_and_no_link(staff_client, role):
    client = staff_client(role)
    assert client.get(reverse("staff_outcomes")).status_code == 404
    assert client.get(reverse("staff_outcomes_csv")).status_code == 404
    assert reverse("staff_outcomes") not in client.get(reverse("staff_queue")).content.decode()
    assert AuditEvent.objects.filter(action="outcomes_view", outcome="denied").exists()


def test_the_query_count_does_not_grow_with_the_data(admin):
    url = reverse("staff_outcomes")
    admin.get(url)
    with CaptureQueriesContext(connection) as small:
        assert admin.get(url).status_code == 200
    build_october()
    build_september()
    this_month_dataset()
    with CaptureQueriesContext(connection) as large:
        assert admin.get(url).status_code == 200
    assert len(large) == len(small)
    with CaptureQueriesContext(connection) as selector:
        outcomes(now=NOW)
    # Four reads (two for the funnel, the verdicts, the rest in one), whatever the size; the rest
    # is the transaction and its PostgreSQL settings.
    reads = [query for query in selector.captured_queries if query["sql"].startswith("SELECT")]
    assert len(reads) == 4
