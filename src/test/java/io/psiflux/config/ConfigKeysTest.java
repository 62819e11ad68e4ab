package io.psiflux.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.psiflux.field.ComplexField;
import io.psiflux.field.Precision;
import io.psiflux.grid.Grid;
import io.psiflux.observe.FieldKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A default lives in one place: each key's documented text says its typed value, and a config
 * that leaves the keys out gets exactly those values from the loader.
 */
class ConfigKeysTest {

    @Test
    void everyDefaultsTextSaysItsValue() {
        for (ConfigKeys.Key k : ConfigKeys.ALL) {
            Object v = k.value();
            if (v == null) continue;
            String text = k.defaultValue();
            if (v instanceof Number n) {
                double want = text.equals("zeros") ? 0.0 : Double.parseDouble(text);
                assertEquals(want, n.doubleValue(), 0.0, k.name() + ": \"" + text + "\" vs " + v);
            } else if (v instanceof Boolean b) {
                assertEquals(Boolean.parseBoolean(text), b, k.name());
            } else if (v instanceof List<?> l) {
                List<String> quoted = new ArrayList<>();
                for (Object o : l) quoted.add("\"" + o + "\"");
                assertEquals("[" + String.join(", ", quoted) + "]", text, k.name());
            }
        }
    }

    @Test
    void theLoaderAppliesTheKeysDefaults(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("minimal.toml");
        Files.writeString(f, """
                [grid]
                points = [64, 32]
                extent = [[-8.0, 8.0], [-8.0, 8.0]]
                [initial]
                type = "gaussian"
                sigma = [1.0, 1.0]
                [time]
                dt = 0.01
                steps = 123
                [absorber]
                width = 2.0
                """);
        RunConfig c = ConfigLoader.load(f);
        assertEquals(ConfigKeys.HBAR.number(), c.hamiltonian().hbar(), 0.0, "particle.hbar");
        assertEquals(ConfigKeys.MASS.number(), c.hamiltonian().mass(), 0.0, "particle.mass");
        assertEquals(ConfigKeys.ORDER.integer(), c.options().order(), "time.order");
        assertEquals(ConfigKeys.IMAGINARY.bool(), c.options().imaginary(), "time.imaginary");
        assertEquals(ConfigKeys.TOLERANCE.number(), c.options().tolerance(), 0.0, "time.tolerance");
        assertEquals(ConfigKeys.STATES.integer(), c.options().states(), "time.states");
        assertEquals(ConfigKeys.ABSORBER_STRENGTH.number(), c.hamiltonian().absorber().strength(), 0.0, "absorber.strength");
        assertEquals(Math.max(1, 123 / ConfigKeys.OUTPUTS), c.every(), "output.every");
        List<String> fields = new ArrayList<>();
        for (FieldKind k : c.fields()) fields.add(k.key());
        assertEquals(ConfigKeys.FIELDS.value(), fields, "output.fields");
        assertEquals(0, c.options().flux().size(), "no planes");
        // V = 0, and the packet centred at the initial.center default with the initial.momentum default
        Grid g = c.grid();
        assertNotNull(c.hamiltonian().potentialTree());
        assertEquals(0.0, c.hamiltonian().potentialTree().eval(new double[] {1, 2, 3, 4}), 0.0, "potential default V = 0");
        ComplexField psi = c.initial().create(g, Precision.DOUBLE, 1.0);
        double mx = 0, my = 0, im = 0;
        for (int p = 0; p < g.points(); p++) {
            mx += g.axis(0).x(g.index(p, 0)) * psi.abs2(p) * g.dV();
            my += g.axis(1).x(g.index(p, 1)) * psi.abs2(p) * g.dV();
            im = Math.max(im, Math.abs(psi.im(p)));
        }
        assertEquals(ConfigKeys.INITIAL_CENTER.number(), mx, 1e-12, "initial.center");
        assertEquals(ConfigKeys.INITIAL_CENTER.number(), my, 1e-12, "initial.center");
        assertEquals(ConfigKeys.INITIAL_MOMENTUM.number(), im, 0.0, "no momentum: a real packet");
    }
}
