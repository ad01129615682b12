"""Users as admins see them: search, one user's money and history, role changes, blocks.

Search reads the users table page by page (a Scan) and matches the id, display name and email, case
blind, within a budget of pages per request; a cursor continues where it stopped. An exact id is one
GetItem. docs/decisions.md says when this stops being enough."""

from __future__ import annotations

from soulseer import readers, users, wallet
from soulseer.admin import actions
from soulseer.admin.actions import ActionKind
from soulseer.disputes.records import dispute_id_for, of_ids
from soulseer.disputes.records import view as dispute_view
from soulseer.errors import DomainError, ErrorCode
from soulseer.lifecycles import READING_WAITING, ReadingStatus
from soulseer.pagination import decode_cursor, encode_cursor
from soulseer.payouts import history as payout_history
from soulseer.products.purchase import my_orders
from soulseer.readings import history, lifecycle
from soulseer.schemas.console import AdminReaderView, AdminUserView, BlockView, UserMoney, UserRow, UserSearchPage
from soulseer.schemas.payments import ReaderBalance
from soulseer.schemas.readings import DisputeView, SessionView
from soulseer.stores import users as user_store
from soulseer.stores.users import ReaderProfile, User

SEARCH_PAGE_ITEMS = 500  # users read per Scan page
SEARCH_BUDGET_PAGES = 20  # pages per request before answering with a cursor
DETAIL_ROWS = 20
_CURSOR_KEYS = frozenset({"user_id"})


def row(item: User) -> UserRow:
    return UserRow(
        user_id=item.user_id,
        role=item.role,  # type: ignore[arg-type]
        display_name=item.display_name,
        email=item.email,
        blocked=item.blocked,
        created_at=item.created_at.isoformat(),
    )


def _matches(item: User, needle: str) -> bool:
    return any(needle in (value or "").lower() for value in (item.user_id, item.display_name, item.email))


def search(q: str, limit: int, cursor: str | None) -> UserSearchPage:
    """Users whose id, display name or email contains `q` (all users for an empty `q`)."""
    needle = q.strip().lower()
    found: list[UserRow] = []
    if needle and cursor is None:
        exact = _get(q.strip())
        if exact is not None:
            found.append(row(exact))
    start = decode_cursor(cursor, _CURSOR_KEYS) if cursor else None
    budget = SEARCH_BUDGET_PAGES * SEARCH_PAGE_ITEMS
    last: str | None = None
    after = start["user_id"] if start else None
    for scanned, item in enumerate(user_store.scan_users(after, SEARCH_PAGE_ITEMS), start=1):
        last = item.user_id
        if _matches(item, needle) and all(r.user_id != item.user_id for r in found):
            found.append(row(item))
        if len(found) >= limit or scanned >= budget:
            return UserSearchPage(items=found[:limit], next_cursor=encode_cursor({"user_id": last}))
    return UserSearchPage(items=found[:limit], next_cursor=None)


def _get(user_id: str) -> User | None:
    return user_store.find(user_id)


def load(user_id: str) -> User:
    item = _get(user_id)
    if item is None:
        raise DomainError(ErrorCode.USER_NOT_FOUND)
    return item


def _money(user_id: str, role: str) -> UserMoney:
    balance = wallet.summary(user_id, role)
    return UserMoney(
        balance_cents=balance.balance_cents,
        owed_cents=balance.owed_cents,
        held_cents=balance.held_cents,
        earnings=balance.earnings if isinstance(balance, ReaderBalance) else None,
    )


def _disputes(sessions: list[SessionView]) -> list[DisputeView]:
    ids = [dispute_id_for(s.session_id) for s in sessions if s.status == ReadingStatus.ENDED and s.total_cents > 0]
    found = of_ids(ids)
    return [dispute_view(found[i]) for i in ids if i in found]


def reader_view(reader_id: str) -> AdminReaderView | None:
    item = readers.find_item(reader_id)
    return None if item is None else reader_view_of(item)


def reader_view_of(item: ReaderProfile) -> AdminReaderView:
    suspension = (
        {"suspended_at": item.suspended_at.isoformat(), "reason": item.suspended_reason} if item.suspended_at else None
    )
    return AdminReaderView.model_validate(
        {**readers.to_public(item).model_dump(), "listed": item.listing == readers.LISTING, "suspension": suspension}
    )


def detail(user_id: str) -> AdminUserView:
    item = load(user_id)
    role = str(item.role)
    account: wallet.WalletAccount = "earnings" if role == "reader" else "balance"
    entries = wallet.transactions(user_id, role, account, DETAIL_ROWS, None).items
    sessions = history.mine(user_id, role, DETAIL_ROWS, None).items
    block = BlockView(blocked_at=item.blocked_at.isoformat(), reason=item.blocked_reason) if item.blocked_at else None
    return AdminUserView(
        **row(item).model_dump(),
        block=block,
        money=_money(user_id, role),
        ledger=entries,
        readings=sessions,
        orders=my_orders(user_id, DETAIL_ROWS, None).items,
        disputes=_disputes(sessions),
        actions=actions.listing(user_id, DETAIL_ROWS, None).items,
        reader=reader_view(user_id) if role == "reader" else None,
        payouts=payout_history.mine(user_id, DETAIL_ROWS, None).items if role == "reader" else [],
    )


def set_role(admin_id: str, user_id: str, role: users.Role, reason: str) -> AdminUserView:
    """The role and its log entry in one transaction; the same role again changes (and logs) nothing."""
    if user_id == admin_id:
        raise DomainError(ErrorCode.OWN_ROLE)
    item = load(user_id)
    if item.role == role:
        return detail(user_id)
    entry = actions.record(
        admin_id, ActionKind.ROLE_CHANGED, target_id=user_id, reason=reason, details={"from": item.role, "to": role}
    )
    if not actions.commit(user_store.role_write(user_id, role, was=item.role), entry):
        raise DomainError(ErrorCode.USER_CHANGED)
    return detail(user_id)


def block(admin_id: str, user_id: str, reason: str) -> AdminUserView:
    """Blocked: no readings, gifts or purchases (403 `account_blocked`); a request still waiting is
    withdrawn. Blocking a blocked user changes (and logs) nothing."""
    item = load(user_id)
    if item.role == "admin":
        raise DomainError(ErrorCode.USER_IS_ADMIN, "An admin cannot be blocked; change their role first.")
    if item.blocked_at is None:
        entry = actions.record(admin_id, ActionKind.USER_BLOCKED, target_id=user_id, reason=reason)
        actions.commit(
            user_store.block_write(user_id, entry.at, reason), entry
        )  # False: blocked meanwhile by another admin, logged there
    if item.open_request:
        _withdraw(item.open_request)
    return detail(user_id)


def _withdraw(session_id: str) -> None:
    try:
        session = lifecycle.load(session_id)
    except DomainError:
        return  # the request is gone
    if session.status in READING_WAITING:
        lifecycle.end_reading(session_id, "client_blocked")


def unblock(admin_id: str, user_id: str, reason: str) -> AdminUserView:
    item = load(user_id)
    if item.blocked_at is not None:
        entry = actions.record(admin_id, ActionKind.USER_UNBLOCKED, target_id=user_id, reason=reason)
        actions.commit(user_store.block_write(user_id, entry.at, None), entry)
    return detail(user_id)
