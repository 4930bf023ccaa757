"""Fingerprints of saved data sets: what a trainer writes beside them is not part of them."""

from __future__ import annotations

from pathlib import Path

from cdpo_core.fingerprint import dataset_fingerprint, path_fingerprint


def save_pairs(folder: Path, n: int = 6) -> None:
    from datasets import Dataset

    rows = [{"prompt": f"int main() {{ // {i}", "chosen": "}", "rejected": "{"} for i in range(n)]
    Dataset.from_list(rows).save_to_disk(str(folder))


def test_a_data_set_keeps_its_fingerprint_while_a_trainer_maps_it(tmp_path: Path) -> None:
    from datasets import load_from_disk

    folder = tmp_path / "pairs"
    save_pairs(folder)
    before, before_files = dataset_fingerprint(folder), path_fingerprint(folder)
    # What TRL does to the pairs it trains on: map them (tokenise), which datasets caches as a
    # file beside the saved ones; and what a map cut short by a kill leaves behind.
    mapped = load_from_disk(str(folder)).map(lambda row: {"n": len(row["prompt"])})
    assert mapped["n"][0] == len("int main() { // 0")
    assert list(folder.glob("cache-*.arrow")), "datasets wrote no cache file: nothing is tested"
    (folder / "tmpq8z3xk1w").write_bytes(b"half a map")
    assert path_fingerprint(folder) != before_files  # the folder did change ...
    assert dataset_fingerprint(folder) == before  # ... the data set did not

    other = tmp_path / "other"
    save_pairs(other, n=7)
    assert dataset_fingerprint(other) != before


def test_a_data_set_saved_again_has_a_new_fingerprint(tmp_path: Path) -> None:
    folder = tmp_path / "pairs"
    save_pairs(folder)
    before = dataset_fingerprint(folder)
    save_pairs(tmp_path / "next")
    for f in folder.iterdir():
        f.unlink()
    for f in (tmp_path / "next").iterdir():
        f.rename(folder / f.name)  # the same rows, written anew (as prefs --restart does)
    assert dataset_fingerprint(folder) != before


def test_a_dataset_dict_is_its_splits(tmp_path: Path) -> None:
    from datasets import Dataset, DatasetDict, load_from_disk

    folder = tmp_path / "splits"
    rows = [{"text": f"int x{i};"} for i in range(4)]
    DatasetDict(
        {"train": Dataset.from_list(rows), "test": Dataset.from_list(rows[:1])}
    ).save_to_disk(str(folder))
    before = dataset_fingerprint(folder)
    load_from_disk(str(folder))["train"].map(lambda row: {"n": len(row["text"])})
    assert list((folder / "train").glob("cache-*.arrow"))
    assert dataset_fingerprint(folder) == before


def test_a_folder_that_is_no_data_set_is_taken_whole(tmp_path: Path) -> None:
    (tmp_path / "adapter_model.safetensors").write_bytes(b"weights")
    assert dataset_fingerprint(tmp_path) == path_fingerprint(tmp_path)
    assert dataset_fingerprint(tmp_path / "missing") == f"name:{tmp_path / 'missing'}"
