"""Load for `make bench` (locust, headless), against the production server on 127.0.0.1.

Started by npz_registry/bench/run.py, which writes the plan (BENCH_PLAN, JSON) and reads back
every request (BENCH_RAW, JSON: name, start, milliseconds, status, error):

- Sweep* users measure the pages one after the other: each page is requested by two users of
  the persona that may open it, until it has `requests` answers or `seconds` have passed; after
  every page request the same user asks /healthz without a session, so the baseline shares
  the load of the moment. The run ends when the last page is done.
- FlowUser is the mixed flow: logged-in staff and coordinators and anonymous visitors open
  the pages their persona may open (PDF downloads among them). Between two clicks each user
  pauses as long as the plan's `flow_pause` says: 1 to 3 s in the flow the goal is judged on
  (people read what they opened), 0.05 s in the stress run that shows what two workers carry.
"""

import json
import os
import random
import time
from pathlib import Path

from gevent import sleep, spawn
from locust import FastHttpUser, constant, events, task
from locust.contrib.fasthttp import FastHttpSession

PLAN = (
    json.loads(Path(os.environ["BENCH_PLAN"]).read_text(encoding="utf-8"))
    if "BENCH_PLAN" in os.environ
    else {}
)
RECORDED: list = []
HEALTHZ = "healthz"
#: The persona's own sign-in when it starts (not the login page of the sweep or the flow).
SIGN_IN = "sign-in"
FIRST = "first:"


@events.request.add_listener
def record(request_type, name, response_time, response_length, response=None, exception=None, **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    RECORDED.append(
        [name, time.time() - response_time / 1000, round(response_time, 2), status, bool(exception)]
    )


@events.quitting.add_listener
def write(environment, **kwargs):
    if "BENCH_RAW" in os.environ:
        with open(os.environ["BENCH_RAW"], "w", encoding="utf-8") as out:
            json.dump(RECORDED, out)


class Persona(FastHttpUser):
    """A user logged in as one of the generated accounts (or anonymous)."""

    abstract = True
    role = "anonymous"
    network_timeout = 90.0  # above gunicorn's 60 s: a slow answer is the server's to cut off

    def on_start(self):
        self.bare = FastHttpSession(self.host, self.environment.events.request, user=self)
        username = PLAN.get("accounts", {}).get(self.role)
        if username:
            self.client.get("/aanmelden/", name=SIGN_IN)
            token = next((c.value for c in self.client.cookiejar if c.name == "csrftoken"), "")
            self.client.post(
                "/aanmelden/",
                data={"username": username, "password": PLAN["password"], "csrfmiddlewaretoken": token},
                headers={"Referer": self.host + "/aanmelden/"},
                name=SIGN_IN,
            )


class Schedule:
    """The pages of the sweep in order; the current page moves on when it has enough answers
    (after a first one, named FIRST + its name, that fills the caches: no other request of the
    page starts before it has answered, so the timed requests find the caches filled)."""

    def __init__(self, pages, requests, seconds):
        self.pages, self.requests, self.seconds = pages, requests, seconds
        self.index, self.issued, self.started, self.finished = 0, 0, None, False
        self.filling = False

    def answered(self, page):
        if page["name"].startswith(FIRST):
            self.filling = False
            self.started = time.monotonic()  # the page's time counts from its filled caches

    def next_for(self, role):
        if self.filling:
            return "wait"
        while self.index < len(self.pages):
            page = self.pages[self.index]
            self.started = self.started or time.monotonic()
            # The first answer fills the caches of this data version: timed apart (FIRST).
            done = self.issued >= self.requests + 1 or (
                self.issued >= 4 and time.monotonic() - self.started > self.seconds
            )
            if not done:
                if page["role"] != role:
                    return "wait"
                self.issued += 1
                if self.issued == 1:
                    self.filling = True
                    return {**page, "name": FIRST + page["name"]}
                return page
            self.index, self.issued, self.started = self.index + 1, 0, None
        return None


SCHEDULE = Schedule(PLAN.get("sweep", []), PLAN.get("requests", 20), PLAN.get("seconds", 4))


class Sweep(Persona):
    abstract = True
    fixed_count = 2
    wait_time = constant(0)

    @task
    def next_page(self):
        page = SCHEDULE.next_for(self.role)
        if page is None:
            if not SCHEDULE.finished:  # the first user to see the end stops the run, once
                SCHEDULE.finished = True
                spawn(self.environment.runner.quit)
            sleep(0.1)
        elif page == "wait":
            sleep(0.005)
        else:
            self.client.get(page["path"], name=page["name"])
            SCHEDULE.answered(page)
            self.bare.get("/healthz", name=HEALTHZ)


class SweepAnonymous(Sweep):
    role = "anonymous"


class SweepCoordinator(Sweep):
    role = "coordinator"


class SweepStaff(Sweep):
    role = "staff"


class SweepAdmin(Sweep):
    role = "admin"


class FlowUser(Persona):
    """One of 16 users: roles in turn (staff, coordinator, anonymous), each opening the pages
    its persona may open; a PDF download now and then."""

    counter = 0

    def wait_time(self):
        shortest, longest = PLAN["flow_pause"]
        return random.uniform(shortest, longest)

    def on_start(self):
        FlowUser.counter += 1
        self.role = PLAN["flow_roles"][FlowUser.counter % len(PLAN["flow_roles"])]
        super().on_start()
        self.pages = PLAN["flow"][self.role]

    @task
    def browse(self):
        page = random.choice(self.pages)
        self.client.get(page["path"], name=page["name"])
