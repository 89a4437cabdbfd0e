package dev.atelier.gui.generate;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * Asks where a checkpoint is: a {@code .safetensors} file, or a diffusers folder. The studio uses
 * the system's choosers ({@link #system()}); tests hand in a path.
 */
interface ModelSourceChooser {

  Optional<Path> file(Window owner);

  Optional<Path> folder(Window owner);

  /**
   * The system's file and folder choosers. They open where the last choice was, else in the
   * Downloads folder when there is one. "All files" is offered too, so that a pickle {@code .ckpt}
   * can be chosen and told why it cannot be used.
   */
  static ModelSourceChooser system() {
    return new ModelSourceChooser() {
      private File lastFolder;

      @Override
      public Optional<Path> file(Window owner) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Choose a Stable Diffusion checkpoint");
        chooser
            .getExtensionFilters()
            .addAll(
                new FileChooser.ExtensionFilter("Safetensors checkpoints", "*.safetensors"),
                new FileChooser.ExtensionFilter("All files", "*"));
        chooser.setInitialDirectory(startFolder());
        return remember(chooser.showOpenDialog(owner));
      }

      @Override
      public Optional<Path> folder(Window owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Choose a diffusers model folder (with unet, vae, text_encoder)");
        chooser.setInitialDirectory(startFolder());
        return remember(chooser.showDialog(owner));
      }

      private File startFolder() {
        if (lastFolder != null && lastFolder.isDirectory()) {
          return lastFolder;
        }
        Path downloads = Path.of(System.getProperty("user.home"), "Downloads");
        return Files.isDirectory(downloads) ? downloads.toFile() : null;
      }

      private Optional<Path> remember(File chosen) {
        if (chosen == null) {
          return Optional.empty();
        }
        lastFolder = chosen.getParentFile();
        return Optional.of(chosen.toPath());
      }
    };
  }
}
