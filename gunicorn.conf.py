# gunicorn reads this file from the directory it starts in. Whatever access-log flags
# production adds, secret link tokens are written as route names (portal/lib/log_redaction.py).
logger_class = "portal.lib.log_redaction.GunicornLogger"
