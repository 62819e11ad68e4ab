"""Bundles the psiflux jar into the package when it is built from a checkout (see README.md)."""
import os
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithJar(build_py):
    def run(self):
        super().run()
        jar = os.environ.get("PSIFLUX_JAR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target",
                                                             "psiflux.jar")
        if not os.path.isfile(jar):
            raise SystemExit("psiflux: build the jar first (in the checkout: ./psiflux info, or mvn -q package "
                             "-DskipTests), or set PSIFLUX_JAR to it; the Python package bundles it")
        target = os.path.join(self.build_lib, "psiflux", "lib")
        os.makedirs(target, exist_ok=True)
        shutil.copyfile(jar, os.path.join(target, "psiflux.jar"))


setup(cmdclass={"build_py": BuildWithJar})
