/**
 * The built-in model's judge: decides from the pixels alone whether a picture shows one of the
 * procedural styles, and rejects what does not (noise, blobs, blank canvases, blur).
 *
 * <p>It is independent of every generator: hand-built {@link
 * dev.atelier.diffusion.tiny.judge.Feature}s (variogram ratios, edges found on colour with
 * thresholds that follow the picture's own grain, horizon, skyline, straight runs, circles, stars),
 * a linear classifier fitted on procedural pictures only, and per-style structure rules. {@link
 * dev.atelier.diffusion.tiny.judge.JudgeCheck} checks the judge itself on held-out and deliberately
 * bad pictures ({@link dev.atelier.diffusion.tiny.judge.BadImages}); {@link
 * dev.atelier.diffusion.tiny.judge.Diversity} measures how different the variants of a prompt are
 * against the training set.
 *
 * <p>Pictures are measured at 64×64 pixels (larger ones, whose side is a whole multiple, are
 * averaged down first). Everything is deterministic: the same pictures give the same verdicts.
 */
package dev.atelier.diffusion.tiny.judge;
