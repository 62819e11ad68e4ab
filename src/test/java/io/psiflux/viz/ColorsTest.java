package io.psiflux.viz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The colour conventions, without a GPU. */
class ColorsTest {

    @Test
    void phaseZeroIsRedAndTheHueTurnsWithThePhase() {
        assertEquals(0xff0000, Colors.domainColor(1, 0, 1));
        assertEquals(0.25, Colors.hue(0, 1), 1e-12);
        assertEquals(0.5, Colors.hue(-1, 0), 1e-12);
        assertEquals(0.75, Colors.hue(0, -1), 1e-12);
        assertEquals(0x00ffff, Colors.domainColor(-1, 0, 1)); // phase pi: cyan
        for (int k = 0; k < 360; k++) {
            double phase = Math.toRadians(k);
            int c = Colors.domainColor(Math.cos(phase), Math.sin(phase), 1);
            assertEquals(k / 360.0, Colors.hueOf(c), 0.004, "hue at phase " + k + " degrees");
        }
    }

    @Test
    void brightnessIsModulusOverMaximumAndZeroIsBlack() {
        assertEquals(0x000000, Colors.domainColor(0, 0, 1));
        assertEquals(0x000000, Colors.domainColor(1, 1, 0), "an all-zero frame is black");
        assertEquals(0x800000, Colors.domainColor(0.5, 0, 1), "|psi| = max/2 has value 1/2");
        assertEquals(1.0, Colors.value(Colors.domainColor(3, 4, 25)), 1e-12);
        assertEquals(1.0, Colors.value(Colors.domainColor(30, 40, 25)), 1e-12, "clamped above the maximum");
    }

    @Test
    void potentialTintIsFaintGrey() {
        assertEquals(0x4d4d4d, Colors.tint(0x000000, 1));
        assertEquals(0x000000, Colors.tint(0x000000, 0));
        assertEquals(0xffffff, Colors.tint(0xffffff, 1));
        assertEquals(Colors.tint(0x000000, 1), Colors.tint(0x000000, 7), "clamped to 1");
    }

    @Test
    void hsvRoundTrips() {
        for (int i = 0; i < 1000; i++) {
            double h = i / 1000.0;
            assertEquals(h, Colors.hueOf(Colors.hsv(h, 1, 1)), 0.003);
        }
        assertTrue(Double.isNaN(Colors.hueOf(0x808080)));
    }

    @Test
    void fontCoversPrintableAscii() {
        assertEquals('?', Font5x7.glyph('\u00e9'));
        for (char c = '!'; c <= '~'; c++) {
            boolean any = false;
            for (int col = 0; col < 5; col++) for (int row = 0; row < 7; row++) any |= Font5x7.pixel(c, col, row);
            assertTrue(any, "glyph for '" + c + "' is empty");
        }
        byte[] atlas = Font5x7.atlas();
        assertEquals(Font5x7.ATLAS_W * Font5x7.ATLAS_H, atlas.length);
    }

    @Test
    void numbersAreShort() {
        assertEquals("0", Hud.num(0));
        assertEquals("0.5", Hud.num(0.5));
        assertEquals("-10", Hud.num(-10));
        assertEquals("3.142", Hud.num(Math.PI));
        assertEquals("1.00e-05", Hud.num(1e-5));
    }
}
