"""Image renditions: made once a highlight's new image is saved, offered with srcset."""

import functools
import io
import random
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFilter

from impact import images, services
from impact.models import Highlight
from tests.conftest import jpeg_upload
from tests.impact.test_admin import errors, form_data

MAX_BYTES = 100_000
FORMATS = {"avif": "AVIF", "webp": "WEBP", "jpeg": "JPEG"}  # as Pillow names what it opens
MADE = [f.key for f in images.RENDITION_FORMATS]
CARD_SIZES = (
    "(min-width: 1400px) 416px, (min-width: 1200px) 356px, (min-width: 992px) 296px, "
    "(min-width: 768px) 336px, (min-width: 576px) 516px, calc(100vw - 24px)"
)
DETAIL_SIZES = (
    "(min-width: 1400px) 856px, (min-width: 1200px) 736px, (min-width: 992px) 616px, "
    "(min-width: 768px) 696px, (min-width: 576px) 516px, calc(100vw - 24px)"
)


def photo_like(width=1600, height=900, *, grain=24, seed=1) -> Image.Image:
    """Gradients, blurred shapes and sensor-like grain: as hard to compress as a photo."""
    rng = random.Random(seed)
    channels = [
        Image.linear_gradient("L").resize((width, height)),
        Image.linear_gradient("L").rotate(90).resize((width, height)),
        Image.radial_gradient("L").resize((width, height)),
    ]
    image = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y, size = rng.randrange(width), rng.randrange(height), rng.randrange(20, 300)
        draw.ellipse((x, y, x + size, y + size), fill=tuple(rng.randrange(256) for _ in "rgb"))
    image = image.filter(ImageFilter.GaussianBlur(3))
    return Image.blend(image, Image.effect_noise((width, height), grain).convert("RGB"), 0.25)


def upload(image: Image.Image, name="photo.jpg", **save) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=92, **save)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@functools.cache
def photo_upload_bytes(seed: int) -> bytes:
    return upload(photo_like(1600, 900, seed=seed)).read()


def media(settings, name) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def rendition_files(settings) -> dict[str, int]:
    folder = Path(settings.MEDIA_ROOT) / images.RENDITION_FOLDER
    return {p.name: p.stat().st_mtime_ns for p in folder.glob("*")} if folder.exists() else {}


def widths(highlight, fmt="jpeg") -> list[int]:
    return [r["width"] for r in highlight.image_renditions if r["format"] == fmt]


@pytest.fixture
def review(make_review):
    return make_review(2024)


@pytest.fixture
def add(admin_client, review, django_capture_on_commit_callbacks):
    """Add a highlight through the admin's form, as an editor would; returns it."""

    def add(image, **changes):
        url = reverse("admin:impact_highlight_add")
        data = form_data(
            admin_client.get(url),
            review=str(review.pk),
            kind="solidarity",
            title_en="Defenders stand together in Geneva",
            slug=changes.pop("slug", "defenders-stand-together"),
            summary_en="A week of solidarity with defenders facing reprisals.",
            image=image,
            image_alt_en="Defenders holding hands",
            image_credit="Photo: ISHR",
            state="published",
            **changes,
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data)
        assert response.status_code == 302, errors(response)
        return Highlight.objects.latest("pk")

    return add


@pytest.fixture
def change(admin_client, django_capture_on_commit_callbacks):
    """Change a highlight through the admin's form; its stored files go on commit."""

    def change(highlight, **changes):
        url = reverse("admin:impact_highlight_change", args=[highlight.pk])
        data = form_data(admin_client.get(url), **changes)
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data)
        assert response.status_code == 302, errors(response)
        highlight.refresh_from_db()
        return highlight

    return change


# --- Made when the image is saved -------------------------------------------------------------


def test_saving_an_image_in_the_admin_makes_three_widths_in_each_format(add, settings):
    highlight = add(upload(photo_like(1600, 900)))

    expected = {(fmt, w) for fmt in MADE for w in (400, 800, 1200)}
    assert {(r["format"], r["width"]) for r in highlight.image_renditions} == expected
    for rendition in highlight.image_renditions:
        with Image.open(media(settings, rendition["name"])) as stored:
            assert stored.format == FORMATS[rendition["format"]]
            assert stored.size == (rendition["width"], rendition["height"])
        assert rendition["height"] == round(900 * rendition["width"] / 1600)
        assert rendition["source"] == highlight.image.name


def test_no_rendition_is_over_100_kb_even_for_a_grainy_photo(add, settings):
    highlight = add(upload(photo_like(1600, 1067, grain=64)))

    weights = {
        r["name"]: media(settings, r["name"]).stat().st_size for r in highlight.image_renditions
    }
    assert max(weights.values()) <= MAX_BYTES, weights
    for fmt in MADE:
        assert 400 in widths(highlight, fmt)  # the heaviest may be left out, never all


def test_renditions_carry_no_exif(add, settings):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x010E] = "Taken at 46.2N 6.1E"
    highlight = add(upload(photo_like(900, 600), exif=exif))

    for rendition in highlight.image_renditions:
        data = media(settings, rendition["name"]).read_bytes()
        assert b"Camera maker" not in data and b"46.2N" not in data and b"Exif" not in data
        with Image.open(io.BytesIO(data)) as stored:
            assert not stored.getexif()


@pytest.mark.parametrize(
    ("source_width", "expected"),
    [(1600, [400, 800, 1200]), (1000, [400, 800, 1000]), (640, [400, 640]), (64, [64])],
)
def test_a_rendition_is_never_wider_than_its_source(add, source_width, expected):
    highlight = add(jpeg_upload(width=source_width, height=source_width * 9 // 16))

    for fmt in MADE:
        assert widths(highlight, fmt) == expected


def test_a_transparent_png_is_flattened_on_white(add, settings):
    png = io.BytesIO()
    logo = Image.new("RGBA", (500, 300), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((100, 50, 400, 250), fill=(18, 49, 92, 255))
    logo.save(png, "PNG")
    highlight = add(SimpleUploadedFile("logo.png", png.getvalue(), content_type="image/png"))

    jpeg = next(r for r in highlight.image_renditions if r["format"] == "jpeg")
    with Image.open(media(settings, jpeg["name"])) as stored:
        corner = stored.convert("RGB").getpixel((2, 2))
    assert min(corner) >= 250  # white, not black


def test_rendition_names_are_immutable_content_addresses(add):
    highlight = add(upload(photo_like(800, 450)))

    for rendition in highlight.image_renditions:
        name = rendition["name"]
        assert name.startswith(f"{images.RENDITION_FOLDER}/")
        assert re.fullmatch(r"[A-Za-z0-9_-]+-[0-9a-f]{12}-\d+\.(avif|webp|jpg)", Path(name).name)
        assert Path(highlight.image.name).stem in name


def test_replacing_the_image_deletes_the_old_renditions(add, change, settings):
    highlight = add(upload(photo_like(800, 450, seed=1)))
    old = [r["name"] for r in highlight.image_renditions]

    highlight = change(highlight, image=upload(photo_like(800, 450, seed=2), "new.jpg"))

    new = [r["name"] for r in highlight.image_renditions]
    assert len(new) == len(old) and not set(new) & set(old)
    assert all(media(settings, name).is_file() for name in new)
    assert not any(media(settings, name).exists() for name in old)


def test_removing_the_image_deletes_its_renditions(add, change, settings):
    highlight = add(upload(photo_like(800, 450)))
    old = [r["name"] for r in highlight.image_renditions]

    highlight = change(highlight, **{"image-clear": "on"})

    assert not highlight.image and highlight.image_renditions == []
    assert not any(media(settings, name).exists() for name in old)


def test_deleting_a_highlight_deletes_its_renditions(
    add, admin_client, settings, django_capture_on_commit_callbacks
):
    highlight = add(upload(photo_like(800, 450)))
    names = [r["name"] for r in highlight.image_renditions]

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:impact_highlight_delete", args=[highlight.pk]), {"post": "yes"}
        )

    assert not Highlight.objects.exists()
    assert not any(media(settings, name).exists() for name in names)


def test_a_deletion_rolled_back_keeps_the_renditions(add, settings):
    highlight = add(upload(photo_like(800, 450)))
    pk, names = highlight.pk, [r["name"] for r in highlight.image_renditions]

    with pytest.raises(RuntimeError), transaction.atomic():
        highlight.delete()
        raise RuntimeError("something later in the same transaction failed")

    assert Highlight.objects.filter(pk=pk).exists()
    assert all(media(settings, name).is_file() for name in names)


def test_restoring_a_version_from_the_history_restores_its_renditions(
    add, change, admin_client, settings, django_capture_on_commit_callbacks
):
    highlight = add(upload(photo_like(800, 450, seed=1)))
    first = highlight.image_renditions
    second = change(
        highlight, image=upload(photo_like(800, 450, seed=2), "new.jpg")
    ).image_renditions

    revert = reverse(
        "admin:impact_highlight_simple_history",
        args=[highlight.pk, highlight.history.earliest().history_id],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(revert, form_data(admin_client.get(revert)))
    assert response.status_code == 302, errors(response)

    highlight.refresh_from_db()
    assert highlight.image_renditions == first
    assert all(media(settings, r["name"]).is_file() for r in first)
    assert second != first
    assert not any(media(settings, r["name"]).exists() for r in second)


def test_editing_the_text_makes_no_rendition_again(add, change, settings):
    highlight = add(upload(photo_like(800, 450)))
    before = highlight.image_renditions, rendition_files(settings)

    highlight = change(highlight, title_en="A new headline")

    assert (highlight.image_renditions, rendition_files(settings)) == before


def test_a_highlight_saved_in_code_gets_renditions_from_the_service(review, settings):
    highlight = Highlight.objects.create(
        review=review,
        title="Saved in code",
        slug="saved-in-code",
        summary="Made in the shell.",
        image=jpeg_upload(width=900, height=500),
        image_alt="A",
        image_credit="B",
    )
    assert highlight.image_renditions == [] and rendition_files(settings) == {}  # a plain save

    assert services.make_renditions(highlight)

    assert widths(highlight) == [400, 800, 900]
    highlight.refresh_from_db()
    assert widths(highlight) == [400, 800, 900]


def test_renditions_are_made_only_once_the_save_commits(
    review, make_highlight, settings, django_capture_on_commit_callbacks
):
    highlight = make_highlight(review)

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        highlight.image = jpeg_upload(width=900, height=500)
        highlight.image_alt, highlight.image_credit = "A", "B"
        highlight.save()
        services.make_renditions_on_commit(highlight)
        raise RuntimeError("something later in the same transaction failed")

    assert callbacks == [] and rendition_files(settings) == {}
    highlight.refresh_from_db()
    assert not highlight.image and highlight.image_renditions == []


def test_an_unreadable_source_leaves_no_renditions_and_the_row_saves(
    review, make_highlight, settings, django_capture_on_commit_callbacks
):
    highlight = make_highlight(review, image=jpeg_upload(), image_alt="A", image_credit="B")
    media(settings, highlight.image.name).write_bytes(b"not an image any more")

    with django_capture_on_commit_callbacks(execute=True):
        highlight.title = "Still saved"
        highlight.image_renditions = []  # as after a new image
        highlight.save()
        services.make_renditions_on_commit(highlight)

    highlight.refresh_from_db()
    assert highlight.title == "Still saved" and highlight.image_renditions == []


# --- On the pages -----------------------------------------------------------------------------


def tag(html: str, name: str) -> list[dict[str, str]]:
    """The attributes of every <name> tag in the page."""
    return [
        dict(re.findall(r'([a-z-]+)(?:="([^"]*)")?', attributes))
        for attributes in re.findall(rf"<{name}\b([^>]*)>", html)
    ]


@pytest.fixture
def pictured(review, make_highlight):
    """Three published highlights with images and renditions."""
    return [
        make_highlight(
            review,
            # Named alike in every test: the renditions are encoded once per test run.
            image=SimpleUploadedFile(f"photo-{n}.jpg", photo_upload_bytes(n)),
            image_alt=f"Photo {n}",
            image_credit="ISHR",
        )
        for n in range(3)
    ]


def test_review_page_offers_each_card_image_as_a_picture(client, pictured):
    html = client.get("/impact/2024/").content.decode()

    assert html.count("<picture>") == 3
    sources = tag(html, "source")
    assert [s["type"] for s in sources[:2]] == ["image/avif", "image/webp"]
    assert all(s["sizes"] == CARD_SIZES for s in sources)
    assert sources[0]["srcset"].endswith(" 1200w") and " 400w, " in sources[0]["srcset"]
    image = tag(html, "img")[0]
    middle = [r for r in pictured[0].image_renditions if r["format"] == "jpeg"][1]
    assert image["src"] == f"/media/{middle['name']}" and middle["width"] == 800
    assert image["srcset"].count(".jpg ") == 3 and image["sizes"] == CARD_SIZES
    assert (image["width"], image["height"], image["alt"]) == ("1200", "675", "Photo 0")
    assert image["class"] == "img-fluid"


def test_only_the_first_card_image_is_fetched_eagerly(client, pictured):
    images_on_page = tag(client.get("/impact/2024/").content.decode(), "img")

    first, *others = images_on_page
    assert first["fetchpriority"] == "high" and "loading" not in first
    assert all(i["loading"] == "lazy" and i["decoding"] == "async" for i in others)
    assert not any("fetchpriority" in i for i in others)


def test_highlight_page_offers_the_image_at_the_width_of_its_column(client, pictured):
    html = client.get(pictured[1].get_absolute_url()).content.decode()

    image = tag(html, "img")[0]
    assert image["sizes"] == DETAIL_SIZES and image["fetchpriority"] == "high"
    assert {s["sizes"] for s in tag(html, "source")} == {DETAIL_SIZES}
    assert '<figcaption class="image-credit">ISHR</figcaption>' in html


def test_a_highlight_without_renditions_yet_shows_its_original(client, pictured):
    legacy = pictured[0]
    Highlight.objects.filter(pk=legacy.pk).update(image_renditions=[])

    html = client.get(legacy.get_absolute_url()).content.decode()

    assert "<picture>" not in html
    assert f'<img src="/media/{legacy.image.name}" alt="Photo 0" width="1600" height="900"' in html


def queries(client, url) -> int:
    for cache in caches.all():  # a page cache must not answer the second time
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/impact/2024/", "/impact/2024/highlight-2/"])
def test_renditions_cost_the_pages_no_query(client, review, make_highlight, url):
    bare = [make_highlight(review) for _ in range(3)]
    without_images = queries(client, url)
    for n, highlight in enumerate(bare):
        highlight.image = upload(photo_like(800, 450, seed=n))
        highlight.image_alt, highlight.image_credit = "A photograph", "ISHR"
        highlight.save()
        services.make_renditions(highlight)
    assert all(h.image_renditions for h in bare)

    assert queries(client, url) == without_images


# --- manage.py make_renditions ----------------------------------------------------------------


def make_renditions() -> str:
    out = StringIO()
    call_command("make_renditions", stdout=out)
    return out.getvalue()


@pytest.fixture
def legacy(review, make_highlight):
    """Two highlights whose images were saved before renditions existed, one without."""
    made = [
        make_highlight(
            review, image=upload(photo_like(900, 500, seed=n)), image_alt="A", image_credit="B"
        )
        for n in range(2)
    ]
    make_highlight(review)
    for highlight in made:
        Highlight.objects.filter(pk=highlight.pk).update(image_renditions=[])
        images.delete_renditions(
            [r["name"] for r in highlight.image_renditions], highlight.image.storage
        )
    return made


def test_the_command_makes_the_renditions_of_older_images(legacy, settings):
    output = make_renditions()

    assert "Renditions made for 2 highlights, 1 unchanged." in output
    for highlight in legacy:
        highlight.refresh_from_db()
        assert widths(highlight) == [400, 800, 900]
        assert all(media(settings, r["name"]).is_file() for r in highlight.image_renditions)


def test_the_command_run_twice_writes_nothing_the_second_time(legacy, settings):
    make_renditions()
    files = rendition_files(settings)
    rows = list(Highlight.objects.values_list("pk", "image_renditions", "updated_at"))
    history = Highlight.history.count()

    output = make_renditions()

    assert "Renditions made for 0 highlights, 3 unchanged." in output
    assert rendition_files(settings) == files
    assert list(Highlight.objects.values_list("pk", "image_renditions", "updated_at")) == rows
    assert Highlight.history.count() == history


def test_the_command_remakes_renditions_after_a_change_of_widths(
    legacy, settings, monkeypatch, django_capture_on_commit_callbacks
):
    make_renditions()
    old = set(rendition_files(settings))
    history = Highlight.history.count()
    monkeypatch.setattr(images, "RENDITION_WIDTHS", (300, 600))

    with django_capture_on_commit_callbacks(execute=True):
        make_renditions()

    for highlight in legacy:
        highlight.refresh_from_db()
        assert widths(highlight) == [300, 600]
    assert not old & set(rendition_files(settings))  # the old files are gone
    assert Highlight.history.count() == history  # not an editorial change


# --- The demo ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_demo_highlight_ends_with_renditions_under_100_kb(settings):
    call_command("load_demo", stdout=StringIO())

    highlights = list(Highlight.objects.all())
    assert len(highlights) == 15
    for highlight in highlights:
        assert {(r["format"], r["width"]) for r in highlight.image_renditions} == {
            (fmt, w) for fmt in MADE for w in (400, 800, 1200)
        }, highlight.slug
        for rendition in highlight.image_renditions:
            assert media(settings, rendition["name"]).stat().st_size <= MAX_BYTES
