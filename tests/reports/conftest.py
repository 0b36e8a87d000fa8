import io

import pytest
from django.contrib.auth.models import Group
from openpyxl import load_workbook

from apps.accounts.models import User
from apps.accounts.roles import REVIEWER


@pytest.fixture
def reviewer(world) -> User:
    """The city's reviewer (审核员 of the 市总工会)."""
    user = User.objects.create_user("reviewer", password="Pass-word-123", union=world.city)
    user.groups.add(Group.objects.get(name=REVIEWER))
    return user


def workbook_of(response):
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))
