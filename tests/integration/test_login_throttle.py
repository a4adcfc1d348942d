"""Finding 3 of issue 11: 30 wrong passwords in a row, then the right one worked. Now, after
AXES_FAILURE_LIMIT (10) failures for one user name from one address within the cool-off
(15 minutes), every attempt is answered 429 with the time to try again, the right password
too; an administrator unlocks; bad API tokens are throttled the same way."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import Client
from django.utils import timezone
from tests.conftest import PASSWORD

from socinv.accounts.lockout import API_TOKEN_USERNAME
from socinv.api.services import create_token

pytestmark = pytest.mark.django_db

LIMIT = settings.AXES_FAILURE_LIMIT


def _login(client, username, password, ip="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, username, times, ip="10.0.0.1"):
    return [_login(client, username, "fel-lösenord", ip).status_code for _ in range(times)]


def test_the_limit_is_ten_failures_in_fifteen_minutes():
    assert LIMIT == 10
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)


def test_nine_failures_still_let_the_right_password_in(personas):
    client = Client()
    assert _fail(client, "owner", LIMIT - 1) == [200] * (LIMIT - 1)
    assert _login(client, "owner", PASSWORD).status_code == 302


def test_after_ten_failures_even_the_right_password_gets_429_with_the_time(personas):
    client = Client()
    statuses = _fail(client, "owner", LIMIT)
    assert statuses[:-1] == [200] * (LIMIT - 1) and statuses[-1] == 429
    response = _login(client, "owner", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    seconds = int(response["Retry-After"])
    assert 14 * 60 < seconds <= 15 * 60
    page = response.content.decode()
    named = re.search(r"Försök igen (\d{4}-\d\d-\d\d \d\d:\d\d)", page)
    assert named, page
    until = timezone.localtime(timezone.now() + datetime.timedelta(seconds=seconds))
    shown = datetime.datetime.strptime(named[1], "%Y-%m-%d %H:%M")
    assert abs(shown - until.replace(tzinfo=None, second=0, microsecond=0)) <= datetime.timedelta(
        minutes=1
    )
    assert "För många inloggningsförsök" in page
    assert 'class="site-header"' in page  # in the site's layout


def test_the_lockout_holds_one_user_name_from_one_address_only(personas):
    client = Client()
    _fail(client, "owner", LIMIT)
    assert _login(client, "economist", PASSWORD).status_code == 302
    assert _login(Client(), "owner", PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_lockout_ends_after_the_cool_off(personas):
    client = Client()
    _fail(client, "owner", LIMIT)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, "owner", PASSWORD).status_code == 302


def test_attempts_during_the_lockout_do_not_prolong_it(personas):
    client = Client()
    _fail(client, "owner", LIMIT)
    first = AccessAttempt.objects.get().attempt_time
    _fail(client, "owner", 3)
    _login(client, "owner", PASSWORD)
    assert AccessAttempt.objects.get().attempt_time == first


def test_socinv_unlock_lets_the_user_in_again(personas):
    client = Client()
    _fail(client, "owner", LIMIT)
    from socinv.cli.main import main

    assert main(["unlock", "owner"]) == 0
    assert not AccessAttempt.objects.exists()
    assert _login(client, "owner", PASSWORD).status_code == 302


def test_an_administrator_unlocks_in_the_admin(personas):
    _fail(Client(), "owner", LIMIT)
    attempt = AccessAttempt.objects.get(username="owner")
    admin = Client()
    admin.force_login(personas["administrator"])
    assert admin.get("/admin/axes/accessattempt/").status_code == 200
    response = admin.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _login(Client(), "owner", PASSWORD).status_code == 302


def test_no_log_of_successful_logins_is_kept(personas):
    assert _login(Client(), "owner", PASSWORD).status_code == 302
    assert not AccessLog.objects.exists()


def test_the_unlock_command_is_in_the_cli_help():
    out = subprocess.run(
        [sys.executable, "-m", "socinv", "unlock", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "USERNAME" in out.stdout


def _api(client, token, ip="10.0.0.1"):
    return client.get("/api/v1/funds", headers={"Authorization": f"Bearer {token}"}, REMOTE_ADDR=ip)


def test_bad_api_tokens_lock_the_address_out_with_429_json(personas):
    _token, plain = create_token(acting_user=None, user=personas["owner"], name="x")
    client = Client()
    assert _api(client, plain).status_code == 200
    statuses = [_api(client, "socinv_guess").status_code for _ in range(LIMIT)]
    assert statuses[:-1] == [401] * (LIMIT - 1) and statuses[-1] == 429
    response = _api(client, plain)  # the valid token too
    assert response.status_code == 429
    assert 14 * 60 < int(response["Retry-After"]) <= 15 * 60
    body = response.json()
    assert body["retry_after"] == int(response["Retry-After"]) and "detail" in body
    assert AccessAttempt.objects.get().username == API_TOKEN_USERNAME
    # another address is not locked out
    assert _api(Client(), plain, ip="10.0.0.2").status_code == 200
    from socinv.cli.main import main

    assert main(["unlock", API_TOKEN_USERNAME]) == 0
    assert _api(client, plain).status_code == 200
