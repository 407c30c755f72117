"""numba's kernel cache is cleared when the equations it compiled change (found with the
domain guard of issue 15: numba keys a cache on the kernel's own file only)."""

from __future__ import annotations

from osteon.engine import cache_guard


def _fake_package(root):
    (root / "physiology").mkdir(parents=True)
    (root / "engine" / "__pycache__").mkdir(parents=True)
    (root / "model.py").write_text("x = 1\n")
    (root / "physiology" / "m.py").write_text("y = 2\n")
    (root / "engine" / "k.py").write_text("z = 3\n")
    cached = root / "engine" / "__pycache__" / "k.f-1.py311.nbi"
    cached.write_text("stale")
    return cached


def test_cache_is_cleared_once_per_change_of_the_equations(tmp_path, monkeypatch):
    cached = _fake_package(tmp_path)
    monkeypatch.setattr(cache_guard, "_PACKAGE", tmp_path)
    monkeypatch.setattr(cache_guard, "_STAMP", tmp_path / "engine" / "__pycache__" / "eq.sha")
    assert cache_guard.ensure_fresh_cache() is True  # no stamp yet: cleared
    assert not cached.exists()
    cached.write_text("fresh")
    assert cache_guard.ensure_fresh_cache() is False  # unchanged: kept
    assert cached.exists()
    (tmp_path / "physiology" / "m.py").write_text("y = 3\n")  # an equation changed
    assert cache_guard.ensure_fresh_cache() is True
    assert not cached.exists()
