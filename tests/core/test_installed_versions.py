"""core.versions reads a library's version from its ``.dist-info`` folder's name: it must
say exactly what ``importlib.metadata.version`` says, on this install and on made-up
paths holding every form it meets (dist-info, egg-info, a name spelled otherwise, a
distribution installed twice, none at all)."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from transflow.core.versions import installed_versions


def _metadata(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def test_the_libraries_an_export_depends_on_as_importlib_metadata_says() -> None:
    names = ("python-docx", "lxml", "babel", "pyyaml", "PyYAML", "python_docx", "pip")
    found = installed_versions(names)
    assert found == {name: _metadata(name) for name in names}
    assert all(found[name] for name in ("python-docx", "lxml", "babel", "pyyaml"))


def _dist_info(folder: Path, dirname: str, name: str, version: str) -> None:
    meta = folder / dirname
    meta.mkdir(parents=True)
    (meta / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")


def _egg_info(folder: Path, dirname: str, name: str, version: str) -> None:
    meta = folder / dirname
    meta.mkdir(parents=True)
    (meta / "PKG-INFO").write_text(f"Metadata-Version: 1.1\nName: {name}\nVersion: {version}\n")


def test_made_up_paths_as_importlib_metadata_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _dist_info(first, "tf_demo_one-1.2.3.dist-info", "tf-demo-one", "1.2.3")
    _dist_info(second, "tf_demo_one-9.9.dist-info", "tf-demo-one", "9.9")  # shadowed
    _egg_info(first, "tf_demo_two-0.4-py3.11.egg-info", "tf-demo-two", "0.4")
    _dist_info(second, "tf_demo_two-5.0.dist-info", "tf-demo-two", "5.0")  # shadowed
    _dist_info(second, "Tf.Demo_Three-2.0rc1.dist-info", "Tf.Demo-Three", "2.0rc1")
    (first / "not-a-folder.txt").write_text("")
    monkeypatch.setattr(
        sys,
        "path",
        [str(tmp_path / "absent"), str(first / "not-a-folder.txt"), str(first), str(second)],
    )
    names = ("tf-demo-one", "tf_demo_two", "tf-demo-three", "TF_DEMO_THREE", "tf-demo-four")
    found = installed_versions(names)
    assert found == {name: _metadata(name) for name in names}
    assert found["tf-demo-one"] == "1.2.3" and found["tf_demo_two"] == "0.4"
    assert found["tf-demo-four"] is None


def test_a_zipped_entry_or_an_egg_ahead_is_left_to_importlib_metadata(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import zipfile

    app = tmp_path / "app.pyz"  # a zipapp bundling its own copy of a library
    with zipfile.ZipFile(app, "w") as z:
        z.writestr("tf_demo_one-9.9.dist-info/METADATA", "Name: tf-demo-one\nVersion: 9.9\n")
    egg = tmp_path / "tf_demo_two-7.0-py3.11.egg"
    (egg / "EGG-INFO").mkdir(parents=True)
    (egg / "EGG-INFO" / "PKG-INFO").write_text("Name: tf-demo-two\nVersion: 7.0\n")
    later = tmp_path / "site"
    _dist_info(later, "tf_demo_one-1.0.dist-info", "tf-demo-one", "1.0")
    _dist_info(later, "tf_demo_two-1.0.dist-info", "tf-demo-two", "1.0")
    names = ("tf-demo-one", "tf-demo-two")
    for path in ([str(app), str(later)], [str(egg), str(later)]):
        monkeypatch.setattr(sys, "path", path)
        assert installed_versions(names) == {name: _metadata(name) for name in names}
    assert _metadata("tf-demo-two") == "7.0"
