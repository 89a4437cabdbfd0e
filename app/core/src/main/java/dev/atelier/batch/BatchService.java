package dev.atelier.batch;

import dev.atelier.catalog.BatchRepository;
import dev.atelier.catalog.BatchRepository.ItemStatus;
import dev.atelier.catalog.Catalog;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.generate.CreativeOptions;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.Pipeline;
import dev.atelier.generate.PromptCheck;
import dev.atelier.io.Failures;
import dev.atelier.task.CancellationToken;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Runs a batch file item by item. The run and its items are rows in the catalog; an item becomes
 * DONE in the same transaction that records its images, so running the same file again after a
 * crash (or Ctrl+C) skips exactly the finished items and redoes the rest. Seeds left empty in the
 * file are derived from the file's hash and the item's position, so a resumed run makes the same
 * pictures an uninterrupted one would have.
 *
 * <p>A run that tried every item is closed; one stopped part way stays open and is listed by {@link
 * BatchRepository#unfinished()}, and {@link #resume} goes on with it from its own records (the file
 * need not be there any more).
 */
public final class BatchService {

  /** Progress of a batch. */
  public interface Listener {
    Listener NONE = new Listener() {};

    /** The run is open: how many items it has and how many were done before. */
    default void onRunOpened(BatchRepository.Run run) {}

    default void onItemStart(int index, int total, GenerationRequest request) {}

    default void onItemDone(int index, int total, GenerationService.Outcome outcome) {}

    default void onItemSkipped(int index, int total) {}

    default void onItemFailed(int index, int total, String error) {}

    default Pipeline.Listener steps() {
      return Pipeline.Listener.NONE;
    }
  }

  /** What a run did. */
  public record Summary(long batchId, int total, int generated, int skipped, int failed) {}

  private final GenerationSession session;
  private final Catalog catalog;
  private final Clock clock;

  /** Generates through {@code session}, which loads the model once for the whole batch. */
  public BatchService(GenerationSession session, Catalog catalog, Clock clock) {
    this.session = session;
    this.catalog = catalog;
    this.clock = clock;
  }

  /**
   * Checks every line against the model: its defaults fill the empty fields, every prompt must meet
   * {@link PromptCheck} (not blank, no longer than the model reads), and LoRAs need a model that
   * takes them. Every file a line names is read and checked, as {@code generate} reads it.
   *
   * @throws IllegalArgumentException listing every bad line; nothing has run yet
   */
  public static List<BatchItem> resolve(BatchFile file, DiffusionModel model, int defaultVariants) {
    return BatchItems.resolve(
        file,
        model.defaults(),
        defaultVariants,
        item -> {
          PromptCheck.require(model.id(), model.prompts(), item.settings());
          CreativeOptions.requireTakesLoras(
              model,
              item.loras().stream()
                  .map(l -> new GenerationRequest.LoraChoice(l.file(), l.weight()))
                  .toList());
        });
  }

  /**
   * Checks every line against the defaults and the given variant count (not against a model's
   * rules: see {@link #resolve(BatchFile, DiffusionModel, int)}).
   *
   * @throws IllegalArgumentException listing every bad line; nothing has run yet
   */
  public static List<BatchItem> resolve(
      BatchFile file, GenerationDefaults defaults, int defaultVariants) {
    return BatchItems.resolve(file, defaults, defaultVariants, item -> {});
  }

  /**
   * Runs (or resumes) the batch with the model {@code installed}, loaded once by the session; items
   * that fail are recorded and the rest go on. An item a killed run left unfinished is done again;
   * its unfinished generation reads INTERRUPTED in the catalog after the next start.
   */
  public Summary run(
      BatchFile file,
      List<BatchItem> items,
      ModelLibrary.Installed installed,
      Path outDir,
      Listener listener,
      CancellationToken cancellation) {
    List<String> stored = new ArrayList<>();
    for (BatchItem item : items) {
      stored.add(StoredItems.toJson(item));
    }
    long batchId =
        catalog
            .batches()
            .openRun(
                file.sha256(),
                file.path().toAbsolutePath().toString(),
                outDir.toAbsolutePath().toString(),
                installed.id(),
                stored,
                clock.instant());
    return runItems(batchId, installed, outDir, listener, cancellation);
  }

  /**
   * Goes on with a run stopped part way, from the requests it recorded, into the folder it wrote
   * to: the items done are skipped, the rest (failed ones included) are run.
   *
   * @param installed the model the run was made with
   * @throws IllegalArgumentException when there is no such run, or {@code installed} is another
   *     model than the run's
   */
  public Summary resume(
      long batchId,
      ModelLibrary.Installed installed,
      Listener listener,
      CancellationToken cancellation) {
    BatchRepository.Run run =
        catalog
            .batches()
            .run(batchId)
            .orElseThrow(() -> new IllegalArgumentException("There is no batch run " + batchId));
    if (!run.modelId().equals(installed.id())) {
      throw new IllegalArgumentException(
          "Batch run "
              + batchId
              + " was made with the model "
              + run.modelId()
              + ", not "
              + installed.id());
    }
    return runItems(batchId, installed, Path.of(run.outDir()), listener, cancellation);
  }

  private Summary runItems(
      long batchId,
      ModelLibrary.Installed installed,
      Path outDir,
      Listener listener,
      CancellationToken cancellation) {
    BatchRepository batches = catalog.batches();
    List<BatchRepository.Item> items = batches.items(batchId);
    StoredItems.FileHashes hashes = new StoredItems.FileHashes();
    requireInputsUnchanged(batchId, items, hashes);
    listener.onRunOpened(batches.run(batchId).orElseThrow());
    int total = items.size();
    int generated = 0;
    int skipped = 0;
    int failed = 0;
    for (BatchRepository.Item item : items) {
      if (item.status() == ItemStatus.DONE) {
        skipped++;
        listener.onItemSkipped(item.index(), total);
        continue;
      }
      cancellation.throwIfCancelled();
      try {
        GenerationRequest request = StoredItems.fromJson(item.requestJson()).request(hashes);
        listener.onItemStart(item.index(), total, request);
        GenerationService.Outcome outcome =
            session.generate(
                installed,
                request,
                outDir,
                listener.steps(),
                cancellation,
                g -> batches.markDone(batchId, item.index(), g.id()));
        generated++;
        listener.onItemDone(item.index(), total, outcome);
      } catch (CancellationException e) {
        throw e;
      } catch (RuntimeException e) {
        failed++;
        String reason = Failures.describe(e);
        batches.markFailed(batchId, item.index(), reason);
        listener.onItemFailed(item.index(), total, reason);
      }
    }
    batches.close(batchId, clock.instant());
    return new Summary(batchId, total, generated, skipped, failed);
  }

  /**
   * Refuses to go on with a run whose items left to make would read other files than the ones they
   * were checked with: a start picture, mask or LoRA that is gone or whose bytes changed. Nothing
   * is run then; the run stays as it was, to be resumed once the files are back.
   *
   * @throws BatchItem.ChangedInputException naming every such file with its item
   */
  private static void requireInputsUnchanged(
      long batchId, List<BatchRepository.Item> items, BatchItem.FileHasher hashes) {
    List<String> problems = new ArrayList<>();
    for (BatchRepository.Item item : items) {
      if (item.status() == ItemStatus.DONE) {
        continue;
      }
      BatchItem stored = StoredItems.fromJson(item.requestJson());
      for (String problem : stored.changedInputs(hashes)) {
        problems.add(
            "item "
                + (item.index() + 1)
                + (stored.line() > 0 ? " (line " + stored.line() + ")" : "")
                + ": "
                + problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new BatchItem.ChangedInputException(
          "Batch run "
              + batchId
              + " cannot go on: the items left would not be made from the files they were"
              + " checked with, and nothing was generated:\n  "
              + String.join("\n  ", problems));
    }
  }
}
