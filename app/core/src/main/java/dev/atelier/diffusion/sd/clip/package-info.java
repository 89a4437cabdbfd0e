/**
 * CLIP's text side for Stable Diffusion 1.x, natively in DJL: {@link
 * dev.atelier.diffusion.sd.clip.ClipTokenizer} turns a prompt into a window of 77 token ids
 * (vocabulary from a diffusers folder, or the copy of OpenAI CLIP's that Atelier ships), and {@link
 * dev.atelier.diffusion.sd.clip.ClipTextEncoder} turns ids into the states the UNet's
 * cross-attention reads. The encoder's blocks are named after the single-file checkpoint's keys
 * under {@code cond_stage_model.transformer.text_model.}, so loading is a table lookup.
 */
package dev.atelier.diffusion.sd.clip;
