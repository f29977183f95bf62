"""A small HTML reader for page tests: links, headings, ids, form controls and labels."""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    links: list[str] = field(default_factory=list)  # every href and src, in order
    headings: list[tuple[int, str]] = field(default_factory=list)  # (level, text)
    ids: list[str] = field(default_factory=list)
    label_targets: list[str] = field(default_factory=list)  # label for="..."
    inputs: list[dict[str, str]] = field(default_factory=list)  # input/select/textarea attrs
    fieldsets: list[dict[str, str]] = field(default_factory=list)
    meta_description: str | None = None
    tags_with_style: list[str] = field(default_factory=list)
    scripts: int = 0

    def input_named(self, name: str) -> list[dict[str, str]]:
        return [attrs for attrs in self.inputs if attrs.get("name") == name]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._heading: int | None = None
        self._heading_text: list[str] = []

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = {name: value or "" for name, value in attr_list}
        for name in ("href", "src"):
            if name in attrs:
                self.page.links.append(attrs[name])
        if "id" in attrs:
            self.page.ids.append(attrs["id"])
        if "style" in attrs:
            self.page.tags_with_style.append(tag)
        if tag == "script":
            self.page.scripts += 1
        if tag == "meta" and attrs.get("name") == "description":
            self.page.meta_description = attrs.get("content", "")
        if tag == "label" and attrs.get("for"):
            self.page.label_targets.append(attrs["for"])
        if tag in ("input", "select", "textarea"):
            self.page.inputs.append({"tag": tag, **attrs})
        if tag == "fieldset":
            self.page.fieldsets.append(attrs)
        if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self._heading = int(tag[1])
            self._heading_text = []

    def handle_endtag(self, tag: str) -> None:
        if self._heading is not None and tag == f"h{self._heading}":
            self.page.headings.append(
                (self._heading, " ".join("".join(self._heading_text).split()))
            )
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading_text.append(data)


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page
