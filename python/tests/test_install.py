"""pip install ./python into a venv that sees Debian's jpype and numpy gives a working package with the jar inside."""
import os
import shutil
import subprocess
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def test_pip_install_into_a_venv_bundles_the_jar(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    py = str(venv / "bin" / "python")
    env = dict(os.environ)
    env.pop("PSIFLUX_CLASSPATH", None)
    # no build isolation: the venv's own setuptools (Debian's, seen through the system site), no download
    # a copy, so the build leaves nothing in the checkout; the build takes the jar from PSIFLUX_JAR
    src = tmp_path / "src"
    shutil.copytree(os.path.join(ROOT, "python"), src, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    assert os.path.isfile(env.get("PSIFLUX_JAR", "")), "PSIFLUX_JAR: the jar to bundle"
    r = subprocess.run([py, "-m", "pip", "install", "-q", "--no-build-isolation", "--no-deps", str(src)],
                       env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    env.pop("PSIFLUX_JAR", None)  # the installed package must find its own jar
    script = ("import psiflux, os; assert 'site-packages' in psiflux.__file__; "
              "assert os.path.isfile(os.path.join(os.path.dirname(psiflux.__file__), 'lib', 'psiflux.jar')); "
              "g = psiflux.Grid(points=[64], extent=[[-8, 8]]); "
              "s = psiflux.Simulation(g, potential='0.5*x^2', initial=psiflux.gaussian(sigma=[0.7071067811865476]), dt=0.01, backend='cpu'); "
              "print(round(s.observe().energy, 9))")
    r = subprocess.run([py, "-c", script], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0.5"  # the oscillator ground state, hbar omega / 2
