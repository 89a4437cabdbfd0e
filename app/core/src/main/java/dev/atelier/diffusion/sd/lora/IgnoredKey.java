package dev.atelier.diffusion.sd.lora;

/**
 * A key of a LoRA file that is not applied, and why: not a kohya LoRA tensor, a kind of adapter
 * Atelier does not merge, or a module the loaded model does not have.
 *
 * @param key the file's key (a tensor name, or a module name for a whole module)
 * @param reason why, in plain words
 */
public record IgnoredKey(String key, String reason) {}
