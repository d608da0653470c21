"""Every URL of the workspace (names are stable: browser tests and README.md rely on them).
Public: login, lang, healthz, static. Everything else needs a login and goes through access.py."""

from django.urls import path

from .views import agencies, assessment, auth, files, plan

A = "a/<slug:code>/<int:pk>/"

urlpatterns = [
    path("healthz", auth.healthz, name="healthz"),
    path("static/<str:name>", auth.static, name="static"),
    path("login/", auth.login_view, name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("lang/", auth.set_lang, name="set_lang"),
    path("", agencies.home, name="home"),
    path("overview.xlsx", agencies.overview_xlsx, name="overview_xlsx"),
    path("users/", agencies.users_view, name="users"),
    path("audit/", agencies.audit_all, name="audit_all"),
    path("a/<slug:code>/", agencies.agency_view, name="agency"),
    path("a/<slug:code>/new/", agencies.assessment_new, name="assessment_new"),
    path("a/<slug:code>/import/", agencies.dossier_import, name="dossier_import"),
    path("a/<slug:code>/compare/", agencies.compare, name="compare"),
    path(A, assessment.assessment_view, name="assessment"),
    path(A + "q/<str:indicator>/", assessment.answer, name="answer"),
    path(A + "verify/<str:indicator>/", assessment.verify, name="verify"),
    path(A + "status/", assessment.status, name="status"),
    path(A + "survey/", assessment.survey, name="survey"),
    path(A + "audit/", assessment.audit, name="audit"),
    path(A + "evidence/", files.evidence, name="evidence"),
    path(A + "evidence/<int:doc>/", files.document, name="document"),
    path(A + "evidence/<int:doc>/v<int:number>/", files.download, name="download"),
    path(A + "tables/", files.tables, name="tables"),
    path(A + "tasks/", plan.tasks, name="tasks"),
    path(A + "tasks/generate/", plan.tasks_generate, name="tasks_generate"),
    path(A + "tasks/<int:task>/", plan.task_update, name="task_update"),
    path(A + "exports/", plan.exports, name="exports"),
    path(A + "export/<str:name>", plan.export, name="export"),
]
