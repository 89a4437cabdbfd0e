package dev.atelier.diffusion.sd;

import dev.atelier.diffusion.sampling.NoiseSchedule;
import dev.atelier.diffusion.sd.checkpoint.CheckpointException;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import dev.atelier.diffusion.sd.checkpoint.ScheduleHints;
import dev.atelier.diffusion.sd.checkpoint.TextEncoderSpec;
import dev.atelier.diffusion.sd.checkpoint.UnetShape;
import dev.atelier.diffusion.sd.checkpoint.VaeShape;
import dev.atelier.diffusion.sd.clip.ClipTextConfig;
import dev.atelier.diffusion.sd.unet.UNetConfig;
import dev.atelier.diffusion.sd.vae.VaeConfig;
import java.util.HashSet;
import java.util.Set;

/**
 * The networks a detected SD 1.x checkpoint is built from: its geometry as read from the weights,
 * completed with what the family fixes and the weights do not show (attention heads, group-norm
 * groups and epsilons, the text encoder's activation).
 *
 * @param unet the UNet
 * @param vae the VAE
 * @param text the text encoder
 * @param schedule the training noise schedule
 */
public record SdArchitecture(
    UNetConfig unet, VaeConfig vae, ClipTextConfig text, NoiseSchedule schedule) {

  /** SD 1.x's UNet: 8 attention heads in every transformer, whatever the width. */
  static final int SD1_HEADS = 8;

  /** Group-norm groups in the UNet and the VAE. */
  static final int GROUPS = 32;

  /** Width of one CLIP attention head (ViT-L/14: 768 = 12 × 64). */
  static final int CLIP_HEAD_WIDTH = 64;

  /**
   * The architecture of {@code d}, which {@link
   * dev.atelier.diffusion.sd.checkpoint.Checkpoints#open} has accepted as SD 1.x.
   *
   * @throws dev.atelier.diffusion.ModelIntegrityException when the geometry cannot be built (a
   *     width that does not split into heads or groups, a non-epsilon model)
   */
  public static SdArchitecture of(DetectedCheckpoint d) {
    try {
      return new SdArchitecture(
          unet(d.unet()),
          vae(d.vae().orElseThrow(), (float) d.vaeScalingFactor()),
          text(d.textEncoders().getFirst()),
          schedule(d));
    } catch (IllegalArgumentException e) {
      throw CheckpointException.of(
          CheckpointException.Reason.UNSUPPORTED, d.path(), d.description(), e.getMessage() + ".");
    }
  }

  static UNetConfig unet(UnetShape s) {
    Set<Integer> attention = new HashSet<>();
    int depth = 0;
    for (int level = 0; level < s.transformerDepth().size(); level++) {
      int t = s.transformerDepth().get(level);
      if (t > 0) {
        attention.add(level);
        if (depth != 0 && depth != t) {
          throw new IllegalArgumentException("transformer depths differ between levels");
        }
        depth = t;
      }
    }
    return new UNetConfig(
        s.inChannels(),
        s.outChannels(),
        s.modelChannels(),
        s.channelMult(),
        s.resBlocksPerLevel(),
        attention,
        SD1_HEADS,
        Math.max(depth, 1),
        s.contextDim(),
        GROUPS);
  }

  static VaeConfig vae(VaeShape s, float scalingFactor) {
    return new VaeConfig(
        s.latentChannels(), s.baseChannels(), s.channelMult(), 2, GROUPS, 1e-6f, scalingFactor);
  }

  static ClipTextConfig text(TextEncoderSpec t) {
    if (t.kind() != TextEncoderSpec.Kind.CLIP) {
      throw new IllegalArgumentException("the text encoder is not OpenAI CLIP");
    }
    if (t.width() % CLIP_HEAD_WIDTH != 0) {
      throw new IllegalArgumentException(
          "a text width of " + t.width() + " does not split into 64-wide heads");
    }
    return new ClipTextConfig(
        t.vocabSize(),
        t.width(),
        t.layers(),
        t.width() / CLIP_HEAD_WIDTH,
        t.maxPositions(),
        4 * t.width(),
        ClipTextConfig.Activation.QUICK_GELU,
        1e-5f);
  }

  static NoiseSchedule schedule(DetectedCheckpoint d) {
    ScheduleHints h = d.scheduleOrDefault();
    if (!"epsilon".equals(h.predictionType())) {
      throw new IllegalArgumentException(
          "it predicts " + h.predictionType() + "; Atelier runs noise-predicting (epsilon) models");
    }
    return switch (h.betaSchedule()) {
      case "scaled_linear" ->
          NoiseSchedule.scaledLinear(h.trainSteps(), h.betaStart(), h.betaEnd());
      case "linear" -> NoiseSchedule.linear(h.trainSteps(), h.betaStart(), h.betaEnd());
      case "squaredcos_cap_v2" -> NoiseSchedule.cosine(h.trainSteps());
      default -> throw new IllegalArgumentException("unknown schedule " + h.betaSchedule());
    };
  }
}
