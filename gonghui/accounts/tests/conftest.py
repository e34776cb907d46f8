import pytest
from django.urls import reverse

from conftest import PASSWORD
from gonghui.accounts.roles import Role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Logins go through the real views (django-axes needs them); a cheap hasher keeps that fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def chair_a(tree, make_user):
    """Chair of 甲公司工会: manages users in 甲公司's subtree."""
    return make_user("chair_a", Role.CHAIR, tree["company"], display_name="甲主席")


@pytest.fixture
def admin_fed(tree, make_user):
    """系统管理员 of the federation: manages everyone below, and may grant 系统管理员."""
    return make_user("admin_fed", Role.ADMIN, tree["fed"])


@pytest.fixture
def web_login(client):
    """Log in through the real login view (so that axes and the login signals run)."""

    def _login(username, password=PASSWORD, **extra):
        return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)

    return _login
