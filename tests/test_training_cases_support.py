"""Helpers for the case tests of the training platform (no tests of its own).

`Desk` is a logged-in counter: it knows the outlet's catalogue and builds valid case
bodies (form values from `forms.example_values`, every material received), so each test
changes only what it is about.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx

from counter.bureau.cases import CaseSubmission
from counter.bureau.models import Catalogue, CatalogueItem
from counter.training.forms import example_values
from counter.training.persons import SyntheticPerson, featured_persons
from counter.training.seed import TRAINING_OUTLET_CODE, TRAINING_PASSWORD
from tests.training_fixtures import bearer, token_for

FEATURED = featured_persons()
EMPLOYEE = FEATURED[0]  # 张伟: employee, card normal
RETIREE = FEATURED[1]  # 李秀英: receiving an employee pension
TEMP_LOST = FEATURED[2]  # 王芳: card temporarily lost
FORMAL_LOST = FEATURED[3]  # 陈建国: card formally lost, receiving
LOCKED = FEATURED[4]  # 刘洋: PIN locked
MINOR = FEATURED[5]  # 欧阳晓雯: no card yet
SUSPENDED = FEATURED[6]  # 赵磊: employee pension suspended (unemployed)
RESIDENT_RETIREE = FEATURED[7]  # 周桂兰: resident pension receiving


class Desk:
    """A clerk's session at an outlet, with the outlet's catalogue."""

    def __init__(
        self,
        client: httpx.Client,
        staff_no: str = "T-CLERKA1",
        outlet_code: str = TRAINING_OUTLET_CODE,
    ) -> None:
        self.client = client
        self.staff_no = staff_no
        self.outlet_code = outlet_code
        self.token = token_for(client, staff_no, outlet_code)
        response = client.get("/v1/catalogue", headers=self.headers)
        assert response.status_code == 200, response.text
        catalogue = Catalogue.model_validate(response.json())
        self.items: dict[str, CatalogueItem] = {i.code: i for i in catalogue.items}

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)

    def case(
        self,
        code: str,
        person: SyntheticPerson | str = EMPLOYEE,
        *,
        form: dict[str, Any] | None = None,
        **changes: Any,
    ) -> dict[str, Any]:
        """A valid case body for item `code` (JSON-ready), with `changes` applied."""
        item = self.items[code]
        id_number = person if isinstance(person, str) else person.id_number
        body: dict[str, Any] = {
            "case_id": uuid.uuid4().hex,
            "outlet_code": self.outlet_code,
            "window": 3,
            "item_code": code,
            "item_version": item.version,
            "person": {"id_number": id_number, "identity_method": "id_card"},
            "form": {**example_values(item.form_fields), **(form or {})},
            "materials": [{"name": m.name, "received": True} for m in item.materials],
            "maker": self.staff_no,
            "ticket_number": "A012",
            "client_time": datetime.now(UTC).isoformat(),
        }
        body.update(changes)
        return body

    def submit(
        self, body: dict[str, Any], key: str | None = None, *, with_key: bool = True
    ) -> httpx.Response:
        headers = dict(self.headers)
        if with_key:
            headers["Idempotency-Key"] = key or uuid.uuid4().hex
        return self.client.post("/v1/cases", json=body, headers=headers)

    def review(
        self,
        body: dict[str, Any],
        reviewer: str = "T-CLERKB1",
        password: str = TRAINING_PASSWORD,
    ) -> httpx.Response:
        digest = CaseSubmission.model_validate(body).review_digest()
        return self.client.post(
            "/v1/reviews",
            json={
                "staff_no": reviewer,
                "password": password,
                "maker": self.staff_no,
                "item_code": body["item_code"],
                "case_digest": digest,
            },
            headers=self.headers,
        )

    def approved(self, body: dict[str, Any], reviewer: str = "T-CLERKB1") -> dict[str, Any]:
        """`body` with a fresh checker approval."""
        response = self.review(body, reviewer)
        assert response.status_code == 200, response.text
        approval = response.json()
        return {
            **body,
            "checker": {"staff_no": reviewer, "approval_id": approval["approval_id"]},
        }

    def cases_of(self, day: date) -> list[dict[str, Any]]:
        response = self.client.get(
            "/v1/cases",
            params={"date": day.isoformat(), "outlet": self.outlet_code},
            headers=self.headers,
        )
        assert response.status_code == 200, response.text
        return list(response.json()["cases"])


def shanghai_today() -> date:
    from counter.training.deps import SHANGHAI

    return datetime.now(UTC).astimezone(SHANGHAI).date()
