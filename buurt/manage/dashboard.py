"""The community manager's dashboard: figures over (neighbourhood ids, period, now).

Every figure is a plain function that aggregates in SQL, so the page runs the same few
statements whatever the amount of data; `figures()` gathers them from their modules (levels,
activity in the period, work waiting) and `csv_text()` writes them out.
"""
import csv
import io
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from buurt.core import clock
from buurt.info import initiatives
from buurt.manage.activity import (NewResidents, ResponseTimes, matches, new_residents,
                                   response_times)
from buurt.manage.levels import LEVEL_LABELS, LEVELS, Chart, chart, health
from buurt.manage.period import Period
from buurt.manage.waiting import QueueSummary, moderation_queue, unanswered_count, unmet_demand
from buurt.web.spreadsheets import csv_cell

# --- all figures at once, and the export --------------------------------------------------

@dataclass
class Figures:
    period: Period
    now: datetime
    neighbourhoods: list
    new_residents: NewResidents
    chart: Chart
    response_times: ResponseTimes
    unanswered: int
    matches: int
    unmet: list
    queue: QueueSummary
    health: dict
    initiatives_waiting: int

    @property
    def levels(self) -> dict:
        return self.chart.totals

    def neighbourhood_name(self, neighbourhood_id: int) -> str:
        return next((n.name for n in self.neighbourhoods if n.id == neighbourhood_id), "")


def figures(neighbourhoods, period: Period, now: datetime) -> Figures:
    """Every figure of the dashboard for these neighbourhoods (Neighbourhood rows)."""
    ids = [n.id for n in neighbourhoods]
    return Figures(period=period, now=now, neighbourhoods=list(neighbourhoods),
                   new_residents=new_residents(ids, period), chart=chart(ids, period),
                   response_times=response_times(ids, period, now),
                   unanswered=unanswered_count(ids), matches=matches(ids, period),
                   unmet=unmet_demand(ids), queue=moderation_queue(ids),
                   health=health(ids, now), initiatives_waiting=initiatives.count_waiting(ids))


def _stamp(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return clock.to_local(moment).strftime("%Y-%m-%d %H:%M")


def csv_rows(data: Figures, unanswered: list, topic_name) -> list:
    """The figures as (section, item, value) rows; `topic_name(topic)` names a topic in
    the reader's language. No e-mail addresses, no messages, no authors of requests."""
    rows = [(_l("Period"), _l("From"), data.period.first_day.isoformat()),
            (_l("Period"), _l("To"), data.period.last_day.isoformat())]
    rows += [(_l("Neighbourhood"), n.slug, n.name) for n in data.neighbourhoods]
    residents = data.new_residents
    rows.append((_l("New residents"), _l("Total"), residents.total))
    rows.append((_l("New residents"), _l("Signed up on their own"), residents.on_their_own))
    for channel in residents.channels:
        via = channel.ambassador or _l("an ambassador who has left")
        if channel.event:
            via = f"{via} · {channel.event} ({channel.event_day.isoformat()})"
        rows.append((_l("New residents"), via, channel.count))
    for level in LEVELS:
        rows.append((_l("New posts per sharing level"), LEVEL_LABELS[level],
                     data.levels[level]))
    times = data.response_times
    rows += [
        (_l("Requests"), _l("Counted for the first three days"), times.counted),
        (_l("Requests"), _l("First response within three days"), times.within),
        (_l("Requests"), _l("Share with a first response within three days (%)"),
         "" if times.share is None else round(times.share * 100)),
        (_l("Requests"), _l("Median time to a first response (hours)"),
         "" if times.median_seconds is None else round(times.median_seconds / 3600, 1)),
        (_l("Requests"), _l("Open requests without any response"), data.unanswered),
        (_l("Matches made"), _l("Responses accepted"), data.matches),
    ]
    for unmet in data.unmet:
        where = data.neighbourhood_name(unmet.neighbourhood_id)
        rows.append((_l("Topics with unmet demand"), f"{topic_name(unmet.topic)} ({where})",
                     unmet.requests))
    rows.append((_l("Moderation queue"), _l("Items waiting"), data.queue.size))
    rows.append((_l("Moderation queue"), _l("Oldest item waiting since"),
                 _stamp(data.queue.oldest_since)))
    for neighbourhood in data.neighbourhoods:
        for level in LEVELS:
            state = data.health[neighbourhood.id][level]
            rows.append((_l("Health of the sharing levels"),
                         f"{neighbourhood.name} · {LEVEL_LABELS[level]}",
                         f"{state.label} ({state.recent} / 14, {state.in_60_days} / 60)"))
    for start, counts in data.chart.rows:
        for level in LEVELS:
            rows.append((_l("New items from"), f"{start.isoformat()} · {LEVEL_LABELS[level]}",
                         counts[level]))
    for post in unanswered:
        rows.append((_l("Requests without any response"),
                     f"{post.title} ({topic_name(post.topic)}, {post.neighbourhood.name})",
                     _stamp(post.created_at)))
    return rows


def csv_text(rows) -> str:
    """Write (section, item, value) rows as CSV text, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_cell(str(_l("Section"))), csv_cell(str(_l("Item"))),
                     csv_cell(str(_l("Value")))])
    for row in rows:
        writer.writerow([csv_cell(str(cell)) if not isinstance(cell, (int, float)) else cell
                         for cell in row])
    return out.getvalue()
