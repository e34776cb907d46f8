from rest_framework.authtoken.models import Token

from gonghui.accounts import services


def test_new_password_ends_old_api_tokens(tree, make_user):
    user = make_user("tokenholder")
    Token.objects.create(user=user)
    services.password_change(user=user, password="Xinmima2026abc")
    assert not Token.objects.filter(user=user).exists()


def test_old_tokens_are_refused_and_replaced(tree, make_user, settings):
    import datetime

    from django.utils import timezone
    from rest_framework.test import APIClient

    from conftest import PASSWORD

    user = make_user("scripted")
    token = Token.objects.create(user=user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/orgs/").status_code == 200
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - settings.API_TOKEN_MAX_AGE
                                             - datetime.timedelta(minutes=1))
    response = api.get("/api/orgs/")
    assert response.status_code in (401, 403) and "令牌已过期" in response.json()["detail"]
    assert not Token.objects.filter(pk=token.pk).exists()
    # Asking again with the password gives a new token that works.
    fresh = APIClient().post("/api/auth/token/", {"username": "scripted", "password": PASSWORD},
                             format="json").json()["token"]
    assert fresh != token.key
    api.credentials(HTTP_AUTHORIZATION=f"Token {fresh}")
    assert api.get("/api/orgs/").status_code == 200
