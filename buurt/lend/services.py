"""Lending things, in one place for the views and the tick: items (buurt.lend.items) and
their loans (buurt.lend.loans). Callers use `from buurt.lend import services as lending`.
"""
from buurt.lend.items import (MAX_DEPOSIT, create_item, get_item, listing,  # noqa: F401
                              owned_by, pause, resume, update_item, withdraw)
from buurt.lend.loans import (CALENDAR_DAYS, HISTORY, REMIND_EVERY, LoanError,  # noqa: F401
                              agree, availability, borrowed_by, cancel, check_dates,
                              confirm_return, decline, expire_requests, get_loan,
                              has_borrowed, lent_out_today, loans_of, open_loans_of_items,
                              remind_overdue, request_loan)
