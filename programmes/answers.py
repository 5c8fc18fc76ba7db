"""The standard questions every offer answers, from its structured fields or its FAQs.

A curator's own FAQ answer wins over the sentence built from the fields, because it
was written for that offer. An offer cannot be published while any standard question
has neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from programmes.models import FAQ, Offer, StandardQuestion

QUESTIONS: dict[StandardQuestion, str] = {
    StandardQuestion.TIME: "How much time does it take?",
    StandardQuestion.FUNDING: "Who pays for it, and is backfill paid?",
    StandardQuestion.BENEFITS: "What will I gain from it?",
    StandardQuestion.ACCREDITATION: "Is it accredited?",
    StandardQuestion.CERTIFICATION: "Will I get a certificate?",
    StandardQuestion.ELIGIBILITY: "Who can take part?",
}


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    topic: str = ""


def from_fields(offer: Offer, topic: StandardQuestion) -> str:
    """The answer the structured fields give, or "" when they give none.

    Reads `offer.professions.all()`: prefetch it when answering for many offers."""
    match topic:
        case StandardQuestion.TIME:
            sentence = offer.time_summary
            if sentence and offer.protected_time_expected:
                sentence += " Your employer is expected to give you protected time for it."
            return sentence
        case StandardQuestion.FUNDING:
            if not offer.funding or offer.backfill_paid is None:
                return ""
            return f"{offer.money_summary} {offer.backfill_summary}"
        case StandardQuestion.BENEFITS:
            return offer.benefits.strip()
        case StandardQuestion.ACCREDITATION:
            if offer.is_accredited or offer.awarding_body:
                return offer.accreditation_summary
            return ""
        case StandardQuestion.CERTIFICATION:
            return f"Yes: {offer.certificate}." if offer.certificate else ""
        case StandardQuestion.ELIGIBILITY:
            if offer.all_professions:
                who = "Open to every profession in primary care."
            else:
                names = [p.plural for p in offer.professions.all()]
                who = f"Open to {', '.join(names)}." if names else ""
            notes = offer.eligibility.strip()
            if not (who or notes):
                return ""
            route = f"How to join: {offer.get_nomination_route_display().lower()}."
            return " ".join(part for part in (who, notes, route) if part)
    return ""


def standard_answers(offer: Offer, faqs: list[FAQ] | None = None) -> dict[StandardQuestion, Answer]:
    """Each standard question that has an answer, in the standard order."""
    faqs = list(offer.faqs.all()) if faqs is None else faqs
    by_topic = {faq.topic: faq for faq in faqs if faq.topic}
    answers = {}
    for topic, question in QUESTIONS.items():
        if topic in by_topic and by_topic[topic].answer.strip():
            faq = by_topic[topic]
            answers[topic] = Answer(
                question=faq.question or question, answer=faq.answer, topic=topic
            )
        elif text := from_fields(offer, topic):
            answers[topic] = Answer(question=question, answer=text, topic=topic)
    return answers


def missing_answers(offer: Offer, faqs: list[FAQ] | None = None) -> list[StandardQuestion]:
    answered = standard_answers(offer, faqs)
    return [topic for topic in QUESTIONS if topic not in answered]


def all_answers(offer: Offer) -> list[Answer]:
    """Standard answers first, then the curator's own questions."""
    faqs = list(offer.faqs.all())
    answers = list(standard_answers(offer, faqs).values())
    answers += [Answer(question=f.question, answer=f.answer) for f in faqs if not f.topic]
    return answers


def completeness(offer: Offer) -> tuple[int, int]:
    """How many standard questions are answered, out of how many."""
    return len(QUESTIONS) - len(missing_answers(offer)), len(QUESTIONS)
