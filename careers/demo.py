# ruff: noqa: E501 - this file is mostly product text; wrapping sentences mid-phrase hurts more than long lines.
"""Demo content for careers: a pathway for every profession, leadership roles, and a
few log entries and a self-assessment for the nurse persona.

Pathways are written for the demo from structured rows (one line a stage) so that
21 professions stay readable here; pay figures are indicative, not advice.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from careers import services
from careers.mentoring import demo as mentoring_demo
from careers.models import (
    Activity,
    ActivityKind,
    Assessment,
    Pathway,
    Role,
    Stage,
    StageExpectation,
)
from portal import demo
from portal.models import (
    CareerLevel,
    LeadershipDimension,
    Organisation,
    OrganisationKind,
    Profession,
)

S, E, X, A, L = (
    "student-or-trainee",
    "early-career",
    "established",
    "advanced-or-specialist",
    "senior-leader",
)

# profession slug -> (summary, [(level, title, roles "; ", requirements "; ", pay)])
PATHWAYS: dict[str, tuple[str, list[tuple[str, str, str, str, str]]]] = {
    "gp": (
        "From newly qualified GP to clinical director or system leader. Leadership in general practice often starts with a practice lead role and grows through the network.",
        [
            (
                E,
                "Newly qualified GP",
                "Salaried GP; locum GP; GP fellow",
                "Certificate of Completion of Training (CCT) in general practice; entry on the GP register and a performers list",
                "Salaried GP pay range, set locally",
            ),
            (
                X,
                "Established GP",
                "Salaried GP with a lead area; GP partner; GP trainer in preparation",
                "Appraisal and revalidation up to date; a special interest or practice lead area",
                "Salaried GP pay range or partnership share",
            ),
            (
                A,
                "GP with extended role",
                "GP with extended role; GP trainer; PCN clinical lead for a service",
                "Extended-role accreditation or postgraduate certificate; trainer approval where training",
                "Partnership share or sessional rate plus lead sessions",
            ),
            (
                L,
                "Clinical director or system leader",
                "PCN clinical director; ICB clinical lead; training hub clinical lead",
                "Experience of leading across practices; a leadership programme or qualification is common",
                "Sessional pay for the role on top of clinical income",
            ),
        ],
    ),
    "gp-trainee": (
        "GP specialty training is the start of a leadership career: the portfolio asks for a leadership activity, and many trainees take on a first lead role before they qualify.",
        [
            (
                S,
                "Foundation doctor in general practice",
                "Foundation doctor on a general practice placement",
                "Primary medical qualification; provisional registration",
                "Resident doctor pay, foundation year 1 or 2",
            ),
            (
                E,
                "GP specialty trainee, hospital posts",
                "GP specialty trainee (ST1 and ST2) in hospital rotations",
                "Foundation competences; recruitment to GP specialty training",
                "Resident doctor pay, specialty training",
            ),
            (
                X,
                "GP specialty trainee in practice",
                "GP specialty trainee (ST3) in a training practice",
                "Satisfactory progress at annual review; workplace-based assessments including the leadership activity",
                "Resident doctor pay with general practice supplement",
            ),
            (
                A,
                "Newly qualified GP with a fellowship",
                "GP fellow with protected time for leadership, teaching or quality improvement",
                "CCT in general practice; a place on a fellowship or new-to-practice scheme",
                "Salaried GP pay range, with funded fellowship sessions",
            ),
        ],
    ),
    "general-practice-nurse": (
        "From a student placement in general practice to lead nurse for a practice or network. Nurses lead clinics, teams and quality improvement long before they hold a title that says so.",
        [
            (
                S,
                "Student nurse on placement",
                "Student nurse on a general practice placement",
                "A place on a pre-registration nursing degree",
                "Student funding; no salary",
            ),
            (
                E,
                "Newly qualified general practice nurse",
                "General practice nurse on a fundamentals course",
                "Registration with the Nursing and Midwifery Council; general practice nurse fundamentals course in the first year",
                "Agenda for Change band 5 or local equivalent",
            ),
            (
                X,
                "Experienced general practice nurse",
                "General practice nurse with a clinical lead area; practice educator; nurse mentor",
                "Long-term condition qualifications; practice assessor or supervisor training",
                "Band 6 or local equivalent",
            ),
            (
                A,
                "Senior or specialist nurse",
                "Senior practice nurse; nurse specialist; nurse prescriber leading a service",
                "Independent prescribing; a postgraduate qualification in a specialist area",
                "Band 6 to 7 or local equivalent",
            ),
            (
                L,
                "Lead nurse",
                "Lead nurse for a practice or PCN; training hub nurse lead; ICB primary care nurse lead",
                "Experience of leading a team or service; a leadership programme",
                "Band 7 to 8a or local equivalent",
            ),
        ],
    ),
    "advanced-nurse-practitioner": (
        "Advanced practice is a career in its own right. Leadership is one of its four pillars, alongside clinical practice, education and research.",
        [
            (
                E,
                "Trainee advanced practitioner",
                "Trainee advanced clinical practitioner",
                "Registered nurse with several years' experience; a place on an MSc in advanced clinical practice",
                "Band 7 while training, or local equivalent",
            ),
            (
                X,
                "Advanced nurse practitioner",
                "Advanced nurse practitioner in a practice or network",
                "MSc in advanced clinical practice or equivalent portfolio; independent prescribing",
                "Band 7 to 8a or local equivalent",
            ),
            (
                A,
                "Senior advanced practitioner",
                "Lead for an advanced practice team; advanced practice supervisor",
                "Experience supervising trainees; credentialing with the Centre for Advancing Practice where it applies",
                "Band 8a or local equivalent",
            ),
            (
                L,
                "Consultant practitioner or lead",
                "Consultant practitioner; PCN or ICB lead for advanced practice",
                "Doctoral-level study or equivalent experience; leadership across organisations",
                "Band 8b to 8c or local equivalent",
            ),
        ],
    ),
    "nursing-associate": (
        "Nursing associates bridge care and registered nursing. Many go on to become registered nurses, taking what they learned about leading care into the next role.",
        [
            (
                S,
                "Trainee nursing associate",
                "Trainee nursing associate on an apprenticeship",
                "Maths and English at level 2; an employer willing to support the apprenticeship",
                "Band 3 or local equivalent",
            ),
            (
                E,
                "Nursing associate",
                "Registered nursing associate in a practice",
                "Foundation degree; registration with the Nursing and Midwifery Council",
                "Band 4 or local equivalent",
            ),
            (
                X,
                "Experienced nursing associate",
                "Nursing associate leading a clinic or a healthcare assistant team",
                "Further skills such as immunisations or long-term condition reviews",
                "Band 4 or local equivalent",
            ),
            (
                A,
                "Nursing associate moving to registered nurse",
                "Student on a shortened nursing degree; nursing associate champion",
                "A top-up route to registered nursing",
                "Band 4, then band 5 on qualifying",
            ),
        ],
    ),
    "healthcare-assistant": (
        "Healthcare assistants keep clinics running and often know patients best. The pathway opens routes to nursing associate, nursing and team leadership.",
        [
            (
                S,
                "New healthcare assistant",
                "Healthcare assistant completing the Care Certificate",
                "The Care Certificate in the first months",
                "Band 2 to 3 or local equivalent",
            ),
            (
                E,
                "Healthcare assistant",
                "Healthcare assistant running phlebotomy, health checks or dressings clinics",
                "Competences signed off for each clinic",
                "Band 3 or local equivalent",
            ),
            (
                X,
                "Senior healthcare assistant",
                "Senior healthcare assistant; trainer for new starters",
                "A level 3 diploma in clinical healthcare support",
                "Band 3 to 4 or local equivalent",
            ),
            (
                A,
                "Team lead or trainee nursing associate",
                "Healthcare assistant team lead; trainee nursing associate",
                "A place on a nursing associate apprenticeship, or team lead responsibilities",
                "Band 4 or local equivalent",
            ),
        ],
    ),
    "clinical-pharmacist": (
        "Clinical pharmacists joined general practice in large numbers through the network contract. The pathway runs from a foundation year to leading medicines work across a system.",
        [
            (
                S,
                "Foundation trainee pharmacist",
                "Foundation trainee pharmacist with time in general practice",
                "Master of Pharmacy degree",
                "Band 6 or local equivalent",
            ),
            (
                E,
                "Clinical pharmacist on the pathway",
                "Clinical pharmacist in a PCN on the primary care pharmacy education pathway",
                "Registration with the General Pharmaceutical Council; enrolment on the primary care pharmacy education pathway",
                "Band 6 to 7 or local equivalent",
            ),
            (
                X,
                "Experienced clinical pharmacist",
                "Clinical pharmacist with independent prescribing running clinics",
                "Independent prescribing; completion of the pathway",
                "Band 7 to 8a or local equivalent",
            ),
            (
                A,
                "Senior or advanced pharmacist",
                "Senior clinical pharmacist; advanced practice pharmacist; supervisor for pharmacists on the pathway",
                "Advanced practice credential or postgraduate diploma",
                "Band 8a or local equivalent",
            ),
            (
                L,
                "Lead pharmacist",
                "PCN lead pharmacist; ICB medicines optimisation lead",
                "Experience of leading a team across practices",
                "Band 8b or local equivalent",
            ),
        ],
    ),
    "pharmacy-technician": (
        "Pharmacy technicians lead much of the medicines work in general practice, from repeat prescribing to safety audits, and can grow into leading that work across a network.",
        [
            (
                S,
                "Trainee pharmacy technician",
                "Pre-registration trainee pharmacy technician",
                "A place on an accredited two-year training programme",
                "Band 4 or local equivalent",
            ),
            (
                E,
                "Pharmacy technician in general practice",
                "Pharmacy technician on the primary care pharmacy education pathway",
                "Registration with the General Pharmaceutical Council",
                "Band 5 or local equivalent",
            ),
            (
                X,
                "Experienced pharmacy technician",
                "Pharmacy technician leading repeat prescribing or medicines reconciliation",
                "Completion of the pathway; audit and quality-improvement experience",
                "Band 5 to 6 or local equivalent",
            ),
            (
                A,
                "Senior pharmacy technician",
                "Senior or lead pharmacy technician for a PCN",
                "Experience supervising others; a leadership course",
                "Band 6 to 7 or local equivalent",
            ),
        ],
    ),
    "physician-associate": (
        "Physician associates work under the supervision of a doctor. Leadership grows through teaching, service development and representing the profession locally.",
        [
            (
                S,
                "Physician associate student",
                "Physician associate student on placement",
                "A place on a postgraduate physician associate course",
                "Student funding; no salary",
            ),
            (
                E,
                "Newly qualified physician associate",
                "Physician associate in a preceptorship year",
                "National examination; registration with the General Medical Council",
                "Band 7 or local equivalent",
            ),
            (
                X,
                "Experienced physician associate",
                "Physician associate with a lead area such as frailty or long-term conditions",
                "Completion of preceptorship; continuing professional development",
                "Band 7 to 8a or local equivalent",
            ),
            (
                A,
                "Senior physician associate",
                "Senior physician associate; educator or ambassador for the profession",
                "Teaching qualification or postgraduate certificate",
                "Band 8a or local equivalent",
            ),
        ],
    ),
    "paramedic": (
        "Paramedics bring urgent care skills to general practice. The pathway follows the multi-professional framework for advanced clinical practice.",
        [
            (
                E,
                "Paramedic new to primary care",
                "Paramedic on a primary care rotation or induction",
                "Registration with the Health and Care Professions Council; several years in ambulance practice",
                "Band 6 or local equivalent",
            ),
            (
                X,
                "Specialist paramedic",
                "Specialist paramedic running home visits and urgent clinics",
                "Primary care roadmap stage 1 portfolio; independent prescribing where eligible",
                "Band 7 or local equivalent",
            ),
            (
                A,
                "Advanced paramedic practitioner",
                "Advanced paramedic practitioner; lead for urgent care in a network",
                "MSc in advanced clinical practice or equivalent",
                "Band 7 to 8a or local equivalent",
            ),
            (
                L,
                "Consultant paramedic or lead",
                "Consultant paramedic; PCN or ICB urgent care lead",
                "Leadership across organisations; doctoral-level study or equivalent",
                "Band 8b or local equivalent",
            ),
        ],
    ),
    "first-contact-physiotherapist": (
        "First contact physiotherapists see patients with muscle and joint problems without a GP appointment first. Leading the service across a network is a natural next step.",
        [
            (
                E,
                "Physiotherapist preparing for first contact",
                "Physiotherapist building a first contact portfolio",
                "Registration with the Health and Care Professions Council; musculoskeletal experience",
                "Band 6 or local equivalent",
            ),
            (
                X,
                "First contact physiotherapist",
                "First contact physiotherapist in a PCN",
                "Primary care roadmap stage 1 portfolio signed off",
                "Band 7 or local equivalent",
            ),
            (
                A,
                "Advanced practitioner",
                "Advanced musculoskeletal practitioner; supervisor for first contact practitioners",
                "Roadmap stage 2 or MSc in advanced practice",
                "Band 7 to 8a or local equivalent",
            ),
            (
                L,
                "Service lead",
                "Musculoskeletal service lead for a PCN or ICB",
                "Experience of leading a service across practices",
                "Band 8a to 8b or local equivalent",
            ),
        ],
    ),
    "dietitian": (
        "Dietitians in primary care work on weight, diabetes and frailty with whole populations, which makes leadership across services part of the job early on.",
        [
            (
                S,
                "Student dietitian",
                "Student dietitian on placement",
                "A place on an approved dietetics degree",
                "Student funding; no salary",
            ),
            (
                E,
                "Dietitian",
                "Dietitian working across a PCN",
                "Registration with the Health and Care Professions Council",
                "Band 5 to 6 or local equivalent",
            ),
            (
                X,
                "First contact or specialist dietitian",
                "First contact dietitian; specialist dietitian leading a clinic",
                "Primary care roadmap portfolio; specialist training",
                "Band 7 or local equivalent",
            ),
            (
                A,
                "Advanced or lead dietitian",
                "Advanced practice dietitian; lead for nutrition across a network",
                "MSc or equivalent advanced practice portfolio",
                "Band 8a or local equivalent",
            ),
        ],
    ),
    "podiatrist": (
        "Podiatrists prevent amputations and keep people mobile. In primary care they lead foot protection and diabetes pathways across practices.",
        [
            (
                S,
                "Student podiatrist",
                "Student podiatrist on placement",
                "A place on an approved podiatry degree",
                "Student funding; no salary",
            ),
            (
                E,
                "Podiatrist",
                "Podiatrist in a community or PCN service",
                "Registration with the Health and Care Professions Council",
                "Band 5 to 6 or local equivalent",
            ),
            (
                X,
                "First contact or specialist podiatrist",
                "First contact podiatrist; diabetes foot specialist",
                "Primary care roadmap portfolio; specialist training",
                "Band 7 or local equivalent",
            ),
            (
                A,
                "Advanced or lead podiatrist",
                "Advanced practice podiatrist; foot protection service lead",
                "MSc or equivalent advanced practice portfolio",
                "Band 8a or local equivalent",
            ),
        ],
    ),
    "occupational-therapist": (
        "Occupational therapists help people keep doing what matters to them. In networks they often lead frailty and personalised care work.",
        [
            (
                S,
                "Student occupational therapist",
                "Student occupational therapist on placement",
                "A place on an approved occupational therapy degree",
                "Student funding; no salary",
            ),
            (
                E,
                "Occupational therapist",
                "Occupational therapist in a PCN or community team",
                "Registration with the Health and Care Professions Council",
                "Band 5 to 6 or local equivalent",
            ),
            (
                X,
                "First contact occupational therapist",
                "First contact occupational therapist; frailty lead",
                "Primary care roadmap portfolio",
                "Band 7 or local equivalent",
            ),
            (
                A,
                "Advanced or lead occupational therapist",
                "Advanced practitioner; lead for personalised care across a network",
                "MSc or equivalent advanced practice portfolio",
                "Band 8a or local equivalent",
            ),
        ],
    ),
    "mental-health-practitioner": (
        "Mental health practitioners are shared between a network and the local mental health trust. Leading across that boundary is their particular skill.",
        [
            (
                E,
                "Mental health practitioner",
                "Mental health practitioner in a PCN",
                "Registration as a nurse, occupational therapist, social worker or psychologist, or an equivalent qualification",
                "Band 6 or local equivalent",
            ),
            (
                X,
                "Senior mental health practitioner",
                "Senior practitioner leading a caseload and supervising others",
                "Experience in community mental health; supervision training",
                "Band 7 or local equivalent",
            ),
            (
                A,
                "Advanced mental health practitioner",
                "Advanced practitioner; lead for mental health across a network",
                "MSc or equivalent advanced practice portfolio",
                "Band 8a or local equivalent",
            ),
            (
                L,
                "Service lead",
                "Primary care mental health lead for an ICB or trust",
                "Experience leading services across organisations",
                "Band 8b or local equivalent",
            ),
        ],
    ),
    "social-prescribing-link-worker": (
        "Link workers connect people with community groups and support. The role leads naturally to leading community partnerships and personalised care.",
        [
            (
                E,
                "Social prescribing link worker",
                "Link worker in a PCN",
                "Experience of working with people and communities; induction and accredited training in the first year",
                "Band 4 to 5 or local equivalent",
            ),
            (
                X,
                "Experienced link worker",
                "Link worker with a specialist caseload, such as young people or carers",
                "Supervision and peer support training",
                "Band 5 or local equivalent",
            ),
            (
                A,
                "Senior link worker",
                "Senior or lead link worker supervising a team",
                "Experience supervising others; a leadership course",
                "Band 5 to 6 or local equivalent",
            ),
            (
                L,
                "Personalised care lead",
                "Personalised care lead for a network or ICB",
                "Experience leading partnerships with the voluntary sector",
                "Band 7 or local equivalent",
            ),
        ],
    ),
    "care-coordinator": (
        "Care co-ordinators make sure people with complex needs get joined-up care. Many grow into leading the personalised care team.",
        [
            (
                E,
                "Care co-ordinator",
                "Care co-ordinator in a PCN",
                "Experience in health, care or administration; personalised care training",
                "Band 4 or local equivalent",
            ),
            (
                X,
                "Experienced care co-ordinator",
                "Care co-ordinator with a lead for a population such as frailty or cancer",
                "Further personalised care training",
                "Band 4 to 5 or local equivalent",
            ),
            (
                A,
                "Senior care co-ordinator",
                "Senior care co-ordinator supervising others",
                "Experience supervising; a first leadership course",
                "Band 5 or local equivalent",
            ),
            (
                L,
                "Personalised care team lead",
                "Team lead for care co-ordinators, link workers and coaches",
                "Experience of leading a team across practices",
                "Band 6 to 7 or local equivalent",
            ),
        ],
    ),
    "health-and-wellbeing-coach": (
        "Health and wellbeing coaches help people set and reach their own goals, the same skills that make good leaders of teams.",
        [
            (
                E,
                "Health and wellbeing coach",
                "Coach in a PCN",
                "Accredited health coaching training",
                "Band 4 to 5 or local equivalent",
            ),
            (
                X,
                "Experienced coach",
                "Coach running group programmes and supporting new coaches",
                "Group facilitation training",
                "Band 5 or local equivalent",
            ),
            (
                A,
                "Senior coach",
                "Senior or lead coach",
                "Coaching supervision training",
                "Band 5 to 6 or local equivalent",
            ),
            (
                L,
                "Personalised care lead",
                "Personalised care lead for a network",
                "Experience leading a team across practices",
                "Band 7 or local equivalent",
            ),
        ],
    ),
    "practice-manager": (
        "Practice managers run the business of general practice. The pathway leads from assistant manager to managing a network or leading across a system.",
        [
            (
                E,
                "Assistant practice manager",
                "Assistant or deputy practice manager",
                "Experience in general practice administration; a first management course",
                "Band 5 to 6 or local equivalent",
            ),
            (
                X,
                "Practice manager",
                "Practice manager of a single practice",
                "Management qualification at level 5 or equivalent experience",
                "Band 7 or local equivalent",
            ),
            (
                A,
                "Experienced or business manager",
                "Practice manager of a large or merged practice; business partner",
                "Experience of contracts, finance and workforce planning",
                "Band 8a or local equivalent",
            ),
            (
                L,
                "Manager across practices",
                "PCN manager; federation operations lead; ICB primary care manager",
                "A leadership programme; experience across organisations",
                "Band 8a to 8b or local equivalent",
            ),
        ],
    ),
    "pcn-manager": (
        "PCN managers turn a network's plans into services. The role sits between practices and the system, so influence matters as much as authority.",
        [
            (
                E,
                "PCN administrator or assistant",
                "PCN administrator; assistant PCN manager",
                "Experience in general practice or NHS administration",
                "Band 4 to 5 or local equivalent",
            ),
            (
                X,
                "PCN manager",
                "PCN manager",
                "Experience in practice or programme management",
                "Band 7 or local equivalent",
            ),
            (
                A,
                "Experienced PCN manager",
                "PCN manager of a large network; business lead for several PCNs",
                "A management or leadership qualification",
                "Band 8a or local equivalent",
            ),
            (
                L,
                "System primary care leader",
                "ICB primary care lead; federation director",
                "Experience leading change across organisations",
                "Band 8b to 8c or local equivalent",
            ),
        ],
    ),
    "reception-and-admin": (
        "Reception and administrative staff are the front door of general practice. Leading that front door well, and growing into management, is a real career.",
        [
            (
                E,
                "Receptionist or administrator",
                "Receptionist; care navigator; medical secretary",
                "Induction and care navigation training",
                "Band 2 to 3 or local equivalent",
            ),
            (
                X,
                "Experienced receptionist or administrator",
                "Senior receptionist; workflow or document lead",
                "Customer care or administration qualification at level 3",
                "Band 3 or local equivalent",
            ),
            (
                A,
                "Team leader",
                "Reception manager; administration team leader",
                "Experience supervising others; a first leadership course",
                "Band 4 to 5 or local equivalent",
            ),
            (
                L,
                "Operations or assistant practice manager",
                "Operations manager; assistant practice manager",
                "Management qualification at level 3 to 5",
                "Band 5 to 6 or local equivalent",
            ),
        ],
    ),
}

# Expected level per dimension at each career level, before a profession's own shape.
# Leading with care and developing capability come early; influence and system work later.
BASE_EXPECTATIONS = {
    S: {
        "inspiring-shared-purpose": 1,
        "leading-with-care": 1,
        "evaluating-information": 1,
        "engaging-the-team": 1,
        "developing-capability": 1,
    },
    E: {
        "inspiring-shared-purpose": 1,
        "leading-with-care": 2,
        "evaluating-information": 1,
        "connecting-our-service": 1,
        "sharing-the-vision": 1,
        "engaging-the-team": 1,
        "holding-to-account": 1,
        "developing-capability": 1,
        "influencing-for-results": 1,
    },
    X: {
        "inspiring-shared-purpose": 2,
        "leading-with-care": 2,
        "evaluating-information": 2,
        "connecting-our-service": 2,
        "sharing-the-vision": 1,
        "engaging-the-team": 2,
        "holding-to-account": 2,
        "developing-capability": 2,
        "influencing-for-results": 1,
    },
    A: {
        "inspiring-shared-purpose": 3,
        "leading-with-care": 3,
        "evaluating-information": 3,
        "connecting-our-service": 2,
        "sharing-the-vision": 2,
        "engaging-the-team": 3,
        "holding-to-account": 2,
        "developing-capability": 3,
        "influencing-for-results": 2,
    },
    L: {
        "inspiring-shared-purpose": 3,
        "leading-with-care": 3,
        "evaluating-information": 3,
        "connecting-our-service": 3,
        "sharing-the-vision": 3,
        "engaging-the-team": 3,
        "holding-to-account": 3,
        "developing-capability": 3,
        "influencing-for-results": 3,
    },
}

STAGE_SUMMARIES = {
    S: "Learning the work and how a practice runs. Leadership here means reliability, curiosity and speaking up.",
    E: "Building confidence in the role. A good time for a first small piece of quality improvement and a mentor.",
    X: "Others start to turn to you. Supervising, teaching and leading a clinic or a project develop your leadership.",
    A: "Leading a service area, a team or a network project. Influence across practices matters as much as expertise.",
    L: "Accountable across a practice, network or system, and developing the leaders who come after you.",
}


def _next_steps(stages: list, index: int) -> str:
    if index + 1 < len(stages):
        following = stages[index + 1]
        return "\n".join(
            [
                f"Work towards: {following[1].lower()}",
                f"Typical requirements: {following[3].split('; ')[0]}",
                "Find a mentor who holds the next role, and log what you lead along the way",
            ]
        )
    return "\n".join(
        [
            "Mentor or sponsor someone from a profession that rarely leads",
            "Take a system role: an ICB clinical or professional lead",
        ]
    )


@demo.seeder("careers")
def seed(report: demo.Report) -> None:
    levels = {level.slug: level for level in CareerLevel.objects.all()}
    dimensions = {d.slug: d for d in LeadershipDimension.objects.all()}
    for slug, (summary, stages) in PATHWAYS.items():
        profession = Profession.objects.get(slug=slug)
        pathway = demo.ensure(Pathway, {"profession": profession}, {"summary": summary}, report)
        for index, (level, title, roles, requirements, pay) in enumerate(stages):
            stage = demo.ensure(
                Stage,
                {"pathway": pathway, "career_level": levels[level]},
                {
                    "title": title,
                    "summary": STAGE_SUMMARIES[level],
                    "typical_roles": "\n".join(roles.split("; ")),
                    "entry_requirements": "\n".join(requirements.split("; ")),
                    "pay_band": pay,
                    "next_steps": _next_steps(stages, index),
                },
                report,
            )
            for dimension_slug, expected in BASE_EXPECTATIONS[level].items():
                demo.ensure(
                    StageExpectation,
                    {"stage": stage, "dimension": dimensions[dimension_slug]},
                    {"level": expected},
                    report,
                )
    _seed_roles(report)
    _seed_nurse(report, dimensions)
    mentoring_demo.seed(report)


def _seed_roles(report: demo.Report) -> None:
    curator = demo.account("curator")
    pcn = Organisation.objects.filter(kind=OrganisationKind.PCN).order_by("name").first()
    if pcn is None:
        return
    demo.ensure(
        Role,
        {"title": "PCN clinical lead for frailty (sample)"},
        {
            "host": pcn,
            "purpose": "Bring the network's frailty work together so that older people get a proactive review before a crisis, not after.",
            "accountable_to": "The PCN clinical director, for the frailty programme (not for clinical practice)",
            "decision_rights": "Decides the frailty clinic model and how the frailty budget is spent, within the network plan.",
            "holds_budget": True,
            "aims": "Every person with moderate or severe frailty has a care plan and a named co-ordinator.",
            "milestones": "Care plans for 60% of people with severe frailty by March\nA monthly multidisciplinary meeting running in every practice within 6 months",
            "autonomy": "Plans the programme, leads the team and evaluates results with the practices.",
            "sessions_per_week": Decimal("2"),
            "remuneration": "Sessional rate paid by the network",
            "backfill": "Clinical sessions backfilled by the network",
            "closing_date": timezone.localdate() + datetime.timedelta(days=60),
            "all_professions": True,
            "published": True,
            "posted_by": curator,
        },
        report,
    )
    demo.ensure(
        Role,
        {"title": "Director of clinical quality (sample)"},
        {
            "host": pcn,
            "purpose": "Improve the quality of care across the network's practices.",
            "accountable_to": "",
            "decision_rights": "",
            "aims": "Better quality.",
            "milestones": "Improve audit results",
            "closing_date": timezone.localdate() + datetime.timedelta(days=45),
            "all_professions": True,
            "published": True,
            "posted_by": curator,
        },
        report,
    )


def _seed_nurse(report: demo.Report, dimensions: dict) -> None:
    nurse = demo.account("nurse")
    today = timezone.localdate()
    entries = [
        (
            "Chaired the practice infection control meeting",
            ActivityKind.CHAIRED_MEETING,
            60,
            "1.5",
            ["engaging-the-team", "holding-to-account"],
        ),
        (
            "Led an audit of asthma reviews",
            ActivityKind.QI_PROJECT,
            120,
            "6",
            ["evaluating-information", "inspiring-shared-purpose"],
        ),
        (
            "Taught inhaler technique to new healthcare assistants",
            ActivityKind.TEACHING,
            200,
            "2",
            ["developing-capability"],
        ),
    ]
    for title, kind, days_ago, hours, slugs in entries:
        if Activity.objects.filter(person=nurse, title=title).exists():
            report.note("activities")
            continue
        services.activity_create(
            person=nurse,
            title=title,
            kind=kind,
            occurred_on=today - datetime.timedelta(days=days_ago),
            hours=Decimal(hours),
            dimensions=[dimensions[s] for s in slugs],
            reflection="Written for the demo: what happened, what I learned and what I will do next.",
        )
        report.note("activities", created=True)
    if not Assessment.objects.filter(person=nurse).exists():
        levels = [2, 2, 1, 1, 1, 2, 1, 2, 1]
        services.assessment_create(
            person=nurse,
            ratings=[
                services.RatingInput(
                    dimension=d, level=level, target=level + 1 if level == 1 else None
                )
                for d, level in zip(dimensions.values(), levels, strict=True)
            ],
        )
        report.note("self-assessments", created=True)
    else:
        report.note("self-assessments")
