"""The people the access matrix walks as, in the order of its columns."""

# Who walks: every kind of person the rules tell apart.
PERSONAS = (
    "visitor",
    "member",  # in the cohort and in set one; owns the 360 round, the application…
    "member_of_another_set",  # in the same cohort, in set two
    "facilitator_of_another_set",  # facilitates set two, not staff
    "staff_facilitator",  # facilitates the cohort and set one; uses the admin
    "curator_a",  # training-hub staff of hub A, which serves Devon
    "curator_b",  # training-hub staff of hub B, which serves Cornwall
    "coordinator_b",  # mentoring co-ordinator of hub B
    "superuser",
)
