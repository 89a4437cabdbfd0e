package dev.atelier.gui.generate;

import dev.atelier.catalog.Generation;
import dev.atelier.diffusion.ModelLibrary;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Generate screen reads when it is shown: the installed models, the prompt history and,
 * the first time, the last generation. Each part is read apart, so that one failing (a model folder
 * that cannot be listed, a catalog that cannot be read) leaves the others to show. Read off the
 * JavaFX thread, {@linkplain #show shown} on it.
 *
 * @param installed the installed models
 * @param prompts the prompt history, newest first
 * @param last the last finished generation; a null value when there is none or it was not asked for
 */
record OpeningRead(
    Part<List<ModelLibrary.Installed>> installed,
    Part<List<String>> prompts,
    Part<PastGenerations.Session> last) {

  private static final Logger LOG = LoggerFactory.getLogger(OpeningRead.class);

  /** What one read gave: its value, or why it failed. */
  record Part<T>(T value, Exception failure) {

    static <T> Part<T> read(Callable<T> reader) {
      try {
        return new Part<>(reader.call(), null);
      } catch (Exception e) {
        LOG.warn("Cannot read for the Generate screen: {}", e.getMessage());
        return new Part<>(null, e);
      }
    }
  }

  /**
   * Reads every part.
   *
   * @param withLast whether to read the last generation too
   */
  static OpeningRead read(
      Callable<List<ModelLibrary.Installed>> models, PastGenerations past, boolean withLast) {
    return new OpeningRead(
        Part.read(models),
        Part.read(() -> past.recentPrompts(GenerateFormModel.HISTORY_SIZE)),
        withLast ? Part.read(past::lastSession) : new Part<>(null, null));
  }

  /**
   * Why the earlier generations (history or last generation) could not be read; null if they were.
   */
  Exception earlierFailure() {
    return prompts.failure() != null ? prompts.failure() : last.failure();
  }

  /**
   * Shows what was read: the models in the picker (and the queue from last time, read once they are
   * known), the prompt history, and the last generation's settings and variants when nothing is
   * shown yet.
   *
   * @param idle whether no run has started meanwhile
   * @return the status line for the last generation brought back, or null
   */
  String show(
      GenerateFormModel form,
      ModelLoading models,
      VariantsModel results,
      GenerationQueueModel queue,
      boolean idle,
      Clock clock) {
    PastGenerations.Session session = last.value();
    if (installed.failure() != null) {
      models.listFailed(installed.failure());
      form.modelsUnavailable("Could not read the models");
    } else {
      List<ModelChoice> choices = installed.value().stream().map(ModelChoice::of).toList();
      form.showModels(choices, session != null ? session.generation().modelId() : null);
      models.listed(choices.size());
      queue.restore(choices);
    }
    if (earlierFailure() != null) {
      results.earlierFailed(earlierFailure());
      return null;
    }
    form.showHistory(prompts.value());
    results.earlierRead();
    if (session == null || !results.variants().isEmpty() || !idle) {
      return null;
    }
    Generation g = session.generation();
    form.restore(g);
    List<VariantItem> items = new ArrayList<>();
    for (int i = 0; i < session.assets().size(); i++) {
      items.add(VariantItem.finished(session.assets().get(i), session.images().get(i)));
    }
    results.show(items, true);
    return items.isEmpty()
        ? null
        : "Your last generation, from "
            + g.createdAt().atZone(clock.getZone()).toLocalDate()
            + ": keep the variants you like.";
  }
}
