package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.LoadListener;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.engine.EngineInfo;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.Pipeline;
import dev.atelier.generate.PromptCheck;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atelier generate}: make images from a prompt, save them, record them. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate images from a prompt, on this computer.")
final class GenerateCommand implements Callable<Integer> {

  @ParentCommand AtelierCli root;
  @Spec CommandSpec spec;

  @Option(
      names = {"-p", "--prompt"},
      required = true,
      description = "What to make.")
  String prompt;

  @Option(names = "--negative", defaultValue = "", description = "What to steer away from.")
  String negative;

  @Option(
      names = "--model",
      description = "Model id, name or folder (default: the first installed).")
  String model;

  @Option(names = "--seed", description = "Seed of the first variant (default: random).")
  Long seed;

  @Option(names = "--steps", description = "Sampling steps (default: the model's).")
  Integer steps;

  @Option(names = "--cfg", description = "Guidance scale (default: the model's).")
  Double guidance;

  @Option(
      names = "--sampler",
      description =
          "ddim, ddpm, euler-a, dpmpp-2m-karras, or lcm (1 to 50 steps, for LCM and"
              + " LCM-LoRA models at guidance 1 to 2) (default: the model's).")
  String sampler;

  @Option(
      names = {"-n", "--variants"},
      defaultValue = "4",
      description = "Variants (default ${DEFAULT-VALUE}).")
  int variants;

  @Option(
      names = "--size",
      description = "WIDTHxHEIGHT or one number for a square (default: the model's).")
  String size;

  @Option(
      names = "--out",
      defaultValue = ".",
      description = "Folder for the PNG files (default: here).")
  Path out;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PromptCheck.requireNotBlank(prompt);
    try (Studio studio = root.startStudio()) {
      GenerationSession session = studio.generation();
      ModelLibrary.Installed installed = session.find(model);
      err.println("Loading " + installed.id() + " (" + EngineInfo.detect().summary() + ")");
      GenerationRequest request = request(load(session, installed, err).defaults());
      // A prompt that cannot run is refused before any note about its words.
      session.check(installed, request);
      session.advice(installed, request.prompt()).ifPresent(a -> warn(err, a));
      ProgressBar bar = new ProgressBar(err, "Generating");
      GenerationService.Outcome outcome;
      try (Interrupts interrupts = Interrupts.install(err)) {
        outcome =
            session.generate(
                installed,
                request,
                this.out,
                new Pipeline.Listener() {
                  @Override
                  public void onStep(int step, int total) {
                    bar.update(step, total, "");
                  }
                },
                interrupts::cancelled);
      } finally {
        bar.finish();
      }
      for (Asset a : outcome.variants()) {
        out.println(a.filePath());
      }
      err.printf(
          "%d variant(s) of %s, seed %d, %s %d steps, guidance %.1f: %.1f s, %.2f steps/s%n",
          request.variants(),
          installed.id(),
          request.seed(),
          request.sampler().id(),
          request.steps(),
          request.guidance(),
          outcome.result().elapsed().toMillis() / 1000.0,
          outcome.result().stepsPerSecond());
      return ExitCodes.OK;
    }
  }

  /**
   * A prompt in which the model finds no style still generates (a style drawn at random is a valid
   * picture, and scripts keep working), but never silently: the words it knows are listed.
   */
  static void warn(PrintWriter err, PromptCheck.StyleAdvice advice) {
    err.println("Note: " + advice.message());
  }

  /** Loads the model, with a progress bar when it is big enough to take a while. */
  static DiffusionModel load(
      GenerationSession session, ModelLibrary.Installed installed, PrintWriter err) {
    if (installed.manifest().totalBytes() < 200_000_000L) {
      return session.load(installed);
    }
    ProgressBar[] bar = {null};
    LoadListener.Phase[] shown = {null};
    try (Interrupts interrupts = Interrupts.install(err)) {
      return session.load(
          installed,
          (phase, done, total) -> {
            if (phase != shown[0]) {
              if (bar[0] != null) {
                bar[0].finish();
              }
              shown[0] = phase;
              bar[0] =
                  new ProgressBar(
                      err,
                      phase == LoadListener.Phase.VERIFYING ? "Checking file " : "Reading weights");
            }
            bar[0].percent(done, total, "");
          },
          interrupts::cancelled);
    } finally {
      if (bar[0] != null) {
        bar[0].finish();
      }
    }
  }

  private GenerationRequest request(GenerationDefaults defaults) {
    int width = defaults.width();
    int height = defaults.height();
    if (size != null) {
      String[] parts = size.toLowerCase(java.util.Locale.ROOT).split("x");
      try {
        width = Integer.parseInt(parts[0].strip());
        height = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : width;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--size must look like 64 or 64x64, not " + size);
      }
    }
    return new GenerationRequest(
        prompt,
        negative,
        seed != null ? seed : new SecureRandom().nextLong(1L << 48),
        SamplerKind.fromId(sampler != null ? sampler : defaults.sampler()),
        steps != null ? steps : defaults.steps(),
        guidance != null ? guidance : defaults.guidance(),
        width,
        height,
        variants,
        0);
  }
}
