"""psiflux through the Python API, against closed forms and against the command line."""
import json
import math
import os
import signal
import struct
import threading
import time

import numpy as np
import pytest

import psiflux

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def test_free_gaussian_spreads_and_moves_as_the_closed_form():
    hbar, m, s0, p0, x0 = 1.0, 1.0, 1.5, 2.0, -10.0
    g = psiflux.Grid(points=[1024], extent=[[-60, 60]])
    with psiflux.Simulation(g, initial=psiflux.gaussian(sigma=[s0], center=[x0], momentum=[p0]), dt=0.01,
                            backend="cpu", hbar=hbar, mass=m) as sim:
        snaps = list(sim.run(steps=800, every=200, fields=("density", "current")))
    assert [s.step for s in snaps] == [0, 200, 400, 600, 800]
    x = g.axes[0]
    for s in snaps:
        st = s0 * np.sqrt(1 + (hbar * s.time / (2 * m * s0 ** 2)) ** 2)
        c = x0 + p0 / m * s.time
        exact = np.exp(-(x - c) ** 2 / (2 * st ** 2)) / np.sqrt(2 * np.pi * st ** 2)
        assert np.max(np.abs(s.density - exact)) < 1e-10 * exact.max()
        # the current integrates to <p>/m
        assert abs(s.current[0].sum() * g.dx[0] - p0 / m) < 1e-10
        assert abs(s.mean_x[0] - c) < 1e-9


def test_numpy_arrays_give_bit_for_bit_the_command_lines_psi(tmp_path):
    g = psiflux.Grid(points=[48, 40], extent=[[-8, 8], [-7, 6]])
    V = 0.5 * (g.x ** 2 + 1.3 * g.y ** 2) + 0.2 * np.sin(1.7 * g.x * g.y)
    V = np.broadcast_to(V, g.shape).copy()
    psi0 = (np.exp(-((g.x - 1) ** 2 + (g.y + 0.5) ** 2) / 2 + 1j * (0.7 * g.x - 0.3 * g.y))).astype(np.complex128)
    psi0 = np.broadcast_to(psi0, g.shape).copy()
    psi0 /= np.sqrt((np.abs(psi0) ** 2).sum() * g.dV)  # normalised, so neither side rescales it
    np.save(tmp_path / "V.npy", V)
    np.save(tmp_path / "psi0.npy", psi0)
    steps, every = 150, 50
    (tmp_path / "c.toml").write_text(f"""
[grid]
points = [48, 40]
extent = [[-8.0, 8.0], [-7.0, 6.0]]
[potential]
file = "{tmp_path / 'V.npy'}"
[initial]
type = "file"
file = "{tmp_path / 'psi0.npy'}"
[time]
dt = 0.01
steps = {steps}
[output]
every = {every}
fields = ["psi"]
""")
    res = psiflux.run(tmp_path / "c.toml", out=tmp_path / "out", backend="cpu")
    assert res.code == 0 and res.status == "completed"
    with psiflux.Simulation(g, potential=V, initial=psi0, dt=0.01, backend="cpu") as sim:
        last = list(sim.run(steps=steps, every=every, fields=("psi",)))[-1]
    assert np.array_equal(last.psi, res.load(f"psi_{steps:06d}"))
    assert np.array_equal(res.observables["energy"][-1], last.energy)


def test_a_callback_sees_every_output_step():
    g = psiflux.Grid(points=[64], extent=[[-10, 10]])
    seen = []
    with psiflux.Simulation(g, potential="0.5*x^2", initial=psiflux.gaussian(sigma=[1.0]), dt=0.01, backend="cpu") as sim:
        last = sim.evolve(95, every=10, callback=lambda s: seen.append((s.step, s.norm)))
    assert [s for s, _ in seen] == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]
    assert last.step == 95
    assert all(abs(n - 1) < 1e-12 for _, n in seen)


def test_psi_can_be_read_and_set():
    g = psiflux.Grid(points=[32, 32], extent=[[-6, 6], [-6, 6]])
    with psiflux.Simulation(g, potential="0.5*(x^2+y^2)", initial=psiflux.gaussian(sigma=[0.7071, 0.7071]), dt=0.01,
                            backend="cpu") as sim:
        psi = sim.psi
        assert psi.shape == (32, 32) and psi.dtype == np.complex128
        assert np.allclose(np.abs(psi) ** 2, sim.density, rtol=0, atol=1e-15)
        sim.psi = psi * np.exp(1j * 0.5)  # a global phase: nothing observable changes
        assert abs(sim.observe().energy - 1.0) < 1e-8
        sim.psi = -psi
        assert np.array_equal(sim.psi, -psi)


def test_imaginary_time_finds_the_oscillator_levels():
    g = psiflux.Grid(points=[128], extent=[[-10, 10]])
    with psiflux.Simulation(g, potential="0.5*x^2", initial=psiflux.gaussian(sigma=[1.0], center=[0.3]), dt=0.01,
                            backend="cpu") as sim:
        energies, states, converged = sim.relax(states=2, tolerance=1e-12, max_steps=20000)
    assert all(converged)
    assert np.allclose(energies, [0.5, 1.5], atol=1e-4)  # the split step's error, O(dt^2)
    assert abs(np.vdot(states[0], states[1]) * g.dV) < 1e-8


def test_bad_arguments_raise_psiflux_errors_with_the_message():
    with pytest.raises(psiflux.Error, match=r"grid.extent"):
        psiflux.Grid(points=[64], extent=[[1.0, 0.0]])
    g = psiflux.Grid(points=[64], extent=[[-5, 5]])
    with pytest.raises(psiflux.Error, match=r"time.dt"):
        psiflux.Simulation(g, initial=psiflux.gaussian(sigma=[1.0]), dt=0)
    with pytest.raises(psiflux.Error, match=r"potential") as e:
        psiflux.Simulation(g, potential="0.5*x^2 +", initial=psiflux.gaussian(sigma=[1.0]), dt=0.01)
    assert "at io.psiflux" not in str(e.value) and "Exception" not in str(e.value)
    cfg = psiflux.load_config(os.path.join(ROOT, "samples", "free-gaussian-1d.toml"))
    cfg["time"]["dt"] = -0.1
    with pytest.raises(psiflux.Error, match=r"time.dt: must be > 0"):
        psiflux.run(cfg)


def test_runs_of_a_config_never_share_a_folder():
    sample = os.path.join(ROOT, "samples", "free-gaussian-1d.toml")
    a, b = psiflux.run(sample, backend="cpu"), psiflux.run(sample, backend="cpu")
    assert a.folder != b.folder
    assert a.status == b.status == "completed"
    assert np.array_equal(a.observables["energy"], b.observables["energy"])
    cfg = psiflux.load_config(sample)
    cfg["time"]["steps"] = 100
    cfg["output"]["every"] = 50
    c = psiflux.run(cfg, backend="cpu")
    assert list(c.observables["step"]) == [0, 50, 100]


def test_ctrl_c_stops_a_run_with_its_summary(tmp_path):
    # needs SIGINT at its default when Python starts (a shell's background job ignores it, and
    # then no handler is installed: PythonPackageIT starts pytest through env --default-signal)
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN, "SIGINT is ignored in this process"
    cfg = psiflux.load_config(os.path.join(ROOT, "samples", "harmonic-coherent-2d.toml"))
    cfg["time"]["steps"] = 10 ** 6
    cfg["output"]["every"] = 10 ** 5
    out = tmp_path / "long"

    def interrupt_when_running():
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if json.loads((out / "summary.json").read_text()).get("status") == "running":
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGINT)

    threading.Thread(target=interrupt_when_running, daemon=True).start()
    with pytest.raises(KeyboardInterrupt):
        psiflux.run(cfg, out=out, backend="cpu")
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] == "interrupted"
    assert 0 < summary["steps"] < 10 ** 6


def test_opencl_through_the_api_follows_the_classical_orbit():
    g = psiflux.Grid(points=[64, 64], extent=[[-8, 8], [-8, 8]])
    s = np.sqrt(0.5)
    kw = dict(potential="0.5*(x^2+y^2)", initial=psiflux.gaussian(sigma=[s, s], center=[2, 0], momentum=[0, 2]), dt=0.005)
    with psiflux.Simulation(g, backend="opencl", **kw) as sim:
        assert "opencl" in sim.backend
        snaps = list(sim.run(steps=400, every=100, fields=("density",)))
    for snap in snaps:
        assert abs(snap.mean_x[0] - 2 * np.cos(snap.time)) < 1e-4
        assert abs(snap.mean_x[1] - 2 * np.sin(snap.time)) < 1e-4
        assert abs(snap.energy - 5) < 1e-8


def test_show_returns_the_rendered_png():
    g = psiflux.Grid(points=[64, 64], extent=[[-8, 8], [-8, 8]])
    with psiflux.Simulation(g, potential="0.5*(x^2+y^2)", initial=psiflux.gaussian(sigma=[1, 1], momentum=[1, 0]),
                            dt=0.01, backend="cpu") as sim:
        snap = next(sim.run(steps=10, every=10))
    pic = psiflux.show(snap, width=320, height=240)
    assert pic.png[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", pic.png[16:24])
    assert (w, h) == (320, 240)


def test_a_coherent_states_spectrum_has_the_oscillator_levels_with_poisson_weights():
    # x0 = 2 in x^2/2 with the ground state's width: |alpha|^2 = 2, weights e^-2 2^n / n!
    g = psiflux.Grid(points=[256], extent=[[-12, 12]])
    with psiflux.Simulation(g, potential="0.5*x^2", initial=psiflux.gaussian(sigma=[2 ** -0.5], center=[2.0]),
                            dt=0.01, backend="cpu", spectrum={"every": 5, "current": "x"}) as sim:
        last = sim.evolve(steps=10000, every=1000, fields=())
        s, j = sim.spectrum(), sim.current_spectrum()
    assert "autocorrelation_re" in last.columns and "current_correlation_im" in last.columns
    assert s.samples == 2001 and abs(s.resolution - 2 * np.pi / 100) < 1e-12
    weights = [np.exp(-2) * 2 ** n / math.factorial(n) for n in range(len(s.peaks))]
    assert len(s.peaks) >= 6
    for n, (e, a) in enumerate(s.peaks):
        assert abs(e - (n + 0.5)) < 0.01 * s.resolution
        assert abs(a - weights[n]) < 1e-3
    # <J(t) J(0)>: one line at the transition energy hbar omega, weight hbar omega / 2m
    assert len(j.peaks) == 1 and abs(j.peaks[0][0] - 1) < 0.01 * j.resolution and abs(j.peaks[0][1] - 0.5) < 1e-3
    assert s.energies.shape == s.amplitudes.shape


def test_bohmian_particles_of_a_free_gaussian_follow_the_closed_form():
    # x(t) = c(t) + (x0 - c(0)) sigma(t) / sigma0 for a particle starting at x0
    s0, p0, c0 = 1.0, 1.5, -4.0
    g = psiflux.Grid(points=[512], extent=[[-30, 30]])
    start = [[-5.0], [-4.0], [-3.3], [-2.0]]
    with psiflux.Simulation(g, initial=psiflux.gaussian(sigma=[s0], center=[c0], momentum=[p0]), dt=0.01,
                            backend="cpu", trajectories={"start": start, "count": 50, "seed": 3}) as sim:
        assert sim.positions.shape == (54, 1)
        snaps = list(sim.run(steps=300, every=100, fields=()))
    for snap in snaps:
        st = s0 * np.sqrt(1 + (snap.time / (2 * s0 ** 2)) ** 2)
        exact = c0 + p0 * snap.time + (np.array(start)[:, 0] - c0) * st / s0
        assert snap.positions.shape == (54, 1)
        assert np.max(np.abs(snap.positions[:4, 0] - exact)) < 1e-4
    with pytest.raises(psiflux.Error, match="trajectories.start"):
        psiflux.Simulation(g, initial=psiflux.gaussian(sigma=[s0]), dt=0.01, backend="cpu",
                           trajectories={"start": [[1.0, 2.0]]})


def test_the_eigensolver_gives_the_oscillator_levels_and_chebyshev_is_exact_in_time():
    g = psiflux.Grid(points=[48, 48], extent=[[-8, 8], [-8, 8]])
    V = "0.5*(x^2 + 2.25*y^2)"   # omega = 1 and 1.5: levels (nx + 1/2) + 1.5 (ny + 1/2)
    with psiflux.Simulation(g, potential=V, initial=psiflux.gaussian(sigma=[1.0, 0.8], center=[0.3, 0.2]), dt=0.01,
                            backend="cpu") as sim:
        energies, states, residuals, converged = sim.eigenstates(states=5)
    assert all(converged) and np.all(residuals >= 0)
    assert np.allclose(energies, [1.25, 2.25, 2.75, 3.25, 3.75], atol=1e-8)
    assert abs(np.vdot(states[0], states[1]) * g.dV) < 1e-8
    assert abs(np.vdot(states[2], states[2]).real * g.dV - 1) < 1e-8
    # a coherent state with steps of a quarter period: <x>(t) = x0 cos t, no splitting error
    x0 = 2.0
    with psiflux.Simulation(g, potential=V, initial=psiflux.gaussian(sigma=[2 ** -0.5, 1.5 ** -0.5], center=[x0, 0]),
                            dt=np.pi / 2, backend="cpu", method="chebyshev") as sim:
        snaps = list(sim.run(steps=4, every=1, fields=()))
    for s in snaps:
        assert abs(s.mean_x[0] - x0 * np.cos(s.time)) < 1e-8
        assert abs(s.norm - 1) < 1e-10
    with pytest.raises(psiflux.Error, match="time.method"):
        psiflux.Simulation(g, potential=V, initial=psiflux.gaussian(sigma=[1, 1]), dt=0.1, method="eigen")


def test_a_noisy_gaussian_is_the_command_lines_to_the_bit(tmp_path):
    """initial.noise and initial.seed of a config are gaussian(noise=, seed=) here: the same state."""
    (tmp_path / "c.toml").write_text("""
[grid]
points = [32, 24]
extent = [[-6.0, 6.0], [-5.0, 5.0]]
[potential]
expression = "0.5*(x^2 + y^2)"
[initial]
type = "gaussian"
sigma = [1.5, 1.0]
noise = 0.05
seed = 3
[time]
dt = 0.01
steps = 0
[output]
every = 1
fields = ["psi"]
""")
    res = psiflux.run(tmp_path / "c.toml", out=tmp_path / "out", backend="cpu")
    assert res.code == 0
    g = psiflux.Grid(points=[32, 24], extent=[[-6, 6], [-5, 5]])
    with psiflux.Simulation(g, potential="0.5*(x^2 + y^2)", initial=psiflux.gaussian(sigma=[1.5, 1.0], noise=0.05, seed=3),
                            dt=0.01, backend="cpu") as sim:
        psi = sim.psi
        with psiflux.Simulation(g, potential="0.5*(x^2 + y^2)", initial=psiflux.gaussian(sigma=[1.5, 1.0]), dt=0.01,
                                backend="cpu") as plain:
            rel = np.linalg.norm(psi - plain.psi) / np.linalg.norm(plain.psi)
    assert np.array_equal(psi, res.load("psi_000000"))
    assert 0.03 < rel < 0.12  # 0.05 sqrt(2) = 0.07 relative, over the packet's few hundred points
    with pytest.raises(psiflux.Error, match="initial.noise"):
        psiflux.gaussian(sigma=[1, 1], noise=-1)
