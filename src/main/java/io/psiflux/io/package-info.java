/**
 * Files a run reads and writes: NumPy {@code .npy} arrays ({@link io.psiflux.io.Npy}), the
 * observables table ({@link io.psiflux.io.CsvWriter}) and the run summary
 * ({@link io.psiflux.io.Json}).
 *
 * <p>Conventions owned here:
 * <ul>
 *   <li>Every file is written whole or not at all ({@link io.psiflux.io.AtomicFiles}): a run that
 *       crashes or is killed leaves the previous file, or none, never a truncated one.</li>
 *   <li>{@code .npy} arrays are little-endian and C order, the layout of
 *       {@link io.psiflux.field.ComplexField} and {@link io.psiflux.field.RealField}, so
 *       {@code numpy.load} gives back the field with the grid's shape (a vector field has a leading
 *       component axis).</li>
 *   <li>Problems a user can fix (a missing or malformed input file, an output directory that
 *       cannot be written) are {@link io.psiflux.UserError}s whose one-line message starts with the
 *       file's path; wrong arguments from calling code are {@link IllegalArgumentException}s.</li>
 * </ul>
 */
package io.psiflux.io;
