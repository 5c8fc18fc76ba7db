from celery import shared_task

from programmes import intake_dates


@shared_task
def roll_on_deadlines() -> int:
    """Hourly: offers whose stored soonest deadline passed get their next one."""
    return intake_dates.roll_on()
