"""Pages for periodic exchanges (to be written)."""

from django.http import Http404


def _todo(request, *args, **kwargs):
    raise Http404


exchange_list = exchange_timeliness = exchange_round = exchange_round_create = _todo
exchange_schedule = exchange_detail = exchange_save = exchange_action = _todo
attachment_download = _todo
