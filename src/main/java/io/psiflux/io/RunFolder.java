package io.psiflux.io;

import io.psiflux.UserError;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A run's output folder, which holds one run, whole. Opening it:
 * <ul>
 *   <li>creates the folder, or ends with one line when it cannot be (an empty path, a path under a
 *       regular file, a read-only place);</li>
 *   <li>takes the lock {@value #LOCK} (host, pid and start time, created atomically): a second run
 *       into a folder a live run is writing is refused; a lock whose process is gone (the run was
 *       killed) is stale, said so, and taken over;</li>
 *   <li>refuses a folder holding another run's files, naming the folder and the choices:
 *       {@link Mode#OVERWRITE} first removes the files psiflux writes (and only those, see
 *       {@link #isRunFile}); {@link Mode#RESUME} keeps them, for the run to continue.</li>
 * </ul>
 * Closing it removes the lock, and the folder itself when opening created it and the run wrote
 * nothing (it was refused). Temporary files of writes a killed run left half done are
 * removed on opening in every mode.
 */
public final class RunFolder implements AutoCloseable {

    /** The lock file's name. */
    public static final String LOCK = ".psiflux.lock";

    /** What to do with a folder that holds another run's files. */
    public enum Mode {
        /** Refuse it. */
        NEW,
        /** Remove that run's files first. */
        OVERWRITE,
        /** Keep them: the run continues from its newest checkpoint. */
        RESUME
    }

    /**
     * The names psiflux writes into a run folder: the summary, the table, the coordinates and
     * potential, snapshots per step in every format, spectra, imaginary-time states, checkpoints, the
     * config copy, and the temporaries of atomic writes.
     */
    private static final Pattern RUN_FILE = Pattern.compile(
            "summary\\.json|observables\\.csv|config\\.toml|[xyz]\\.npy|V\\.npy|fields\\.pvd"
                    + "|(density|current|current_transport|current_circulating|psi|V)_\\d{6,}\\.npy"
                    + "|(current_)?spectrum(_peaks)?\\.csv"
                    + "|state_\\d+\\.npy|snapshot_\\d{6,}\\.h5|fields_\\d{6,}\\.vti|checkpoint_\\d{6,}"
                    + "|\\..+\\.tmp-[0-9a-f]+");

    private final Path dir;
    private final Path lock;
    /** True when opening created the folder: closing removes it again if the run wrote nothing. */
    private final boolean created;
    private boolean closed;

    private RunFolder(Path dir, Path lock, boolean created) {
        this.dir = dir;
        this.lock = lock;
        this.created = created;
    }

    /** True for a file name psiflux writes into a run folder (see the class doc). */
    public static boolean isRunFile(String name) {
        return RUN_FILE.matcher(name).matches();
    }

    /**
     * Opens {@code out} for a run in the given mode; {@code option} names where the folder came
     * from in messages (e.g. "--out"); {@code notes} hears about a stale lock taken over.
     *
     * @throws UserError with one line when the folder cannot be used
     */
    public static RunFolder open(String out, Mode mode, String option, Consumer<String> notes) {
        if (out == null || out.isBlank()) throw new UserError(option + ": the output folder is empty; give a path");
        Path dir;
        try {
            dir = Path.of(out);
        } catch (InvalidPathException e) {
            throw new UserError(option + ": \"" + out + "\" is not a valid path (" + e.getReason() + ")");
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError(option + ": " + dir + " exists and is not a folder");
        }
        boolean created = !Files.exists(dir);
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new UserError(option + ": cannot create " + dir + ": " + e.getFile() + " is a file, not a folder");
        } catch (IOException | SecurityException e) {
            String why = e instanceof IOException io ? AtomicFiles.describe(io) : e.getMessage();
            throw new UserError(option + ": cannot create the folder " + dir + " (" + why + ")");
        }
        if (!Files.isWritable(dir)) throw new UserError(option + ": the folder " + dir + " is not writable");
        Path lock = dir.resolve(LOCK);
        takeLock(dir, lock, option, notes);
        RunFolder f = new RunFolder(dir, lock, created);
        try {
            f.removeTemporaries();
            List<String> others = f.runFiles();
            if (!others.isEmpty()) {
                switch (mode) {
                    case NEW -> throw new UserError(option + ": " + dir + " holds another run's files (" + sample(others)
                            + "); use --overwrite to replace them or --resume to continue that run");
                    case OVERWRITE -> f.removeRunFiles();
                    case RESUME -> {
                    }
                }
            }
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    /** A file of this run's folder. */
    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /** The run files in the folder now, sorted. */
    public List<String> runFiles() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                String n = p.getFileName().toString();
                if (isRunFile(n) && (Files.isRegularFile(p) || n.startsWith("checkpoint_") || n.startsWith(".checkpoint_"))) {
                    names.add(n);
                }
            }
        } catch (IOException e) {
            throw new UserError(dir + ": cannot list the folder (" + AtomicFiles.describe(e) + ")");
        }
        names.sort(null);
        return names;
    }

    private void removeRunFiles() {
        for (String n : runFiles()) delete(dir.resolve(n));
    }

    private void removeTemporaries() {
        for (String n : runFiles()) if (n.startsWith(".")) delete(dir.resolve(n));
    }

    private static void delete(Path p) {
        try {
            if (Files.isDirectory(p)) CheckpointFiles.deleteTree(p);
            else Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UserError(p + ": cannot remove (" + AtomicFiles.describe(e) + ")");
        }
    }

    private static String sample(List<String> names) {
        int shown = Math.min(3, names.size());
        String s = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? s + " and " + (names.size() - shown) + " more" : s;
    }

    // ---- the lock --------------------------------------------------------------------------------------

    /** This process as the lock records it: host, pid. */
    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void takeLock(Path dir, Path lock, String option, Consumer<String> notes) {
        String me = host() + " " + ProcessHandle.current().pid() + " " + java.time.Instant.now() + "\n";
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Files.writeString(lock, me, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                return;
            } catch (FileAlreadyExistsException e) {
                Holder h = holder(lock);
                if (h == null) continue; // removed in between: try again
                if (h.alive()) {
                    throw new UserError(option + ": " + dir + " is being written by another psiflux run (pid " + h.pid + " on "
                            + h.host + ", started " + h.started + "); wait for it, or choose another folder");
                }
                if (!h.host.equals(host())) {
                    throw new UserError(option + ": " + dir + " is locked by a psiflux run on host " + h.host + " (pid " + h.pid
                            + "), which cannot be checked from here; if that run is over, remove " + lock);
                }
                notes.accept("psiflux: " + dir + ": removing a stale lock of pid " + h.pid + " (started " + h.started
                        + "), whose process is gone: that run was interrupted");
                delete(lock);
            } catch (IOException e) {
                throw new UserError(option + ": cannot lock " + dir + " (" + AtomicFiles.describe(e) + ")");
            }
        }
        throw new UserError(option + ": cannot lock " + dir + ": another run keeps taking the lock");
    }

    /** Who holds a lock, as its file says. */
    private record Holder(String host, long pid, String started) {
        /** True when the holder runs on this host and its process is alive (false when unknown elsewhere). */
        boolean alive() {
            return host.equals(host()) ? ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) : true;
        }
    }

    /** The holder of the lock file, or null when there is none; a lock it cannot read counts as stale here. */
    private static Holder holder(Path lock) {
        String text;
        try {
            text = Files.readString(lock, StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return new Holder(host(), -1, "unknown");
        }
        String[] parts = text.split("\\s+");
        long pid = -1;
        try {
            pid = parts.length > 1 ? Long.parseLong(parts[1]) : -1;
        } catch (NumberFormatException ignored) {
            // a damaged lock: stale
        }
        return new Holder(parts.length > 0 && !parts[0].isEmpty() ? parts[0] : host(), pid, parts.length > 2 ? parts[2] : "unknown");
    }

    /**
     * Whether a run folder's lock is held by a live process (for a "running" summary: false means
     * that run was interrupted, e.g. by kill -9). Never throws.
     */
    public static boolean lockHeld(Path dir) {
        Holder h = holder(dir.resolve(LOCK));
        return h != null && h.pid > 0 && h.alive() && h.pid != ProcessHandle.current().pid();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            Files.deleteIfExists(lock);
            if (created) {
                try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                    if (!s.iterator().hasNext()) Files.deleteIfExists(dir); // a run refused before it wrote anything
                }
            }
        } catch (IOException ignored) {
            // a lock left behind is stale and says so next time
        }
    }
}
