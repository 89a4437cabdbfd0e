package dev.atelier.diffusion.sd.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The noise schedule a model was trained with, as a diffusers {@code scheduler_config.json} states
 * it; single files carry none, and their family's defaults apply ({@link #sd1}).
 *
 * @param betaStart first β (0.00085)
 * @param betaEnd last β (0.012)
 * @param betaSchedule {@code scaled_linear}, {@code linear} or {@code squaredcos_cap_v2}
 * @param trainSteps schedule length (1000)
 * @param predictionType what the UNet predicts: {@code epsilon}, {@code v_prediction} or {@code
 *     sample}
 */
public record ScheduleHints(
    double betaStart, double betaEnd, String betaSchedule, int trainSteps, String predictionType) {

  private static final long MAX_CONFIG_BYTES = 1 << 20;
  private static final Set<String> SCHEDULES =
      Set.of("scaled_linear", "linear", "squaredcos_cap_v2");
  private static final Set<String> PREDICTIONS = Set.of("epsilon", "v_prediction", "sample");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Stable Diffusion 1.x's training schedule. */
  public static ScheduleHints sd1() {
    return new ScheduleHints(0.00085, 0.012, "scaled_linear", 1000, "epsilon");
  }

  /**
   * Reads a {@code scheduler_config.json}; a value it leaves out takes SD 1.x's.
   *
   * @throws CheckpointException when the file is not a JSON object of sane values
   */
  public static ScheduleHints read(Path config) {
    JsonNode root;
    try {
      if (Files.size(config) > MAX_CONFIG_BYTES) {
        throw bad(config, "it is larger than a scheduler configuration can be.");
      }
      root = JSON.readTree(Files.readAllBytes(config));
    } catch (IOException e) {
      throw bad(config, "it is not readable JSON.");
    }
    if (root == null || !root.isObject()) {
      throw bad(config, "it is not a JSON object.");
    }
    ScheduleHints d = sd1();
    ScheduleHints h =
        new ScheduleHints(
            number(root, "beta_start", d.betaStart(), config),
            number(root, "beta_end", d.betaEnd(), config),
            text(root, "beta_schedule", d.betaSchedule(), config),
            (int) number(root, "num_train_timesteps", d.trainSteps(), config),
            text(root, "prediction_type", d.predictionType(), config));
    if (!(h.betaStart() > 0 && h.betaStart() < h.betaEnd() && h.betaEnd() < 1)) {
      throw bad(config, "its betas must satisfy 0 < beta_start < beta_end < 1.");
    }
    if (h.trainSteps() < 2 || h.trainSteps() > 100_000) {
      throw bad(config, "num_train_timesteps must be between 2 and 100000.");
    }
    if (!SCHEDULES.contains(h.betaSchedule())) {
      throw bad(config, "beta_schedule \"" + h.betaSchedule() + "\" is not one Atelier knows.");
    }
    if (!PREDICTIONS.contains(h.predictionType())) {
      throw bad(config, "prediction_type \"" + h.predictionType() + "\" is not one Atelier knows.");
    }
    return h;
  }

  private static double number(JsonNode root, String field, double fallback, Path config) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
      throw bad(config, field + " is not a number.");
    }
    return n.doubleValue();
  }

  private static String text(JsonNode root, String field, String fallback, Path config) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return fallback;
    }
    if (!n.isTextual()) {
      throw bad(config, field + " is not text.");
    }
    return n.textValue();
  }

  private static CheckpointException bad(Path config, String detail) {
    return CheckpointException.of(
        CheckpointException.Reason.BAD_CONFIG, config, "", "scheduler configuration: " + detail);
  }
}
