/**
 * Noise schedules and samplers, written once over DJL NDArrays and shared by every model.
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li><b>Scales.</b> Models see variance-preserving (VP) samples {@code x_t = sqrt(alphaBar) x0 +
 *       sqrt(1 - alphaBar) eps} and predict eps ({@link dev.atelier.diffusion.Denoiser}). DDIM
 *       works in VP scale; Euler ancestral and DPM++ work in sigma space, {@code x = x0 + sigma
 *       eps}, and convert at the model call ({@code x_vp = x / sqrt(1 + sigma^2)}). Every sampler
 *       starts from N(0, 1) noise at VP scale at the noisiest training step and ends at sigma = 0,
 *       so results and previews are always clean-sample estimates at data scale.
 *   <li><b>Precision.</b> Schedule constants and per-step coefficients are doubles; the arrays and
 *       all per-step arithmetic are float32, like the models.
 *   <li><b>Memory.</b> A run works in a sub-manager of the caller's manager and each step in a
 *       sub-manager of that; the carried state is re-attached from step to step, so native memory
 *       does not grow with the step count. Only the result is attached to the caller's manager,
 *       also when a run fails or is cancelled (then nothing is).
 *   <li><b>Inpainting.</b> A {@link dev.atelier.diffusion.sampling.SamplingRun.Start} with a mask
 *       keeps part of the start sample: every sampler keeps its run's first noise draw and, after
 *       each step, hands the sample and that step's level to {@code SamplingRun.keepOutsideMask},
 *       the one place the blend is written.
 *   <li><b>Determinism.</b> All randomness comes from {@link
 *       dev.atelier.diffusion.sampling.NoiseSource}, one Java generator per variant.
 * </ul>
 */
package dev.atelier.diffusion.sampling;
