"""Template tags of the reports."""

from django import template
from django.utils.html import format_html

from missions.selectors.versions import plan_version_approvals

register = template.Library()


class ChapterNode(template.Node):
    def __init__(self, key, follows, nodelist):
        self.key, self.follows, self.nodelist = key, follows, nodelist

    def render(self, context):
        key = self.key.resolve(context)
        follows = self.follows is not None and self.follows.resolve(context)
        return format_html(
            '<section class="chapter{follows}" id="{id}" aria-labelledby="{id}-title">\n'
            '  <h2 id="{id}-title">{heading}</h2>{body}</section>',
            follows=" follows" if follows else "",
            id=key,
            heading=context.get("sections", {}).get(key, ""),
            body=self.nodelist.render(context),
        )


@register.tag
def chapter(parser, token):
    """``{% chapter "zones" %}…{% endchapter %}``: a chapter of a report, with the heading
    ``sections`` gives it (the table of contents links to its id). ``follows`` keeps it on the
    page of the chapter before when there is room (``follows=<variable>`` when that depends)."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("{% chapter <id> [follows|follows=<variable>] %}")
    follows = None
    if len(bits) == 3:
        name, _sep, value = bits[2].partition("=")
        if name != "follows":
            raise template.TemplateSyntaxError(f"chapter: unknown option {bits[2]!r}")
        follows = parser.compile_filter(value or "True")
    nodelist = parser.parse(("endchapter",))
    parser.delete_first_token()
    return ChapterNode(parser.compile_filter(bits[1]), follows, nodelist)


@register.simple_tag
def versions_with_approvals(plan, versions) -> list[tuple]:
    """``{% versions_with_approvals plan versions as rows %}``: (version, its VersionApproval or
    None) per version of ``plan``, for the versions page: which were approved, when, and which
    is in force (missions.selectors.versions.plan_version_approvals, as the version's PDF).
    One query."""
    versions = list(versions)
    approvals = plan_version_approvals(plan, versions) if versions else {}
    return [(version, approvals.get(version.number)) for version in versions]
