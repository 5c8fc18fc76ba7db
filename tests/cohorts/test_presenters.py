from cohorts.presenters import propose

MEMBERS = ["ana", "ben", "cat", "dev", "eve"]


def test_it_starts_with_people_who_have_never_presented_in_seat_order():
    assert propose(MEMBERS, [], 2) == ["ana", "ben"]


def test_it_chooses_whoever_has_waited_longest():
    history = [["ana", "ben"], ["cat", "dev"], ["eve", "ana"]]
    assert propose(MEMBERS, history, 2) == ["ben", "cat"]


def test_it_never_picks_last_meetings_presenters_while_others_have_not_presented():
    # Only three members; two presented last time and one has never presented.
    assert propose(["ana", "ben", "cat"], [["ana", "ben"]], 2) == ["cat"]


def test_it_lets_someone_present_twice_running_once_everyone_has_presented():
    history = [["cat"], ["ana", "ben"]]
    assert propose(["ana", "ben", "cat"], history, 2) == ["cat", "ana"]


def test_it_never_asks_for_more_presenters_than_members():
    assert propose(["ana"], [], 3) == ["ana"]
