"""The community keeps its thread count, which pages its conversations without a COUNT."""

from cohorts.communities import services
from tests.cohorts.communities_fixtures import seasoned


def test_starting_and_moving_a_conversation_keeps_each_communitys_count(
    hub, hub_staff, open_community, restricted_community, host
):
    seasoned(host)
    thread = services.thread_create(
        community=restricted_community, person=host, title="Rotas", body="How do you share it?"
    )
    restricted_community.refresh_from_db()
    assert restricted_community.thread_count == 1
    services.thread_move(thread=thread, to=open_community, by=hub_staff)
    restricted_community.refresh_from_db()
    open_community.refresh_from_db()
    assert (restricted_community.thread_count, open_community.thread_count) == (0, 1)
    assert open_community.thread_count == open_community.threads.count()
