package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.grid.Grid;
import io.psiflux.io.Npy;
import io.psiflux.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run leaves and says: one folder per run, numerical failures as one line with status
 * "failed" and exit 4, the aliasing warning, the disk-space refusal, and self-describing output
 * (coordinates, V, the potential at output steps).
 */
class RunStatusTest {

    @TempDir
    Path tmp;

    private Path config(String name, String text) throws IOException {
        Path f = tmp.resolve(name + ".toml");
        Files.writeString(f, text);
        return f;
    }

    private static String oneD(String potential, String mass, String dt, String steps, String extra) {
        return "[grid]\npoints = [256]\nextent = [[-20.0, 20.0]]\n[particle]\nmass = " + mass + "\n"
                + (potential == null ? "" : "[potential]\nexpression = \"" + potential + "\"\n")
                + "[initial]\ntype = \"gaussian\"\ncenter = [0.0]\nsigma = [1.0]\nmomentum = [1.0]\n"
                + "[time]\ndt = " + dt + "\nsteps = " + steps + "\n" + extra;
    }

    @Test
    void aSecondRunIntoTheSameFolderIsRefusedUntilOverwrite() throws IOException {
        Path cfg = config("a", oneD(null, "1.0", "0.01", "20", "")), out = tmp.resolve("out");
        assertEquals(0, CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu").code());
        CliRunner.Result again = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(2, again.code());
        assertEquals(1, again.err().strip().lines().count(), again.err());
        assertTrue(again.err().contains(out.toString()) && again.err().contains("--overwrite"), again.err());
        assertEquals(0, CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu", "--overwrite").code());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"status\": \"completed\""));
    }

    @Test
    void aNumericalFailureIsOneLineStatusFailedAndExitFour() throws IOException {
        // a tiny mass: the kinetic phase per step overflows
        Path cfg = config("tiny", oneD(null, "1e-308", "0.01", "100", "[output]\nevery = 50\n")), out = tmp.resolve("tiny");
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(RunCommand.FAILED, r.code(), r.err());
        List<String> lines = r.err().strip().lines().filter(l -> l.startsWith("psiflux:")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("NaN or infinite") && lines.get(0).contains("step") && lines.get(0).contains("particle.mass"),
                lines.get(0));
        assertFalse(r.err().contains("Exception"), r.err());
        String summary = Files.readString(out.resolve("summary.json"));
        assertTrue(summary.contains("\"status\": \"failed\"") && summary.contains("\"reason\""), summary);
        // a potential that blows up at t = 0.045, on both backends
        for (String backend : new String[] {"cpu", "opencl"}) {
            Path bad = config("pole", oneD("1/(t-0.045)*x^2", "1.0", "0.01", "100", "[output]\nevery = 50\n"));
            Path o = tmp.resolve("pole-" + backend);
            CliRunner.Result p = CliRunner.run("run", bad.toString(), "--out", o.toString(), "--backend", backend);
            assertEquals(RunCommand.FAILED, p.code(), backend + ": " + p.err());
            assertTrue(Files.readString(o.resolve("summary.json")).contains("\"status\": \"failed\""));
        }
    }

    @Test
    void anAliasingPotentialIsWarnedAndAFreePacketIsNot() throws IOException {
        Path cfg = config("alias", oneD("1e6*x^2", "1.0", "10", "2", "")), out = tmp.resolve("alias");
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu");
        assertTrue(r.err().contains("warning: the potential's phase per step") && r.err().contains("time.dt <="), r.err());
        // dt k_max^2 / 2 = 4 for the free Gaussian sample: exact, and not warned
        CliRunner.Result free = CliRunner.run("run", "samples/free-gaussian-1d.toml", "--out", tmp.resolve("free").toString(),
                "--backend", "cpu");
        assertEquals(0, free.code());
        assertFalse(free.err().contains("warning"), free.err());
    }

    @Test
    void aRunThatWouldFillTheDiskIsRefusedBeforeItStarts() throws IOException {
        Path cfg = config("big", "[grid]\npoints = [256, 256]\nextent = [[-5.0, 5.0], [-5.0, 5.0]]\n[initial]\ntype = \"gaussian\"\n"
                + "sigma = [1.0, 1.0]\n[time]\ndt = 0.01\nsteps = 1000000000\n[output]\nevery = 1\nfields = [\"psi\"]\n");
        Path out = tmp.resolve("big");
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("would write about") && r.err().contains("free"), r.err());
        assertFalse(Files.exists(out.resolve("observables.csv")), "nothing computed");
    }

    @Test
    void theFolderDescribesItselfCoordinatesAndPotential() throws IOException {
        Path cfg = config("v", "[grid]\npoints = [16, 12]\nextent = [[-2.0, 2.0], [-1.0, 2.0]]\n[potential]\nexpression = \"x^2 + t*y\"\n"
                + "[initial]\ntype = \"gaussian\"\nsigma = [0.5, 0.5]\n[time]\ndt = 0.01\nsteps = 20\n[output]\nevery = 10\n"
                + "fields = [\"density\", \"potential\"]\n");
        Path out = tmp.resolve("v");
        assertEquals(0, CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu").code());
        Grid g = io.psiflux.config.ConfigLoader.load(cfg).grid();
        String[] axes = {"x", "y"};
        for (int d = 0; d < 2; d++) {
            NpyArray a = Npy.read(out.resolve(axes[d] + ".npy"));
            double[] want = new double[g.n(d)];
            for (int i = 0; i < want.length; i++) want[i] = g.axis(d).x(i);
            assertArrayEquals(want, a.data(), 0.0, axes[d] + ".npy holds the axis coordinates");
        }
        assertFalse(Files.exists(out.resolve("z.npy")), "only the active axes");
        for (long step : new long[] {0, 10, 20}) {
            NpyArray v = Npy.read(out.resolve(step == 0 ? "V.npy" : String.format("V_%06d.npy", step)));
            double t = step * 0.01;
            for (int p = 0; p < g.points(); p++) {
                double x = g.axis(0).x(g.index(p, 0)), y = g.axis(1).x(g.index(p, 1));
                assertEquals(x * x + t * y, v.data()[p], 1e-12, "V at step " + step);
            }
        }
    }
}
