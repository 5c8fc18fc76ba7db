# ruff: noqa: E501 - this file is mostly product text; wrapping sentences mid-phrase hurts more than long lines.
"""Sample development offers for `manage.py seed_demo`.

Every offer, provider and figure here is invented for the demo and says so on its page.
They cover every kind of offer, both staff groups, many professions and all seven NHS
England regions, and are curated by the two demo training hubs. Intakes are dated from
the day an offer is first seeded, so a fresh demo always has offers starting soon; a
second run leaves them alone and changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from portal import demo
from portal.demo_members import crowd
from portal.models import ICB, CareerLevel, LeadershipDimension, Organisation, Profession, Region
from programmes import caching, intake_dates, search, services
from programmes.models import (
    FAQ,
    ApplicationStatus,
    DeliveryMode,
    Funding,
    Intake,
    NominationRoute,
    Offer,
    OfferKind,
)

SAMPLE_NOTE = "*Sample data: this offer was written for the demo and does not exist.*"

EXE = "Exe and Tamar Primary Care Training Hub"
IRWELL = "Irwell and Pennine Primary Care Training Hub"

EVERYONE = ("*",)
CLINICAL = (
    "gp",
    "general-practice-nurse",
    "advanced-nurse-practitioner",
    "clinical-pharmacist",
    "physician-associate",
    "paramedic",
    "first-contact-physiotherapist",
)
NON_CLINICAL = (
    "social-prescribing-link-worker",
    "care-coordinator",
    "health-and-wellbeing-coach",
    "practice-manager",
    "pcn-manager",
    "reception-and-admin",
)
NURSING = ("general-practice-nurse", "advanced-nurse-practitioner", "nursing-associate")
ARRS = (
    "clinical-pharmacist",
    "pharmacy-technician",
    "physician-associate",
    "paramedic",
    "first-contact-physiotherapist",
    "dietitian",
    "podiatrist",
    "occupational-therapist",
    "mental-health-practitioner",
    "social-prescribing-link-worker",
    "care-coordinator",
    "health-and-wellbeing-coach",
)


@dataclass(frozen=True)
class Run:
    """An intake, in days from the day the offer is first seeded."""

    starts_in: int
    lasts: int = 0
    apply_days_before: int = 14
    places: int | None = 16
    places_taken: int = 0


@dataclass
class Sample:
    title: str
    kind: str
    summary: str
    description: str
    hub: str
    provider: str
    professions: tuple[str, ...] = EVERYONE
    levels: tuple[str, ...] = ()
    dimensions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # region slugs; none and no ICBs means national
    icbs: tuple[str, ...] = ()  # ICB ODS codes
    mode: str = DeliveryMode.ONLINE
    location: str = ""
    total_hours: int | None = None
    weeks: int | None = None
    sessions: int | None = None
    session_hours: str | None = None
    session_name: str = "session"
    study: str | None = None
    protected_time: bool = False
    fee: str = "0"
    funding: str = Funding.FREE
    funding_source: str = ""
    backfill: bool | None = False
    backfill_rate: str | None = None
    cpd: str | None = None
    credits: int | None = None
    academic_level: int | None = None
    awarding_body: str = ""
    certificate: str = ""
    benefits: str = ""
    eligibility: str = ""
    route: str = NominationRoute.SELF
    runs: tuple[Run, ...] = ()
    faqs: tuple[tuple[str, str, str], ...] = ()  # (standard topic or "", question, answer)
    review_in_days: int = 240
    extra: dict = field(default_factory=dict)


def _offers() -> list[Sample]:
    """The handwritten offers, then the regional series."""
    offers = [
        Sample(
            title="Foundations of leadership in general practice",
            kind=OfferKind.PROGRAMME,
            summary="Six half-day workshops for anyone new to leading people or projects in a practice or PCN.",
            description=(
                "A first leadership programme for every profession in primary care.\n\n"
                "## What you will do\n\n"
                "- explore how you lead now, using the Healthcare Leadership Model\n"
                "- practise difficult conversations with an actor\n"
                "- plan and run a small change in your own practice\n\n"
                "Between workshops you read a short chapter and talk it through with a peer."
            ),
            hub=EXE,
            provider=EXE,
            levels=("early-career", "established"),
            dimensions=("inspiring-shared-purpose", "engaging-the-team", "leading-with-care"),
            mode=DeliveryMode.BLENDED,
            location="Exeter and online",
            total_hours=40,
            weeks=26,
            sessions=6,
            session_hours="3.5",
            session_name="workshop",
            study="0.75",
            protected_time=True,
            funding=Funding.FULLY_FUNDED,
            funding_source="the training hub",
            backfill=True,
            backfill_rate="35",
            cpd="40",
            certificate="Certificate of completion",
            benefits="Confidence to lead a team meeting, a change you led to show at appraisal, and a peer network across your ICB.",
            eligibility="You need your line manager's agreement to attend all six workshops.",
            route=NominationRoute.LINE_MANAGER,
            runs=(Run(45, 180, 21, 24, 9), Run(230, 180, 21, 24)),
            faqs=(
                (
                    "",
                    "Can two people from one practice come?",
                    "Yes. Many practices send a nurse and a manager together so they can make a change as a pair.",
                ),
            ),
        ),
        Sample(
            title="Practice nurse leadership programme",
            kind=OfferKind.PROGRAMME,
            summary="A funded programme for general practice nurses ready to lead a clinic, a team or a network project.",
            description=(
                "Built with practice nurses in Devon and Cornwall for nurses who lead without a leadership title.\n\n"
                "You work on a real service change with a coach, and present it to your PCN at the end."
            ),
            hub=EXE,
            provider=EXE,
            professions=NURSING,
            levels=("established", "advanced-or-specialist"),
            dimensions=("sharing-the-vision", "influencing-for-results", "developing-capability"),
            icbs=("QJK", "QT6"),
            mode=DeliveryMode.BLENDED,
            location="Plymouth and online",
            total_hours=48,
            weeks=24,
            sessions=8,
            session_hours="3.5",
            session_name="workshop",
            study="0.5",
            protected_time=True,
            funding=Funding.FULLY_FUNDED,
            funding_source="the training hub",
            backfill=True,
            backfill_rate="32",
            cpd="48",
            certificate="Certificate of completion",
            benefits="A service change you led, evidence for revalidation and a coach for six months.",
            eligibility="Registered nurses and nursing associates working in general practice in Devon or Cornwall.",
            runs=(Run(38, 168, 14, 20, 12), Run(200, 168, 14, 20)),
        ),
        Sample(
            title="Leading in a primary care network: master's module",
            kind=OfferKind.COURSE,
            summary="A university module at master's level on leading across practices, with 30 academic credits.",
            description=(
                "A twelve-week module for people who lead work across a PCN: clinical directors, PCN managers and "
                "clinical leads. It counts towards a postgraduate certificate.\n\n"
                "Assessment is a 3,000-word case study of change in your own network."
            ),
            hub=IRWELL,
            provider="Northfield University (sample)",
            professions=(*CLINICAL, "pcn-manager", "practice-manager"),
            levels=("advanced-or-specialist", "senior-leader"),
            dimensions=("connecting-our-service", "evaluating-information", "holding-to-account"),
            mode=DeliveryMode.ONLINE,
            total_hours=150,
            weeks=12,
            sessions=12,
            session_hours="2",
            session_name="seminar",
            study="10",
            fee="1450",
            funding=Funding.PART_FUNDED,
            funding_source="the training hub (half the fee)",
            backfill=False,
            cpd="150",
            credits=30,
            academic_level=7,
            awarding_body="Northfield University (sample)",
            certificate="University transcript",
            benefits="30 credits towards a postgraduate certificate in leadership.",
            eligibility="A degree or equivalent experience; the university may ask for a short statement.",
            runs=(Run(75, 84, 30, 30, 5),),
        ),
        Sample(
            title="Healthcare Leadership Model: self-assessment in an afternoon",
            kind=OfferKind.E_LEARNING,
            summary="A short online course that walks you through the nine dimensions and your own self-assessment.",
            description="Learn what each of the nine dimensions looks like in a practice, then rate yourself and plan one next step.",
            hub=EXE,
            provider=EXE,
            levels=(),
            dimensions=("developing-capability", "evaluating-information"),
            total_hours=3,
            funding=Funding.FREE,
            backfill=False,
            cpd="3",
            certificate="Certificate of completion",
            benefits="A personal development plan built on the Healthcare Leadership Model.",
            eligibility="Anyone working in primary care.",
        ),
        Sample(
            title="One-to-one leadership coaching",
            kind=OfferKind.COACHING,
            summary="Six coaching conversations with a qualified coach, for people stepping into a leadership role.",
            description="You bring the agenda. Coaches are independent of your practice, and what you discuss stays between you.",
            hub=IRWELL,
            provider="Pennine Coaching Collective (sample)",
            levels=("established", "advanced-or-specialist", "senior-leader"),
            dimensions=("leading-with-care", "influencing-for-results"),
            icbs=("QOP", "QE1"),
            total_hours=9,
            weeks=24,
            sessions=6,
            session_hours="1.5",
            session_name="coaching session",
            funding=Funding.FULLY_FUNDED,
            funding_source="the training hub",
            backfill=True,
            backfill_rate="40",
            benefits="Clearer goals, and support through the first months of a new role.",
            eligibility="Anyone who has taken on a leadership role in the last year.",
            runs=(Run(20, 168, 7, 12, 4), Run(110, 168, 7, 12)),
            faqs=(
                (
                    "accreditation",
                    "Is it accredited?",
                    "No: coaching is not assessed, but you can log the hours as CPD.",
                ),
                (
                    "certification",
                    "Will I get a certificate?",
                    "No. Your coach can write a short note of the sessions for your appraisal.",
                ),
            ),
        ),
        Sample(
            title="Sponsorship for under-represented leaders",
            kind=OfferKind.MENTORING,
            summary="A year with a senior sponsor who opens doors, for staff from groups rarely seen in primary care leadership.",
            description="Sponsors are senior leaders from across the ICB who commit to introduce you, recommend you and give you visible work.",
            hub=IRWELL,
            provider=IRWELL,
            levels=("established", "advanced-or-specialist"),
            dimensions=("influencing-for-results", "connecting-our-service"),
            regions=("north-west",),
            total_hours=20,
            weeks=52,
            sessions=10,
            session_hours="1",
            session_name="meeting",
            funding=Funding.FREE,
            backfill=False,
            benefits="A sponsor who knows your work, and at least one stretch opportunity during the year.",
            eligibility="Staff from Black, Asian and minority ethnic backgrounds, disabled staff, and others rarely seen in leadership roles.",
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                (
                    "certification",
                    "Will I get a certificate?",
                    "No, but your sponsor will write a reference at the end if you ask.",
                ),
            ),
            runs=(Run(60, 365, 21, 15, 3),),
        ),
        Sample(
            title="Chairing a PCN board: a stretch assignment",
            kind=OfferKind.STRETCH_ASSIGNMENT,
            summary="Chair three meetings of your PCN's board with a clinical director beside you.",
            description="You prepare the agenda, chair three meetings and review each one with the clinical director afterwards.",
            hub=EXE,
            provider="Haldon Ridge PCN (sample)",
            professions=EVERYONE,
            levels=("established", "advanced-or-specialist"),
            dimensions=("holding-to-account", "engaging-the-team"),
            icbs=("QJK",),
            mode=DeliveryMode.IN_PERSON,
            location="Haldon Ridge PCN, Devon",
            total_hours=12,
            weeks=12,
            sessions=3,
            session_hours="2",
            session_name="board meeting",
            funding=Funding.FREE,
            backfill=True,
            backfill_rate="45",
            benefits="Real experience of chairing, and a reference from the clinical director.",
            eligibility="Staff working in a Haldon Ridge PCN practice.",
            route=NominationRoute.LINE_MANAGER,
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                (
                    "certification",
                    "Will I get a certificate?",
                    "No; the clinical director writes a short reference instead.",
                ),
            ),
            runs=(Run(30, 84, 10, 2),),
        ),
        Sample(
            title="Six-month secondment to the ICB primary care team",
            kind=OfferKind.SECONDMENT,
            summary="Two days a week with the integrated care board's primary care team, working on access and workforce.",
            description="Learn how commissioning decisions are made and bring a practice view to them. Your practice is paid for your time.",
            hub=IRWELL,
            provider="NHS Greater Manchester (sample)",
            professions=(*CLINICAL, "practice-manager"),
            levels=("advanced-or-specialist", "senior-leader"),
            dimensions=("connecting-our-service", "sharing-the-vision"),
            icbs=("QOP",),
            mode=DeliveryMode.BLENDED,
            location="Manchester and online",
            total_hours=370,
            weeks=26,
            funding=Funding.FULLY_FUNDED,
            funding_source="the ICB",
            backfill=True,
            backfill_rate="55",
            benefits="System experience, a project on your CV, and contacts across the ICB.",
            eligibility="At least three years in general practice and your practice's agreement to release you.",
            route=NominationRoute.ICB,
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                (
                    "certification",
                    "Will I get a certificate?",
                    "No: you get a written reference from the ICB.",
                ),
            ),
            runs=(Run(90, 182, 45, 3),),
        ),
        Sample(
            title="Primary care leaders' network",
            kind=OfferKind.NETWORK,
            summary="A monthly online meeting for anyone who leads in primary care, with a short talk and open discussion.",
            description="Join when you can. Each month a leader from a different profession talks about something they got wrong and what they learned.",
            hub=EXE,
            provider="Primary Care Leaders Network (sample)",
            dimensions=("connecting-our-service", "inspiring-shared-purpose"),
            total_hours=12,
            weeks=52,
            sessions=12,
            session_hours="1",
            session_name="meeting",
            funding=Funding.FREE,
            backfill=False,
            benefits="Peers to talk to, and ideas from other professions.",
            eligibility="Anyone working in primary care.",
            faqs=(
                ("accreditation", "Is it accredited?", "No, but you can log attendance as CPD."),
                ("certification", "Will I get a certificate?", "No."),
            ),
        ),
        Sample(
            title="Shadow a GP partner for a day",
            kind=OfferKind.SHADOWING,
            summary="Spend a day with a GP partner to see how a practice is run: finance, staffing and the partners' meeting.",
            description="A chance to see the business side of a practice. You agree the day with the partner in advance.",
            hub=IRWELL,
            provider=IRWELL,
            professions=("gp-trainee", "gp", "physician-associate", "advanced-nurse-practitioner"),
            levels=("student-or-trainee", "early-career"),
            dimensions=("connecting-our-service",),
            icbs=("QOP", "QE1"),
            mode=DeliveryMode.IN_PERSON,
            location="A practice in Greater Manchester or Lancashire",
            total_hours=7,
            sessions=1,
            session_hours="7",
            session_name="day",
            funding=Funding.FREE,
            backfill=False,
            benefits="Understanding of how practices are run, for your portfolio.",
            eligibility="GP trainees count this towards their leadership capability; others are welcome.",
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                (
                    "certification",
                    "Will I get a certificate?",
                    "No; write it up as a leadership activity.",
                ),
            ),
            runs=(Run(25, 0, 10, 6), Run(55, 0, 10, 6)),
        ),
        Sample(
            title="Reading for leaders: a self-directed year",
            kind=OfferKind.SELF_DIRECTED,
            summary="A reading list of twelve short pieces on leadership in healthcare, one a month, with reflection prompts.",
            description="Work through it alone or with a colleague. Each piece comes with three questions to reflect on.",
            hub=EXE,
            provider=EXE,
            dimensions=("developing-capability", "evaluating-information"),
            total_hours=24,
            weeks=52,
            study="0.5",
            funding=Funding.FREE,
            backfill=False,
            benefits="Reflections you can use at appraisal.",
            eligibility="Anyone.",
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                ("certification", "Will I get a certificate?", "No."),
            ),
        ),
        Sample(
            title="Quality improvement for practice teams",
            kind=OfferKind.QI_PROJECT,
            summary="Run a quality-improvement project with your team, with a QI coach and three learning days.",
            description="Teams of two to four pick a problem in their practice and test changes using plan-do-study-act cycles.",
            hub=IRWELL,
            provider=IRWELL,
            levels=("early-career", "established"),
            dimensions=("evaluating-information", "engaging-the-team"),
            regions=("north-west",),
            mode=DeliveryMode.BLENDED,
            location="Bolton and online",
            total_hours=30,
            weeks=20,
            sessions=3,
            session_hours="7",
            session_name="learning day",
            study="1",
            funding=Funding.FULLY_FUNDED,
            funding_source="the training hub",
            backfill=True,
            backfill_rate="30",
            cpd="30",
            certificate="Certificate of completion",
            benefits="A finished QI project, presented at the hub's spring showcase.",
            eligibility="Practice teams of two to four people.",
            runs=(Run(50, 140, 21, 10, 2),),
        ),
        Sample(
            title="Leading social prescribing teams",
            kind=OfferKind.COURSE,
            summary="A course for senior social prescribing link workers and care co-ordinators who supervise others.",
            description="Supervision, wellbeing, and making the case for your service to the PCN board.",
            hub=EXE,
            provider="Wessex Social Prescribing Academy (sample)",
            professions=(
                "social-prescribing-link-worker",
                "care-coordinator",
                "health-and-wellbeing-coach",
            ),
            levels=("established", "advanced-or-specialist"),
            dimensions=("leading-with-care", "engaging-the-team"),
            regions=("south-west", "south-east"),
            total_hours=15,
            weeks=10,
            sessions=5,
            session_hours="3",
            session_name="workshop",
            funding=Funding.FREE,
            backfill=True,
            backfill_rate="22",
            cpd="15",
            certificate="Certificate of completion",
            benefits="Confidence to supervise and to speak up for your service.",
            eligibility="Link workers, care co-ordinators and health and wellbeing coaches who supervise others.",
            runs=(Run(35, 70, 14, 20, 6),),
        ),
        Sample(
            title="Practice manager development programme",
            kind=OfferKind.PROGRAMME,
            summary="Nine months of workshops and action learning for practice managers in their first two years.",
            description="Finance, HR, contracts, and leading a team through change, with an action learning set that meets monthly.",
            hub=IRWELL,
            provider=IRWELL,
            professions=("practice-manager", "pcn-manager"),
            levels=("early-career", "established"),
            dimensions=("holding-to-account", "engaging-the-team", "evaluating-information"),
            regions=("north-west", "north-east-and-yorkshire"),
            mode=DeliveryMode.BLENDED,
            location="Leeds and Manchester",
            total_hours=60,
            weeks=39,
            sessions=9,
            session_hours="4",
            session_name="workshop",
            study="0.5",
            fee="600",
            funding=Funding.PART_FUNDED,
            funding_source="the training hub (£400 of the £600 fee)",
            backfill=False,
            cpd="60",
            certificate="Certificate of completion",
            benefits="A network of managers at the same stage and a toolkit for the main parts of the job.",
            eligibility="Practice or PCN managers in their first two years in post.",
            runs=(Run(70, 273, 28, 18, 7),),
        ),
        Sample(
            title="Paramedics in primary care: stepping into leadership",
            kind=OfferKind.COURSE,
            summary="Four online workshops for paramedics leading home visiting or urgent care teams in PCNs.",
            description="How leadership in general practice differs from the ambulance service, and how to build influence in a PCN.",
            hub=IRWELL,
            provider="Northern Paramedic Leaders (sample)",
            professions=("paramedic",),
            levels=("established", "advanced-or-specialist"),
            dimensions=("influencing-for-results", "connecting-our-service"),
            total_hours=10,
            weeks=8,
            sessions=4,
            session_hours="2.5",
            session_name="workshop",
            funding=Funding.FREE,
            backfill=False,
            cpd="10",
            certificate="Certificate of attendance",
            benefits="A plan for leading your team, and a national peer group.",
            eligibility="Paramedics working in primary care.",
            runs=(Run(28, 56, 7, 25, 11),),
        ),
        Sample(
            title="Pharmacy leadership in PCNs",
            kind=OfferKind.PROGRAMME,
            summary="A programme for clinical pharmacists and pharmacy technicians who lead medicines work across a PCN.",
            description="Leading a PCN pharmacy team, influencing prescribing, and working with community pharmacy.",
            hub=EXE,
            provider="South West Pharmacy Education (sample)",
            professions=("clinical-pharmacist", "pharmacy-technician"),
            levels=("established", "advanced-or-specialist"),
            dimensions=("influencing-for-results", "developing-capability"),
            regions=("south-west",),
            mode=DeliveryMode.ONLINE,
            total_hours=36,
            weeks=24,
            sessions=6,
            session_hours="3",
            session_name="workshop",
            study="0.75",
            funding=Funding.FULLY_FUNDED,
            funding_source="the training hub",
            backfill=True,
            backfill_rate="38",
            cpd="36",
            certificate="Certificate of completion",
            benefits="A medicines project with measurable results for your PCN.",
            eligibility="Pharmacists and technicians employed by a PCN or practice.",
            runs=(Run(42, 168, 14, 24, 10),),
        ),
        Sample(
            title="Reception team leaders' course",
            kind=OfferKind.COURSE,
            summary="Two days for reception supervisors and team leaders on leading a team at the front door of the practice.",
            description="Handling pressure, rotas and difficult conversations, and looking after your team's wellbeing.",
            hub=EXE,
            provider=EXE,
            professions=("reception-and-admin",),
            levels=("established",),
            dimensions=("leading-with-care", "engaging-the-team"),
            icbs=("QJK", "QT6"),
            mode=DeliveryMode.IN_PERSON,
            location="Exeter",
            total_hours=14,
            sessions=2,
            session_hours="7",
            session_name="day",
            funding=Funding.FREE,
            backfill=True,
            backfill_rate="16",
            cpd="14",
            certificate="Certificate of attendance",
            benefits="Practical tools you can use the next day.",
            eligibility="Reception and administrative staff who supervise others.",
            runs=(Run(33, 7, 10, 20, 14), Run(120, 7, 10, 20)),
        ),
        Sample(
            title="Advanced practice leadership: consultant-level capability",
            kind=OfferKind.PROGRAMME,
            summary="For advanced practitioners working towards consultant-level practice, with a focus on leading service development.",
            description="Leading research and service development, and making the case for new roles.",
            hub=IRWELL,
            provider="Northfield University (sample)",
            professions=(
                "advanced-nurse-practitioner",
                "clinical-pharmacist",
                "paramedic",
                "first-contact-physiotherapist",
            ),
            levels=("advanced-or-specialist",),
            dimensions=("sharing-the-vision", "evaluating-information", "influencing-for-results"),
            mode=DeliveryMode.BLENDED,
            location="Salford and online",
            total_hours=200,
            weeks=52,
            sessions=10,
            session_hours="7",
            session_name="study day",
            study="2.5",
            fee="2400",
            funding=Funding.SELF_FUNDED,
            backfill=False,
            cpd="200",
            credits=60,
            academic_level=7,
            awarding_body="Northfield University (sample)",
            certificate="Postgraduate certificate",
            benefits="A postgraduate certificate and a portfolio for consultant-level practice.",
            eligibility="Registered advanced practitioners with a master's degree or working towards one.",
            runs=(Run(140, 365, 60, 30, 12),),
        ),
        Sample(
            title="Mentoring for new GPs",
            kind=OfferKind.MENTORING,
            summary="A trained mentor for your first year after qualifying, matched outside your own practice.",
            description="Six meetings over a year with an experienced GP who is not your employer. You agree the topics together.",
            hub=EXE,
            provider=EXE,
            professions=("gp", "gp-trainee"),
            levels=("student-or-trainee", "early-career"),
            dimensions=("developing-capability", "leading-with-care"),
            icbs=("QJK", "QT6"),
            total_hours=9,
            weeks=52,
            sessions=6,
            session_hours="1.5",
            session_name="mentoring meeting",
            funding=Funding.FREE,
            backfill=False,
            benefits="Support and perspective in your first year as a GP.",
            eligibility="GPs in their first year after qualifying, and final-year GP trainees.",
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                ("certification", "Will I get a certificate?", "No."),
            ),
        ),
        Sample(
            title="Health inequalities: leading change in your PCN",
            kind=OfferKind.COURSE,
            summary="Five online sessions on using data to find and reduce health inequalities in your PCN's population.",
            description="Using population health data, working with community groups, and making a case to your PCN board.",
            hub=IRWELL,
            provider=IRWELL,
            dimensions=("evaluating-information", "connecting-our-service"),
            regions=("north-east-and-yorkshire", "north-west", "midlands"),
            total_hours=12,
            weeks=10,
            sessions=5,
            session_hours="2",
            session_name="session",
            study="0.25",
            funding=Funding.FREE,
            backfill=True,
            backfill_rate="30",
            cpd="12",
            certificate="Certificate of completion",
            benefits="A small inequalities project for your PCN.",
            eligibility="Anyone in primary care in the north or the Midlands.",
            runs=(Run(40, 70, 14, 40, 18),),
        ),
        Sample(
            title="Leadership for nursing associates and healthcare assistants",
            kind=OfferKind.COURSE,
            summary="Three workshops on leading yourself and small pieces of work, for nursing associates and healthcare assistants.",
            description="Speaking up, organising clinics, and supporting new colleagues.",
            hub=EXE,
            provider=EXE,
            professions=("nursing-associate", "healthcare-assistant"),
            levels=("early-career", "established"),
            dimensions=("engaging-the-team", "leading-with-care"),
            regions=("south-west", "south-east", "london"),
            total_hours=9,
            weeks=6,
            sessions=3,
            session_hours="3",
            session_name="workshop",
            funding=Funding.FREE,
            backfill=True,
            backfill_rate="18",
            cpd="9",
            certificate="Certificate of attendance",
            benefits="Confidence to take on more responsibility.",
            eligibility="Nursing associates and healthcare assistants in general practice.",
            runs=(Run(21, 42, 7, 24, 20),),
        ),
        Sample(
            title="Digital leadership in primary care",
            kind=OfferKind.E_LEARNING,
            summary="An online course on leading digital change: online consultation, the NHS App and practice websites.",
            description="Short modules with examples from practices that changed how patients reach them.",
            hub=IRWELL,
            provider=IRWELL,
            professions=EVERYONE,
            dimensions=("sharing-the-vision", "engaging-the-team"),
            total_hours=6,
            study="1",
            weeks=6,
            funding=Funding.FREE,
            backfill=False,
            cpd="6",
            certificate="Certificate of completion",
            benefits="A plan for one digital change in your practice.",
            eligibility="Anyone.",
        ),
        Sample(
            title="Physician associates: leading in a new profession",
            kind=OfferKind.ACTION_LEARNING,
            summary="An action learning set for physician associates shaping their role in primary care.",
            description="Up to eight physician associates meet monthly; each meeting one or two present a real issue.",
            hub=EXE,
            provider=EXE,
            professions=("physician-associate",),
            levels=("early-career", "established"),
            dimensions=("influencing-for-results", "developing-capability"),
            regions=("south-west", "london"),
            total_hours=18,
            weeks=26,
            sessions=6,
            session_hours="3",
            session_name="set meeting",
            funding=Funding.FREE,
            backfill=True,
            backfill_rate="30",
            benefits="Peers who understand the role, and actions you have tested.",
            eligibility="Physician associates working in general practice.",
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                ("certification", "Will I get a certificate?", "No."),
            ),
            runs=(Run(30, 182, 10, 8, 5),),
        ),
        Sample(
            title="Clinical supervision skills for first contact practitioners",
            kind=OfferKind.COURSE,
            summary="Two online mornings on supervising first contact practitioners and other new roles in a PCN.",
            description="Models of supervision, giving feedback, and recognising when a colleague needs more support.",
            hub=IRWELL,
            provider="Northern Physiotherapy Network (sample)",
            professions=(
                "first-contact-physiotherapist",
                "dietitian",
                "podiatrist",
                "occupational-therapist",
            ),
            levels=("established", "advanced-or-specialist"),
            dimensions=("developing-capability", "holding-to-account"),
            total_hours=7,
            sessions=2,
            session_hours="3.5",
            session_name="morning",
            fee="95",
            funding=Funding.SELF_FUNDED,
            backfill=False,
            cpd="7",
            certificate="Certificate of attendance",
            benefits="A supervision plan for your team.",
            eligibility="Allied health professionals who supervise others.",
            runs=(Run(18, 7, 5, 40, 22), Run(80, 7, 5, 40)),
        ),
        Sample(
            title="Mental health practitioners' peer network",
            kind=OfferKind.NETWORK,
            summary="A bimonthly network for mental health practitioners in PCNs to share practice and lead improvements together.",
            description="Run with the local mental health trust. Each meeting ends with one thing to change in your service.",
            hub=IRWELL,
            provider=IRWELL,
            professions=("mental-health-practitioner",),
            dimensions=("connecting-our-service", "inspiring-shared-purpose"),
            regions=("north-west", "midlands"),
            total_hours=12,
            weeks=52,
            sessions=6,
            session_hours="2",
            session_name="meeting",
            funding=Funding.FREE,
            backfill=False,
            benefits="Peers and shared improvements.",
            eligibility="Mental health practitioners in primary care.",
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                ("certification", "Will I get a certificate?", "No."),
            ),
        ),
        Sample(
            title="Leading through conflict",
            kind=OfferKind.COURSE,
            summary="A one-day course on noticing conflict early and dealing with it fairly, for anyone who leads a team.",
            description="Practice with real scenarios from general practice, and a framework to use afterwards.",
            hub=EXE,
            provider=EXE,
            dimensions=("engaging-the-team", "holding-to-account", "leading-with-care"),
            regions=("south-west", "south-east"),
            mode=DeliveryMode.IN_PERSON,
            location="Taunton",
            total_hours=7,
            sessions=1,
            session_hours="7",
            session_name="day",
            fee="120",
            funding=Funding.PART_FUNDED,
            funding_source="the training hub (£60)",
            backfill=False,
            cpd="7",
            certificate="Certificate of attendance",
            benefits="A conflict plan for a situation you face now.",
            eligibility="Anyone who leads a team.",
            runs=(Run(26, 0, 7, 24, 15), Run(150, 0, 7, 24)),
        ),
        Sample(
            title="Care co-ordinators: leading the patient journey",
            kind=OfferKind.E_LEARNING,
            summary="Four short online modules on co-ordinating care across teams and speaking up for patients.",
            description="Built with care co-ordinators from three PCNs.",
            hub=EXE,
            provider=EXE,
            professions=("care-coordinator",),
            levels=("student-or-trainee", "early-career"),
            dimensions=("connecting-our-service",),
            total_hours=4,
            funding=Funding.FREE,
            backfill=False,
            cpd="4",
            certificate="Certificate of completion",
            benefits="Confidence working across teams.",
            eligibility="Care co-ordinators.",
        ),
        Sample(
            title="Health and wellbeing coaches: coaching the coach",
            kind=OfferKind.COACHING,
            summary="Group coaching for health and wellbeing coaches who want to grow their service.",
            description="Four group sessions with an experienced coach, focused on your own development.",
            hub=IRWELL,
            provider="Pennine Coaching Collective (sample)",
            professions=("health-and-wellbeing-coach",),
            dimensions=("developing-capability", "sharing-the-vision"),
            regions=("north-west", "east-of-england"),
            total_hours=8,
            weeks=16,
            sessions=4,
            session_hours="2",
            session_name="group session",
            funding=Funding.FREE,
            backfill=False,
            benefits="A development plan and a supportive group.",
            eligibility="Health and wellbeing coaches.",
            faqs=(
                ("accreditation", "Is it accredited?", "No."),
                ("certification", "Will I get a certificate?", "No."),
            ),
            runs=(Run(48, 112, 14, 8, 2),),
        ),
        Sample(
            title="GP trainee leadership project",
            kind=OfferKind.QI_PROJECT,
            summary="A supervised leadership project for GP trainees, counting towards the leadership capability in the portfolio.",
            description="Agree a project with your trainer, lead it over four months and write it up.",
            hub=IRWELL,
            provider=IRWELL,
            professions=("gp-trainee",),
            levels=("student-or-trainee",),
            dimensions=("evaluating-information", "engaging-the-team"),
            icbs=("QOP",),
            total_hours=25,
            weeks=16,
            study="1.5",
            funding=Funding.FREE,
            backfill=False,
            benefits="A project for your portfolio and workplace-based assessment.",
            eligibility="GP trainees in Greater Manchester.",
            faqs=(
                (
                    "accreditation",
                    "Is it accredited?",
                    "It counts towards your training portfolio.",
                ),
                ("certification", "Will I get a certificate?", "No."),
            ),
            runs=(Run(65, 112, 21, None),),
        ),
        Sample(
            title="Leading a multi-practice team: PCN clinical leads",
            kind=OfferKind.PROGRAMME,
            summary="For new PCN clinical leads: purpose, accountability and influence in a role without line management.",
            description="Clarify your role with your clinical director, agree milestones and lead across practices.",
            hub=EXE,
            provider=EXE,
            professions=CLINICAL,
            levels=("advanced-or-specialist", "senior-leader"),
            dimensions=("holding-to-account", "sharing-the-vision", "influencing-for-results"),
            regions=("south-west", "london", "east-of-england"),
            mode=DeliveryMode.BLENDED,
            location="Bristol and online",
            total_hours=30,
            weeks=20,
            sessions=5,
            session_hours="4",
            session_name="workshop",
            study="0.5",
            funding=Funding.FULLY_FUNDED,
            funding_source="the training hub",
            backfill=True,
            backfill_rate="60",
            cpd="30",
            certificate="Certificate of completion",
            benefits="A role description you agreed, with measurable milestones.",
            eligibility="Clinical leads appointed in the last 18 months.",
            runs=(Run(55, 140, 21, 20, 4),),
        ),
        Sample(
            title="Dietitians and podiatrists in PCNs: making the case",
            kind=OfferKind.COURSE,
            summary="An online workshop on showing the value of your service to a PCN board.",
            description="Measuring outcomes, writing a one-page case and presenting it.",
            hub=IRWELL,
            provider=IRWELL,
            professions=("dietitian", "podiatrist", "occupational-therapist"),
            dimensions=("influencing-for-results", "evaluating-information"),
            total_hours=3,
            sessions=1,
            session_hours="3",
            session_name="workshop",
            funding=Funding.FREE,
            backfill=False,
            cpd="3",
            certificate="Certificate of attendance",
            benefits="A one-page case for your service.",
            eligibility="Allied health professionals in PCNs.",
            runs=(Run(15, 0, 3, 50, 31),),
        ),
    ]

    # Regional series: the same kind of offer run locally in every region.
    areas = [
        ("Devon and Cornwall", EXE, (), ("QJK", "QT6"), "Exeter"),
        ("Greater Manchester", IRWELL, (), ("QOP",), "Manchester"),
        ("London", EXE, ("london",), (), "Stratford"),
        ("the Midlands", IRWELL, ("midlands",), (), "Leicester"),
        ("the East of England", IRWELL, ("east-of-england",), (), "Norwich"),
        ("Yorkshire and the North East", IRWELL, ("north-east-and-yorkshire",), (), "Leeds"),
        ("the South East", EXE, ("south-east",), (), "Maidstone"),
    ]
    set_members = [
        ("general practice nurses", NURSING),
        ("practice managers", ("practice-manager",)),
        ("clinical pharmacists", ("clinical-pharmacist", "pharmacy-technician")),
        ("new-to-practice staff", ARRS),
        ("social prescribing link workers", ("social-prescribing-link-worker",)),
        ("paramedics", ("paramedic",)),
        ("advanced practitioners", ("advanced-nurse-practitioner", "paramedic")),
    ]
    for number, (area, hub, regions, icbs, town) in enumerate(areas):
        who, professions = set_members[number]
        offers.append(
            Sample(
                title=f"Action learning set for {who} in {area}",
                kind=OfferKind.ACTION_LEARNING,
                summary=f"A facilitated set of up to eight {who} meeting monthly to work on real leadership problems.",
                description=(
                    "At each meeting one or two members present an issue they are facing; the others ask questions "
                    "that help them find their own way forward, and they report back next time. "
                    "What is said in the set stays in the set."
                ),
                hub=hub,
                provider=hub,
                professions=professions,
                levels=("early-career", "established", "advanced-or-specialist"),
                dimensions=("developing-capability", "leading-with-care"),
                regions=regions,
                icbs=icbs,
                mode=DeliveryMode.ONLINE,
                total_hours=18,
                weeks=26,
                sessions=6,
                session_hours="3",
                session_name="set meeting",
                funding=Funding.FULLY_FUNDED,
                funding_source="the training hub",
                backfill=True,
                backfill_rate="30",
                cpd="18",
                certificate="Certificate of participation",
                benefits="Support from peers, and actions you have tested in your own work.",
                eligibility=f"{who[:1].upper()}{who[1:]} working in {area}.",
                runs=(Run(20 + 7 * number, 182, 10, 8, number % 8),),
            )
        )
        offers.append(
            Sample(
                title=f"New to practice fellowship: leadership strand ({area})",
                kind=OfferKind.PROGRAMME,
                summary="Protected time and a leadership strand for staff in their first two years in general practice.",
                description=(
                    "Fellows spend one session a week on development: four leadership workshops, a mentor and a small "
                    "project in their PCN."
                ),
                hub=hub,
                provider=hub,
                professions=(
                    "general-practice-nurse",
                    "clinical-pharmacist",
                    "paramedic",
                    "physician-associate",
                    "gp",
                ),
                levels=("early-career",),
                dimensions=("inspiring-shared-purpose", "developing-capability"),
                regions=regions,
                icbs=icbs,
                mode=DeliveryMode.BLENDED,
                location=f"{town} and online",
                total_hours=90,
                weeks=52,
                sessions=4,
                session_hours="3.5",
                session_name="workshop",
                study="1.5",
                protected_time=True,
                funding=Funding.FULLY_FUNDED,
                funding_source="the training hub",
                backfill=True,
                backfill_rate="35",
                cpd="90",
                certificate="Fellowship certificate",
                benefits="A year of protected development time, a mentor and a project for your portfolio.",
                eligibility="Staff within two years of qualifying or of joining general practice.",
                route=NominationRoute.LINE_MANAGER,
                runs=(Run(60 + 10 * number, 365, 30, 12, 3),),
            )
        )
        offers.append(
            Sample(
                title=f"Quality improvement clinic: {area}",
                kind=OfferKind.QI_PROJECT,
                summary="Bring a problem from your practice; leave with a tested change and a QI coach for three months.",
                description="Monthly drop-in clinics with a QI coach, for individuals or small teams.",
                hub=hub,
                provider=hub,
                professions=EVERYONE,
                dimensions=("evaluating-information", "engaging-the-team"),
                regions=regions,
                icbs=icbs,
                mode=DeliveryMode.ONLINE,
                total_hours=10,
                weeks=12,
                sessions=3,
                session_hours="1",
                session_name="clinic",
                study="0.5",
                funding=Funding.FREE,
                backfill=False,
                cpd="10",
                certificate="Certificate of completion",
                benefits="A small, measured improvement you can present at appraisal.",
                eligibility="Anyone in primary care in the area.",
                runs=(Run(14 + 5 * number, 84, 5, None),),
            )
        )
        if number < 5:
            offers.append(
                Sample(
                    title=f"Shadow a PCN clinical director ({area})",
                    kind=OfferKind.SHADOWING,
                    summary="Spend two days with a clinical director: PCN board, ICB meetings and the work in between.",
                    description="See what a clinical director does, then talk it over with them.",
                    hub=hub,
                    provider=hub,
                    professions=(*CLINICAL, *NON_CLINICAL),
                    levels=("established", "advanced-or-specialist"),
                    dimensions=("connecting-our-service", "sharing-the-vision"),
                    regions=regions,
                    icbs=icbs,
                    mode=DeliveryMode.IN_PERSON,
                    location=f"A PCN near {town}",
                    total_hours=14,
                    sessions=2,
                    session_hours="7",
                    session_name="day",
                    funding=Funding.FREE,
                    backfill=True,
                    backfill_rate="40",
                    benefits="A realistic view of PCN leadership, before you apply for a role.",
                    eligibility="Anyone thinking about a PCN leadership role.",
                    faqs=(
                        ("accreditation", "Is it accredited?", "No."),
                        ("certification", "Will I get a certificate?", "No."),
                    ),
                    runs=(Run(30 + 9 * number, 30, 10, 4, 1),),
                )
            )
            offers.append(
                Sample(
                    title=f"Mentoring circle for women in primary care leadership ({area})",
                    kind=OfferKind.MENTORING,
                    summary="Group mentoring: six people and two experienced leaders, meeting every other month for a year.",
                    description="Topics are chosen by the circle. Mentors come from several professions.",
                    hub=hub,
                    provider=hub,
                    professions=EVERYONE,
                    levels=("established", "advanced-or-specialist", "senior-leader"),
                    dimensions=("inspiring-shared-purpose", "influencing-for-results"),
                    regions=regions,
                    icbs=icbs,
                    mode=DeliveryMode.BLENDED,
                    location=town,
                    total_hours=12,
                    weeks=52,
                    sessions=6,
                    session_hours="2",
                    session_name="circle meeting",
                    funding=Funding.FREE,
                    backfill=False,
                    benefits="Mentors, peers and a wider network.",
                    eligibility="Women in, or aiming for, leadership roles in primary care.",
                    faqs=(
                        ("accreditation", "Is it accredited?", "No."),
                        ("certification", "Will I get a certificate?", "No."),
                    ),
                    runs=(Run(45 + 6 * number, 365, 14, 6, 2),),
                )
            )
    return offers


# ---------------------------------------------------------------------------
# Writing the samples
# ---------------------------------------------------------------------------
class Lookups:
    def __init__(self):
        self.professions = {p.slug: p for p in Profession.objects.all()}
        self.levels = {level.slug: level for level in CareerLevel.objects.all()}
        self.dimensions = {d.slug: d for d in LeadershipDimension.objects.all()}
        self.regions = {r.slug: r for r in Region.objects.all()}
        self.icbs = {icb.ods_code: icb for icb in ICB.objects.all()}
        self.hubs = {hub.name: hub for hub in Organisation.objects.training_hubs()}


def _slug(title: str) -> str:
    from django.utils.text import slugify

    return slugify(title)[:200]


def _values(sample: Sample, hubs: dict) -> dict:
    return {
        "title": sample.title,
        "summary": sample.summary,
        "description": f"{sample.description}\n\n{SAMPLE_NOTE}",
        "kind": sample.kind,
        "provider": sample.provider,
        "hub": hubs[sample.hub],
        "all_professions": sample.professions == EVERYONE,
        "eligibility": sample.eligibility,
        "nomination_route": sample.route,
        "national": not (sample.regions or sample.icbs),
        "delivery_mode": sample.mode,
        "location": sample.location,
        "total_hours": sample.total_hours,
        "duration_weeks": sample.weeks,
        "session_count": sample.sessions,
        "session_hours": Decimal(sample.session_hours) if sample.session_hours else None,
        "session_name": sample.session_name,
        "self_study_hours_per_week": Decimal(sample.study) if sample.study else None,
        "protected_time_expected": sample.protected_time,
        "fee": Decimal(sample.fee),
        "funding": sample.funding,
        "funding_source": sample.funding_source,
        "backfill_paid": sample.backfill,
        "backfill_rate": Decimal(sample.backfill_rate) if sample.backfill_rate else None,
        "cpd_hours": Decimal(sample.cpd) if sample.cpd else None,
        "academic_credits": sample.credits,
        "academic_level": sample.academic_level,
        "awarding_body": sample.awarding_body,
        "certificate": sample.certificate,
        "benefits": sample.benefits,
    }


def _set_many(offer: Offer, name: str, wanted: list, new: bool, report: demo.Report) -> bool:
    manager = getattr(offer, name)
    if {obj.pk for obj in manager.all()} == {obj.pk for obj in wanted}:
        return False
    manager.set(wanted)
    report.note(f"offer {name.replace('_', ' ')}", created=new, updated=not new)
    return True


def _seed_offer(sample: Sample, lookups: Lookups, report: demo.Report) -> tuple[Offer, bool]:
    offer, created = Offer.objects.get_or_create(
        slug=_slug(sample.title),
        defaults={
            **_values(sample, lookups.hubs),
            "published_at": timezone.now(),
            "review_by": timezone.localdate() + datetime.timedelta(days=sample.review_in_days),
        },
    )
    changed = []
    if not created:
        for name, value in _values(sample, lookups.hubs).items():
            if getattr(offer, name) != value:
                setattr(offer, name, value)
                changed.append(name)
        if changed:
            offer.save(update_fields=changed)
    report.note("offers", created=created, updated=bool(changed))

    professions = [] if sample.professions == EVERYONE else sample.professions
    touched = [
        _set_many(
            offer, "professions", [lookups.professions[s] for s in professions], created, report
        ),
        _set_many(
            offer, "career_levels", [lookups.levels[s] for s in sample.levels], created, report
        ),
        _set_many(
            offer, "dimensions", [lookups.dimensions[s] for s in sample.dimensions], created, report
        ),
        _set_many(offer, "regions", [lookups.regions[s] for s in sample.regions], created, report),
        _set_many(offer, "icbs", [lookups.icbs[code] for code in sample.icbs], created, report),
    ]

    for order, (topic, question, answer) in enumerate(sample.faqs):
        demo.ensure(
            FAQ,
            {"offer": offer, "question": question},
            {"topic": topic, "answer": answer, "order": order},
            report,
        )

    # Published as a curator would, so the publishing checks hold for the demo too.
    if created:
        offer = services.offer_publish(offer=offer)

    # Intakes are dated from the first seeding and never moved, so a second run
    # (on any day) changes nothing. Places are taken by invented members applying.
    if created:
        first_day = timezone.localdate()
        for run in sample.runs:
            start = first_day + datetime.timedelta(days=run.starts_in)
            intake = Intake.objects.create(
                offer=offer,
                start_date=start,
                end_date=start + datetime.timedelta(days=run.lasts),
                application_deadline=start - datetime.timedelta(days=run.apply_days_before),
                places=run.places,
                location=sample.location or "Online",
            )
            _apply_crowd(offer, intake, run.places_taken, report)
            report.note("intakes", created=True)
    elif sample.runs:
        report.note("intakes")
    return offer, created or bool(changed) or any(touched)


def _apply_crowd(offer: Offer, intake: Intake, count: int, report: demo.Report) -> None:
    """Invented members apply through the service, which counts the places taken."""
    applicants = crowd().exclude(applications__offer=offer).order_by("email")
    for person in applicants[: min(count, intake.places or count)]:
        services.application_create(person=person, offer=offer, intake=intake)
        report.note("applications", created=True)


def _seed_nurse_activity(offers: dict[str, Offer], report: demo.Report) -> None:
    """Nia, the demo nurse, has saved two offers and registered interest in one."""
    nurse = demo.account("nurse")
    for slug in ("practice-nurse-leadership-programme", "leading-through-conflict"):
        if slug in offers:
            created = not offers[slug].saves.filter(person=nurse).exists()
            services.saved_offer_add(person=nurse, offer=offers[slug])
            report.note("saved offers", created=created)
    slug = "foundations-of-leadership-in-general-practice"
    if slug in offers:
        existing = offers[slug].applications.filter(person=nurse).exists()
        if not existing:
            services.application_create(
                person=nurse, offer=offers[slug], status=ApplicationStatus.INTERESTED
            )
        report.note("applications", created=not existing)


@demo.seeder("programmes")
def seed(report: demo.Report) -> None:
    lookups = Lookups()
    missing = {EXE, IRWELL} - set(lookups.hubs)
    if missing:
        raise RuntimeError(f"The demo training hubs are missing: {', '.join(sorted(missing))}")
    offers, changed_ids = {}, []
    for sample in _offers():
        offer, changed = _seed_offer(sample, lookups, report)
        offers[offer.slug] = offer
        if changed:
            changed_ids.append(offer.pk)
    search.refresh_ids(changed_ids)
    intake_dates.refresh_ids(changed_ids)
    _seed_nurse_activity(offers, report)
    if changed_ids:
        caching.catalogue_changed()
