"""Mail waits until the answer has gone to the browser (programmes/deferred.py)."""

from django.core.signals import request_finished, request_started

from programmes.deferred import after_response


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
