"""`python -m ioi_core serve --workers 2`: two app servers on one PostgreSQL behind HAProxy.

A file upload (`PUT /_stcore/upload_file/...`) and a download (`GET /media/...`) are separate HTTP
requests that only the server holding the browser's session can answer; the balancer's sticky
cookie (deploy/haproxy.cfg) must send them there. Two participants land on different servers (the
balancer spreads a room), and each joins, answers, downloads and uploads through the balancer.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from ioi_core.cli.serve import haproxy_binary, start_room
from tests.browser.db_helpers import page_key, store_for, wait_for_db
from tests.browser.helpers import choose_radio, go_to, wait_for_app
from tests.browser.servers import AppServer
from tests.browser.workshop_steps import join
from tests.support.services import require

pytestmark = pytest.mark.browser


def test_a_room_through_the_balancer_joins_answers_uploads_and_downloads(
    browser, postgresql_url, tmp_path
) -> None:
    if haproxy_binary() is None:
        require("IOI_REQUIRE_BROWSER", "HAProxy not found (apt-get install haproxy)")
    from ioi_core.store.workshops import WorkshopStore

    with start_room(postgresql_url, 2, port=0, log_dir=tmp_path) as room:
        app = AppServer(room.url, postgresql_url)
        workshop, _ = WorkshopStore(store_for(app)).create("Big room", ["exercise1"])
        servers, contexts = [], []
        for name, domain, number in (("Amina", "13. Stability", 13), ("Ben", "10. Culture", 10)):
            context, page = join(browser, room.url, workshop.code, name)  # kept open: it holds a server
            contexts.append(context)
            servers += [c["value"] for c in context.cookies() if c["name"] == "IOI_SERVER"]
            key = page_key(page)

            go_to(page, "Exercise 1 — Thinking with the framework")
            choose_radio(page, "The one most important Facilitators domain", domain)
            wait_for_db(app, key, ("exercise1", "facilitator"), number)

            go_to(page, "Report & export")
            with page.expect_download() as download:  # GET /media/... from this session's server
                page.get_by_role("button", name="Backup (.json)").click()
            backup = tmp_path / f"{name}.json"
            download.value.save_as(backup)
            assert json.loads(backup.read_text())["workbook"]["exercise1"]["facilitator"] == number

            # PUT /_stcore/upload_file/... to this session's server, then the preview is drawn from it.
            page.get_by_test_id("stFileUploaderDropzoneInput").last.set_input_files(str(backup))
            wait_for_app(page)
            expect(page.get_by_text("Preview:")).to_be_visible()
            if name != "Amina":
                continue  # the preview proves the upload reached the server; one import is enough
            page.get_by_role("button", name="Import as a new workbook").click()
            expect(page.get_by_text("Imported. This is the new workbook's link")).to_be_visible()
            wait_for_app(page)
            imported = page_key(page)
            assert imported != key
            assert store_for(app).get(imported).workbook.exercise1.facilitator == number
        for context in contexts:
            context.close()
        assert sorted(servers) == ["web1", "web2"], servers  # one participant on each server
        room.check()  # neither worker died on the way
