"""Mail waits until the answer has gone to the browser (programmes/deferred.py)."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from programmes.deferred import after_response


@pytest.fixture(autouse=True)
def _connections_left_open():
    """The request's signals without Django's closing of database connections, as the test
    client sends them: a connection an earlier test opened must not be closed under it."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_outside_a_request_the_work_runs_at_once():
    done = []
    after_response(lambda: done.append("sent"))
    assert done == ["sent"]


def test_during_a_request_the_work_waits_for_the_response_to_be_sent():
    done = []
    request_started.send(sender=None)
    after_response(lambda: done.append("first"))
    after_response(lambda: done.append("second"))
    assert done == []
    request_finished.send(sender=None)
    assert done == ["first", "second"]
    request_finished.send(sender=None)  # the next request starts with nothing waiting
    assert done == ["first", "second"]


def test_a_failing_piece_of_work_is_logged_and_the_others_still_run(caplog):
    done = []

    def fail():
        raise ConnectionRefusedError("mail server down")

    request_started.send(sender=None)
    after_response(fail)
    after_response(lambda: done.append("sent"))
    request_finished.send(sender=None)
    assert done == ["sent"]
    assert "Deferred work failed: fail" in caplog.text
