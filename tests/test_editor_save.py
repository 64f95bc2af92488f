"""Saving never loses a file (issue 19.3): exclusive creation, overwrite only on the file as it was
read, scenarios based on it named and confirmed again, no rollback of someone else's file, a text
the loader reads back exactly, and a folder that cannot be written is one line. Every case checks
the other files byte for byte."""
import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import model
from model import DataError, editor
from model.paths import ROOT, SCENARIOS

TITLES = {"kk": "Сынақ", "ru": "Проба", "en": "Trial"}
EDIT = {"tsa.exit_probability": 0.6}


@pytest.fixture
def scenarios(tmp_path):
    d = tmp_path / "scenarios"
    shutil.copytree(SCENARIOS, d)
    return d


def files(d: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(d.iterdir())}


SAVER = """
import sys, time
from pathlib import Path
from model import DataError, editor
directory, who, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
titles = {"kk": who, "ru": who, "en": who}
while time.time() < start:
    pass
try:
    editor.save_scenario("same_name", titles, "akimat", {"tsa.exit_probability": 0.6}, directory=directory)
    print("saved")
except DataError as e:
    print("refused:", e)
"""


def test_two_processes_saving_one_new_name_at_once(scenarios):
    """Both start at the same instant; one is told "saved", the other that the name is taken; the
    file is the winner's, byte for byte; nothing else changes; no temporary file is left."""
    import time

    for round_ in range(3):
        before = files(scenarios)
        start = time.time() + 4  # both processes imported and waiting by then
        procs = [subprocess.Popen([sys.executable, "-c", SAVER, str(scenarios), who, str(start)], cwd=ROOT,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for who in ("one", "two")]
        outs = [p.communicate(timeout=120) for p in procs]
        said = {who: out.strip() for who, (out, _) in zip(("one", "two"), outs)}
        assert all(not err.strip() for _, err in outs), outs
        winners = [who for who, s in said.items() if s == "saved"]
        assert len(winners) == 1, said
        loser = ({"one", "two"} - set(winners)).pop()
        assert said[loser].startswith("refused:") and "a new scenario name" in said[loser], said
        text = (scenarios / "same_name.yaml").read_text("utf-8")
        assert text == editor.scenario_yaml("akimat", {k: winners[0] for k in TITLES}, EDIT)
        after = files(scenarios)
        assert {k: v for k, v in after.items() if k != "same_name.yaml"} == before
        assert not [n for n in after if n.startswith(".")]
        (scenarios / "same_name.yaml").unlink()


def test_overwrite_only_on_the_file_as_it_was_read(scenarios):
    seen = editor.read_scenario_file("delayed", scenarios)
    (scenarios / "delayed.yaml").write_text((scenarios / "delayed.yaml").read_text("utf-8") + "# someone's edit\n")
    before = files(scenarios)
    with pytest.raises(DataError, match="changed since it was read"):
        editor.save_scenario("delayed", TITLES, "akimat", EDIT, overwrite=True, replaces=seen, directory=scenarios)
    assert files(scenarios) == before


def test_overwriting_a_scenario_others_are_based_on_names_them_and_asks_again(scenarios):
    (scenarios / "child.yaml").write_text("title: {kk: c, ru: c, en: c}\nbase: delayed\noverrides: {}\n")
    (scenarios / "grandchild.yaml").write_text("title: {kk: g, ru: g, en: g}\nbase: child\noverrides: {}\n")
    before = files(scenarios)
    seen = editor.read_scenario_file("delayed", scenarios)
    with pytest.raises(DataError) as e:
        editor.save_scenario("delayed", TITLES, "akimat", EDIT, overwrite=True, replaces=seen, directory=scenarios)
    assert "child, grandchild are based on delayed" in str(e.value) and "\n" not in str(e.value)
    assert files(scenarios) == before
    assert editor.dependents("delayed", scenarios) == ["child", "grandchild"]
    editor.save_scenario("delayed", TITLES, "akimat", EDIT, overwrite=True, replaces=seen,
                         dependents_confirmed=("child", "grandchild"), directory=scenarios)
    assert model.load_scenario("grandchild", directory=scenarios).value("tsa.exit_probability") == 0.6


def test_failed_read_back_restores_only_its_own_file(scenarios, monkeypatch):
    """The read-back fails. A new file this save wrote is removed and an overwritten one restored
    byte for byte; a file someone else put there meanwhile is never touched."""
    real = editor.load_scenario

    def failing(name, overrides=None, **kw):
        if name == "fresh" and not overrides:
            if someone_else:
                (scenarios / "fresh.yaml").write_text("# someone else's file\n")
            raise DataError("fresh.yaml", "x", 1, "a read-back that fails (injected)")
        return real(name, overrides, **kw)

    monkeypatch.setattr(editor, "load_scenario", failing)
    before = files(scenarios)
    someone_else = False
    with pytest.raises(DataError, match="injected"):
        editor.save_scenario("fresh", TITLES, "akimat", EDIT, directory=scenarios)
    assert files(scenarios) == before, "its own new file was not removed"
    someone_else = True
    with pytest.raises(DataError, match="injected"):
        editor.save_scenario("fresh", TITLES, "akimat", EDIT, directory=scenarios)
    assert (scenarios / "fresh.yaml").read_text() == "# someone else's file\n", "the rollback deleted another's file"
    # an overwrite whose read-back fails: the earlier file comes back byte for byte
    (scenarios / "fresh.yaml").write_text("title: {kk: f, ru: f, en: f}\nbase: akimat\noverrides: {}\n")
    before = files(scenarios)
    someone_else = False
    with pytest.raises(DataError, match="injected"):
        editor.save_scenario("fresh", TITLES, "akimat", EDIT, overwrite=True,
                             replaces=editor.read_scenario_file("fresh", scenarios), directory=scenarios)
    assert files(scenarios) == before


@pytest.mark.parametrize("title", ["yes", "no", "null", "~", "1e5", "0x1F", "010", "1:30", "2019-01-01", ".inf",
                                   "@home", "- dash", "key: value", "# hash", "'quoted'", '"dq"', "true", "3.0"])
def test_titles_read_back_exactly(scenarios, title):
    titles = {"kk": title, "ru": title, "en": title}
    editor.save_scenario("odd_title", titles, "akimat", EDIT, directory=scenarios)
    assert model.list_scenarios(scenarios)["odd_title"] == titles


@pytest.mark.parametrize("name", ["null", "yes", "1e5", "0x10", "true", "123"])
def test_names_that_look_like_other_yaml_read_back_as_names(scenarios, name):
    shutil.copy(scenarios / "delayed.yaml", scenarios / f"{name}.yaml")
    editor.save_scenario(f"on_{name}", TITLES, name, EDIT, directory=scenarios)  # `base: null` would lose it
    loaded = model.load_scenario(f"on_{name}", directory=scenarios)
    assert loaded.value("timeline.launch_shares") == model.load_scenario("delayed").value("timeline.launch_shares")


@pytest.mark.parametrize("path,value", [("tsa.exit_probability", 1e-07), ("tsa.exit_probability", 1 / 3),
                                        ("tsa.exit_probability", 2.5e-05), ("programme.budget_bn_kzt", 12345.678901234),
                                        ("programme.budget_bn_kzt", 1e4)])
def test_numbers_read_back_exactly(scenarios, path, value):
    editor.save_scenario("num", TITLES, "akimat", {path: value}, directory=scenarios)
    got = model.load_scenario("num", directory=scenarios).value(path)
    assert got == value and type(got) is type(value)


def test_full_disk_while_saving_is_one_line_and_leaves_nothing(scenarios, monkeypatch):
    """ENOSPC injected into the write (a monkeypatched os.fdopen whose write fails half-way)."""
    real = os.fdopen

    class Full:
        def __init__(self, f):
            self.f = f

        def __enter__(self):
            return self

        def __exit__(self, *a):
            self.f.close()

        def write(self, data):
            self.f.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = files(scenarios)
    monkeypatch.setattr(editor.os, "fdopen", lambda fd, mode="r", *a, **k: Full(real(fd, mode)) if "w" in mode
                        else real(fd, mode, *a, **k))
    with pytest.raises(DataError) as e:
        editor.save_scenario("full", TITLES, "akimat", EDIT, directory=scenarios)
    monkeypatch.undo()
    assert "No space left on device" in str(e.value) and "full.yaml" in str(e.value) and "\n" not in str(e.value)
    assert files(scenarios) == before


def _mount(path: Path, *options: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", ",".join(options), "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("kind", ["full", "read_only"])
def test_save_on_a_real_full_or_read_only_folder(tmp_path, kind):
    """A tmpfs (needs root and mount; skipped elsewhere, the ENOSPC test above runs everywhere):
    filled to the last byte, or remounted read-only. One line naming the file and the reason; no
    temporary file; the other scenarios byte for byte."""
    disk = tmp_path / "disk"
    if not _mount(disk, "size=256k"):
        pytest.skip("cannot mount a tmpfs here (not root, or no mount permission)")
    try:
        d = disk / "scenarios"
        shutil.copytree(SCENARIOS, d)
        if kind == "full":
            fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT)
            try:
                while os.write(fd, b"\0" * 512):
                    pass
            except OSError as e:
                assert e.errno == errno.ENOSPC
            finally:
                os.close(fd)
        else:
            assert subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True).returncode == 0
        before = files(d)
        with pytest.raises(DataError) as e:
            editor.save_scenario("new_one", TITLES, "akimat", EDIT, directory=d)
        reason = "No space left on device" if kind == "full" else "Read-only file system"
        assert reason in str(e.value) and "new_one.yaml" in str(e.value) and "\n" not in str(e.value), str(e.value)
        assert files(d) == before
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)
