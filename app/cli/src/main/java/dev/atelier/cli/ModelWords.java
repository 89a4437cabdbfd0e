package dev.atelier.cli;

import dev.atelier.diffusion.ModelManifest;
import dev.atelier.diffusion.sd.SdCheckpointModel;
import dev.atelier.diffusion.sd.SdTorchScriptModel;
import dev.atelier.diffusion.tiny.TinyModelBuilder;
import java.util.Locale;

/** How the command line names model kinds and sizes. */
final class ModelWords {

  private ModelWords() {}

  /** The kind in a word or two: Atelier UNet (the built-in design), SD checkpoint, TorchScript. */
  static String kind(ModelManifest m) {
    return switch (m.kind()) {
      case TinyModelBuilder.KIND -> "Atelier UNet";
      case SdCheckpointModel.KIND -> "SD checkpoint";
      case SdTorchScriptModel.KIND -> "TorchScript";
      default -> m.kind();
    };
  }

  /** Bytes in the unit model sites use: "2.13 GB", "7.1 MB", "512 B" (powers of 1000). */
  static String size(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(
        Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }
}
