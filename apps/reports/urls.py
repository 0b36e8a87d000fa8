from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("table/", views.table_page, name="table"),
    path("table/xlsx/", views.table_xlsx, name="table_xlsx"),
    path("table/pdf/", views.table_pdf, name="table_pdf"),
    path("annual/", views.annual_list, name="annualreport_list"),
    path("annual/summary/xlsx/", views.summary_xlsx, name="annualreport_summary_xlsx"),
    path("annual/summary/pdf/", views.summary_pdf, name="annualreport_summary_pdf"),
    path("annual/open/", views.annual_open, name="annualreport_open"),
    path("annual/<int:pk>/", views.annual_detail, name="annualreport_detail"),
    path("annual/<int:pk>/correct/", views.annual_correct, name="annualreport_correct"),
    path("annual/<int:pk>/refresh/", views.annual_refresh, name="annualreport_refresh"),
    path("annual/<int:pk>/submit/", views.annual_submit, name="annualreport_submit"),
    path("annual/<int:pk>/review/", views.annual_review, name="annualreport_review"),
    path("annual/<int:pk>/reopen/", views.annual_reopen, name="annualreport_reopen"),
    path("annual/<int:pk>/xlsx/", views.annual_xlsx, name="annualreport_xlsx"),
    path("annual/<int:pk>/pdf/", views.annual_pdf, name="annualreport_pdf"),
]
