package dev.atelier.gui.settings;

import dev.atelier.engine.TorchInstall;

/**
 * A PyTorch installation as the Device settings list it.
 *
 * @param install the installation
 * @param title where it is: "pip (~/.local) ·
 *     /home/me/.local/lib/python3.12/site-packages/torch/lib"
 * @param status "Usable: PyTorch 2.7.1+cu128 for CUDA 12.8", or its problems, one sentence each
 */
public record InstallRow(TorchInstall install, String title, String status) {

  static InstallRow of(TorchInstall install) {
    String title = install.origin() + " · " + install.libraryDir();
    String what =
        "PyTorch "
            + (install.version().isBlank() ? "of unknown version" : install.version())
            + (install.cuda().isBlank() ? ", CPU only" : " for CUDA " + install.cuda());
    String status =
        install.usable() ? "Usable: " + what + "." : String.join("\n", install.problems());
    return new InstallRow(install, title, status);
  }

  public boolean usable() {
    return install.usable();
  }

  @Override
  public String toString() {
    return title;
  }
}
