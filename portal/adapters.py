from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from portal import mail
from portal.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Queue account emails for the worker, once the request's transaction commits.

        The request renders the message (it has the request context); the worker only
        delivers it, so a slow or failing SMTP server never holds up a page. Every
        template may name the address it went to (allauth leaves it out of some, such as
        "an account already exists").
        """
        message = self.render_mail(template_prefix, email, {"email": email, **context})
        send_email.delay_on_commit(mail.message_to_dict(message))

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        data = form.cleaned_data
        user.full_name = data["full_name"]
        user.profession = data["profession"]
        user.organisation = data["organisation"]
        return super().save_user(request, user, form, commit=commit)
