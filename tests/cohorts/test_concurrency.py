"""The cap of eight holds when many people press "join" at the same moment."""

import threading

import pytest
from django.db import connections

from cohorts import services
from cohorts.models import ActionLearningSet, SetMembership
from tests.cohorts.conftest import facilitator_person, fill
from tests.factories import PersonFactory


@pytest.mark.postgresql(reason="row locks between threads; SQLite serialises every write")
@pytest.mark.django_db(transaction=True)
def test_it_admits_exactly_one_of_twenty_simultaneous_joins_for_the_last_place():
    learning_set = services.set_create(name="Nearly full", facilitator=facilitator_person())
    fill(learning_set, 7)
    hopefuls = PersonFactory.create_batch(20)
    start = threading.Barrier(len(hopefuls))
    admitted, refused, errors = [], [], []

    def join(person) -> None:
        try:
            start.wait()
            services.set_member_add(
                learning_set=ActionLearningSet.objects.get(pk=learning_set.pk), person=person
            )
            admitted.append(person)
        except services.SetFull:
            refused.append(person)
        except Exception as exc:  # any other error fails the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=join, args=(person,)) for person in hopefuls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(admitted) == 1
    assert len(refused) == 19
    assert SetMembership.objects.filter(set=learning_set).count() == 8
