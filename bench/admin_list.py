"""How the admin's application list scales: 5 applications, then 5,000.

Not a test. It builds a throwaway database (PostgreSQL by default, `test_` + the name in
BENCH_DATABASE_URL; `--sqlite` for an in-memory SQLite one), fills it with applications that
each have three complete reviews of ten scores (150,000 scores at 5,000), and times the list
a programme manager opens, in-process through Django's test client with production settings
(debug off). For each size and each view of the list it prints the number of queries and the
median time of seven renders after one warm-up. Run it with `make bench-admin`.
"""

import argparse
import base64
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CRITERIA = 10
REVIEWERS = 3
RUNS = 7
VIEWS = {
    "the list": {},
    "shortlisted from Kenya": {"status__exact": "shortlisted", "country": "KE"},
    "average 4 to 5": {"score": "4-5"},
    "sorted by average score": {"o": "6"},
    "search by organisation": {"q": "Organisation 1"},
}
COUNTRIES = ["KE", "CO", "PH", "SN", "MX", "NP", "TN", "UG", "BR", "LK"]


def configure(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ishr_site.settings")
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + uuid.uuid4().hex)
    key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    os.environ.setdefault("DJANGO_ENCRYPTION_KEYS", key)
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    # The manager is signed in by the test client; the two-step sign-in has its own tests.
    os.environ["DJANGO_STAFF_TWO_FACTOR"] = "0"
    # Production serves hashed static files: collect them into a folder of the bench's own.
    os.environ["DJANGO_VAR_DIR"] = tempfile.mkdtemp(prefix="ishr-bench-admin-")
    if args.sqlite:
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ishr_bench_admin"
        )


def fill(edition, criteria, reviewers, start: int, stop: int) -> None:
    from programmes.models import Application, Review, Score, Status

    rng = random.Random(start)
    statuses = [Status.SUBMITTED, Status.SHORTLISTED, Status.DECLINED, Status.WAITLISTED]
    applications = Application.objects.bulk_create(
        Application(
            edition=edition,
            reference=f"BENCH-{n:06d}",
            submission_token=uuid.uuid4(),
            full_name=f"Applicant {n}",
            email=f"applicant{n}@example.org",
            country=COUNTRIES[n % len(COUNTRIES)],
            organisation=f"Organisation {n}",
            role="Advocacy officer",
            advocacy_experience="We brought cases to the national commission. " * 20,
            un_engagement="A shadow report to the UPR. " * 20,
            geneva_objectives="Meet the Special Rapporteur. " * 20,
            peer_learning="Community radio. " * 20,
            english_level="working",
            available_online="yes",
            available_geneva="yes",
            scholarship="full",
            recommending_organisation="A partner network",
            status=statuses[n % len(statuses)],
            consent_selection=True,
            consent_share_cohosts=False,
            consent_publication=False,
        )
        for n in range(start, stop)
    )
    if not applications[0].pk:  # backends that do not return ids from bulk_create
        applications = list(Application.objects.filter(reference__startswith="BENCH-")[start:])
    reviews = Review.objects.bulk_create(
        Review(application=a, reviewer=r, submitted_at=a.submitted_at)
        for a in applications
        for r in reviewers
    )
    if not reviews[0].pk:
        reviews = list(Review.objects.filter(application__in=applications))
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, value=rng.randint(0, 5))
            for review in reviews
            for criterion in criteria
        ),
        batch_size=5000,
    )


def measure(client, url) -> dict[str, tuple[int, float]]:
    from django.db import connection

    for params in VIEWS.values():
        client.get(url, params, secure=True)  # warm-up
    results = {}
    for name, params in VIEWS.items():
        # Counted as they run: the query log is reset at each request's start.
        queries = []

        def count(run, sql, *rest, queries=queries):
            began = time.perf_counter()
            try:
                return run(sql, *rest)
            finally:
                queries.append((time.perf_counter() - began, sql))

        with connection.execute_wrapper(count):
            response = client.get(url, params, secure=True)
        assert response.status_code == 200, response.status_code
        if os.environ.get("BENCH_SHOW_SLOW"):
            for took, sql in sorted(queries, reverse=True)[:3]:
                print(f"  {name}: {took * 1000:.0f} ms {sql[:300]}")
        times = []
        for _ in range(RUNS):
            began = time.perf_counter()
            client.get(url, params, secure=True).content  # noqa: B018 (render it all)
            times.append(time.perf_counter() - began)
        results[name] = (len(queries), statistics.median(times))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sqlite", action="store_true", help="in-memory SQLite, not PostgreSQL")
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    configure(args)

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from programmes.models import Criterion, Edition, Programme

    call_command("collectstatic", interactive=False, verbosity=0)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        programme = Programme.objects.create(slug="hrdap", name="HRDAP", short_name="HRDAP")
        edition = Edition.objects.create(programme=programme, year=2027, places=16)
        criteria = [
            Criterion.objects.create(edition=edition, name=f"Criterion {n}", position=n)
            for n in range(CRITERIA)
        ]
        reviewers = []
        for n in range(REVIEWERS):
            user = User.objects.create_user(f"reviewer{n}", is_staff=True)
            user.groups.add(Group.objects.get(name="Reviewers"))
            reviewers.append(user)
        manager = User.objects.create_user("manager", is_staff=True)
        manager.groups.add(Group.objects.get(name="Programme managers"))
        client = Client()
        client.force_login(manager)
        url = reverse("admin:programmes_application_changelist")

        print(f"database: {connection.vendor}; {REVIEWERS} reviews x {CRITERIA} scores each")
        done, table = 0, {}
        for size in (5, args.rows):
            fill(edition, criteria, reviewers, done, size)
            done = size
            if connection.vendor == "postgresql":
                # What autovacuum does after a bulk load; without it the planner takes the
                # freshly filled tables for empty ones.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            table[size] = measure(client, url)
        sizes = list(table)
        print(f"{'view':<28}" + "".join(f"{f'{s} rows':>24}" for s in sizes))
        for name in VIEWS:
            cells = "".join(
                f"{f'{table[s][name][0]} queries, {table[s][name][1] * 1000:.0f} ms':>24}"
                for s in sizes
            )
            print(f"{name:<28}{cells}")
        same = all(table[sizes[0]][n][0] == table[sizes[-1]][n][0] for n in VIEWS)
        print("same number of queries at both sizes:", "yes" if same else "NO")
        return 0 if same else 1
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        shutil.rmtree(os.environ["DJANGO_VAR_DIR"], ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
