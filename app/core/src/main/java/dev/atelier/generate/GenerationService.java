package dev.atelier.generate;

import dev.atelier.AppInfo;
import dev.atelier.catalog.Asset;
import dev.atelier.catalog.Catalog;
import dev.atelier.catalog.Generation;
import dev.atelier.catalog.GenerationInput;
import dev.atelier.catalog.HiresPass;
import dev.atelier.catalog.ModelEntry;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sd.lora.LoraReport;
import dev.atelier.hashing.Hashes;
import dev.atelier.io.AtomicFiles;
import dev.atelier.png.PngText;
import dev.atelier.task.CancellationToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * Generation with a record: the request is written to the catalog before it runs, the variants are
 * written as PNG files and catalog rows when it finishes, and a generation that is cancelled or
 * fails is marked so. A process that dies mid-way leaves a RUNNING row, which the next start marks
 * as failed.
 */
public final class GenerationService {

  private final Catalog catalog;
  private final Clock clock;
  private final LoraFiles loraFiles = new LoraFiles();
  private final LoraLibrary loraLibrary;

  public GenerationService(Catalog catalog, Clock clock) {
    this(catalog, clock, new LoraLibrary(catalog, null, clock));
  }

  /**
   * @param loraLibrary remembers the LoRA files each finished generation used
   */
  public GenerationService(Catalog catalog, Clock clock, LoraLibrary loraLibrary) {
    this.catalog = catalog;
    this.clock = clock;
    this.loraLibrary = loraLibrary;
  }

  /** The catalog's generation row and its variants. */
  /**
   * A recorded generation.
   *
   * @param loras the LoRAs merged for it, with the keys of theirs that were not applied
   */
  public record Outcome(
      Generation generation, List<Asset> variants, Pipeline.Result result, LoraReport loras) {}

  /**
   * Generates and records; files go to {@code outDir}.
   *
   * @throws PromptException when the model cannot honour the prompt (nothing is recorded)
   */
  public Outcome generate(
      ModelLibrary.Installed installed,
      DiffusionModel model,
      GenerationRequest request,
      Path outDir,
      Pipeline.Listener listener,
      CancellationToken cancellation) {
    return generate(installed, model, request, outDir, listener, cancellation, g -> {});
  }

  /**
   * As {@link #generate(ModelLibrary.Installed, DiffusionModel, GenerationRequest, Path,
   * Pipeline.Listener, CancellationToken)}, running {@code alsoRecord} inside the transaction that
   * records the finished generation, so what it writes commits together with the images or not at
   * all.
   */
  public Outcome generate(
      ModelLibrary.Installed installed,
      DiffusionModel model,
      GenerationRequest request,
      Path outDir,
      Pipeline.Listener listener,
      CancellationToken cancellation,
      Consumer<Generation> alsoRecord) {
    PromptCheck.require(model.id(), model.prompts(), request);
    LoraReport loras = loraFiles.apply(model, request.loras());
    registerModel(installed, model);
    Generation generation = recordStart(model, request, loras);
    Pipeline.Result result;
    List<Written> files;
    try {
      result = Pipeline.generate(model, request, listener, cancellation);
      ParametersText.ModelInfo modelInfo =
          new ParametersText.ModelInfo(
              installed.manifest().name(), model.weightsSha256(), loraInfo(loras));
      files = writeFiles(outDir, generation.id(), request, modelInfo, result.images());
    } catch (CancellationException e) {
      catalog.generations().finish(generation.id(), Generation.Status.CANCELLED, clock.instant());
      throw e;
    } catch (RuntimeException | Error e) {
      catalog.generations().finish(generation.id(), Generation.Status.FAILED, clock.instant());
      throw e;
    }
    List<Asset> variants =
        catalog.inTransaction(
            () -> {
              List<Asset> stored = new ArrayList<>();
              for (int i = 0; i < result.images().size(); i++) {
                RgbImage image = result.images().get(i);
                stored.add(
                    catalog
                        .assets()
                        .insert(
                            new Asset(
                                0,
                                generation.id(),
                                i,
                                request.variantSeed(i),
                                image.width(),
                                image.height(),
                                image.pixelSha256(),
                                files.get(i).file().toAbsolutePath().toString(),
                                files.get(i).sha256(),
                                false,
                                null,
                                clock.instant())));
              }
              catalog
                  .generations()
                  .finish(generation.id(), Generation.Status.DONE, clock.instant());
              for (LoraReport.Applied lora : loras.loras()) {
                loraLibrary.used(lora.file(), lora.sha256());
              }
              alsoRecord.accept(generation);
              return stored;
            });
    return new Outcome(
        catalog.generations().find(generation.id()).orElseThrow(), variants, result, loras);
  }

  private void registerModel(ModelLibrary.Installed installed, DiffusionModel model) {
    catalog
        .models()
        .save(
            new ModelEntry(
                model.id(),
                installed.manifest().name(),
                installed.manifest().version(),
                installed.manifest().kind(),
                model.weightsSha256(),
                model.trainingSetRoot(),
                installed.manifest().license(),
                installed.dir().toAbsolutePath().toString(),
                clock.instant()));
  }

  /** Records a generation as running, with what it starts from. */
  private Generation recordStart(
      DiffusionModel model, GenerationRequest request, LoraReport loras) {
    return catalog
        .generations()
        .insert(
            new Generation(
                0,
                model.id(),
                request.prompt(),
                request.negativePrompt(),
                request.seed(),
                request.sampler().id(),
                request.steps(),
                request.guidance(),
                request.width(),
                request.height(),
                request.variants(),
                Generation.Status.RUNNING,
                clock.instant(),
                null),
            inputs(request, loras),
            request.hires() == null
                ? null
                : new HiresPass(request.hires().scale(), request.hires().strength()));
  }

  private static List<ParametersText.LoraInfo> loraInfo(LoraReport loras) {
    return loras.loras().stream()
        .map(
            l ->
                new ParametersText.LoraInfo(
                    l.file().getFileName().toString().replaceFirst("\\.safetensors$", ""),
                    l.sha256(),
                    l.weight()))
        .toList();
  }

  /** Lets go of the LoRA files read so far (their tensors); a later generation reads them again. */
  void releaseLoras() {
    loraFiles.close();
  }

  /** What the catalog keeps of a request's inputs besides the prompt. */
  private static List<GenerationInput> inputs(GenerationRequest request, LoraReport loras) {
    List<GenerationInput> inputs = new ArrayList<>();
    if (request.start() != null) {
      inputs.add(
          new GenerationInput(
              GenerationInput.Role.START_IMAGE,
              request.start().sha256(),
              request.start().strength()));
    }
    if (request.mask() != null) {
      inputs.add(
          new GenerationInput(
              GenerationInput.Role.MASK, request.mask().sha256(), request.mask().blur()));
    }
    for (LoraReport.Applied lora : loras.loras()) {
      inputs.add(new GenerationInput(GenerationInput.Role.LORA, lora.sha256(), lora.weight()));
    }
    return inputs;
  }

  /** The PNG text keyword naming the program that made the file (PNG's own keyword). */
  public static final String SOFTWARE = "Software";

  /** {@code png} with variant {@code index}'s settings text and Atelier as its software. */
  public static byte[] withSettings(
      byte[] png, GenerationRequest request, int index, ParametersText.ModelInfo model) {
    byte[] withParameters =
        PngText.withText(png, ParametersText.KEYWORD, ParametersText.format(request, index, model));
    return PngText.withText(withParameters, SOFTWARE, AppInfo.NAME + " " + AppInfo.version());
  }

  /** A written image file and the SHA-256 of its bytes. */
  private record Written(Path file, String sha256) {}

  /**
   * {@code <id>-<variant>-s<seed>.png}, each written to a temp file and moved into place. Each file
   * carries its settings as a {@value ParametersText#KEYWORD} text chunk (with the variant's own
   * seed) and names Atelier as its {@value #SOFTWARE} before anything signs it, so a signature
   * covers them.
   */
  private static List<Written> writeFiles(
      Path outDir,
      long generationId,
      GenerationRequest request,
      ParametersText.ModelInfo model,
      List<RgbImage> images) {
    try {
      Files.createDirectories(outDir);
      List<Written> files = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        Path file =
            outDir.resolve(
                String.format("%06d-%d-s%d.png", generationId, i, request.variantSeed(i)));
        byte[] png = withSettings(images.get(i).toPng(), request, i, model);
        AtomicFiles.write(file, png);
        files.add(new Written(file, Hashes.sha256Hex(png)));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write images to " + outDir, e);
    }
  }
}
