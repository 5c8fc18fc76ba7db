# ruff: noqa: E501 - product text; wrapping sentences mid-phrase hurts more than long lines.
"""What each level of each Healthcare Leadership Model dimension looks like in primary care.

Written for this portal so that someone rating themselves, or a colleague, can
recognise the behaviour rather than guess at a label.
"""

LEVELS = {
    1: ("Essential", "You do this reliably in your own work."),
    2: ("Proficient", "You do this with your team and others notice it."),
    3: ("Strong", "You do this across a practice or network, even when it is hard."),
    4: ("Exemplary", "You shape how others do this, across the system."),
}

# dimension slug -> level -> what it looks like
DESCRIPTIONS: dict[str, dict[int, str]] = {
    "inspiring-shared-purpose": {
        1: "You act on the values of the service and speak up when something is not right for patients.",
        2: "You help your team see how its everyday work connects with what matters to patients.",
        3: "You hold to shared values under pressure and help colleagues from other professions do the same.",
        4: "You create a culture across organisations in which people take risks for the sake of patients.",
    },
    "leading-with-care": {
        1: "You notice how colleagues are doing and look after your own wellbeing.",
        2: "You adapt how you work with each person and make it safe for them to say they are struggling.",
        3: "You build a team that supports its members through change and high demand.",
        4: "You set up ways of working that protect wellbeing across a network or system.",
    },
    "evaluating-information": {
        1: "You look for the facts before deciding and ask where a figure came from.",
        2: "You bring data and patient experience together to find what is really going on.",
        3: "You use evidence from outside your practice to challenge how things are done.",
        4: "You build a habit of enquiry so that teams test ideas and learn from results.",
    },
    "connecting-our-service": {
        1: "You know who does what in your practice and how your work affects theirs.",
        2: "You work with colleagues across the network and understand their pressures.",
        3: "You broker work between practices, community services and the voluntary sector.",
        4: "You shape how services across the system fit together around patients.",
    },
    "sharing-the-vision": {
        1: "You can explain what your team is trying to achieve and why.",
        2: "You describe a hopeful picture of the future that colleagues can see themselves in.",
        3: "You keep a clear direction when plans change and help others stay with it.",
        4: "You set a long-term direction that people across organisations sign up to.",
    },
    "engaging-the-team": {
        1: "You share your ideas and invite others to share theirs.",
        2: "You involve the whole team in decisions, including people who are often unheard.",
        3: "You build a team that owns its work and resolves disagreement well.",
        4: "You create conditions in which teams across a system lead their own improvements.",
    },
    "holding-to-account": {
        1: "You are clear about what you will do and you do it.",
        2: "You agree clear expectations with others and give honest, timely feedback.",
        3: "You tackle poor performance fairly and support people to meet high standards.",
        4: "You build systems of accountability that are fair, open and focused on patients.",
    },
    "developing-capability": {
        1: "You take up chances to learn and reflect on your own practice.",
        2: "You make time to teach, supervise or coach colleagues.",
        3: "You spot potential in others, including other professions, and give them stretch.",
        4: "You build the leaders the system will need, planning for succession and diversity.",
    },
    "influencing-for-results": {
        1: "You put your views across clearly and listen to other views.",
        2: "You adapt how you make your case to the people you need to persuade.",
        3: "You build alliances that move decisions in your practice or network.",
        4: "You influence decisions across organisations through relationships built over time.",
    },
}
