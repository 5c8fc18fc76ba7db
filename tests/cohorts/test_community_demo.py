"""The demo communities load through the services, and a second load adds nothing."""

from cohorts.communities import demo as community_demo
from cohorts.communities.models import Community, Reply, Thread
from portal import demo


def test_the_demo_has_three_communities_with_conversations_and_loads_once(db):
    report = demo.Report()
    demo.seeders()["portal"](report)
    demo.seeders()["cohorts"](report)
    made = community_demo.load(report)
    assert [c.visibility for c in made] == ["open", "restricted", "private"]
    assert made[0].name == "Practice nurses leading change in Devon"
    assert made[2].cohort is not None
    counts = (Community.objects.count(), Thread.objects.count(), Reply.objects.count())
    assert counts[1] >= 7 and counts[2] >= 10
    community_demo.load(demo.Report())
    assert (Community.objects.count(), Thread.objects.count(), Reply.objects.count()) == counts
