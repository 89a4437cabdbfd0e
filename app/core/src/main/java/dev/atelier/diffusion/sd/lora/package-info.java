/**
 * LoRAs for native Stable Diffusion 1.x models: kohya-format {@code .safetensors} files ({@link
 * dev.atelier.diffusion.sd.lora.LoraFile}), merged into a loaded model's UNet and text encoder
 * weights and undone bit for bit ({@link dev.atelier.diffusion.sd.lora.LoraMerge}, used through
 * {@code SdCheckpointModel.setLoras}).
 *
 * <p>Conventions: a LoRA file is untrusted input, refused with a {@link
 * dev.atelier.diffusion.sd.lora.LoraException} that carries a reason, never a crash; keys that are
 * not applied are reported ({@link dev.atelier.diffusion.sd.lora.IgnoredKey}), never dropped
 * silently. Module names are matched against the model's own module paths, never split on '_'. Each
 * merge starts from the model's original weights, so a set of LoRAs and weights always gives the
 * same bits, whatever was merged before. Each file's SHA-256 and weight are in the {@link
 * dev.atelier.diffusion.sd.lora.LoraReport} for the provenance record.
 */
package dev.atelier.diffusion.sd.lora;
