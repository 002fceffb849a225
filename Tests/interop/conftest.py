"""Shared fixtures: the `helio` binary under test and a way to run real command lines."""
import json
import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def helio_bin() -> str:
    path = os.environ.get("HELIO_BIN") or str(ROOT / ".build/debug/helio")
    if not os.path.exists(path):
        raise RuntimeError(f"helio binary not found at {path}: run `swift build` or set HELIO_BIN")
    return path


class Helio:
    """Runs `helio` with a private keystore folder and no inherited password variables."""

    def __init__(self, tmp_path: pathlib.Path):
        self.keystore = tmp_path / "keystore"
        self.tmp = tmp_path
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("HELIO_")}
        self.env["HELIO_KEYSTORE"] = str(self.keystore)
        self.env["HOME"] = str(tmp_path / "home")

    def run(self, *args, password=None, new_password=None, check=True, stdin=None):
        env = dict(self.env)
        if password is not None:
            env["HELIO_PASSWORD"] = password
        if new_password is not None:
            env["HELIO_NEW_PASSWORD"] = new_password
        proc = subprocess.run([helio_bin(), *map(str, args)], env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL if stdin is None else stdin, timeout=120)
        if check and proc.returncode != 0:
            raise AssertionError(f"helio {' '.join(map(str, args))} failed ({proc.returncode}): {proc.stderr}")
        return proc

    def json(self, *args, **kw):
        """Runs `helio <noun> <verb> --json …` (the flag goes before any `--`) and parses stdout."""
        args = list(args)
        args.insert(2, "--json")
        return json.loads(self.run(*args, **kw).stdout)

    def fail(self, *args, **kw):
        """Runs a command that must fail: non-zero exit, one-line error on stderr."""
        proc = self.run(*args, check=False, **kw)
        assert proc.returncode != 0, f"expected failure, got success: {proc.stdout}"
        lines = [l for l in proc.stderr.splitlines() if l.strip()]
        assert len(lines) == 1, f"expected a one-line error, got: {proc.stderr!r}"
        assert lines[0].startswith("helio: error: "), lines[0]
        return lines[0].removeprefix("helio: error: ")

    def keystore_files(self):
        return sorted(self.keystore.iterdir()) if self.keystore.exists() else []


@pytest.fixture
def helio(tmp_path):
    return Helio(tmp_path)
