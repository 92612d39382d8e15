"""URL patterns of the project detail page and its workflow actions (`projects:<action>`)."""

from django.urls import path

from . import views_workflow
from .workflow import TRANSITIONS

urlpatterns = [
    path("<int:pk>/", views_workflow.project_detail, name="detail"),
    *(
        path(f"<int:pk>/{transition.slug}/", views_workflow.TRANSITION_VIEWS[action], name=action)
        for action, transition in TRANSITIONS.items()
    ),
]
