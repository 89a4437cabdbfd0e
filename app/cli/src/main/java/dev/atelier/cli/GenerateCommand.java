package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.catalog.Asset;
import dev.atelier.diffusion.DiffusionModel;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.LoadListener;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.engine.EngineInfo;
import dev.atelier.generate.CreativeOptions;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.GenerationSession;
import dev.atelier.generate.Pipeline;
import dev.atelier.generate.PromptCheck;
import dev.atelier.imagesettings.ImageSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
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
      description = "What to make (required unless --settings-from gives it).")
  String prompt;

  @Option(names = "--negative", description = "What to steer away from.")
  String negative;

  @Option(
      names = "--settings-from",
      paramLabel = "IMAGE",
      description =
          "Start from the settings a PNG was made with (Atelier's record or the parameters text"
              + " other tools write): prompts, seed, sampler, steps, guidance, size, model, LoRAs,"
              + " hires pass and start strength; the options given here override them. The image's"
              + " LoRAs are found by hash (else by name) among the files used before and in the"
              + " LoRA folder; one not found is an error, unless --lora names the LoRAs to use.")
  Path settingsFrom;

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

  @Option(
      names = "--init-image",
      paramLabel = "FILE",
      description =
          "Start from this picture (image-to-image): it is scaled to cover --size and cut around"
              + " its centre, then noised and denoised.")
  Path initImage;

  @Option(
      names = "--strength",
      paramLabel = "S",
      description =
          "With --init-image: how much of the schedule runs, above 0 to 1 (default: 0.6). Low"
              + " keeps most of the picture; 1 keeps little. Runs steps × S steps.")
  Double strength;

  @Option(
      names = "--mask",
      paramLabel = "FILE",
      description =
          "With --init-image: inpaint, painting again only where this mask is white (black is"
              + " kept; gray blends). It is scaled and cut like the start picture, so it must have"
              + " the picture's proportions.")
  Path mask;

  @Option(
      names = "--mask-blur",
      paramLabel = "PX",
      description =
          "With --mask: soften the seam by this many pixels, 0 to 64 (default: 4 at 512 pixels,"
              + " in proportion to the size).")
  Integer maskBlur;

  @Option(
      names = "--invert-mask",
      description = "With --mask: paint again where the mask is black and keep where it is white.")
  boolean invertMask;

  @Option(
      names = "--lora",
      paramLabel = "FILE[:WEIGHT]",
      description =
          "Merge a kohya-format LoRA (.safetensors) into the checkpoint, with a weight from -4 to 4"
              + " (default 1). Repeat for several.")
  List<String> loras = new ArrayList<>();

  @Option(
      names = "--hires",
      paramLabel = "SCALE",
      description =
          "Hires fix: make the variants at --size, scale them up by SCALE (more than 1, at most 2)"
              + " and refine them at the larger size.")
  Double hires;

  @Option(
      names = "--hires-strength",
      paramLabel = "S",
      description = "With --hires: how much of the schedule the refining runs (default: 0.5).")
  Double hiresStrength;

  /** How the command line names the creative controls in its messages. */
  static final CreativeOptions.Names OPTION_NAMES =
      control ->
          switch (control) {
            case INIT_IMAGE -> "--init-image";
            case STRENGTH -> "--strength";
            case MASK -> "--mask";
            case MASK_BLUR -> "--mask-blur";
            case INVERT_MASK -> "--invert-mask";
            case LORA -> "--lora";
            case HIRES -> "--hires";
            case HIRES_STRENGTH -> "--hires-strength";
          };

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ImageSettings settings = settingsFrom == null ? null : SettingsFrom.read(settingsFrom);
    if (prompt == null && settings == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing required option: '--prompt=<prompt>' (or --settings-from)");
    }
    if (prompt == null) {
      prompt = settings.prompt();
    }
    PromptCheck.requireNotBlank(prompt);
    CreativeOptions creative =
        new CreativeOptions(initImage, strength, mask, maskBlur, invertMask, hires, hiresStrength);
    GenerationRequest.Hires hiresPass = hiresPass(creative, settings);
    List<GenerationRequest.LoraChoice> loraChoices = loraChoices(loras);
    GenerationRequest.StartImage start = creative.startImage(OPTION_NAMES, startStrength(settings));
    GenerationRequest.InpaintMask inpaint = creative.inpaintMask(OPTION_NAMES);
    try (Studio studio = root.startStudio()) {
      GenerationSession session = studio.generation();
      ModelLibrary.Installed installed =
          model != null || settings == null
              ? session.find(model)
              : SettingsFrom.model(settings, session.library(), settingsFrom);
      if (settings != null) {
        SettingsFrom.notes(settings, err);
        if (loras.isEmpty()) {
          loraChoices = SettingsFrom.loras(settings, installed, session.loras(), settingsFrom, err);
        }
        if (initImage == null) {
          SettingsFrom.startNote(settings, err);
        }
      }
      err.println("Loading " + installed.id() + " (" + EngineInfo.detect().summary() + ")");
      GenerationRequest request =
          creative.apply(
              request(load(session, installed, err).defaults(), settings),
              start,
              inpaint,
              hiresPass,
              loraChoices);
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
      report(outcome, request, out, err);
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
   * {@code --hires} and {@code --hires-strength}, else the image's hires pass (its strength
   * replaced by {@code --hires-strength} when given): the hires pass, or null.
   */
  private GenerationRequest.Hires hiresPass(CreativeOptions creative, ImageSettings image) {
    if (hires == null && image != null && image.hires() != null) {
      return SettingsFrom.hires(image, hiresStrength);
    }
    try {
      return creative.hiresPass(OPTION_NAMES);
    } catch (CreativeOptions.OptionException e) {
      if (image == null || e.control() != CreativeOptions.Control.HIRES_STRENGTH) {
        throw e;
      }
      throw new CreativeOptions.OptionException(
          e.control(), e.getMessage() + " (" + settingsFrom.getFileName() + " has no hires pass)");
    }
  }

  /** The strength when {@code --strength} is not given: the image's, else the default. */
  private static double startStrength(ImageSettings image) {
    return image != null && image.startStrength() != null
        ? image.startStrength()
        : GenerationRequest.StartImage.DEFAULT_STRENGTH;
  }

  /** The files made, then what the LoRAs and the start picture did. */
  private void report(
      GenerationService.Outcome outcome,
      GenerationRequest request,
      PrintWriter out,
      PrintWriter err) {
    LoraNotes.print(outcome.loras(), err);
    for (Asset a : outcome.variants()) {
      out.println(a.filePath());
    }
    if (request.start() != null) {
      err.printf(
          "From %s at strength %.2f: %d of %d steps run%n",
          initImage, request.start().strength(), request.firstPassSteps(), request.steps());
    }
    if (request.mask() != null) {
      err.printf(
          "Painted again where %s is %s, seam blurred by %d px%n",
          mask, invertMask ? "black" : "white", request.mask().blur());
    }
  }

  /** Settings that give nothing, for a run without {@code --settings-from}. */
  private static final ImageSettings NO_SETTINGS =
      new ImageSettings(
          ImageSettings.Source.PARAMETERS_TEXT,
          "",
          "",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          java.util.List.of(),
          false,
          java.util.List.of());

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

  /** The request: the options given, else the image's settings, else the model's defaults. */
  private GenerationRequest request(GenerationDefaults defaults, ImageSettings image) {
    ImageSettings s = image != null ? image : NO_SETTINGS;
    int width = s.width() != null && s.height() != null ? s.width() : defaults.width();
    int height = s.width() != null && s.height() != null ? s.height() : defaults.height();
    if (size != null) {
      String[] parts = size.toLowerCase(java.util.Locale.ROOT).split("x");
      try {
        width = Integer.parseInt(parts[0].strip());
        height = parts.length > 1 ? Integer.parseInt(parts[1].strip()) : width;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--size must look like 64 or 64x64, not " + size);
      }
    }
    SamplerKind kind =
        sampler != null
            ? SamplerKind.fromId(sampler)
            : s.sampler() != null ? s.sampler() : SamplerKind.fromId(defaults.sampler());
    return new GenerationRequest(
        prompt,
        negative != null ? negative : s.negativePrompt(),
        seed != null ? seed : s.seed() != null ? s.seed() : new SecureRandom().nextLong(1L << 48),
        kind,
        steps != null ? steps : s.steps() != null ? s.steps() : defaults.steps(),
        guidance != null ? guidance : s.guidance() != null ? s.guidance() : defaults.guidance(),
        width,
        height,
        variants,
        0);
  }

  /** {@code FILE[:WEIGHT]} values as LoRA choices (weight 1 when none is given). */
  static List<GenerationRequest.LoraChoice> loraChoices(List<String> values) {
    List<GenerationRequest.LoraChoice> out = new ArrayList<>();
    for (String value : values) {
      out.add(CreativeOptions.lora(value, null));
    }
    return out;
  }
}
