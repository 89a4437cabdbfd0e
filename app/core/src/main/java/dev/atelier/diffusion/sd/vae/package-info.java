/**
 * The Stable Diffusion 1.x VAE (LDM's AutoencoderKL) in DJL blocks: {@link
 * dev.atelier.diffusion.sd.vae.VaeEncoder} and {@link dev.atelier.diffusion.sd.vae.VaeDecoder},
 * whose child blocks carry the single-file checkpoint's module names (under {@code
 * first_stage_model.}), so {@link dev.atelier.diffusion.sd.vae.VaeShapes} is both the key table and
 * the shape check. {@link dev.atelier.diffusion.sd.vae.Vae} is what a model calls: it speaks the
 * diffusion model's latent units (scaled by the checkpoint's factor) at both ends. {@link
 * dev.atelier.diffusion.sd.vae.LatentPreview} shows a latent without decoding it.
 */
package dev.atelier.diffusion.sd.vae;
