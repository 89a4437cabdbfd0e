package dev.atelier.gui.generate;

import dev.atelier.diffusion.ModelLibrary;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Generate screen reads when it is shown: the installed models, the prompt history and,
 * the first time, the last generation. Each part is read apart, so that one failing (a model folder
 * that cannot be listed, a catalog that cannot be read) leaves the others to show. Read off the
 * JavaFX thread.
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
}
