package dev.atelier.diffusion;

import dev.atelier.diffusion.sd.SdCheckpointModel;
import dev.atelier.diffusion.sd.SdTorchScriptModel;
import dev.atelier.diffusion.tiny.TinyDiffusionModel;
import dev.atelier.diffusion.tiny.TinyModelBuilder;
import dev.atelier.diffusion.tiny.TinyPromptReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The models Atelier can use: every folder with a {@code model.json} directly under one of the
 * model roots — the models shipped with the app (system property {@value #BUNDLED_PROPERTY}) and
 * the user's own ({@code <data>/models}).
 */
public final class ModelLibrary {

  public static final String BUNDLED_PROPERTY = "atelier.models";

  /** A model folder and its manifest. */
  public record Installed(Path dir, ModelManifest manifest) {
    public String id() {
      return manifest.id();
    }
  }

  /** A folder that looked like a model but whose manifest could not be read. */
  public record Broken(Path dir, String reason) {}

  private final List<Path> roots;

  public ModelLibrary(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** The shipped models (if the property is set) and {@code userModels}. */
  public static ModelLibrary standard(Path userModels) {
    List<Path> roots = new ArrayList<>();
    String bundled = System.getProperty(BUNDLED_PROPERTY);
    if (bundled != null && !bundled.isBlank()) {
      roots.add(Path.of(bundled));
    }
    roots.add(userModels);
    return new ModelLibrary(roots);
  }

  public List<Path> roots() {
    return roots;
  }

  /** Installed models, sorted by id; a folder given directly as a root counts too. */
  public List<Installed> list() {
    List<Installed> out = new ArrayList<>();
    scan(out, new ArrayList<>());
    out.sort(Comparator.comparing(Installed::id));
    return out;
  }

  /** Folders with an unreadable {@code model.json}. */
  public List<Broken> broken() {
    List<Broken> broken = new ArrayList<>();
    scan(new ArrayList<>(), broken);
    return broken;
  }

  private void scan(List<Installed> ok, List<Broken> broken) {
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      List<Path> candidates = new ArrayList<>();
      if (Files.exists(root.resolve(ModelManifest.FILE_NAME))) {
        candidates.add(root);
      }
      try (Stream<Path> children = Files.list(root)) {
        children
            .filter(p -> !p.getFileName().toString().startsWith(".")) // e.g. an import under way
            .filter(p -> Files.exists(p.resolve(ModelManifest.FILE_NAME)))
            .sorted()
            .forEach(candidates::add);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list models in " + root, e);
      }
      for (Path dir : candidates) {
        try {
          ok.add(new Installed(dir, ModelManifest.read(dir)));
        } catch (ModelIntegrityException e) {
          broken.add(new Broken(dir, e.getMessage()));
        }
      }
    }
  }

  /**
   * Finds a model by id ({@code name@version}), by name (the first found), or by folder path.
   *
   * @throws IllegalArgumentException naming the installed ones when none matches
   */
  public Installed find(String idNameOrPath) {
    Path asPath = Path.of(idNameOrPath);
    if (Files.exists(asPath.resolve(ModelManifest.FILE_NAME))) {
      return new Installed(asPath, ModelManifest.read(asPath));
    }
    List<Installed> all = list();
    Optional<Installed> match =
        all.stream()
            .filter(m -> m.id().equals(idNameOrPath) || m.manifest().name().equals(idNameOrPath))
            .findFirst();
    return match.orElseThrow(
        () ->
            new IllegalArgumentException(
                "No model \""
                    + idNameOrPath
                    + "\"; installed: "
                    + (all.isEmpty()
                        ? "none (looked in " + roots + ")"
                        : String.join(", ", all.stream().map(Installed::id).toList()))));
  }

  /**
   * The model named by {@code idNameOrPath}, or the first installed one when it is null.
   *
   * @throws IllegalArgumentException when there is none
   */
  public Installed chosenOrFirst(String idNameOrPath) {
    if (idNameOrPath != null) {
      return find(idNameOrPath);
    }
    return first()
        .orElseThrow(() -> new IllegalArgumentException("No model installed in " + roots));
  }

  /** The first installed model, the default for generation. */
  public Optional<Installed> first() {
    return list().stream().findFirst();
  }

  /**
   * How a model of this kind reads prompts, known before it is loaded: the built-in kind's words
   * and length; other kinds read any words, and their length is checked once loaded ({@link
   * DiffusionModel#prompts()}).
   */
  public static PromptReader promptsOf(Installed model) {
    String kind = model.manifest().kind();
    if (TinyModelBuilder.KIND.equals(kind)) {
      return TinyPromptReader.INSTANCE;
    }
    return PromptReader.OPEN;
  }

  /**
   * Verifies the model's files and loads it.
   *
   * @throws ModelIntegrityException when a file is missing or altered
   * @throws IllegalArgumentException for a kind this build cannot run
   */
  public static DiffusionModel load(Installed model) {
    return load(model, LoadListener.NONE, dev.atelier.task.CancellationToken.NONE);
  }

  /**
   * {@link #load(Installed)} with progress (a checkpoint of several gigabytes is hashed, then read)
   * and cancel.
   *
   * @throws java.util.concurrent.CancellationException when cancelled
   */
  public static DiffusionModel load(
      Installed model, LoadListener listener, dev.atelier.task.CancellationToken cancel) {
    String kind = model.manifest().kind();
    if (SdCheckpointModel.KIND.equals(kind)) {
      return SdCheckpointModel.load(model.dir(), listener, cancel);
    }
    if (TinyModelBuilder.KIND.equals(kind)) {
      return TinyDiffusionModel.load(model.dir());
    }
    if (SdTorchScriptModel.KIND.equals(kind)) {
      return SdTorchScriptModel.load(model.dir());
    }
    throw new IllegalArgumentException(
        "Model " + model.id() + " is of kind \"" + kind + "\", which this Atelier cannot run");
  }
}
