package io.psiflux.io;

import io.psiflux.UserError;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files whole or not at all: the body writes a temporary file next to the target
 * ({@code .name.tmp-<random>}, hidden, same directory so the rename stays on one file system),
 * which is then renamed over the target. Readers see the old file or the new one, never a mix,
 * and a body that throws leaves neither the target changed nor the temporary file behind.
 *
 * <p>There is no fsync: the guarantee is against the process dying (exception, kill, out of
 * memory), which is what happens to simulations; surviving power loss would cost a disk flush per
 * snapshot.
 *
 * <p>An {@link IOException} (missing directory, permission denied, disk full) becomes a
 * {@link UserError} whose message starts with the target path; other exceptions from the body are
 * rethrown as they are.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes {@code target} from a buffered stream; the body need not flush or close it. */
    public static void write(Path target, IoConsumer<OutputStream> body) {
        writeChannel(target, ch -> {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
            body.accept(out);
            out.flush();
        });
    }

    /** Writes {@code target} through a channel, for bulk {@link ByteBuffer} writes. */
    public static void writeChannel(Path target, IoConsumer<WritableByteChannel> body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = createTemp(dir, target.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                body.accept(ch);
            }
            move(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new UserError(target + ": cannot write (" + describe(e) + ")", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The original failure is the one worth reporting.
                }
            }
        }
    }

    /**
     * Writes {@code target} through a body that opens the file itself (a library that insists on
     * a path): the body writes the temporary path it is given, which is then renamed into place.
     * A runtime exception whose cause is an I/O failure (a library's wrapper) is reported as one.
     */
    public static void writePath(Path target, IoConsumer<Path> body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            tmp = createTemp(dir, target.getFileName().toString());
            body.accept(tmp);
            move(tmp, target);
            tmp = null;
        } catch (IOException e) {
            throw new UserError(target + ": cannot write (" + describe(e) + ")", e);
        } catch (RuntimeException e) {
            if (!(e instanceof UserError) && e.getCause() instanceof IOException io) {
                throw new UserError(target + ": cannot write (" + describe(io) + ")", e);
            }
            throw e;
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The original failure is the one worth reporting.
                }
            }
        }
    }

    /** Writes {@code text} as UTF-8. */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        writeChannel(target, ch -> writeFully(ch, ByteBuffer.wrap(bytes)));
    }

    /** Writes all remaining bytes of {@code buf}. */
    static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) ch.write(buf);
    }

    /** A short reason for an I/O failure, for a one-line message. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) return "no such file or directory: " + n.getFile();
        if (e instanceof AccessDeniedException a) return "permission denied: " + a.getFile();
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        // CREATE_NEW rather than Files.createTempFile, whose 0600 permissions would survive the
        // rename; a plain create honours the umask like any other output file.
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1);
            Path tmp = dir.resolve("." + name + ".tmp-" + suffix);
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
