package io.psiflux.sweep;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start psiflux in a new JVM: the java executable, the class path (absolute, so a Slurm
 * task started elsewhere finds it) and the main class.
 *
 * @param java      the java executable
 * @param classPath the class path entries, absolute
 * @param mainClass psiflux's main class
 */
public record JavaCommand(String java, List<String> classPath, String mainClass) {

    /** This JVM's java and class path, with the given main class. */
    public static JavaCommand current(String mainClass) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cp = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!e.isEmpty()) cp.add(Path.of(e).toAbsolutePath().normalize().toString());
        }
        return new JavaCommand(java, List.copyOf(cp), mainClass);
    }

    /** The command line: java, the JVM options, -cp, the main class, then the arguments. */
    public List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(jvmOptions);
        c.add("-cp");
        c.add(String.join(File.pathSeparator, classPath));
        c.add(mainClass);
        c.addAll(args);
        return c;
    }
}
