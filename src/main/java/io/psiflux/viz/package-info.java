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
 * <p>Pictures: 1D snapshots are plots on a shared energy axis (V and E; |psi|^2 on its own axis,
 * j in a box below); 2D ones are coloured by {@link io.psiflux.viz.View.ColorMode} (domain
 * colouring: hue = arg psi, brightness = |psi|; or |psi|^2, log |psi|^2 or |j| through viridis or
 * inferno) with V as contour lines and the current as evenly spaced streamlines
 * ({@code Streamlines}) or arrows; 3D ones a ray-marched |psi|^2 volume beside a slice drawn like
 * a 2D field. Colour scales are fixed at the first frame unless the view asks for one per frame,
 * and a colour bar gives their numbers. Sizes scale with the picture ({@code Hud.unit}).
 */
package io.psiflux.viz;
