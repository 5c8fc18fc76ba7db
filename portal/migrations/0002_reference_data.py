"""Reference data every app relies on: professions, career levels, the Healthcare
Leadership Model's dimensions, NHS England's regions and the 42 integrated care boards.

The data lives here, not imported from app code, so this migration means the same
thing in every future checkout.
"""

from django.db import migrations

PROFESSIONS = [
    # name, slug, plural, staff group
    ("GP", "gp", "GPs", "clinical"),
    ("GP trainee", "gp-trainee", "GP trainees", "clinical"),
    ("General practice nurse", "general-practice-nurse", "general practice nurses", "clinical"),
    ("Advanced nurse practitioner", "advanced-nurse-practitioner", "advanced nurse practitioners", "clinical"),
    ("Nursing associate", "nursing-associate", "nursing associates", "clinical"),
    ("Healthcare assistant", "healthcare-assistant", "healthcare assistants", "clinical"),
    ("Clinical pharmacist", "clinical-pharmacist", "clinical pharmacists", "clinical"),
    ("Pharmacy technician", "pharmacy-technician", "pharmacy technicians", "clinical"),
    ("Physician associate", "physician-associate", "physician associates", "clinical"),
    ("Paramedic", "paramedic", "paramedics", "clinical"),
    ("First contact physiotherapist", "first-contact-physiotherapist", "first contact physiotherapists", "clinical"),
    ("Dietitian", "dietitian", "dietitians", "clinical"),
    ("Podiatrist", "podiatrist", "podiatrists", "clinical"),
    ("Occupational therapist", "occupational-therapist", "occupational therapists", "clinical"),
    ("Mental health practitioner", "mental-health-practitioner", "mental health practitioners", "clinical"),
    ("Social prescribing link worker", "social-prescribing-link-worker", "social prescribing link workers", "non_clinical"),
    ("Care co-ordinator", "care-coordinator", "care co-ordinators", "non_clinical"),
    ("Health and wellbeing coach", "health-and-wellbeing-coach", "health and wellbeing coaches", "non_clinical"),
    ("Practice manager", "practice-manager", "practice managers", "non_clinical"),
    ("PCN manager", "pcn-manager", "PCN managers", "non_clinical"),
    ("Reception and administrative staff", "reception-and-admin", "reception and administrative staff", "non_clinical"),
]

CAREER_LEVELS = [
    ("Student or trainee", "student-or-trainee", "In training or a student placement, or newly arrived in general practice."),
    ("Early career", "early-career", "Qualified and building confidence in the role, usually in the first two or three years."),
    ("Established", "established", "An experienced practitioner who others turn to, often supervising or leading small pieces of work."),
    ("Advanced or specialist", "advanced-or-specialist", "Working at an advanced or specialist level, leading a service area, a team or a network project."),
    ("Senior leader", "senior-leader", "Holding a senior role with accountability across a practice, network or system."),
]

DIMENSIONS = [
    ("Inspiring shared purpose", "inspiring-shared-purpose", "Acting on values that put patients first, and helping colleagues feel part of work that matters."),
    ("Leading with care", "leading-with-care", "Noticing how people are doing, understanding what drives them, and looking after the team and yourself."),
    ("Evaluating information", "evaluating-information", "Seeking out evidence and data, thinking widely, and using what you find to make better decisions."),
    ("Connecting our service", "connecting-our-service", "Seeing how practice, network and system fit together, and working across their boundaries."),
    ("Sharing the vision", "sharing-the-vision", "Describing a clear and hopeful picture of the future and helping others see their part in it."),
    ("Engaging the team", "engaging-the-team", "Involving people in decisions, valuing what each person brings, and building a team that owns its work."),
    ("Holding to account", "holding-to-account", "Agreeing clear expectations, giving honest feedback and supporting people to meet high standards."),
    ("Developing capability", "developing-capability", "Making time for other people's growth, and your own, so the service has the leaders it will need."),
    ("Influencing for results", "influencing-for-results", "Building relationships and adapting your approach so that you can move people and decisions."),
]

REGIONS = [
    ("East of England", "east-of-england", "Y61"),
    ("London", "london", "Y56"),
    ("Midlands", "midlands", "Y60"),
    ("North East and Yorkshire", "north-east-and-yorkshire", "Y63"),
    ("North West", "north-west", "Y62"),
    ("South East", "south-east", "Y59"),
    ("South West", "south-west", "Y58"),
]

ICBS = [
    # short name, ODS code, region ODS code
    ("Bedfordshire, Luton and Milton Keynes", "QHG", "Y61"),
    ("Cambridgeshire and Peterborough", "QUE", "Y61"),
    ("Hertfordshire and West Essex", "QM7", "Y61"),
    ("Mid and South Essex", "QH8", "Y61"),
    ("Norfolk and Waveney", "QMM", "Y61"),
    ("Suffolk and North East Essex", "QJG", "Y61"),
    ("North Central London", "QMJ", "Y56"),
    ("North East London", "QMF", "Y56"),
    ("North West London", "QRV", "Y56"),
    ("South East London", "QKK", "Y56"),
    ("South West London", "QWE", "Y56"),
    ("Birmingham and Solihull", "QHL", "Y60"),
    ("Black Country", "QUA", "Y60"),
    ("Coventry and Warwickshire", "QWU", "Y60"),
    ("Derby and Derbyshire", "QJ2", "Y60"),
    ("Herefordshire and Worcestershire", "QGH", "Y60"),
    ("Leicester, Leicestershire and Rutland", "QK1", "Y60"),
    ("Lincolnshire", "QJM", "Y60"),
    ("Northamptonshire", "QPM", "Y60"),
    ("Nottingham and Nottinghamshire", "QT1", "Y60"),
    ("Shropshire, Telford and Wrekin", "QOC", "Y60"),
    ("Staffordshire and Stoke-on-Trent", "QNC", "Y60"),
    ("Humber and North Yorkshire", "QOQ", "Y63"),
    ("North East and North Cumbria", "QHM", "Y63"),
    ("South Yorkshire", "QF7", "Y63"),
    ("West Yorkshire", "QWO", "Y63"),
    ("Cheshire and Merseyside", "QYG", "Y62"),
    ("Greater Manchester", "QOP", "Y62"),
    ("Lancashire and South Cumbria", "QE1", "Y62"),
    ("Buckinghamshire, Oxfordshire and Berkshire West", "QU9", "Y59"),
    ("Frimley", "QNQ", "Y59"),
    ("Hampshire and Isle of Wight", "QRL", "Y59"),
    ("Kent and Medway", "QKS", "Y59"),
    ("Surrey Heartlands", "QXU", "Y59"),
    ("Sussex", "QNX", "Y59"),
    ("Bath and North East Somerset, Swindon and Wiltshire", "QOX", "Y58"),
    ("Bristol, North Somerset and South Gloucestershire", "QUY", "Y58"),
    ("Cornwall and the Isles of Scilly", "QT6", "Y58"),
    ("Devon", "QJK", "Y58"),
    ("Dorset", "QVV", "Y58"),
    ("Gloucestershire", "QR1", "Y58"),
    ("Somerset", "QSL", "Y58"),
]


def slugify(text: str) -> str:
    from django.utils.text import slugify as django_slugify

    return django_slugify(text)


def load(apps, schema_editor):
    Profession = apps.get_model("portal", "Profession")
    CareerLevel = apps.get_model("portal", "CareerLevel")
    LeadershipDimension = apps.get_model("portal", "LeadershipDimension")
    Region = apps.get_model("portal", "Region")
    ICB = apps.get_model("portal", "ICB")

    for order, (name, slug, plural, group) in enumerate(PROFESSIONS, start=1):
        Profession.objects.update_or_create(
            slug=slug, defaults={"name": name, "plural": plural, "staff_group": group, "order": order}
        )
    for order, (name, slug, description) in enumerate(CAREER_LEVELS, start=1):
        CareerLevel.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    for order, (name, slug, summary) in enumerate(DIMENSIONS, start=1):
        LeadershipDimension.objects.update_or_create(
            slug=slug, defaults={"name": name, "summary": summary, "order": order}
        )
    regions = {}
    for name, slug, code in REGIONS:
        regions[code], _ = Region.objects.update_or_create(
            ods_code=code, defaults={"name": name, "slug": slug}
        )
    for short_name, code, region_code in ICBS:
        ICB.objects.update_or_create(
            ods_code=code,
            defaults={
                "short_name": short_name,
                "name": f"NHS {short_name} Integrated Care Board",
                "slug": slugify(short_name),
                "region": regions[region_code],
            },
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
