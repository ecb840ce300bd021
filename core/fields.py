"""A rich-text field that is sanitised on every save, whatever path the value came by."""

from django_prose_editor.fields import ProseEditorField

# What editors may use in the admin, and so what the sanitiser keeps: no images, styles,
# scripts or classes. Headings start at level 2 because each page has its own <h1>.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}


class RichTextField(ProseEditorField):
    """Sanitised HTML edited with ProseMirror in the admin.

    The sanitiser runs in `pre_save` too, so text from `load_demo`, the shell or a data
    migration is cleaned exactly like text typed in the admin.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", dict(RICH_TEXT_EXTENSIONS))
        kwargs.setdefault("sanitize", True)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = self.sanitize(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value
