"""`python -m tests.bench`: run every benchmark. Each app adds its own module here."""

from tests.bench import cohorts, communities, digest, insights, mentoring, plan, programmes

if __name__ == "__main__":
    programmes.main()
    cohorts.main()
    communities.main([])
    mentoring.main()
    insights.main()
    plan.main()
    # The longest: 200,000 people through two real workers and an SMTP sink.
    digest.main()
