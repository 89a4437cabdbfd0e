/**
 * Stable Diffusion checkpoints as artists have them: the single-file LDM layout and the diffusers
 * folder layout, told apart and described ({@link
 * dev.atelier.diffusion.sd.checkpoint.Checkpoints#inspect}) and opened ({@link
 * dev.atelier.diffusion.sd.checkpoint.Checkpoints#open}) with every tensor under its single-file
 * LDM name. The family (SD 1.x; SD 2.x and SDXL recognised and refused as not supported yet) and
 * the geometry come from keys and shapes, never from reading weights.
 */
package dev.atelier.diffusion.sd.checkpoint;
