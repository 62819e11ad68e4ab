/**
 * Pictures of snapshots: the headless renderer ({@link io.psiflux.viz.HeadlessRenderer}, PNG
 * frames for {@code psiflux render}), the live window ({@link io.psiflux.viz.Viewer},
 * {@code psiflux view}) and MP4 encoding ({@link io.psiflux.viz.Video}). The only package that
 * imports {@code org.lwjgl}; it reads {@link io.psiflux.sim.Snapshot}s and steers a running
 * simulation only through {@link io.psiflux.viz.SimulationControl}.
 *
 * <p>Layers, lowest first: {@code Colors} and {@code Font5x7} (plain Java, the conventions);
 * {@code EglContext} / the viewer's GLFW window (an OpenGL 3.3 core context, always through
 * EGL); {@code ShaderProgram}, {@code Overlay}, {@code FieldTextures} (GL resources);
 * {@code FieldPass}, {@code VolumePass}, {@code Plot1D}, {@code Hud} (what is drawn);
 * {@code SceneRenderer} (one picture of one snapshot, the only switch on rank); and the two
 * front ends, which differ only in where the pixels go.
 *
 * <p>Pictures: 1D snapshots are line plots; 2D ones domain colouring (hue = arg psi, brightness
 * = |psi| / max|psi|) with the potential as a grey tint and the current as arrows; 3D ones a
 * ray-marched |psi|^2 volume beside a domain-coloured slice. Every picture is normalised to its
 * own frame, and says so in its legend.
 */
package io.psiflux.viz;
