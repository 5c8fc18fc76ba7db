"""Forms of the community pages. Posts are Markdown, shown sanitised (``markdown``)."""

from django import forms

from cohorts.communities.models import Visibility

MARKDOWN_HELP = (
    "You can use Markdown: **bold**, *italic*, lists and links. Links to offers, "
    "pathways and roles on this site show as cards."
)


class ThreadForm(forms.Form):
    title = forms.CharField(
        max_length=150,
        label="Your question or topic",
        error_messages={"required": "Enter a title for your conversation"},
    )
    body = forms.CharField(
        label="Say more",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=MARKDOWN_HELP,
        max_length=10_000,
        error_messages={"required": "Say a little more about your question"},
    )


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=MARKDOWN_HELP,
        max_length=10_000,
        error_messages={"required": "Write your reply"},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=300,
        error_messages={"required": "Give a reason"},
    )


class ReportForm(ReasonForm):
    reason = forms.CharField(
        label="Why should this post not be here?",
        help_text="The community's hosts and its training hub read reports. Nobody else does.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1_000,
        error_messages={"required": "Say why you are reporting this post"},
    )


class HideForm(ReasonForm):
    reason = forms.CharField(
        label="Reason shown in place of the post",
        max_length=300,
        error_messages={"required": "Give the reason shown in place of the post"},
    )


class JoinForm(forms.Form):
    message = forms.CharField(
        label="Tell the hosts about yourself (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1_000,
        required=False,
    )


class MoveForm(forms.Form):
    to = forms.TypedChoiceField(
        label="Move to", coerce=int, error_messages={"required": "Choose a community"}
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(c.pk, c.name) for c in targets]
        self.targets = {c.pk: c for c in targets}


class ProposeForm(forms.Form):
    name = forms.CharField(max_length=120, error_messages={"required": "Enter a name"})
    purpose = forms.CharField(
        label="What is it for, and who?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2_000,
        error_messages={"required": "Say what the community is for"},
    )
    visibility = forms.ChoiceField(
        label="Who can see and join it?",
        choices=Visibility.choices,
        widget=forms.RadioSelect,
        initial=Visibility.OPEN,
        error_messages={"required": "Select who can see and join it"},
    )
    hub = forms.ModelChoiceField(
        label="Training hub",
        queryset=None,
        help_text="The training hub that approves the community and supports its hosts.",
        error_messages={"required": "Choose a training hub"},
    )

    def __init__(self, *args, hubs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = hubs


class SearchForm(forms.Form):
    q = forms.CharField(label="Search conversations", max_length=200, required=False)
