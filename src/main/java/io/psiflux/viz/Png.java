package io.psiflux.viz;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** PNG files written whole or not at all: into a temporary name beside the target, then renamed. */
public final class Png {
    private Png() {
    }

    /** Writes {@code image} to {@code file} (parent directories are created). */
    public static void write(BufferedImage image, Path file) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        // A leading dot and a .tmp suffix keep half-written files out of frame_%06d.png globs.
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(image, "png", tmp.toFile())) throw new IOException("no PNG writer in this Java runtime");
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
