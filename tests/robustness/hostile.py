"""Hostile input files used by the robustness tests (issue 15)."""

from __future__ import annotations

from pathlib import Path


def alias_bomb(levels: int = 9, fan: int = 9) -> str:
    """The "billion laughs": ``fan ** levels`` strings from a few lines."""
    text = 'a0: &a0 ["lol"]\n'
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]\n"
    return text


def write_hostile(folder: Path, valid: str) -> dict[str, Path]:
    """Files that each break one limit, built around the valid document ``valid``."""
    files = {
        "bomb": alias_bomb() + valid,
        "deep": "x: " + "[" * 3000 + "]" * 3000 + "\n" + valid,
        "long_number": valid + "extra_number: " + "9" * 400 + "\n",
        "python_tag": valid + 'extra: !!python/object/apply:os.system ["echo pwned"]\n',
        "recursive": "x: &x [*x]\n" + valid,
    }
    out = {name: folder / f"{name}.yaml" for name in files}
    for name, text in files.items():
        out[name].write_text(text, encoding="utf-8")
    out["latin1"] = folder / "latin1.yaml"
    out["latin1"].write_bytes((valid + "# Jos\xe9\n").encode("latin-1"))
    out["huge"] = folder / "huge.yaml"
    with open(out["huge"], "w") as fh:
        fh.write(valid)
        fh.write("#" * 1_100_000 + "\n")
    return out
