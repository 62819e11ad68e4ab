package io.psiflux.io;

import io.psiflux.field.ComplexField;
import io.psiflux.field.RealField;
import io.psiflux.grid.Grid;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks that {@link Hdf5Snapshot} and {@link VtkSnapshot} make on their arguments before
 * any file is opened, so that a wrong call writes nothing. Field names become HDF5 dataset names
 * and VTK array names (in XML attributes), so they are identifiers: a letter or underscore, then
 * letters, digits and underscores, which needs no escaping in either format.
 */
final class SnapshotInput {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private SnapshotInput() {
    }

    /**
     * Throws {@link IllegalArgumentException} unless every field and {@code psi} (which may be
     * null) lie on {@code grid} and every name is an identifier outside {@code reserved}.
     */
    static void check(Grid grid, Map<String, RealField> fields, ComplexField psi, Set<String> reserved) {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(fields, "fields");
        fields.forEach((name, field) -> {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("field name '" + name
                        + "' is not an identifier (a letter or _, then letters, digits or _)");
            }
            if (reserved.contains(name)) {
                throw new IllegalArgumentException("field name '" + name + "' is reserved in this format "
                        + reserved);
            }
            Objects.requireNonNull(field, name);
            if (!field.grid().equals(grid)) {
                throw new IllegalArgumentException("field '" + name + "' lies on " + field.grid()
                        + ", the snapshot's grid is " + grid);
            }
        });
        if (psi != null && !psi.grid().equals(grid)) {
            throw new IllegalArgumentException("psi lies on " + psi.grid() + ", the snapshot's grid is " + grid);
        }
    }
}
