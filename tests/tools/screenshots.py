"""Take the README screenshots from a running demo server in headless Chromium (Chrome DevTools protocol).

Usage: .venv/bin/python -m tests.tools.screenshots [--url http://localhost:8069] [--db customer_demo]
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CLICK_TAB = "document.querySelector(\"a.nav-link[name='%s']\").click()"
# file name: (path, JavaScript run once the page has loaded, or None)
PAGES = {
    "customers-kanban.png": ("/odoo/customer-base", None),
    "customers-list.png": ("/odoo/customer-base?view_type=list", None),
    "customer-form.png": ("/odoo/customer-base/{partner_id}", None),
    "customer-profile.png": ("/odoo/customer-base/{partner_id}", CLICK_TAB % "customer_profile"),
    "customer-interactions.png": ("/odoo/customer-base/{partner_id}", CLICK_TAB % "customer_interactions"),
    "customer-lifecycle.png": ("/odoo/customer-lifecycle", None),
    "field-access.png": ("/odoo/action-customer_base.customer_field_access_action", None),
    "customers-by-tag.png": ("/odoo/customer-segments", None),
}


def login(url, db, user, password):
    payload = {"jsonrpc": "2.0", "params": {"db": db, "login": user, "password": password}}
    request = urllib.request.Request(
        f"{url}/web/session/authenticate", json.dumps(payload).encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.headers["Set-Cookie"].split("session_id=")[1].split(";")[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="customer_demo")
    parser.add_argument("--partner-id", type=int, required=True, help="the customer to show in the form")
    args = parser.parse_args()
    session = login(args.url, args.db, "admin", "admin")
    profile = tempfile.mkdtemp()
    chrome = subprocess.Popen(
        [shutil.which("chromium"), "--headless=new", "--no-sandbox", "--disable-gpu", "--remote-debugging-port=9333",
         f"--user-data-dir={profile}", "--window-size=1440,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            try:
                with urllib.request.urlopen("http://127.0.0.1:9333/json", timeout=2) as response:
                    target = next(t for t in json.load(response) if t["type"] == "page")
                break
            except OSError:
                time.sleep(0.2)
        ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=60)
        seq = iter(range(1, 10_000))

        def send(method, **params):
            msg_id = next(seq)
            ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
            while True:
                msg = json.loads(ws.recv())
                if msg.get("id") == msg_id:
                    return msg.get("result", {})

        host = args.url.split("//")[1].split(":")[0]
        send("Network.enable")
        send("Network.setCookie", name="session_id", value=session, domain=host, path="/")
        send("Emulation.setDeviceMetricsOverride", width=1440, height=900, deviceScaleFactor=1, mobile=False)
        OUT.mkdir(parents=True, exist_ok=True)
        for name, (path, script) in PAGES.items():
            send("Page.navigate", url=args.url + path.format(partner_id=args.partner_id))
            time.sleep(6)
            if script:
                send("Runtime.evaluate", expression=script)
                time.sleep(2)
            shot = send("Page.captureScreenshot", format="png")
            (OUT / name).write_bytes(base64.b64decode(shot["data"]))
            print(OUT / name)
    finally:
        chrome.terminate()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
