"""The same solver as `psiflux run`, stepped from Python."""
import numbers

import jpype
import numpy as np

from . import _arrays
from ._errors import Error
from ._jvm import J, calling
from .grid import Grid

_FIELDS = ("density", "current", "current_transport", "current_circulating", "psi", "potential", "vortices")


class Gaussian:
    """An initial Gaussian packet (see :func:`gaussian`)."""

    def __init__(self, center, sigma, momentum, noise=0.0, seed=1):
        self.center, self.sigma, self.momentum = center, sigma, momentum
        self.noise, self.seed = float(noise), int(seed)
        if not self.noise >= 0 or self.noise == float("inf"):
            raise Error(f"initial.noise: must be >= 0, got {noise}")

    def _java(self, grid):
        r = grid.rank
        c = list(self.center) if self.center is not None else [0.0] * r
        m = list(self.momentum) if self.momentum is not None else [0.0] * r
        s = list(self.sigma)
        for name, v in (("center", c), ("sigma", s), ("momentum", m)):
            if len(v) != r:
                raise Error(f"initial.{name}: one value per axis ({r}), got {len(v)}")
        if any(x <= 0 for x in s):
            raise Error(f"initial.sigma: must be > 0, got {s}")
        JD = jpype.JArray(jpype.JDouble)
        return J("io.psiflux.physics.InitialState").gaussian(JD(c), JD(s), JD(m))


def gaussian(sigma, center=None, momentum=None, noise=0.0, seed=1):
    """psi0 = prod_d (2 pi sigma_d^2)^(-1/4) exp(-(x_d - c_d)^2 / 4 sigma_d^2 + i p_d x_d / hbar), normalised.

    sigma is the standard deviation of |psi|^2 per axis; momentum is p0 = hbar k0 (with a magnetic
    field, the kinetic momentum at the centre). noise > 0 multiplies psi0 by 1 + noise (a + ib),
    a and b standard normal per point drawn from seed, and normalises again (initial.noise and
    initial.seed of a config): it breaks the symmetry of a symmetric start."""
    return Gaussian(center, sigma, momentum, noise, seed)


class Snapshot:
    """One output step: scalars and the fields asked for, as numpy arrays you keep.

    step, time, norm, energy; mean_x, mean_p (one per axis); columns (every column of the
    observables.csv row, by name: lz, mu, absorbed, flux_NAME, through_NAME, ...); density
    (grid shape), current (rank, *grid), psi (complex, grid shape), potential (grid shape),
    current_transport, current_circulating, vortices (an (n, rank + 1) array: positions, charge)
    when asked for, else None; positions ((particles, rank), with ``trajectories=``) else None."""

    def __init__(self, obs, snap, with_fields, grid):
        self.step = int(obs.step())
        self.time = float(obs.time())
        self.norm = float(obs.norm())
        self.energy = float(obs.energy())
        self.mean_x = np.array(list(obs.meanX()), dtype=float)
        self.mean_p = np.array(list(obs.meanP()), dtype=float)
        self.columns = {str(n): float(v) for n, v in zip(obs.columnNames(), obs.values())}
        self.grid = grid
        get = lambda f, name: _arrays.to_numpy_real(f) if name in with_fields and f is not None else None
        self.density = get(snap.density(), "density")
        self.current = get(snap.current(), "current")
        self.current_transport = get(snap.currentTransport(), "current_transport")
        self.current_circulating = get(snap.currentCirculating(), "current_circulating")
        self.potential = get(snap.potential(), "potential")
        self.positions = None
        self.psi = _arrays.to_numpy_complex(snap.psi()) if "psi" in with_fields and snap.psi() is not None else None
        v = snap.vortices()
        if "vortices" in with_fields and v is not None:
            r = grid.rank
            pos = np.array(list(v.position()), dtype=float).reshape(-1, r)
            self.vortices = np.column_stack([pos, np.array(list(v.winding()), dtype=float)])
        else:
            self.vortices = None

    def __repr__(self):
        return f"Snapshot(step={self.step}, time={self.time:.6g}, norm={self.norm:.12f}, energy={self.energy:.10g})"


class Spectrum:
    """A windowed spectrum of a correlation function, as spectrum.csv holds it: energies and
    amplitudes (numpy arrays), peaks (a list of (energy, amplitude)), resolution 2 pi hbar / T,
    and the range [min_energy, max_energy)."""

    def __init__(self, s):
        self.energies = np.array(list(s.energies()), dtype=float)
        self.amplitudes = np.array(list(s.amplitudes()), dtype=float)
        self.peaks = [(float(p.energy()), float(p.amplitude())) for p in s.peaks()]
        self.resolution = float(s.resolution())
        self.min_energy = float(s.minEnergy())
        self.max_energy = float(s.maxEnergy())
        self.samples = int(s.samples())

    @staticmethod
    def _of(s):
        return None if s is None else Spectrum(s)

    def __repr__(self):
        return f"Spectrum({self.samples} samples, resolution {self.resolution:.4g}, peaks {self.peaks[:5]})"


def _hamiltonian(grid, potential, hbar, mass, charge, absorber, magnetic, rotation, nonlinear):
    b = J("io.psiflux.physics.Hamiltonian").builder().hbar(float(hbar)).mass(float(mass)).charge(float(charge))
    terms = potential if isinstance(potential, (list, tuple)) else ([] if potential is None else [potential])
    for t in terms:
        if isinstance(t, str):
            b = calling(lambda t=t: b.potential(t))
        else:
            field = _arrays.real_field(grid._j, t)
            b = b.potential(J("io.psiflux.physics.Potential").sampled(field))
    if absorber is not None:
        width, strength = (absorber, 1.0) if isinstance(absorber, numbers.Number) else absorber
        b = calling(lambda: b.absorber(float(width), float(strength)))
    if magnetic is not None:
        field = magnetic.get("field") if isinstance(magnetic, dict) else magnetic
        gauge = magnetic.get("gauge", "symmetric") if isinstance(magnetic, dict) else "symmetric"
        Gauge = J("io.psiflux.physics.MagneticField$Gauge")
        g = Gauge.parse(gauge)
        if g is None:
            raise Error(f'magnetic.gauge: unknown gauge "{gauge}" (known: symmetric, landau)')
        if len(field) != 3:
            raise Error(f"magnetic.field: three numbers [Bx, By, Bz], got {list(field)}")
        if grid.rank < 2:
            raise Error("magnetic.field: a magnetic field needs a 2D or 3D grid")
        b = calling(lambda: b.magnetic(jpype.JArray(jpype.JDouble)([float(v) for v in field]), g))
    if rotation is not None:
        if grid.rank < 2:
            raise Error("rotation.omega: a rotation about z needs a 2D or 3D grid")
        b = b.rotation(float(rotation))
    if nonlinear is not None:
        b = b.nonlinearity(float(nonlinear))
    return calling(b.build)


class Simulation:
    """A simulation in this process: the solver `psiflux run` uses, on the CPU or an OpenCL device.

    ``Simulation(grid, potential=V, initial=psiflux.gaussian(...), dt=0.005)`` where potential is a
    numpy array on the grid (broadcast to its shape), an expression of x, y, z, t, or a list of such
    terms, and initial a :func:`gaussian` or a complex numpy array of the grid's shape. Optional:
    backend ("auto", "cpu", "opencl"), device, precision ("double" or "single"), order (2 or 4),
    hbar, mass, charge, absorber (width or (width, strength)), flux (planes: (name, axis, position)
    or dicts with name, axis ("x", "y", "z" or 0..2), position), magnetic ({"field": [Bx, By, Bz],
    "gauge": "symmetric" or "landau"}), rotation (omega about z), nonlinear (g of g |psi|^2),
    trajectories ({"start": [[x, y], ...], "count": N drawn from |psi(0)|^2, "seed", "rho_min"}:
    Bohmian particles moved every step; :attr:`positions` and each snapshot's ``positions``),
    method ("split", or "chebyshev": exact in time for a static linear H, no absorber; see also
    :meth:`eigenstates`),
    spectrum ({"every": steps between samples of C(t), "current": "x" for <J_x(t) J_x(0)> too,
    "threshold": 0.01}; then :meth:`spectrum` and :meth:`current_spectrum`, and the snapshots'
    columns autocorrelation_re/_im, current_correlation_re/_im).
    Close it (or use ``with``) to release the device."""

    def __init__(self, grid, potential=None, initial=None, dt=None, backend="auto", device=None, precision="double",
                 order=2, hbar=1.0, mass=1.0, charge=1.0, absorber=None, flux=None, magnetic=None, rotation=None,
                 nonlinear=None, spectrum=None, trajectories=None, method="split"):
        if not isinstance(grid, Grid):
            raise Error("grid: expected a psiflux.Grid")
        if dt is None or not dt > 0:
            raise Error(f"time.dt: must be > 0, got {dt}")
        if initial is None:
            raise Error("initial: give psiflux.gaussian(...) or a complex array of the grid's shape")
        if precision not in ("double", "single"):
            raise Error(f'precision: "double" or "single", got "{precision}"')
        if method not in ("split", "chebyshev"):
            raise Error(f'time.method: "split" or "chebyshev" (for eigenstates call sim.eigenstates()), got "{method}"')
        self.grid = grid
        self.precision = precision
        self.method = method
        self._h = _hamiltonian(grid, potential, hbar, mass, charge, absorber, magnetic, rotation, nonlinear)
        self._builder_args = (initial, dt, backend, device, precision, order, flux, spectrum, trajectories)
        self._j = self._build(self._builder())

    def _initial(self, initial):
        if isinstance(initial, Gaussian):
            state = initial._java(self.grid)
            if self._h.magnetic() is not None:
                c = initial.center if initial.center is not None else [0.0] * self.grid.rank
                state = state.inGauge(self._h, jpype.JArray(jpype.JDouble)([float(v) for v in c]))
            return state.withNoise(initial.noise, initial.seed)
        field = _arrays.complex_field(self.grid._j, initial, "double")
        return J("io.psiflux.physics.InitialState").given(field, "initial")

    def _builder(self):
        initial, dt, backend, device, precision, order, flux, spectrum, trajectories = self._builder_args
        P = J("io.psiflux.field.Precision")
        b = J("io.psiflux.sim.Simulation").builder(self.grid._j, self._h)
        b = b.initial(self._initial(initial)).dt(float(dt)).order(int(order))
        b = b.precision(P.DOUBLE if precision == "double" else P.SINGLE).backend(str(backend))
        if device is not None:
            b = b.device(str(device))
        if flux:
            planes = []
            FluxPlane = J("io.psiflux.observe.FluxPlane")
            for p in flux:
                name, axis, pos = (p["name"], p["axis"], p["position"]) if isinstance(p, dict) else p
                axis = "xyz".index(axis) if isinstance(axis, str) else int(axis)
                planes.append(FluxPlane(str(name), axis, float(pos)))
            b = b.flux(J("java.util.List").of(*planes))
        if spectrum is not None:
            if not isinstance(spectrum, dict):
                raise Error('spectrum: a dict {"every": N, "current": "x", "threshold": 0.01}')
            unknown = set(spectrum) - {"every", "current", "threshold"}
            if unknown:
                raise Error(f'spectrum.{sorted(unknown)[0]}: unknown key (known: every, current, threshold)')
            cur = spectrum.get("current")
            axes = ["x", "y", "z"][: self.grid.rank]
            axis = -1 if cur is None else (axes.index(cur) if cur in axes else None)
            if axis is None:
                raise Error(f'spectrum.current: "{cur}" is not an axis of this {self.grid.rank}D grid')
            b = b.spectrum(calling(lambda: J("io.psiflux.sim.SpectrumOptions")(
                int(spectrum.get("every", 1)), axis, float(spectrum.get("threshold", 0.01)))))
        if self.method != "split":
            b = b.method(J("io.psiflux.sim.Method").parse(self.method))
        if trajectories is not None:
            b = b.trajectories(self._trajectory_spec(trajectories))
        b = b.notes(J("java.util.function.Consumer") @ (lambda s: print(s if str(s).startswith("psiflux:") else "psiflux: " + str(s))))
        return b

    def _trajectory_spec(self, t):
        if not isinstance(t, dict):
            raise Error('trajectories: a dict {"start": [[x, y], ...], "count": N, "seed": 1, "rho_min": 1e-8}')
        unknown = set(t) - {"start", "count", "seed", "rho_min"}
        if unknown:
            raise Error(f"trajectories.{sorted(unknown)[0]}: unknown key (known: start, count, seed, rho_min)")
        start = np.asarray(t.get("start", np.zeros((0, self.grid.rank))), dtype=float)
        if start.ndim != 2 or start.shape[1] != self.grid.rank:
            raise Error(f"trajectories.start: expected points of {self.grid.rank} coordinates, got shape {start.shape}")
        count = int(t.get("count", 0))
        if count < 0 or len(start) + count == 0:
            raise Error("trajectories: no particles; give start = [[...], ...] or count = N (drawn from |psi(0)|^2)")
        pts = jpype.JArray(jpype.JDouble, 2)([jpype.JArray(jpype.JDouble)(list(map(float, p))) for p in start])
        spec = J("io.psiflux.observe.TrajectorySpec")
        return calling(lambda: spec(pts, count, int(t.get("seed", 1)), 0, float(t.get("rho_min", 1e-8))))

    @property
    def positions(self):
        """The Bohmian particles' positions now, (particles, rank), or None without ``trajectories=``."""
        t = self._j.trajectories()
        if t is None:
            return None
        return np.array(list(t.positions()), dtype=float).reshape(-1, self.grid.rank)

    @staticmethod
    def _build(b):
        return calling(b.build)

    # ---- stepping ----------------------------------------------------------------------------

    @property
    def step(self):
        return int(self._j.step())

    @property
    def time(self):
        return float(self._j.time())

    @property
    def dt(self):
        return float(self._j.dt())

    def advance(self, steps):
        """Takes ``steps`` steps (in chunks, so Ctrl-C stops after a whole chunk)."""
        end = self.step + int(steps)
        chunk = int(J("io.psiflux.sim.Simulation").CHUNK)
        while self.step < end:
            n = min(end - self.step, chunk - self.step % chunk)
            calling(lambda: self._j.advance(n))

    def run(self, steps, every=None, fields=("density", "current", "psi")):
        """A generator of :class:`Snapshot`: now (when it is an output step), every ``every``
        steps counted from t = 0, and the last step. Steps are taken in the chunks `psiflux run`
        takes (multiples of 32 and output steps), so the results are bit for bit the command
        line's. Ctrl-C stops after the chunk in flight; the simulation stays usable."""
        steps = int(steps)
        every = int(every) if every is not None else max(1, steps // 10)
        if every < 1:
            raise Error(f"output.every: must be >= 1, got {every}")
        bad = [f for f in fields if f not in _FIELDS]
        if bad:
            raise Error(f'output.fields: unknown field "{bad[0]}" (known: {", ".join(_FIELDS)})')
        kinds = J("java.util.EnumSet").noneOf(J("io.psiflux.observe.FieldKind"))
        for f in fields:
            kinds.add(J("io.psiflux.observe.FieldKind").parse(f))
        chunk = int(J("io.psiflux.sim.Simulation").CHUNK)
        end = self.step + steps
        if self.step % every == 0:
            yield self._snapshot(kinds, fields)
        while self.step < end:
            s = self.step
            n = min(end - s, chunk - s % chunk, every - s % every)
            calling(lambda: self._j.advance(n))
            if self.step % every == 0 or self.step == end:
                yield self._snapshot(kinds, fields)

    def evolve(self, steps, every=None, callback=None, fields=("density", "current")):
        """Runs :meth:`run` to its end, calling ``callback(snapshot)`` at every output step; returns the last snapshot."""
        last = None
        for snap in self.run(steps, every, fields):
            if callback is not None:
                callback(snap)
            last = snap
        return last

    def spectrum(self):
        """The spectrum of C(t) = <psi(0)|psi(t)> sampled so far (needs ``spectrum=`` at
        construction and two samples), as :class:`Spectrum`; None before that."""
        return Spectrum._of(calling(self._j.spectrum))

    def current_spectrum(self):
        """The spectrum of <J(t) J(0)> sampled so far (``spectrum={"current": "x"}``), or None."""
        return Spectrum._of(calling(self._j.currentSpectrum))

    def _snapshot(self, kinds, fields):
        def take():
            o = self._j.observe()
            s = self._j.snapshot(o, kinds)
            v = s.vortices()
            if v is not None:
                o = o.with_("vortices", float(v.total())) if self.grid.rank == 2 else o.with_("vortex_length", float(v.length()))
            snap = Snapshot(o, s, fields, self.grid)
            snap.positions = self.positions
            return snap
        return calling(take)

    def observe(self):
        """The scalars now: a Snapshot without fields."""
        kinds = J("java.util.EnumSet").noneOf(J("io.psiflux.observe.FieldKind"))
        return self._snapshot(kinds, ())

    # ---- fields --------------------------------------------------------------------------------

    @property
    def psi(self):
        """psi now, a complex numpy array of the grid's shape (a copy); assign to set it (the clock keeps going)."""
        return _arrays.to_numpy_complex(calling(self._j.psi))

    @psi.setter
    def psi(self, value):
        field = _arrays.complex_field(self.grid._j, value, self.precision)
        calling(lambda: self._j.setPsi(field))

    @property
    def density(self):
        return _arrays.to_numpy_real(calling(self._j.density))

    @property
    def current(self):
        """The gauge-invariant probability current, shape (rank, *grid)."""
        return _arrays.to_numpy_real(calling(self._j.current))

    @property
    def potential(self):
        return _arrays.to_numpy_real(calling(self._j.potential))

    @property
    def backend(self):
        b = self._j.backend()
        return f"{b.name()} ({b.device()})"

    def reset(self):
        """Back to t = 0 and the initial state."""
        calling(self._j.reset)

    def relax(self, states=1, tolerance=1e-10, max_steps=100000, every=None):
        """Imaginary time with this simulation's Hamiltonian and dt, from its initial state: the
        ``states`` lowest states. Returns (energies, states, converged): numpy energies, a list
        of complex arrays, per-state flags."""
        every = int(every) if every is not None else max(1, max_steps // 10)
        rel = calling(lambda: self._builder().relaxation(int(states), float(tolerance)))
        try:
            Output = J("io.psiflux.sim.Output")
            impl = _NullOutput()
            out = jpype.JProxy(Output, inst=impl)
            progress = J("io.psiflux.sim.Progress").NONE
            r = calling(lambda: rel.run(int(max_steps), every, out, progress))
            found = [_arrays.to_numpy_complex(f) for f in rel.states()]
            energies = np.array(list(r.energies()), dtype=float)
            conv = [bool(c) for c in r.stateConverged()] if r.stateConverged() is not None else [bool(r.converged())] * len(found)
            return energies, found, conv
        finally:
            rel.close()

    def eigenstates(self, states=1, tolerance=None, max_iterations=1000, start_steps=200):
        """The ``states`` lowest eigenstates of the grid Hamiltonian by the block eigensolver
        (LOBPCG with H applied through the FFT, started by ``start_steps`` imaginary-time steps of
        this simulation's dt from its initial state; time.method = "eigen"). A state is converged
        when ||H psi - E psi|| <= tolerance x the width of H's spectrum (default 1e-10 in double,
        1e-5 in single). Returns (energies, states, residuals, converged)."""
        settings = calling(lambda: J("io.psiflux.sim.Eigenstates$Settings")(
            int(states), float("nan") if tolerance is None else float(tolerance), int(max_iterations)))
        b = self._builder()
        if self.method != "split":
            b = b.method(J("io.psiflux.sim.Method").SPLIT)
        eig = calling(lambda: b.eigenstates(settings, int(start_steps)))
        try:
            found = calling(lambda: eig.solve(J("io.psiflux.sim.Progress").NONE))
            energies = np.array([float(st.energy()) for st in found])
            residuals = np.array([float(st.residual()) for st in found])
            conv = [bool(st.converged()) for st in found]
            vecs = [_arrays.to_numpy_complex(eig.state(k)) for k in range(len(found))]
            return energies, vecs, residuals, conv
        finally:
            eig.close()

    def close(self):
        if self._j is not None:
            self._j.close()
            self._j = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class _NullOutput:
    def write(self, o, s):
        pass

    def state(self, k, psi):
        pass

    def finish(self, r):
        pass

    def close(self):
        pass
