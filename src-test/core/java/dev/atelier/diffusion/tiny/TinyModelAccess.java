package dev.atelier.diffusion.tiny;

/** Lets tests in other packages see a loaded model's native resource count. */
public final class TinyModelAccess {

  private TinyModelAccess() {}

  /** The model manager's description, ending with its live resource count. */
  public static String resources(TinyDiffusionModel model) {
    return model.residentResources().replaceAll(".*Resource size: ", "");
  }

  /** Whether the model still holds its native memory (it is not closed). */
  public static boolean open(TinyDiffusionModel model) {
    return model.residentResources().contains("isOpen: true");
  }
}
