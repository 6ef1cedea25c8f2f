"""Public pages of the networks app: "which network serves my municipality?" (the matching
and the answer live in `networks.search`)."""

from functools import partial

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe

from networks.search import (
    MAX_QUERY_LENGTH,
    Name,
    all_municipalities,
    former_municipality_names,
    match_municipality,
    search_answer,
    suggest_municipalities,
)
from npz_registry import dataversion
from npz_registry.asof import parse_as_of


def search_query(request) -> str:
    return (request.GET.get("q") or "").strip()[:MAX_QUERY_LENGTH]


@login_not_required
@require_safe
def network_search(request):
    """Public: type a municipality, see the network (NPZ) that serves it on a day."""
    query = search_query(request)
    as_of_value = (request.GET.get("as_of") or "").strip()
    day, as_of_error = parse_as_of(as_of_value)
    municipalities = all_municipalities()
    match = match_municipality(query, municipalities) if query else None
    found = match.municipality if match else None
    # Read only when the page's answer is not kept for this data version (the template's cache).
    answer = SimpleLazyObject(partial(search_answer, found, day)) if found else None
    return render(
        request,
        "networks/network_search.html",
        {
            "query": query,
            "day": day,
            # Carried along in the links only when the visitor chose a day.
            "as_of": day.isoformat() if as_of_value and not as_of_error else "",
            "as_of_error": as_of_error,
            "municipalities": municipalities,
            # Read only when the page's list of names is not kept (the template's cache).
            "former_names": partial(former_municipality_names, municipalities),
            "match": match,
            "answer": answer,
            "data_version": dataversion.fragment_version(),
        },
    )


def suggestion(name: Name) -> dict:
    """A suggestion points to the current municipality; a former one's name says what it is
    part of now ("Kortessem (nu Hasselt)") and carries its own code."""
    entry = {"nis_code": name.municipality.nis_code, "name": name.label}
    if name.former_nis_code:
        entry["former_nis_code"] = name.former_nis_code
    return entry


@login_not_required
@require_safe
def municipality_suggestions(request):
    """Public JSON for autocompletion: `[{"nis_code", "name"}]`, with `former_nis_code` for the
    name of a former municipality (see `suggest_municipalities`)."""
    query = search_query(request)
    found = suggest_municipalities(query, all_municipalities()) if query else []
    return JsonResponse([suggestion(name) for name in found], safe=False)
