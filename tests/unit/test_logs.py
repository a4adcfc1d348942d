"""The production log format (socinv.site.logs): one JSON object a line."""

from __future__ import annotations

import io
import json
import logging
import logging.config

from socinv.site import logs


def _formatted(record: logging.LogRecord, *, json_lines: bool = True) -> str:
    config = logs.config(json_lines=json_lines)
    stream = io.StringIO()
    config["handlers"] = {"stderr": {**config["handlers"]["stderr"], "stream": stream}}
    config["handlers"]["stderr"].pop("filters", None)
    config["loggers"] = {}
    config["root"] = {"handlers": ["stderr"], "level": "DEBUG"}
    config["disable_existing_loggers"] = False
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        logging.config.dictConfig(config)
        root.handlers[0].handle(record)
    finally:
        root.handlers[:], root.level = saved
    return stream.getvalue()


def test_a_django_request_warning_is_one_json_line_without_the_request_object():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x/",), None
    )
    record.request = object()  # Django puts the request on the record: not for the log
    record.status_code = 404
    line = _formatted(record)
    assert line.count("\n") == 1
    data = json.loads(line)
    assert data["message"] == "Not Found: /x/"
    assert data["level"] == "WARNING" and data["logger"] == "django.request"
    assert data["status_code"] == 404
    assert "request" not in data
    assert data["time"].endswith("+00:00")


def test_an_exception_stays_inside_its_line():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "socinv", logging.ERROR, __file__, 1, "failed", (), sys.exc_info()
        )
    line = _formatted(record)
    assert line.count("\n") == 1
    assert "ValueError" in json.loads(line)["exc_info"]


def test_gunicorns_access_atoms_become_fields_and_the_query_string_is_left_out():
    atoms = {
        "h": "10.0.0.1",
        "m": "POST",
        "U": "/login/",
        "q": "next=/x",
        "s": "302",
        "b": "0",
        "D": "12345",
        "a": "curl/8",
    }
    record = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, '%(h)s "%(r)s"', (atoms,), None
    )
    assert logs.AccessFields().filter(record)
    data = json.loads(_formatted(record))
    assert data["message"] == "POST /login/ 302"
    assert (data["remote"], data["method"], data["path"], data["status"]) == (
        "10.0.0.1",
        "POST",
        "/login/",
        302,
    )
    assert data["bytes"] == 0 and data["duration_ms"] == 12.3 and data["user_agent"] == "curl/8"
    assert "next=" not in json.dumps(data)


def test_text_in_development():
    record = logging.LogRecord("socinv", logging.INFO, __file__, 1, "hello %s", ("world",), None)
    line = _formatted(record, json_lines=False)
    assert line.rstrip().endswith("INFO socinv: hello world")
