"""Pages for urgent situations (to be written)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


incident_list = incident_create = incident_detail = incident_action = _todo
action_item_done = attachment_download = _todo
