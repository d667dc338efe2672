"""The social-security queue (社保排队叫号): tickets, calls, fairness, wait estimates.

* `model` — Ticket, states, outcomes, priorities, calls and change events (the seam).
* `service` — `QueueService`, the async API the desks and the hall display use.
* `settings` — `QueueSettings` and `QueueError`.
* `fairness` — who is called next (priority cap, escalation) and the projected order.
* `estimate` — the honest wait estimate (a range, or 暂无估计).
* `slips` — the printed ticket slip.
* `stats` — the day's statistics by the REFERENCE definitions.
* `store` (ORM tables, migration 0002), `repo` (state transitions), `queries` (reads).
"""
