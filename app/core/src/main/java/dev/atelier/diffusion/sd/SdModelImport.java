package dev.atelier.diffusion.sd;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.ModelManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a folder of exported Stable-Diffusion TorchScript files into an Atelier model: hashes every
 * file and writes {@code model.json}. From then on the files are verified before each load.
 */
public final class SdModelImport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SdModelImport() {}

  /**
   * Writes {@code dir/model.json}.
   *
   * @throws IllegalArgumentException naming the first expected file that is missing
   */
  public static ModelManifest write(
      Path dir,
      String name,
      String version,
      String license,
      SdConfig config,
      GenerationDefaults defaults)
      throws IOException {
    List<ModelManifest.FileEntry> files = new ArrayList<>();
    for (String f : SdTorchScriptModel.FILES) {
      if (!Files.isRegularFile(dir.resolve(f))) {
        throw new IllegalArgumentException(
            dir + " lacks " + f + "; a Stable-Diffusion export needs " + SdTorchScriptModel.FILES);
      }
      files.add(ModelManifest.describe(dir, f));
    }
    Map<String, Object> d = defaults.toMap();
    ModelManifest manifest =
        new ModelManifest(
            name,
            version,
            SdTorchScriptModel.KIND,
            "Stable-Diffusion-format TorchScript export",
            license,
            files,
            JSON.valueToTree(config),
            d,
            null);
    manifest.write(dir);
    return manifest;
  }
}
