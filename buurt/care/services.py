"""Care requests organised as tasks: adding them, signing up, and the schedule of who does what."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from buurt.care.models import CareSignup, CareTask
from buurt.core import clock
from buurt.core.errors import DomainError
from buurt.core.extensions import db
from buurt.market.models import Need, Request
from buurt.notifications import notify
from buurt.people import deletion
from buurt.people.models import User

MAX_TITLE = 140
MAX_TIME_OF_DAY = 40


class CareError(DomainError):
    """A care action that cannot be done."""


@dataclass
class Occurrence:
    """One date on which a task must be done, and the active sign-ups that cover it."""

    date: date
    task: CareTask
    signups: list[CareSignup] = field(default_factory=list)

    @property
    def people(self) -> list[User]:
        """The neighbours covering this date, each once, in the order they signed up."""
        seen, people = set(), []
        for signup in self.signups:
            if signup.user_id not in seen:
                seen.add(signup.user_id)
                people.append(signup.user)
        return people

    @property
    def is_gap(self) -> bool:
        return not self.signups

    def is_taken_for(self, user: User) -> bool:
        """Another neighbour does this date: the user cannot take it too."""
        return is_taken(self.task, self.signups, self.date if self.task.is_recurring else None,
                        user)


@dataclass
class TaskLine:
    """An active task with the neighbours who took all of it (every week, or its one date)."""

    task: CareTask
    regulars: list[CareSignup]

    def is_taken_for(self, user: User) -> bool:
        """Another neighbour took the whole task (a one-off one): the user cannot take it."""
        return is_taken(self.task, self.regulars, None, user)


def is_taken(task: CareTask, signups, occurrence: date | None, user: User) -> bool:
    """Has a neighbour other than `user` taken this already?

    A one-off task is taken once anyone signed up for it; a date of a weekly task is taken
    when someone does it every week or signed up for that date. A weekly task as a whole
    is never taken: neighbours may share it, each every week.
    """
    if task.is_recurring and occurrence is None:
        return False
    return any(s.is_active and s.user_id != getattr(user, "id", None)
               and (s.occurrence is None or s.occurrence == occurrence) for s in signups)


def add_task(request: Request, *, title: str, weekday: int | None = None,
             on_date: date | None = None, time_of_day: str | None = None) -> CareTask:
    """Add a weekly task (on a weekday, 0 = Monday) or a one-off task (on a date)."""
    if not request.is_care:
        raise CareError(_l("Tasks can only be added to a care request."))
    if not is_open_for_tasks(request):
        raise CareError(_l("This request is closed. You cannot add tasks to it any more."))
    title = (title or "").strip()
    if not title:
        raise CareError(_l("Write what needs to be done."), "title")
    if len(title) > MAX_TITLE:
        raise CareError(_l("Use at most %(max)d characters.", max=MAX_TITLE), "title")
    if (weekday is None) == (on_date is None):
        raise CareError(_l("Choose a day of the week or a date."), "repeat")
    if weekday is not None and weekday not in range(7):
        raise CareError(_l("Choose from the list."), "weekday")
    if on_date is not None and on_date < clock.today():
        raise CareError(_l("This date has passed. Choose today or a later day."), "on_date")
    time_of_day = (time_of_day or "").strip() or None
    if time_of_day and len(time_of_day) > MAX_TIME_OF_DAY:
        raise CareError(_l("Use at most %(max)d characters.", max=MAX_TIME_OF_DAY),
                        "time_of_day")
    task = CareTask(request=request, title=title, weekday=weekday, on_date=on_date,
                    time_of_day=time_of_day)
    db.session.add(task)
    db.session.flush()
    return task


def remove_task(task: CareTask) -> None:
    """Take a task off the schedule and end every sign-up for it."""
    if task.removed_at is not None:
        return
    now = clock.now()
    task.removed_at = now
    for signup in _active_signups(task.id):
        signup.cancelled_at = now
    db.session.flush()


def sign_up_refused(request: Request, user: User) -> str | None:
    """Why this user may not take the request's tasks, or None when they may: the request
    is an open care request, and not their own. The schedule shows its buttons by this."""
    if not (request.is_care and request.is_published):
        return _l("This request is closed. You cannot sign up for it any more.")
    if user.id == request.author_id:
        return _l("This is your own request. Ask a neighbour to do this task.")
    return None


def sign_up(task: CareTask, user: User, *, occurrence: date | None = None) -> CareSignup:
    """Sign a neighbour up for a whole task, or for one date (occurrence) of a weekly task."""
    request = task.request
    if task.removed_at is not None:
        raise CareError(_l("This task is no longer needed."))
    refused = sign_up_refused(request, user)
    if refused:
        raise CareError(refused)
    today = clock.today()
    if not task.is_recurring:
        if occurrence is not None and occurrence != task.on_date:
            raise CareError(_l("This task is not on that day."), "occurrence")
        # A one-off task has one date: taking that date is taking the whole task.
        occurrence = None
        if task.on_date < today:
            raise CareError(_l("This date has passed. Choose today or a later day."))
    elif occurrence is not None:
        if occurrence.weekday() != task.weekday:
            raise CareError(_l("This task is not on that day."), "occurrence")
        if occurrence < today:
            raise CareError(_l("This date has passed. Choose today or a later day."),
                            "occurrence")
    active = _active_signups(task.id)
    for existing in active:
        if existing.user_id != user.id:
            continue
        if existing.occurrence is None:
            raise CareError(_l("You already do this task."))
        if existing.occurrence == occurrence:
            raise CareError(_l("You already signed up for this day."))
    if is_taken(task, active, occurrence, user):
        raise CareError(_l("A neighbour already does this on that day.") if task.is_recurring
                        else _l("A neighbour already does this task."))
    signup = CareSignup(task=task, user=user, occurrence=occurrence)
    db.session.add(signup)
    db.session.flush()
    notify.notify(request.author, notify.Kind.CARE_SIGNUP, post=request, actor=user,
                  subject_id=task.id)
    return signup


def cancel(signup: CareSignup, by_user: User) -> None:
    """End a sign-up at the wish of the neighbour who made it."""
    if by_user.id != signup.user_id:
        raise CareError(_l("You can only cancel your own sign-up."))
    if signup.cancelled_at is None:
        signup.cancelled_at = clock.now()
        db.session.flush()
        # The requester must hear of it: a cancelled task is a gap in someone's care.
        notify.notify(signup.task.request.author, notify.Kind.CARE_CANCEL,
                      post=signup.task.request, actor=by_user, subject_id=signup.task_id)


def signups_of(user: User) -> list[CareSignup]:
    """The care tasks a neighbour took that are still to come, for "My help"."""
    today = clock.today()
    return [s for s in db.session.scalars(
        db.select(CareSignup).join(CareSignup.task)
        .where(CareSignup.user_id == user.id, CareSignup.cancelled_at.is_(None),
               CareTask.removed_at.is_(None))
        .options(joinedload(CareSignup.task).joinedload(CareTask.request))
        .order_by(CareSignup.created_at.desc()).limit(50))
        if (s.occurrence or s.task.on_date or today) >= today]


def is_open_for_tasks(request: Request) -> bool:
    """The requester may add tasks until the request is closed or removed."""
    return not (request.is_closed or request.is_removed)


def is_requester(user, request: Request) -> bool:
    """The resident who posted the care request manages its tasks."""
    return bool(user and user.is_authenticated and user.id == request.author_id)


def get_task(task_id: int) -> CareTask | None:
    """Return a task with its request, or None."""
    return db.session.scalar(db.select(CareTask).where(CareTask.id == task_id)
                             .options(joinedload(CareTask.request)))


def get_signup(signup_id: int) -> CareSignup | None:
    """Return a sign-up with its task and the task's request, or None."""
    return db.session.scalar(db.select(CareSignup).where(CareSignup.id == signup_id)
                             .options(joinedload(CareSignup.task).joinedload(CareTask.request)))


def tasks(request: Request) -> list[TaskLine]:
    """Return the request's coming tasks, weekly ones first, with who took each as a whole."""
    today = clock.today()
    found = [task for task in _active_tasks(request)
             if task.is_recurring or task.on_date >= today]
    by_task = _signups_by_task(found, CareSignup.occurrence.is_(None))
    lines = [TaskLine(task, by_task[task.id]) for task in found]
    return sorted(lines, key=lambda line: _task_order(line.task))


def schedule(request: Request, *, weeks: int = 4, start: date | None = None) -> list[Occurrence]:
    """Return every occurrence of the request's tasks in the coming weeks, gaps included.

    Two statements whatever the number of tasks, dates and sign-ups: the tasks, then their
    active sign-ups in the period with the people.
    """
    start = start or clock.today()
    end = start + timedelta(weeks=weeks)
    found = _active_tasks(request)
    by_task = _signups_by_task(found, CareSignup.occurrence.is_(None)
                               | CareSignup.occurrence.between(start, end))
    occurrences = []
    for task in found:
        whole = [s for s in by_task[task.id] if s.occurrence is None]
        for day in _dates(task, start, end):
            single = [s for s in by_task[task.id] if s.occurrence == day]
            covering = sorted(whole + single, key=lambda s: (s.created_at, s.id))
            occurrences.append(Occurrence(day, task, covering))
    return sorted(occurrences, key=lambda o: (o.date, *_task_order(o.task)[1:]))


def end_for_deleted_account(user: User) -> None:
    """An account is deleted (buurt.people.deletion): the tasks it took that are still to
    come end, and each requester hears it once; the tasks of its own open care requests
    come off the schedule, and each neighbour who had one hears that the request closed."""
    today, now = clock.today(), clock.now()
    told = set()
    for signup in db.session.scalars(
            db.select(CareSignup).join(CareSignup.task)
            .where(CareSignup.user_id == user.id, CareSignup.cancelled_at.is_(None),
                   CareTask.removed_at.is_(None))
            .options(joinedload(CareSignup.task).joinedload(CareTask.request)
                     .joinedload(Request.author))):
        day = signup.occurrence or signup.task.on_date
        if day is not None and day < today:
            continue   # done (or not) already: the schedule's history stays as it was
        signup.cancelled_at = now
        request = signup.task.request
        if request.id not in told:
            told.add(request.id)
            notify.notify(request.author, notify.Kind.LEFT_CARE, post=request, actor=user,
                          subject_id=signup.task_id)
    for request in db.session.scalars(db.select(Request).where(
            Request.author_id == user.id, Request.need == Need.CARE)):
        if not is_open_for_tasks(request):
            continue
        found = _active_tasks(request)
        helpers = {signup.user_id: signup.user
                   for signups in _signups_by_task(found, CareSignup.user_id != user.id).values()
                   for signup in signups
                   if (signup.occurrence or signup.task.on_date or today) >= today}
        for task in found:
            remove_task(task)
        for helper in helpers.values():
            notify.notify(helper, notify.Kind.LEFT_POST, post=request, actor=user,
                          dedupe_key=f"left_post:{request.id}")
    db.session.flush()


def _active_tasks(request: Request) -> list[CareTask]:
    return list(db.session.scalars(
        db.select(CareTask).where(CareTask.request_id == request.id,
                                  CareTask.removed_at.is_(None))))


def _active_signups(task_id: int, *, user_id: int | None = None) -> list[CareSignup]:
    stmt = db.select(CareSignup).where(CareSignup.task_id == task_id,
                                       CareSignup.cancelled_at.is_(None))
    if user_id is not None:
        stmt = stmt.where(CareSignup.user_id == user_id)
    return list(db.session.scalars(stmt))


def _signups_by_task(found: list[CareTask], condition) -> dict[int, list[CareSignup]]:
    """Load the active sign-ups of these tasks (and their people) in one statement."""
    by_task = defaultdict(list)
    if not found:
        return by_task
    stmt = (db.select(CareSignup)
            .where(CareSignup.task_id.in_([t.id for t in found]),
                   CareSignup.cancelled_at.is_(None), condition)
            .options(joinedload(CareSignup.user, innerjoin=True))
            .order_by(CareSignup.created_at, CareSignup.id))
    for signup in db.session.scalars(stmt):
        by_task[signup.task_id].append(signup)
    return by_task


def _dates(task: CareTask, start: date, end: date):
    """The task's dates from start up to (not including) end."""
    if not task.is_recurring:
        if start <= task.on_date < end:
            yield task.on_date
        return
    day = start + timedelta(days=(task.weekday - start.weekday()) % 7)
    while day < end:
        yield day
        day += timedelta(weeks=1)


def _task_order(task: CareTask) -> tuple:
    # Weekly tasks by weekday, one-off tasks after them by date; then time and title.
    when = (0, task.weekday, date.min) if task.is_recurring else (1, 0, task.on_date)
    return (when, task.time_of_day is None, (task.time_of_day or "").casefold(),
            task.title.casefold(), task.id)


deletion.register("care", end_for_deleted_account)
