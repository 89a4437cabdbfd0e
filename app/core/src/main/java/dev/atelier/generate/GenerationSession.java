package dev.atelier.generate;

import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.LoadListener;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.task.CancellationToken;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one way to load a model and run a generation, for the studio window, the command line and
 * batches alike. It finds models in the {@link ModelLibrary}, loads one (verifying its files) the
 * first time it is asked for and keeps it for the runs after; asking for another model closes the
 * kept one first, so one model at a time holds memory. The studio owns one session and closes it,
 * and with it the model, when it stops.
 *
 * <p>Loading, generating and closing take turns (one lock), so a model is never closed under a
 * running generation. Generations are recorded by {@link GenerationService}.
 */
public final class GenerationSession implements AutoCloseable {

  private final ModelLibrary library;
  private final GenerationService service;
  private final LoraLibrary loras;

  private DiffusionModel loaded;
  private ModelLibrary.Installed loadedFrom;
  private volatile String loadedId;
  private boolean closed;

  public GenerationSession(ModelLibrary library, Catalog catalog, Clock clock) {
    this(library, catalog, clock, null);
  }

  /**
   * @param loraFolder the LoRA folder, where LoRAs named by an image are looked for ({@link
   *     LoraLibrary}); null for none
   */
  public GenerationSession(ModelLibrary library, Catalog catalog, Clock clock, Path loraFolder) {
    this.library = Objects.requireNonNull(library);
    this.loras = new LoraLibrary(catalog, loraFolder, clock);
    this.service = new GenerationService(catalog, clock, loras);
  }

  /** Where the models are found. */
  public ModelLibrary library() {
    return library;
  }

  /** The LoRA files this computer has: the LoRA folder and the files used before. */
  public LoraLibrary loras() {
    return loras;
  }

  /**
   * The model named by id, name or folder, or the first installed one when {@code idNameOrPath} is
   * null.
   *
   * @throws IllegalArgumentException when there is none
   */
  public ModelLibrary.Installed find(String idNameOrPath) {
    return library.chosenOrFirst(idNameOrPath);
  }

  /**
   * The model, loaded and verified the first time and kept; the session closes it.
   *
   * @throws dev.atelier.diffusion.ModelIntegrityException when a file is missing or altered
   * @throws IllegalArgumentException for a kind this build cannot run
   * @throws IllegalStateException when the session is closed
   */
  public synchronized DiffusionModel load(ModelLibrary.Installed installed) {
    return load(installed, LoadListener.NONE, CancellationToken.NONE);
  }

  /**
   * {@link #load(ModelLibrary.Installed)} with progress and cancel: an imported checkpoint is
   * hashed and read, which takes seconds per gigabyte. A model already loaded reports nothing.
   *
   * @throws java.util.concurrent.CancellationException when cancelled; the model loaded before
   *     stays unloaded
   */
  public synchronized DiffusionModel load(
      ModelLibrary.Installed installed, LoadListener listener, CancellationToken cancel) {
    if (closed) {
      throw new IllegalStateException("The generation session is closed");
    }
    if (loaded != null && loadedFrom.id().equals(installed.id())) {
      return loaded;
    }
    unload();
    loaded = ModelLibrary.load(installed, listener, cancel);
    loadedFrom = installed;
    loadedId = installed.id();
    return loaded;
  }

  /** Whether {@code modelId} is loaded now (answers at once, also while a generation runs). */
  public boolean isLoaded(String modelId) {
    return modelId != null && modelId.equals(loadedId);
  }

  /**
   * Advice for a prompt in which this model would find no style; empty when none is needed. Known
   * from the model's kind, so it answers at once, loaded or not.
   */
  public Optional<PromptCheck.StyleAdvice> advice(ModelLibrary.Installed installed, String prompt) {
    return PromptCheck.advice(ModelLibrary.promptsOf(installed), prompt);
  }

  /**
   * Checks a request's prompts against what a model of this kind reads, before it is loaded ({@link
   * PromptCheck}); the loaded model checks again, with its own tokenizer, when it runs.
   *
   * @throws PromptException when the prompt is blank or too long
   */
  public void check(ModelLibrary.Installed installed, GenerationRequest request) {
    PromptCheck.require(installed.id(), ModelLibrary.promptsOf(installed), request);
  }

  /** Loads the model if needed, then generates and records ({@link GenerationService}). */
  public GenerationService.Outcome generate(
      ModelLibrary.Installed installed,
      GenerationRequest request,
      Path outDir,
      Pipeline.Listener listener,
      CancellationToken cancellation) {
    return generate(installed, request, outDir, listener, cancellation, g -> {});
  }

  /**
   * As above, running {@code alsoRecord} in the transaction that records the finished generation.
   */
  public synchronized GenerationService.Outcome generate(
      ModelLibrary.Installed installed,
      GenerationRequest request,
      Path outDir,
      Pipeline.Listener listener,
      CancellationToken cancellation,
      Consumer<Generation> alsoRecord) {
    DiffusionModel model = load(installed);
    return service.generate(installed, model, request, outDir, listener, cancellation, alsoRecord);
  }

  private void unload() {
    if (loaded != null) {
      DiffusionModel old = loaded;
      loaded = null;
      loadedFrom = null;
      loadedId = null;
      old.close();
    }
  }

  /** Closes the loaded model (after a running generation ends); later loads fail. */
  @Override
  public synchronized void close() {
    closed = true;
    unload();
    service.releaseLoras();
  }
}
