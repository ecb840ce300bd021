from django import template

from impact.video import embed_url

register = template.Library()


@register.filter
def video_embed_url(url: str) -> str:
    return embed_url(url)
