"""The digest's HTML: styles inlined into the template once give the same email as
inlining every rendered message."""

import css_inline
import pytest
from django.conf import settings
from django.template.loader import render_to_string

from portal.digest import rendering, services
from programmes.models import SavedOffer
from tests.factories import profession
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.django_db


def inline_each_message(message) -> str:
    """What the digest used to do: render email.html, then inline its styles."""
    inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)
    return inliner.inline(message)


def normalised(html: str) -> str:
    # Parsed and written out by the same HTML library, so that equal documents compare
    # equal whichever way an apostrophe was escaped.
    return inline_each_message(html)


def test_a_nurses_digest_looks_the_same_as_when_each_message_was_inlined(monday, nurse):
    OfferFactory(
        title="Nurses' leadership & <change>", professions=[profession("general-practice-nurse")]
    )
    offer = OfferFactory(title="Quality improvement > basics")
    IntakeFactory(
        offer=offer, start_date=days_from_today(20), application_deadline=days_from_today(3)
    )
    SavedOffer.objects.create(person=nurse, offer=offer)
    digest = services.preview(nurse)
    message = rendering.render_digest(digest)
    [(html, _)] = message.alternatives

    context = {
        "person": nurse,
        "digest": digest,
        "subject": digest.subject,
        "sections": [
            {"title": section.title, "content": content, **rendering._links(content)}
            for section, content in digest.sections
        ],
        "view_url": "",
        # The last link: its token differs each time, so take the one sent.
        "unsubscribe_url": html.split('href="')[-1].split('"')[0],
        "preferences_url": rendering.absolute("/me/digest/"),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
    }
    before = inline_each_message(render_to_string("digest/email.html", context))

    assert normalised(html) == normalised(before)
    assert "<style" not in html and 'style="' in html
    assert "Nurses&#x27; leadership &amp; &lt;change&gt;" in html  # escaped as before


def test_template_syntax_survives_inlining_unchanged():
    source = '<style>p { color: red; }</style><p>{% if a > 0 %}{{ b|default:"<" }}{% endif %}</p>'
    inlined = rendering.inline_template_source(source)
    assert '<p style="color: red;">{% if a > 0 %}{{ b|default:"<" }}{% endif %}</p>' in inlined
