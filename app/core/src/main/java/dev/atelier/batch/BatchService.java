package dev.atelier.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.catalog.BatchRepository;
import dev.atelier.catalog.BatchRepository.ItemStatus;
import dev.atelier.catalog.Catalog;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.Pipeline;
import dev.atelier.generate.PromptCheck;
import dev.atelier.hashing.Hashes;
import dev.atelier.io.Failures;
import dev.atelier.task.CancellationToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

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

  /** A request as stored with its item: every value resolved. */
  record Stored(
      String prompt,
      String negative,
      long seed,
      String sampler,
      int steps,
      double guidance,
      int width,
      int height,
      int variants) {

    GenerationRequest toRequest() {
      return new GenerationRequest(
          prompt,
          negative,
          seed,
          SamplerKind.fromId(sampler),
          steps,
          guidance,
          width,
          height,
          variants,
          0);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

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
   * Checks every line against the model: its defaults fill the empty fields, and every prompt must
   * meet {@link PromptCheck} (not blank, no longer than the model reads).
   *
   * @throws IllegalArgumentException listing every bad line; nothing has run yet
   */
  public static List<GenerationRequest> resolve(
      BatchFile file, DiffusionModel model, int defaultVariants) {
    return resolve(
        file,
        model.defaults(),
        defaultVariants,
        r -> PromptCheck.require(model.id(), model.prompts(), r));
  }

  /**
   * Checks every line against the defaults and the given variant count (not against a model's
   * prompt rules: see {@link #resolve(BatchFile, DiffusionModel, int)}).
   *
   * @throws IllegalArgumentException listing every bad line; nothing has run yet
   */
  public static List<GenerationRequest> resolve(
      BatchFile file, GenerationDefaults defaults, int defaultVariants) {
    return resolve(file, defaults, defaultVariants, r -> {});
  }

  private static List<GenerationRequest> resolve(
      BatchFile file,
      GenerationDefaults defaults,
      int defaultVariants,
      Consumer<GenerationRequest> check) {
    List<GenerationRequest> out = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < file.entries().size(); i++) {
      BatchFile.Entry e = file.entries().get(i);
      try {
        GenerationRequest request = resolve(e, i, file.sha256(), defaults, defaultVariants);
        check.accept(request);
        out.add(request);
      } catch (IllegalArgumentException ex) {
        errors.add("line " + e.line() + ": " + ex.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          file.path() + " has errors (nothing was generated):\n  " + String.join("\n  ", errors));
    }
    return out;
  }

  private static GenerationRequest resolve(
      BatchFile.Entry e, int index, String fileSha, GenerationDefaults d, int defaultVariants) {
    int width = d.width();
    int height = d.height();
    String size = e.get("size");
    if (size != null) {
      String[] parts = size.toLowerCase(Locale.ROOT).split("x");
      width = number(parts[0], "size");
      height = parts.length > 1 ? number(parts[1], "size") : width;
    }
    String seed = e.get("seed");
    return new GenerationRequest(
        e.get("prompt"),
        e.get("negative"),
        seed != null ? longNumber(seed, "seed") : derivedSeed(fileSha, index),
        SamplerKind.fromId(e.get("sampler") != null ? e.get("sampler") : d.sampler()),
        e.get("steps") != null ? number(e.get("steps"), "steps") : d.steps(),
        e.get("cfg") != null ? decimal(e.get("cfg"), "cfg") : d.guidance(),
        width,
        height,
        e.get("variants") != null ? number(e.get("variants"), "variants") : defaultVariants,
        0);
  }

  /** A seed in [0, 2^48) from the file hash and the item position. */
  static long derivedSeed(String fileSha, int index) {
    byte[] h = Hashes.sha256((fileSha + ":" + index).getBytes(StandardCharsets.UTF_8));
    long seed = 0;
    for (int i = 0; i < 6; i++) {
      seed = seed << 8 | (h[i] & 0xff);
    }
    return seed;
  }

  /**
   * Runs (or resumes) the batch with the model {@code installed}, loaded once by the session; items
   * that fail are recorded and the rest go on. An item a killed run left unfinished is done again;
   * its unfinished generation reads INTERRUPTED in the catalog after the next start.
   */
  public Summary run(
      BatchFile file,
      List<GenerationRequest> requests,
      ModelLibrary.Installed installed,
      Path outDir,
      Listener listener,
      CancellationToken cancellation) {
    List<String> stored = new ArrayList<>();
    for (GenerationRequest r : requests) {
      stored.add(toJson(r));
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
    listener.onRunOpened(batches.run(batchId).orElseThrow());
    List<BatchRepository.Item> items = batches.items(batchId);
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
      GenerationRequest request = fromJson(item.requestJson());
      listener.onItemStart(item.index(), total, request);
      try {
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

  private static String toJson(GenerationRequest r) {
    try {
      return JSON.writeValueAsString(
          new Stored(
              r.prompt(),
              r.negativePrompt(),
              r.seed(),
              r.sampler().id(),
              r.steps(),
              r.guidance(),
              r.width(),
              r.height(),
              r.variants()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GenerationRequest fromJson(String json) {
    try {
      return JSON.readValue(json, Stored.class).toRequest();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored batch item is unreadable: " + json, e);
    }
  }

  private static int number(String s, String field) {
    try {
      return Integer.parseInt(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be a whole number, not \"" + s + "\"");
    }
  }

  private static long longNumber(String s, String field) {
    try {
      return Long.parseLong(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be a whole number, not \"" + s + "\"");
    }
  }

  private static double decimal(String s, String field) {
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(field + " must be a number, not \"" + s + "\"");
    }
  }
}
