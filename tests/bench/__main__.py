"""`python -m tests.bench`: run every benchmark. Each app adds its own module here."""

from tests.bench import cohorts, programmes

if __name__ == "__main__":
    programmes.main()
    cohorts.main()
