from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from apps.unions.models import Employer, FundPayment, OrganizingStatus, Union


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: the user's node and the few numbers a clerk works from."""
    user = request.user
    unions = (
        Union.objects.visible_to(user)
        .grassroots()
        .aggregate(
            total=Count("pk", filter=Q(dissolved_on__isnull=True)),
            joint=Count("pk", filter=Q(dissolved_on__isnull=True, level=Union.Level.JOINT)),
        )
    )
    employers = Employer.objects.visible_to(user).operating()
    unorganized = employers.with_status_filter(OrganizingStatus.NONE)
    paid_open = (
        FundPayment.objects.visible_to(user)
        .filter(employer__in=unorganized.values("pk"))
        .values("employer")
        .distinct()
        .count()
    )
    return render(
        request,
        "home.html",
        {
            "unions": unions,
            "employers": employers.count(),
            "unorganized": unorganized.count(),
            "paid_open": paid_open,
        },
    )
