"""What a search backend returns: post ids in order, the total and highlighted snippets."""
from dataclasses import dataclass, field


@dataclass
class Hit:
    post_id: int
    title: list[tuple[str, bool]]     # (piece of text, matched) pairs; never markup
    snippet: list[tuple[str, bool]]


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
    def ids(self) -> list[int]:
        return [hit.post_id for hit in self.hits]

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
