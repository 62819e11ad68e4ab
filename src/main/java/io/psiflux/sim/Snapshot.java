package io.psiflux.sim;

import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;

/**
 * What a simulation shows the outside world at one moment: host copies, never the live device
 * state. Viewers, renderers and writers read snapshots; none reaches into the propagator.
 *
 * @param step               step count since t = 0
 * @param time               simulated time
 * @param grid               the grid every field lives on
 * @param psi                the wavefunction (interleaved complex, C order)
 * @param density            |psi|^2, a scalar field
 * @param current            j = (hbar/m) Im(psi* grad psi), a vector field of grid.rank() components
 * @param potential          the real potential V at this time, a scalar field
 * @param norm               sum |psi|^2 dV
 * @param energy             <H> / norm
 * @param currentTransport   the curl-free part of j (a vector field), or null
 * @param currentCirculating the divergence-free part of j (a vector field), or null
 * @param vortices           the vortices found in psi, or null
 * @param paths              the Bohmian trajectories recorded up to this step, or null
 */
public record Snapshot(long step, double time, Grid grid, ComplexField psi, RealField density,
                       RealField current, RealField potential, double norm, double energy,
                       RealField currentTransport, RealField currentCirculating, io.psiflux.observe.Vortices vortices,
                       io.psiflux.observe.Paths paths) {

    /** A snapshot without trajectories. */
    public Snapshot(long step, double time, Grid grid, ComplexField psi, RealField density, RealField current,
                    RealField potential, double norm, double energy, RealField currentTransport, RealField currentCirculating,
                    io.psiflux.observe.Vortices vortices) {
        this(step, time, grid, psi, density, current, potential, norm, energy, currentTransport, currentCirculating, vortices, null);
    }

    /** This snapshot with the given trajectories. */
    public Snapshot withPaths(io.psiflux.observe.Paths p) {
        return new Snapshot(step, time, grid, psi, density, current, potential, norm, energy, currentTransport, currentCirculating,
                vortices, p);
    }

    /** A snapshot without vortices. */
    public Snapshot(long step, double time, Grid grid, ComplexField psi, RealField density, RealField current,
                    RealField potential, double norm, double energy, RealField currentTransport, RealField currentCirculating) {
        this(step, time, grid, psi, density, current, potential, norm, energy, currentTransport, currentCirculating, null);
    }

    /** A snapshot without the Helmholtz parts of the current. */
    public Snapshot(long step, double time, Grid grid, ComplexField psi, RealField density, RealField current,
                    RealField potential, double norm, double energy) {
        this(step, time, grid, psi, density, current, potential, norm, energy, null, null);
    }
}
