# Loading the Celery app with Django makes @shared_task use it and delay_on_commit work.
from portal.celery import app as celery_app

__all__ = ["celery_app"]
