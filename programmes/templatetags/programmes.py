from django import template

from core import dates

register = template.Library()

register.filter("geneva_deadline_text", dates.geneva_deadline_text)
register.filter("geneva_deadline", dates.geneva_deadline)
