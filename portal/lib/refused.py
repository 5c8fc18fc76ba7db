"""The one exception a service raises when the rules do not allow a write."""


class Refused(Exception):
    """A request the rules do not allow; the message is written for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
