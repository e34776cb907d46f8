from rest_framework.authtoken.models import Token

from gonghui.accounts import services


def test_new_password_ends_old_api_tokens(tree, make_user):
    user = make_user("tokenholder")
    Token.objects.create(user=user)
    services.password_change(user=user, password="Xinmima2026abc")
    assert not Token.objects.filter(user=user).exists()
