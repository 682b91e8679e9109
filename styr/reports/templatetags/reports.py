"""Template filters for report templates: a status as symbol, label and CSS class."""

from __future__ import annotations

from django import template

from styr.reports import formatting as fmt

register = template.Library()


@register.filter
def status_symbol(status: str | None) -> str:
    return fmt.status_symbol(status or "not_assessed")


@register.filter
def status_label(status: str | None) -> str:
    return fmt.status_label(status or "not_assessed")


@register.filter
def status_class(status: str | None) -> str:
    return f"status-{status or 'not_assessed'}"


@register.inclusion_tag("reports/_download_links.html", takes_context=True)
def report_links(context: dict[str, object], plan: object, period: str = "") -> dict[str, object]:
    """The download links of a plan's documents (the plan page's "plan_actions" block)."""
    from styr.reports.services import FORMAT_LABELS, KIND_LABELS, SUPPORTED

    request = context.get("request")
    feed = ""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from styr.reports.views import feed_url

        feed = feed_url(request, plan)  # type: ignore[arg-type]
    links = [
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "formats": [(f, FORMAT_LABELS[f]) for f in SUPPORTED[kind]],
        }
        for kind in SUPPORTED
    ]
    return {"plan": plan, "period": period, "links": links, "feed": feed}


@register.filter
def css_string(value: object) -> str:
    """Text for a CSS string in a ``<style>`` element (page headers): CSS escapes, and no
    ``<`` so that nothing can close the element."""
    from django.utils.safestring import mark_safe

    text = str(value or "")
    for char, escaped in (
        ("\\", "\\\\"),
        ('"', '\\"'),
        ("\n", "\\A "),
        ("<", "\\3C "),
        (">", "\\3E "),
        ("&", "\\26 "),
    ):
        text = text.replace(char, escaped)
    return mark_safe(text)  # noqa: S308 - escaped for CSS above
