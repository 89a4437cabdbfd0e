package dev.atelier.gui.generate;

import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelLibrary;

/** An installed model in the model picker, with the settings it recommends. */
public record ModelChoice(ModelLibrary.Installed installed, GenerationDefaults defaults) {

  /** Defaults for models whose manifest names none (those of Stable-Diffusion-like models). */
  static final GenerationDefaults LARGE =
      new GenerationDefaults("dpmpp-2m-karras", 25, 7.5, 512, 512);

  /** Defaults for the built-in kind of model. */
  static final GenerationDefaults SMALL =
      new GenerationDefaults("dpmpp-2m-karras", 20, 3.0, 64, 64);

  static ModelChoice of(ModelLibrary.Installed installed) {
    GenerationDefaults fallback = "builtin".equals(installed.manifest().kind()) ? SMALL : LARGE;
    return new ModelChoice(
        installed, GenerationDefaults.from(installed.manifest().defaults(), fallback));
  }

  public String id() {
    return installed.id();
  }

  @Override
  public String toString() {
    return installed.id();
  }
}
