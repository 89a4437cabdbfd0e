package dev.atelier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding and checking PyTorch installations, against fake folders laid out as pip, conda and
 * libtorch lay them out: one fake per problem, and good ones that come out usable.
 */
class TorchInstallsTest {

  @TempDir Path dir;
  private Path home;
  private Path root;
  private Path driverDir;
  private TorchInstalls installs;

  @BeforeEach
  void setUp() throws IOException {
    home = Files.createDirectories(dir.resolve("home/artist"));
    root = Files.createDirectories(dir.resolve("root"));
    driverDir = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
    touch(driverDir.resolve("libcuda.so.1"));
    installs = new TorchInstalls(Map.of(), home, List.of(root), List.of(driverDir));
  }

  @Test
  void aGoodPipInstallIsUsableFromAnyOfItsFolders() throws IOException {
    Path site = pip(dir.resolve("venv/lib/python3.12/site-packages"), "2.7.1+cu128", "'12.8'");

    for (Path chosen : List.of(site, site.resolve("torch"), site.resolve("torch/lib"))) {
      TorchInstall install = installs.check(chosen);
      assertThat(install.problems()).as(chosen.toString()).isEmpty();
      assertThat(install.usable()).isTrue();
      assertThat(install.libraryDir()).isEqualTo(site.resolve("torch/lib"));
      assertThat(install.version()).isEqualTo("2.7.1+cu128");
      assertThat(install.cuda()).isEqualTo("12.8");
      assertThat(install.origin()).isEqualTo("chosen folder");
    }
  }

  @Test
  void aFolderWithoutLibtorchIsTheWrongFolder() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("Downloads"));

    assertThat(installs.check(empty).problems())
        .containsExactly(
            "There is no PyTorch library (libtorch.so) in "
                + empty
                + ": choose PyTorch's torch/lib folder, the torch folder, the site-packages folder"
                + " that holds it, or a libtorch folder.");
    assertThat(installs.check(dir.resolve("gone")).problems())
        .containsExactly("The folder " + dir.resolve("gone") + " does not exist.");
  }

  @Test
  void anotherVersionSaysWhatWasFoundAndWhatToInstall() throws IOException {
    Path site = pip(dir.resolve("old"), "2.5.1+cu124", "'12.4'");

    TorchInstall install = installs.check(site);

    assertThat(install.usable()).isFalse();
    assertThat(install.version()).isEqualTo("2.5.1+cu124");
    assertThat(install.problems())
        .containsExactly(
            "This is PyTorch 2.5.1+cu124. Atelier's GPU engine needs PyTorch 2.7.1 built for"
                + " CUDA 12.8; install it with: pip install torch==2.7.1 --index-url"
                + " https://download.pytorch.org/whl/cu128");
  }

  @Test
  void aCpuOnlyBuildCannotUseTheGpu() throws IOException {
    Path site = pip(dir.resolve("cpu"), "2.7.1+cpu", "None");

    TorchInstall install = installs.check(site);

    assertThat(install.cuda()).isEmpty();
    assertThat(install.problems()).hasSize(1);
    assertThat(install.problems().get(0))
        .startsWith("This PyTorch 2.7.1+cpu is built without CUDA, so it cannot use an NVIDIA GPU.")
        .contains(TorchInstalls.PIP_COMMAND);
  }

  @Test
  void anotherCudaMajorIsNamed() throws IOException {
    Path site = pip(dir.resolve("cu118"), "2.7.1+cu118", "'11.8'");

    assertThat(installs.check(site).problems())
        .singleElement()
        .asString()
        .startsWith(
            "This PyTorch 2.7.1+cu118 is built for CUDA 11.8, but Atelier's engine is built for"
                + " CUDA 12.");
  }

  @Test
  void aMissingTorchCudaLibraryIsNamed() throws IOException {
    Path site = pip(dir.resolve("broken"), "2.7.1+cu128", "'12.8'");
    Files.delete(site.resolve("torch/lib/libtorch_cuda.so"));

    assertThat(installs.check(site).problems())
        .singleElement()
        .asString()
        .startsWith(
            "PyTorch's CUDA library (libtorch_cuda.so) is missing from " + site + "/torch/lib");
  }

  @Test
  void aMissingCudaRuntimeLibraryIsNamed() throws IOException {
    Path site = pip(dir.resolve("nocudnn"), "2.7.1+cu128", "'12.8'");
    Files.delete(site.resolve("nvidia/cudnn/lib/libcudnn.so.9"));

    assertThat(installs.check(site).problems())
        .singleElement()
        .asString()
        .startsWith(
            "The cuDNN library libcudnn.so.9 was not found next to PyTorch or in this computer's"
                + " library folders: reinstall PyTorch so that pip brings its NVIDIA packages");
  }

  @Test
  void aMissingDriverIsNamedAndLdLibraryPathIsSearched() throws IOException {
    Path site = pip(dir.resolve("venv"), "2.7.1+cu128", "'12.8'");
    TorchInstalls noDriver = new TorchInstalls(Map.of(), home, List.of(root), List.of());

    assertThat(noDriver.check(site).problems())
        .containsExactly(
            "The NVIDIA driver's library (libcuda.so.1) was not found in this computer's library"
                + " folders: install the NVIDIA driver for your GPU, then restart the studio.");

    TorchInstalls onPath =
        new TorchInstalls(
            Map.of("LD_LIBRARY_PATH", "/nowhere:" + driverDir), home, List.of(root), List.of());
    assertThat(onPath.check(site).usable()).isTrue();
  }

  @Test
  void aLibtorchDistributionWithHashedLibrariesIsUsable() throws IOException {
    Path libtorch = dir.resolve("libtorch");
    Path lib = Files.createDirectories(libtorch.resolve("lib"));
    for (String file :
        List.of(
            "libtorch.so",
            "libtorch_cuda.so",
            "libcudart-9335f6a2.so.12",
            "libcublas-37d11411.so.12",
            "libcudnn.so.9")) {
      touch(lib.resolve(file));
    }
    Files.writeString(libtorch.resolve("build-version"), "2.7.1+cu128\n");

    TorchInstall install = installs.check(libtorch);

    assertThat(install.problems()).isEmpty();
    assertThat(install.libraryDir()).isEqualTo(lib);
    assertThat(install.version()).isEqualTo("2.7.1+cu128");
    assertThat(install.cuda()).isEqualTo("12.8");
    Files.delete(lib.resolve("libcublas-37d11411.so.12"));
    assertThat(installs.check(lib).problems())
        .singleElement()
        .asString()
        .contains("libcublas.so.12");
  }

  @Test
  void aCondaEnvironmentFindsItsLibrariesInItsOwnLib() throws IOException {
    Path env = dir.resolve("conda/envs/sd");
    Path site = env.resolve("lib/python3.11/site-packages");
    Path lib = Files.createDirectories(site.resolve("torch/lib"));
    touch(lib.resolve("libtorch.so"));
    touch(lib.resolve("libtorch_cuda.so"));
    Files.writeString(
        site.resolve("torch/version.py"), "__version__ = '2.7.1'\ndebug = False\ncuda = '12.8'\n");
    for (String file : List.of("libcudart.so.12", "libcublas.so.12", "libcudnn.so.9")) {
      touch(env.resolve("lib").resolve(file));
    }

    TorchInstall install = installs.check(env.resolve("lib/python3.11/site-packages/torch"));

    assertThat(install.problems()).isEmpty();
    assertThat(install.cuda()).isEqualTo("12.8");
  }

  @Test
  void aLibraryWithoutVersionIsNotGuessed() throws IOException {
    Path bare = Files.createDirectories(dir.resolve("bare"));
    touch(bare.resolve("libtorch.so"));

    assertThat(installs.check(bare).problems())
        .singleElement()
        .asString()
        .startsWith("Atelier cannot tell which PyTorch version is in " + bare);
  }

  @Test
  void findsEachInstallOnceWithWhereItIs() throws IOException {
    pip(home.resolve(".local/lib/python3.12/site-packages"), "2.7.1+cu128", "'12.8'");
    Path condaEnv = home.resolve("miniconda3/envs/sd");
    pip(condaEnv.resolve("lib/python3.11/site-packages"), "2.7.1+cpu", "None");
    pip(root.resolve("usr/lib/python3/dist-packages"), "1.13.0a0", "None");
    Files.createDirectories(home.resolve("anaconda3/lib/python3.10/site-packages/numpy"));
    TorchInstalls looking =
        new TorchInstalls(
            Map.of("CONDA_PREFIX", condaEnv.toString()), home, List.of(root), List.of(driverDir));

    List<TorchInstall> found = looking.find();

    assertThat(found)
        .extracting(TorchInstall::origin)
        .containsExactly(
            "conda ~/miniconda3/envs/sd",
            "pip (~/.local)",
            "system Python (" + root.resolve("usr/lib/python3/dist-packages") + ")");
    assertThat(found)
        .extracting(TorchInstall::version)
        .containsExactly("2.7.1+cpu", "2.7.1+cu128", "1.13.0a0");
    assertThat(found).extracting(TorchInstall::usable).containsExactly(false, true, false);
  }

  @Test
  void readsTheCudaVersionFromTheLocalPart() {
    assertThat(TorchLayout.cudaOf("2.7.1+cu128")).isEqualTo("12.8");
    assertThat(TorchLayout.cudaOf("2.11.0+cu130")).isEqualTo("13.0");
    assertThat(TorchLayout.cudaOf("2.7.1+cpu")).isEmpty();
    assertThat(TorchLayout.cudaOf("2.7.1")).isEmpty();
  }

  @Test
  void readsTheLoadersConfiguredFolders() throws IOException {
    Path conf = Files.createDirectories(dir.resolve("ld.so.conf.d"));
    Files.writeString(conf.resolve("cuda.conf"), "# CUDA\n/usr/local/cuda-12.8/lib64\n");
    Files.writeString(conf.resolve("notes.txt"), "/ignored\n");

    assertThat(CudaLibraries.configuredDirs(conf))
        .containsExactly(Path.of("/usr/local/cuda-12.8/lib64"));
  }

  /** A pip layout: torch with its libraries and version, and NVIDIA's packages beside it. */
  private static Path pip(Path site, String version, String cuda) throws IOException {
    Path lib = Files.createDirectories(site.resolve("torch/lib"));
    touch(lib.resolve("libtorch.so"));
    touch(lib.resolve("libtorch_cuda.so"));
    Files.writeString(
        site.resolve("torch/version.py"),
        "from typing import Optional\n\n__all__ = ['__version__', 'debug', 'cuda']\n"
            + "__version__ = '"
            + version
            + "'\ndebug = False\ncuda: Optional[str] = "
            + cuda
            + "\nhip: Optional[str] = None\n");
    touch(site.resolve("nvidia/cuda_runtime/lib/libcudart.so.12"));
    touch(site.resolve("nvidia/cublas/lib/libcublas.so.12"));
    touch(site.resolve("nvidia/cudnn/lib/libcudnn.so.9"));
    return site;
  }

  private static void touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, new byte[0]);
  }
}
