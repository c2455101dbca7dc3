"""Pages for assessments of police work (to be written)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


assessment_list = assessment_table = assessment_create = assessment_detail = _todo
assessment_reply = officer_comment_list = officer_comment_create = _todo
officer_comment_detail = _todo
