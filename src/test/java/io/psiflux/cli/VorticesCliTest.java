package io.psiflux.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * output.fields = ["vortices"] from the command line: the stationary vortex of samples/vortex-2d
 * (psi = (x + i y) e^{-r^2/2}, an eigenstate of the oscillator with L_z = 1) is one vortex of
 * winding +1 at the origin at every output step, psi is not written unless asked for, imaginary
 * time lists the vortices of each state, and a 1D grid is refused.
 */
class VorticesCliTest {
    @TempDir
    Path dir;

    static String config(String extra) throws Exception {
        String s = Files.readString(Path.of("samples/vortex-2d.toml"));
        s = s.replace("file = \"vortex-2d.npy\"", "file = \"" + Path.of("samples/vortex-2d.npy").toAbsolutePath() + "\"");
        return s.replaceAll("fields = \\[.*\\]", "fields = [\"vortices\"]") + extra;
    }

    @Test
    void theStationaryVortexIsOneVortexAtTheOriginAtEveryOutput() throws Exception {
        Path cfg = dir.resolve("v.toml"), out = dir.resolve("out");
        Files.writeString(cfg, config(""));
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("observables.csv"));
        int col = List.of(rows.get(0).split(",")).indexOf("vortices");
        assertTrue(col >= 0, rows.get(0));
        assertEquals(6, rows.size(), "steps 0, 157, 314, 471, 628");
        for (String row : rows.subList(1, rows.size())) {
            long step = (long) Double.parseDouble(row.split(",")[0]);
            assertEquals(1.0, Double.parseDouble(row.split(",")[col]), row);
            List<String> v = Files.readAllLines(out.resolve(String.format("vortices_%06d.csv", step)));
            assertEquals("x,y,charge", v.get(0));
            assertEquals(2, v.size(), "one vortex at step " + step + ": " + v);
            String[] f = v.get(1).split(",");
            // on the grid point at the origin, or (once round-off lifts the zero) in a plaquette touching it
            assertTrue(Math.abs(Double.parseDouble(f[0])) <= 0.125 + 1e-9 && Math.abs(Double.parseDouble(f[1])) <= 0.125 + 1e-9, v.get(1));
            assertEquals("1", f[2]);
        }
        try (var s = Files.list(out)) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith("psi_")), "psi only when asked for");
        }
    }

    @Test
    void imaginaryTimeListsTheVorticesOfEachState() throws Exception {
        Path cfg = dir.resolve("i.toml"), out = dir.resolve("iout");
        String c = config("").replace("steps = 628", "steps = 3000\nimaginary = true\ntolerance = 1e-10");
        Files.writeString(cfg, c);
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", out.toString(), "--backend", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readAllLines(out.resolve("observables.csv")).get(0).contains(",vortices,"));
        // H commutes with L_z: imaginary time from the l = 1 vortex stays in that sector and ends on
        // its lowest state, the vortex itself (E = 2), on the grid point at the origin
        assertEquals(List.of("x,y,charge", "0.000000000,0.000000000,1"), Files.readAllLines(out.resolve("vortices_state_0.csv")));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"energies\": \\[ ([0-9.eE+-]+)").matcher(Files.readString(out.resolve("summary.json")));
        assertTrue(m.find());
        assertEquals(2.0, Double.parseDouble(m.group(1)), 1e-8, "the l = 1 level of the oscillator, 2 hbar omega");
    }

    @Test
    void oneDimensionIsRefusedNamingTheKey() throws Exception {
        Path cfg = dir.resolve("one.toml");
        Files.writeString(cfg, "[grid]\npoints = [64]\nextent = [[-5.0, 5.0]]\n[initial]\ntype = \"gaussian\"\nsigma = [1.0]\n"
                + "[time]\ndt = 0.01\nsteps = 10\n[output]\nfields = [\"vortices\"]\n");
        CliRunner.Result r = CliRunner.run("run", cfg.toString(), "--out", dir.resolve("o1").toString(), "--backend", "cpu");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("output.fields") && r.err().contains("2D or 3D"), r.err());
        assertFalse(Files.exists(dir.resolve("o1")), "nothing written");
    }
}
