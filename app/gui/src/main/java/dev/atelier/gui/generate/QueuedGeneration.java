package dev.atelier.gui.generate;

import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.QueueFile;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A generation as the form described it when Generate was pressed: the model and every setting,
 * kept as they were while the form goes on changing. It runs now or waits in the {@link
 * GenerationQueueModel queue}.
 *
 * @param id tells entries apart in this session (two may have the same settings)
 * @param model the model it runs with
 * @param request what it makes, its seed drawn already
 * @param startFile the file of the start picture, or null when it starts from noise
 */
public record QueuedGeneration(
    long id, ModelChoice model, GenerationRequest request, Path startFile) {

  public QueuedGeneration {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(request, "request");
  }

  /** How it is kept in the queue file. */
  QueueFile.Entry toEntry() {
    return new QueueFile.Entry(model.id(), request, startFile);
  }

  /** "64×64 · 20 steps", with the hires size and the start picture when they apply. */
  public String sizeText() {
    GenerationRequest r = request;
    StringBuilder s = new StringBuilder().append(r.width()).append('×').append(r.height());
    if (r.hires() != null) {
      s.append(" → ")
          .append(r.hires().side(r.width()))
          .append('×')
          .append(r.hires().side(r.height()));
    }
    s.append(" · ").append(r.steps()).append(r.steps() == 1 ? " step" : " steps");
    if (r.start() != null && startFile != null) {
      s.append(" · from ").append(startFile.getFileName());
    }
    if (!r.loras().isEmpty()) {
      s.append(" · ").append(r.loras().size()).append(r.loras().size() == 1 ? " LoRA" : " LoRAs");
    }
    return s.toString();
  }

  /** "4 variants" or "1 variant". */
  public String variantsText() {
    return request.variants() + (request.variants() == 1 ? " variant" : " variants");
  }
}
