package io.psiflux.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vortices are found where they were put: psi = prod (z - z_k) (or its conjugate factor for a
 * negative winding) times a Gaussian has a winding +-1 in the plaquette holding each z_k and none
 * elsewhere; a vortex line along an axis pierces one plaquette per layer; the phase of psi where
 * it is almost zero is not read as vortices.
 */
class VorticesTest {

    /**
     * Vortices at (x, y, w) with core size xi, as in a condensate: psi = e^{-r^2 / 2 s^2} prod
     * tanh(r_k / xi) e^{i w theta_k}, r_k and theta_k the polar coordinates about vortex k.
     */
    static ComplexField vortices2d(Grid g, double s, double xi, double[][] at) {
        ComplexField f = new ComplexField(g, Precision.DOUBLE);
        for (int q = 0; q < g.points(); q++) {
            double x = g.axis(0).x(g.index(q, 0)), y = g.axis(1).x(g.index(q, 1));
            double re = Math.exp(-(x * x + y * y) / (2 * s * s)), im = 0;
            for (double[] v : at) {
                double rk = Math.hypot(x - v[0], y - v[1]);
                double ar = (x - v[0]) / rk * Math.tanh(rk / xi), ai = v[2] * (y - v[1]) / rk * Math.tanh(rk / xi);
                double nr = re * ar - im * ai, ni = re * ai + im * ar;
                re = nr;
                im = ni;
            }
            f.set(q, re, im);
        }
        return f;
    }

    /** The centre of the plaquette holding x on axis a. */
    static double cell(Axis a, double x) {
        int i = (int) Math.floor((x - a.min()) / a.dx());
        return a.x(i) + a.dx() / 2;
    }

    @Test
    void eachVortexIsFoundInItsPlaquetteWithItsSign() {
        Grid g = Grid.of(new Axis(64, -8, 8), new Axis(48, -6, 6));
        double[][] at = {{1.13, -0.71, 1}, {-2.07, 1.42, 1}, {0.58, 2.31, -1}, {-1.3, -1.9, -1}};
        Vortices v = Vortices.find(vortices2d(g, 3, 0.3, at));
        assertEquals(at.length, v.count(), "one plaquette per vortex");
        assertEquals(4, v.total());
        assertEquals(0, v.net());
        for (double[] p : at) {
            double cx = cell(g.axis(0), p[0]), cy = cell(g.axis(1), p[1]);
            boolean seen = false;
            for (int i = 0; i < v.count(); i++) {
                if (Math.abs(v.position()[2 * i] - cx) < 1e-9 && Math.abs(v.position()[2 * i + 1] - cy) < 1e-9) {
                    assertEquals((int) p[2], v.winding()[i], "winding of the vortex at " + p[0] + ", " + p[1]);
                    seen = true;
                }
            }
            assertTrue(seen, "vortex at " + p[0] + ", " + p[1] + " not found");
        }
    }

    /**
     * A doubly quantised vortex: four phase differences, each at most pi, cannot wind 4 pi around
     * one plaquette unless each is exactly pi, so it shows as two plaquettes of winding 1 side by
     * side; the count of vortices is still 2.
     */
    @Test
    void aDoublyQuantisedVortexCountsTwice() {
        Grid g = Grid.of(new Axis(40, -5, 5), new Axis(40, -5, 5));
        Vortices v = Vortices.find(vortices2d(g, 2, 0.5, new double[][] {{0.1, 0.2, 1}, {0.1, 0.2, 1}}));
        assertEquals(2, v.total());
        assertEquals(2, v.net());
        for (int i = 0; i < v.count(); i++) {
            assertEquals(0.1, v.position()[2 * i], 0.3);
            assertEquals(0.2, v.position()[2 * i + 1], 0.3);
        }
    }

    @Test
    void phaseNoiseWherePsiIsAlmostZeroIsNotAVortex() {
        Grid g = Grid.of(new Axis(64, -10, 10), new Axis(64, -10, 10));
        ComplexField f = vortices2d(g, 1.5, 0.4, new double[][] {{0.31, -0.27, 1}});
        Random rnd = new Random(3);
        for (int q = 0; q < g.points(); q++) {
            // noise of density 1e-6 of the peak everywhere: its phase winds at random where the packet is gone
            f.set(q, f.re(q) + 1e-3 * rnd.nextGaussian(), f.im(q) + 1e-3 * rnd.nextGaussian());
        }
        Vortices v = Vortices.find(f);
        assertEquals(1, v.total(), "only the real vortex");
    }

    @Test
    void aVortexLineAlongEachAxisPiercesOnePlaquettePerLayer() {
        Grid g = Grid.of(new Axis(24, -6, 6), new Axis(22, -6, 6), new Axis(20, -6, 6));
        for (int a = 0; a < 3; a++) {
            int b = (a + 1) % 3, c = (a + 2) % 3;
            ComplexField f = new ComplexField(g, Precision.DOUBLE);
            double ob = 0.23, oc = -0.17;
            for (int q = 0; q < g.points(); q++) {
                double xb = g.axis(b).x(g.index(q, b)) - ob, xc = g.axis(c).x(g.index(q, c)) - oc;
                double rr = Math.hypot(xb, xc), env = Math.exp(-rr * rr / 2) * Math.tanh(rr / 0.5) / rr;
                f.set(q, env * xb, env * xc); // e^{i theta} about axis a: counterclockwise seen from +a
            }
            Vortices v = Vortices.find(f);
            assertEquals(g.n(a), v.count(), "axis " + a);
            for (int i = 0; i < v.count(); i++) {
                assertEquals(a, v.normal()[i]);
                assertEquals(1, v.winding()[i]);
                assertEquals(cell(g.axis(b), ob), v.position()[3 * i + b], 1e-9);
                assertEquals(cell(g.axis(c), oc), v.position()[3 * i + c], 1e-9);
            }
            assertEquals(g.axis(a).length(), v.length(), 1e-9, "a straight line spans the box");
        }
    }

    /** (x + i y) e^{-r^2}: psi is exactly zero on the grid point at the origin; one vortex, there. */
    @Test
    void aVortexOnAGridPointIsFoundOnceThere() {
        Grid g = Grid.of(new Axis(32, -4, 4), new Axis(32, -4, 4));
        for (int sign : new int[] {1, -1}) {
            ComplexField f = new ComplexField(g, Precision.DOUBLE);
            for (int q = 0; q < g.points(); q++) {
                double x = g.axis(0).x(g.index(q, 0)), y = g.axis(1).x(g.index(q, 1)), env = Math.exp(-(x * x + y * y) / 2);
                f.set(q, env * x, sign * env * y);
            }
            Vortices v = Vortices.find(f);
            assertEquals(1, v.count(), "sign " + sign);
            assertEquals(sign, v.winding()[0]);
            assertEquals(0, v.position()[0], 1e-12);
            assertEquals(0, v.position()[1], 1e-12);
        }
    }

    @Test
    void oneDimensionIsRefused() {
        Grid g = Grid.of(new Axis(16, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Vortices.find(new ComplexField(g, Precision.DOUBLE)));
    }

    @Test
    void theCsvHasOneRowPerPlaquette(@TempDir Path dir) throws Exception {
        Grid g = Grid.of(new Axis(32, -4, 4), new Axis(32, -4, 4));
        Vortices v = Vortices.find(vortices2d(g, 1.5, 0.3, new double[][] {{0.4, 0.3, 1}, {-1.1, 0.9, -1}}));
        Path f = dir.resolve("vortices_000000.csv");
        v.writeCsv(f);
        List<String> lines = Files.readAllLines(f);
        assertEquals("x,y,charge", lines.get(0));
        assertEquals(3, lines.size());
        int net = 0;
        for (String l : lines.subList(1, 3)) net += Integer.parseInt(l.split(",")[2]);
        assertEquals(0, net);
    }
}
