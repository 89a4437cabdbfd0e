package dev.atelier.gui.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.gui.common.BackgroundRunner;
import dev.atelier.gui.common.BackgroundTask;
import dev.atelier.gui.common.Lane;
import dev.atelier.gui.common.TaskHandle;
import dev.atelier.hashing.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start picture of the Generate form, without a window. */
class StartPictureModelTest {

  @TempDir Path dir;
  private final List<String> problems = new ArrayList<>();
  private final SimpleObjectProperty<Integer> steps = new SimpleObjectProperty<>(20);

  private Path png(String name, int w, int h) throws Exception {
    byte[] rgb = new byte[w * h * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 3);
    }
    Path file = dir.resolve(name);
    Files.write(file, new RgbImage(w, h, rgb).toPng());
    return file;
  }

  private static GenerationRequest request(int steps) {
    return new GenerationRequest("dunes", "", 1, SamplerKind.DDIM, steps, 3.0, 32, 32, 1, 0);
  }

  @Test
  void aChosenPictureMakesTheRequestStartFromItAtTheChosenStrength() throws Exception {
    StartPictureModel start =
        new StartPictureModel(BackgroundRunner.sameThread(), problems::add, steps);
    Path file = png("wide.png", 300, 100);
    assertThat(start.applyTo(request(20)).start()).isNull();

    start.choose(file);
    start.strengthProperty().set(0.7500000001);

    StartPictureModel.Picture p = start.pictureProperty().get();
    assertThat(p.description()).isEqualTo("wide.png · 300×100");
    assertThat(p.thumbnail().width()).isEqualTo(StartPictureModel.THUMBNAIL_SIDE);
    assertThat(p.thumbnail().height()).isEqualTo(32);
    assertThat(start.strengthText().get()).isEqualTo("0.75");
    assertThat(start.runsText().get()).isEqualTo("Runs 15 of 20 steps");
    GenerationRequest r = start.applyTo(request(20));
    assertThat(r.start().strength()).isEqualTo(0.75);
    assertThat(r.start().sha256()).isEqualTo(Hashes.sha256Hex(Files.readAllBytes(file)));
    assertThat(r.stepsRun()).isEqualTo(15);
    assertThat(problems).containsExactly("");

    steps.set(1);
    assertThat(start.runsText().get()).startsWith("Runs no step of 1");
    assertThatThrownBy(() -> start.applyTo(request(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("would not run a single step");

    start.clear();
    assertThat(start.applyTo(request(20)).start()).isNull();
  }

  @Test
  void aFileThatIsNoPictureSaysWhyAndKeepsTheEarlierPicture() throws Exception {
    StartPictureModel start =
        new StartPictureModel(BackgroundRunner.sameThread(), problems::add, steps);
    start.choose(png("a.png", 8, 8));
    Path text = dir.resolve("b.jpg");
    Files.writeString(text, "hello");

    start.choose(text);

    assertThat(problems.getLast())
        .isEqualTo(text + " is not a picture Atelier can read (PNG, JPEG, BMP or GIF)");
    assertThat(start.pictureProperty().get().file().getFileName().toString()).isEqualTo("a.png");
    start.choose(dir.resolve("missing.png"));
    assertThat(problems.getLast()).isEqualTo("No such picture: " + dir.resolve("missing.png"));
  }

  @Test
  void onlyTheLatestChoiceIsShownAndGeneratingWaitsForIt() throws Exception {
    HeldLane lane = new HeldLane();
    StartPictureModel start = new StartPictureModel(lane, problems::add, steps);
    Path first = png("first.png", 8, 8);
    Path second = png("second.png", 16, 16);

    start.choose(first);
    start.choose(second);
    assertThat(start.readingProperty().get()).isTrue();
    assertThatThrownBy(() -> start.applyTo(request(20))).hasMessageContaining("still being read");

    lane.finish(1);
    assertThat(start.readingProperty().get()).isFalse();
    lane.finish(0);
    assertThat(start.pictureProperty().get().file()).isEqualTo(second);
  }

  @Test
  void picturesAreOfferedByTheirNames() {
    assertThat(StartPictureModel.accepts(Path.of("a.PNG"))).isTrue();
    assertThat(StartPictureModel.accepts(Path.of("a.jpeg"))).isTrue();
    assertThat(StartPictureModel.accepts(Path.of("a.gif"))).isTrue();
    assertThat(StartPictureModel.accepts(Path.of("a.txt"))).isFalse();
    assertThat(StartPictureModel.accepts(Path.of("png"))).isFalse();
  }

  /** A lane that runs each task only when told to, in any order. */
  private static final class HeldLane implements Lane {
    private final List<Runnable> held = new ArrayList<>();

    @Override
    public <T> TaskHandle start(
        BackgroundTask<T> task, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
      held.add(
          () -> {
            try {
              onSuccess.accept(task.call(null));
            } catch (Exception e) {
              onFailure.accept(e);
            }
          });
      return null;
    }

    void finish(int index) {
      held.get(index).run();
    }

    @Override
    public void toScreen(Runnable update) {
      update.run();
    }

    @Override
    public void close() {}
  }
}
