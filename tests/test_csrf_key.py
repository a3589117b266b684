"""The web forms' CSRF signing key lives in the stack's Secrets Manager secret (the local stack generates its own),
never in the table; rotating it never breaks a form that is open at the time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests import hardening_support as hs


@pytest.fixture
def runtime(clock_at: Any) -> Iterator[Any]:
    with hs.local_runtime() as rt:
        yield rt


def secret_arn() -> str:
    import os

    return os.environ["CSRF_SECRET_ARN"]


def secret_value(stage: str = "AWSCURRENT") -> str:
    import boto3

    found = boto3.client("secretsmanager", region_name=hs.REGION).get_secret_value(
        SecretId=secret_arn(), VersionStage=stage
    )
    return str(found["SecretString"])


def rotate() -> str:
    import secrets

    import boto3

    value = secrets.token_hex(32)
    boto3.client("secretsmanager", region_name=hs.REGION).put_secret_value(SecretId=secret_arn(), SecretString=value)
    return value


def new_container() -> None:
    """What a fresh Lambda container knows of the key: nothing yet."""
    from interview_prep.web import csrf

    csrf._versions.cache_clear()


def form_token(browser: hs.Browser) -> str:
    _, _, page = browser.request("GET", "/")
    match = re.search(r'name="csrf_token" value="([^"]*)"', page)
    assert match
    return match.group(1)


def test_forms_are_signed_with_the_stacks_secret_and_nothing_is_kept_in_the_table(runtime: Any) -> None:
    import boto3
    from interview_prep.adapters.settings import settings

    browser = hs.Browser()
    token = form_token(browser)
    cookie = browser.cookies["__Host-csrf"]

    assert token == hmac.new(secret_value().encode(), cookie.encode(), hashlib.sha256).hexdigest()
    assert browser.request("POST", "/", form={**hs.form_fields(), "csrf_token": token})[0] == 200
    items = boto3.resource("dynamodb", region_name=hs.REGION).Table(settings().table_name).scan()["Items"]
    assert not [i for i in items if str(i["pk"]).startswith("SECRET")]
    assert secret_value() not in json.dumps(items, default=str)


def test_a_form_opened_before_a_rotation_still_submits_after_it(runtime: Any) -> None:
    browser = hs.Browser()
    old_token = form_token(browser)

    new_value = rotate()
    new_container()

    # The open form (signed with the previous key) is accepted; new pages are signed with the new key
    assert browser.request("POST", "/", form={**hs.form_fields(), "csrf_token": old_token})[0] == 200
    cookie = browser.cookies["__Host-csrf"]
    assert form_token(browser) == hmac.new(new_value.encode(), cookie.encode(), hashlib.sha256).hexdigest()


def test_a_container_that_has_not_seen_the_rotation_accepts_a_form_signed_with_the_new_key(
    runtime: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from interview_prep.adapters import secrets as secrets_adapter

    browser = hs.Browser()
    form_token(browser)  # this container now holds the key of before the rotation
    cookie = browser.cookies["__Host-csrf"]
    new_value = rotate()
    signed_elsewhere = hmac.new(new_value.encode(), cookie.encode(), hashlib.sha256).hexdigest()
    monkeypatch.setattr(secrets_adapter, "REFRESH_AFTER", 0)  # what it holds is older than the refresh interval

    status, _, _ = browser.request("POST", "/", form={**hs.form_fields(), "csrf_token": signed_elsewhere})

    assert status == 200


def test_a_token_signed_with_any_other_key_is_refused(runtime: Any) -> None:
    browser = hs.Browser()
    form_token(browser)
    cookie = browser.cookies["__Host-csrf"]
    forged = hmac.new(b"not-the-key", cookie.encode(), hashlib.sha256).hexdigest()

    status, _, page = browser.request("POST", "/", form={**hs.form_fields(), "csrf_token": forged})

    assert status == 403 and "this form expired" in page
