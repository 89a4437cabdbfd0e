package dev.atelier.gui.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atelier.Studio;
import dev.atelier.config.AppDirs;
import dev.atelier.diffusion.ModelLibrary;
import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.generate.GenerationService;
import dev.atelier.generate.ParametersText;
import dev.atelier.gui.Fixtures;
import dev.atelier.gui.common.AssetSelection;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.EngineStatusModel;
import dev.atelier.gui.common.Notices;
import dev.atelier.png.PngText;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PNG dropped on the Generate screen fills its form, and says what it could not restore. */
class SettingsRestoreTest {

  @TempDir Path home;
  private Studio studio;
  private GenerateViewModel vm;

  @BeforeEach
  void start() {
    studio = Studio.start(AppDirs.under(home), Clock.systemUTC());
    BackgroundRunner runner = BackgroundRunner.sameThread();
    vm =
        new GenerateViewModel(
            studio.generation(),
            studio.generation().library()::list,
            studio.keeping(),
            studio.catalog(),
            studio.clock(),
            new EngineStatusModel(runner, () -> Fixtures.ENGINE),
            runner,
            new AssetSelection(),
            new Notices(),
            home.resolve("queue.json"),
            () -> 1000L);
    vm.activate();
  }

  @AfterEach
  void close() {
    vm.close();
    studio.close();
  }

  private Path png(String name, byte[] png) throws Exception {
    Path file = home.resolve(name);
    Files.write(file, png);
    return file;
  }

  private static byte[] blank() {
    return new RgbImage(8, 8, new byte[8 * 8 * 3]).toPng();
  }

  @Test
  void anAtelierImageRestoresEverySettingAndLocksTheSeed() throws Exception {
    ModelLibrary.Installed tiny = vm.form().modelProperty().get().installed();
    GenerationRequest request =
        new GenerationRequest(
            "sunset, flow field", "grey", 77, SamplerKind.EULER_ANCESTRAL, 7, 2.5, 48, 32, 2, 0);
    Path file =
        png(
            "atelier.png",
            GenerationService.withSettings(
                blank(),
                request,
                1,
                new ParametersText.ModelInfo(
                    tiny.manifest().name(), tiny.manifest().weightsSha256())));

    assertThat(GenerateView.dropped(vm.form().settingsRestore(), List.of(new File("x.txt"))))
        .as("only PNGs are taken")
        .isFalse();
    SettingsRestore restore = vm.form().settingsRestore();
    assertThat(GenerateView.dropped(restore, List.of(file.toFile()))).isTrue();

    GenerateFormModel form = vm.form();
    assertThat(form.promptProperty().get()).isEqualTo("sunset, flow field");
    assertThat(form.negativePromptProperty().get()).isEqualTo("grey");
    assertThat(form.seedProperty().get()).isEqualTo(78L);
    assertThat(form.seedLockedProperty().get()).isTrue();
    assertThat(form.samplerProperty().get()).isEqualTo(SamplerKind.EULER_ANCESTRAL);
    assertThat(form.stepsProperty().get()).isEqualTo(7);
    assertThat(form.guidanceProperty().get()).isEqualTo(2.5);
    assertThat(form.widthProperty().get()).isEqualTo(48);
    assertThat(form.heightProperty().get()).isEqualTo(32);
    assertThat(form.modelProperty().get().installed()).isEqualTo(tiny);
    assertThat(restore.noticeProperty().get()).isEqualTo("Settings restored from atelier.png.");
  }

  @Test
  void aModelThatIsNotInstalledAndAnUnknownSamplerAreNamedInTheNotice() throws Exception {
    String chosen = vm.form().modelProperty().get().id();
    Path file =
        png(
            "webui.png",
            PngText.withText(
                blank(),
                ParametersText.KEYWORD,
                "a red fox\nSteps: 30, Sampler: UniPC, CFG scale: 6.5, Seed: 1234,"
                    + " Size: 512x512, Model hash: 7f96a1a9ca, Model: anything-v5"));
    SettingsRestore restore = vm.form().settingsRestore();
    restore.restoreFrom(file);

    assertThat(vm.form().promptProperty().get()).isEqualTo("a red fox");
    assertThat(vm.form().stepsProperty().get()).isEqualTo(30);
    assertThat(vm.form().seedProperty().get()).isEqualTo(1234L);
    assertThat(vm.form().modelProperty().get().id()).as("the model stays").isEqualTo(chosen);
    assertThat(restore.noticeProperty().get())
        .startsWith("Settings restored from webui.png. Another tool made it")
        .contains("Sampler \"UniPC\" is not one Atelier has")
        .contains("model anything-v5 (hash 7f96a1a9ca) is not installed");

    restore.restoreFrom(png("plain.png", blank()));
    assertThat(restore.noticeProperty().get())
        .startsWith("Nothing restored from plain.png: This image carries no generation settings");
    assertThat(vm.form().promptProperty().get()).isEqualTo("a red fox");
  }
}
