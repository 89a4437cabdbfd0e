package dev.atelier.gui.generate;

import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.sd.SdCheckpointModel;
import dev.atelier.diffusion.sd.SdTorchScriptModel;
import dev.atelier.diffusion.tiny.TinyModelBuilder;
import dev.atelier.gui.common.ByteSizes;

/** An installed model in the model picker, with the settings it recommends. */
public record ModelChoice(ModelLibrary.Installed installed, GenerationDefaults defaults) {

  /** Defaults for models whose manifest names none (those of Stable-Diffusion-like models). */
  static final GenerationDefaults LARGE = GenerationDefaults.STABLE_DIFFUSION;

  /** Defaults for the built-in kind of model. */
  static final GenerationDefaults SMALL =
      new GenerationDefaults("dpmpp-2m-karras", 20, 3.0, 64, 64);

  static ModelChoice of(ModelLibrary.Installed installed) {
    GenerationDefaults fallback =
        TinyModelBuilder.KIND.equals(installed.manifest().kind()) ? SMALL : LARGE;
    return new ModelChoice(
        installed, GenerationDefaults.from(installed.manifest().defaults(), fallback));
  }

  public String id() {
    return installed.id();
  }

  /** The model's kind in words: "Built-in", "Stable Diffusion checkpoint", "TorchScript export". */
  public String kindText() {
    String kind = installed.manifest().kind();
    if (TinyModelBuilder.KIND.equals(kind)) {
      return "Built-in";
    }
    if (SdCheckpointModel.KIND.equals(kind)) {
      return "Stable Diffusion checkpoint";
    }
    if (SdTorchScriptModel.KIND.equals(kind)) {
      return "TorchScript export";
    }
    return "Model of kind \"" + kind + "\"";
  }

  /** Whether LoRAs can be merged into it: Stable Diffusion checkpoints only. */
  public boolean takesLoras() {
    return SdCheckpointModel.KIND.equals(installed.manifest().kind());
  }

  /** The size of the model's files: "2.1 GB". */
  public String sizeText() {
    return ByteSizes.of(installed.manifest().totalBytes());
  }

  /** The line under the model's name: "Stable Diffusion checkpoint · 2.1 GB". */
  public String detailText() {
    return kindText() + " · " + sizeText();
  }

  /** What the manifest says of the model ("Stable Diffusion 1.x, single file"); may be empty. */
  public String description() {
    String d = installed.manifest().description();
    return d == null ? "" : d;
  }

  @Override
  public String toString() {
    return installed.id();
  }
}
