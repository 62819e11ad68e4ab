package io.psiflux.physics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.psiflux.UserError;
import io.psiflux.field.Precision;
import io.psiflux.field.RealField;
import io.psiflux.grid.Axis;
import io.psiflux.grid.Grid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PotentialTest {
    private static final String KEY = "potential.expression";

    @ParameterizedTest
    @ValueSource(strings = {"t", "x*t", "sin(t)*x^2", "-cos(2*pi*t)*x", "2t*x", "x^2*sin(3t)", "xt", "y t"})
    void expressionsUsingTimeAreTimeDependent(String text) {
        Potential p = Potential.expression(text, KEY);
        assertTrue(p.timeDependent(), text + " uses t, so it must be sampled every step");
        assertEquals(text, p.toString());
        assertTrue(p.tree() != null && p.tree().usesTime(), text + " has a tree that reads t");
    }

    @ParameterizedTest
    @ValueSource(strings = {"x^2", "0.5*(x^2 + y^2)", "tan(x)", "sqrt(x^2 + 1)", "step(x)", "exp(-z^2)", "pi*e", "0"})
    void expressionsWithoutTimeAreStatic(String text) {
        assertFalse(Potential.expression(text, KEY).timeDependent(), text);
    }

    @Test
    void aTimeDependentPotentialIsSampledAtTheGivenTime() {
        Grid g = Grid.of(new Axis(5, -1, 1.5));
        Potential p = Potential.expression("x*t + 1", KEY);
        RealField v = RealField.scalar(g, Precision.DOUBLE);
        for (double t : new double[] {0, 0.5, 2}) {
            p.sample(t, v);
            for (int i = 0; i < 5; i++) assertEquals(g.axis(0).x(i) * t + 1, v.get(i), 1e-15, "V(x_" + i + ", " + t + ")");
        }
    }

    @Test
    void samplingFollowsTheGridOrderInEveryRank() {
        Grid g3 = Grid.of(new Axis(3, 0, 3), new Axis(4, -2, 2), new Axis(2, 10, 12));
        RealField v = RealField.scalar(g3, Precision.DOUBLE);
        Potential.expression("x + 10*y + 100*z", KEY).sample(0, v);
        for (int p = 0; p < g3.points(); p++) {
            double want = g3.axis(0).x(g3.index(p, 0)) + 10 * g3.axis(1).x(g3.index(p, 1)) + 100 * g3.axis(2).x(g3.index(p, 2));
            assertEquals(want, v.get(p), 1e-12, "flat point " + p);
        }
        Grid g1 = Grid.of(new Axis(4, 0, 4));
        RealField v1 = RealField.scalar(g1, Precision.SINGLE);
        Potential.expression("x + 10*y + 100*z", KEY).sample(0, v1);
        for (int i = 0; i < 4; i++) assertEquals(i, v1.get(i), 0.0, "y and z are 0 on a 1D grid");
    }

    @Test
    void aNonFiniteValueIsAUserErrorNamingKeyPointAndTime() {
        Grid g = Grid.of(new Axis(4, -1, 1));
        RealField v = RealField.scalar(g, Precision.DOUBLE);
        UserError e = assertThrows(UserError.class, () -> Potential.expression("1/x", KEY).sample(0.25, v));
        assertTrue(e.getMessage().startsWith(KEY + ": \"1/x\" is not finite"), e.getMessage());
        assertTrue(e.getMessage().contains("x = 0.0") && e.getMessage().contains("t = 0.25"), e.getMessage());
    }

    @Test
    void zeroAndSampledPotentials() {
        Grid g = Grid.of(new Axis(3, 0, 1), new Axis(2, 0, 1));
        RealField v = RealField.scalar(g, Precision.DOUBLE);
        for (int i = 0; i < v.length(); i++) v.set(i, 7);
        Potential.zero().sample(1, v);
        for (int i = 0; i < v.length(); i++) assertEquals(0.0, v.get(i), 0.0);
        assertFalse(Potential.zero().timeDependent());
        assertEquals(0.0, Potential.zero().tree().eval(new double[] {1, 2, 3, 4}), 0.0);

        RealField values = RealField.scalar(g, Precision.DOUBLE);
        for (int i = 0; i < values.length(); i++) values.set(i, i * 0.5 - 1);
        Potential s = Potential.sampled(values);
        assertFalse(s.timeDependent());
        s.sample(3, v);
        for (int i = 0; i < v.length(); i++) assertEquals(i * 0.5 - 1, v.get(i), 0.0);
    }
}
