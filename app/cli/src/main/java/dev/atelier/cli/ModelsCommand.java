package dev.atelier.cli;

import dev.atelier.Studio;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.ModelLibrary.Installed;
import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.sd.CheckpointImport;
import dev.atelier.diffusion.sd.SdConfig;
import dev.atelier.diffusion.sd.SdModelImport;
import dev.atelier.diffusion.sd.checkpoint.DetectedCheckpoint;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code atelier models ...}: the installed models. */
@Command(
    name = "models",
    description = "List and verify installed models.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ModelsCommand.ListCommand.class,
      ModelsCommand.VerifyCommand.class,
      ModelsCommand.ImportCommand.class,
      ModelsCommand.ImportSdCommand.class
    })
final class ModelsCommand {

  @ParentCommand AtelierCli root;

  /** {@code atelier models list}. */
  @Command(name = "list", description = "List installed models.", mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand parent;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        ModelLibrary library = parent.root.models(studio);
        List<Installed> models = library.list();
        if (models.isEmpty()) {
          out.println("No models installed (looked in " + library.roots() + ")");
        }
        for (Installed m : models) {
          out.printf(
              "%-24s %-14s %9s  %-22s %s%n",
              m.id(),
              ModelWords.kind(m.manifest()),
              ModelWords.size(m.manifest().totalBytes()),
              m.manifest().license(),
              where(m));
        }
        for (ModelLibrary.Broken b : library.broken()) {
          spec.commandLine().getErr().println("unreadable: " + b.dir() + ": " + b.reason());
        }
        return ExitCodes.OK;
      }
    }
  }

  /** Where the weights are: the checkpoint file for an imported one, else the model folder. */
  static Object where(Installed m) {
    ModelManifest manifest = m.manifest();
    if (manifest.source() != null && manifest.files().size() == 1) {
      return manifest.filesRoot(m.dir()).resolve(manifest.files().getFirst().path());
    }
    return manifest.source() != null ? manifest.source() : m.dir();
  }

  /** {@code atelier models verify}. */
  @Command(
      name = "verify",
      description = "Check models' files against the SHA-256 sums in their model.json.",
      mixinStandardHelpOptions = true)
  static final class VerifyCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "Model ids, names or folders (default: all).")
    List<String> models;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Studio studio = parent.root.startStudio()) {
        ModelLibrary library = parent.root.models(studio);
        List<Installed> targets =
            models == null || models.isEmpty()
                ? library.list()
                : models.stream().map(library::find).toList();
        for (Installed m : targets) {
          m.manifest().verify(m.dir()); // throws with the file name on the first mismatch
          out.printf("%-24s ok (%d files)%n", m.id(), m.manifest().files().size());
        }
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier models import FILE|DIR}: a Stable Diffusion checkpoint, used where it is. */
  @Command(
      name = "import",
      description = {
        "Add a Stable Diffusion checkpoint: a .safetensors file or a diffusers folder.",
        "It stays where it is; Atelier checks what it is, hashes it (the SHA-256 that provenance"
            + " records) and registers it under your models. Pickle files (.ckpt, .pt) are refused:"
            + " loading them can run code."
      },
      mixinStandardHelpOptions = true)
  static final class ImportCommand implements Callable<Integer> {
    @ParentCommand ModelsCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", description = "The checkpoint file or diffusers folder.")
    java.nio.file.Path source;

    @Option(names = "--name", description = "Model name (default: from the file name).")
    String name;

    @Option(
        names = "--license",
        description = "The weights' license as you know it, e.g. CreativeML-OpenRAIL-M.")
    String license;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try (Studio studio = parent.root.startStudio()) {
        java.nio.file.Path userModels = studio.dirs().models();
        DetectedCheckpoint detected = CheckpointImport.inspect(source);
        err.println("Found " + detected.description());
        ProgressBar bar = new ProgressBar(err, "Hashing");
        CheckpointImport.Imported imported;
        try (Interrupts interrupts = Interrupts.install(err)) {
          imported =
              CheckpointImport.run(
                  source,
                  userModels,
                  name,
                  license,
                  (done, total) -> bar.percent(done, total, ModelWords.size(total)),
                  interrupts::cancelled);
        } finally {
          bar.finish();
        }
        Installed m = imported.model();
        out.println("Imported " + m.id() + " (" + ModelWords.size(imported.bytes()) + ")");
        out.println("  " + detected.description());
        out.println("  SHA-256 " + imported.sha256() + "  short " + imported.shortHash());
        out.println("  generate with: --model " + m.manifest().name());
        return ExitCodes.OK;
      }
    }
  }

  /** {@code atelier models import-sd}. */
  @Command(
      name = "import-sd",
      description = {
        "Make a folder of Stable-Diffusion TorchScript files an Atelier model: hashes the files,"
            + " writes model.json.",
        "The folder holds text_encoder.pt, unet.pt, vae_decoder.pt and tokenizer.json.",
        "See src-test/fixtures/sd-tiny/make_fixture.py for how to export a checkpoint."
      },
      mixinStandardHelpOptions = true)
  static final class ImportSdCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The exported files.")
    java.nio.file.Path dir;

    @Option(names = "--name", required = true, description = "Model name, e.g. sd15.")
    String name;

    @Option(
        names = "--model-version",
        defaultValue = "1",
        description = "Version (default ${DEFAULT-VALUE}).")
    String version;

    @Option(
        names = "--license",
        required = true,
        description = "SPDX id or name of the weights' license.")
    String license;

    @Option(
        names = "--scaling-factor",
        defaultValue = "0.18215",
        description = "VAE scaling factor (default ${DEFAULT-VALUE}).")
    double scalingFactor;

    @Option(
        names = "--timestep-type",
        defaultValue = "int64",
        description = "int64 or float32, as traced (default ${DEFAULT-VALUE}).")
    String timestepType;

    @Option(
        names = "--size",
        defaultValue = "512",
        description = "Default image side (default ${DEFAULT-VALUE}).")
    int size;

    @Option(
        names = "--steps",
        defaultValue = "25",
        description = "Default steps (default ${DEFAULT-VALUE}).")
    int steps;

    @Option(
        names = "--cfg",
        defaultValue = "7.5",
        description = "Default guidance (default ${DEFAULT-VALUE}).")
    double cfg;

    @Override
    public Integer call() throws Exception {
      if (!timestepType.equals("int64") && !timestepType.equals("float32")) {
        throw new IllegalArgumentException("--timestep-type must be int64 or float32");
      }
      SdConfig base = SdConfig.sd15();
      SdConfig config =
          new SdConfig(
              base.latentChannels(),
              base.vaeScale(),
              scalingFactor,
              base.textLength(),
              base.betaStart(),
              base.betaEnd(),
              base.trainSteps(),
              timestepType);
      ModelManifest m =
          SdModelImport.write(
              dir,
              name,
              version,
              license,
              config,
              new GenerationDefaults("dpmpp-2m-karras", steps, cfg, size, size));
      spec.commandLine().getOut().println("Imported " + m.id() + " from " + dir);
      return ExitCodes.OK;
    }
  }
}
