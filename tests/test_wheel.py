"""An installed careerbot (a built wheel, not the source tree) finds its article, intents and
search index, and answers from the shipped index: no fit, no cache, no scikit-learn."""

import subprocess
import sys
import zipfile

from helpers import ROOT


def test_wheel_carries_its_data_and_answers_from_any_directory(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    wheel = next(tmp_path.glob("careerbot-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "bot/data/intents.json" in names
    assert "bot/data/corpus/medical-billing-vs-coding.txt" in names
    assert zipfile.ZipFile(wheel).read("bot/data/index.npz") == (ROOT / "index.npz").read_bytes()

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    where = subprocess.run([sys.executable, "-c", "import bot.data as d; print(d.default_intents_path())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True)
    assert where.stdout.strip() == str(site / "bot" / "data" / "intents.json")
    answer = subprocess.run([sys.executable, "-m", "bot", "ask", "what does a biller do?"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert answer.returncode == 0, answer.stderr
    assert "What is Medical Billing?" in answer.stdout

    script = ("import sys; from bot.cli import main; main(['ask', 'who appeals denied claims?']); "
              "print(sorted(m for m in sys.modules if m.startswith(('sklearn', 'scipy'))))")
    retrieval = subprocess.run([sys.executable, "-c", script], cwd=elsewhere, env=env, capture_output=True, text=True)
    assert retrieval.returncode == 0 and not retrieval.stderr, retrieval.stderr
    assert "What is Medical Billing?" in retrieval.stdout and retrieval.stdout.endswith("\n[]\n")
    assert not (tmp_path / ".cache").exists()  # answered from the shipped index, not fitted and cached
