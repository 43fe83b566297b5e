"""What a search backend returns: keys in order, the total and highlighted snippets."""
from dataclasses import dataclass, field


@dataclass
class Hit:
    entity: str                       # "post", "place", "initiative" or "person"
    entity_id: int
    kind: str                         # a post's kind, or the entity
    title: list[tuple[str, bool]]     # (piece of text, matched) pairs; never markup
    snippet: list[tuple[str, bool]]

    @property
    def key(self) -> tuple[str, int]:
        return self.entity, self.entity_id


@dataclass
class Results:
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    words: list[str] = field(default_factory=list)
    pages: int | None = None
    suggestion: str | None = None     # a corrected query that finds something

    @property
    def keys(self) -> list[tuple[str, int]]:
        return [hit.key for hit in self.hits]

    @property
    def ids(self) -> list[int]:
        """The ids of the posts among the hits, in order."""
        return [hit.entity_id for hit in self.hits if hit.entity == "post"]

    @property
    def page_count(self) -> int:
        return self.pages if self.pages is not None else -(-self.total // self.per_page)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.page_count


class SearchUnavailable(RuntimeError):
    """The index cannot be read: it is missing or broken (run `buurt reindex`)."""
