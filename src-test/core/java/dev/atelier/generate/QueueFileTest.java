package dev.atelier.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.RgbImage;
import dev.atelier.diffusion.sampling.SamplerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue file: whole requests come back in order with their inputs; an entry whose start picture
 * is gone or changed is left out with the reason; a file that is no queue is refused by name.
 */
class QueueFileTest {

  @TempDir Path dir;

  private static GenerationRequest plain(String prompt, long seed) {
    return new GenerationRequest(prompt, "blurry", seed, SamplerKind.DDIM, 12, 4.5, 64, 48, 3, 2);
  }

  private Path picture(String name, int shade) throws Exception {
    byte[] rgb = new byte[8 * 8 * 3];
    java.util.Arrays.fill(rgb, (byte) shade);
    Path file = dir.resolve(name);
    Files.write(file, new RgbImage(8, 8, rgb).toPng());
    return file;
  }

  @Test
  void requestsComeBackInOrderWithTheirStartPictureHiresAndLoras() throws Exception {
    Path dunes = picture("dunes.png", 90);
    GenerationRequest withInputs =
        plain("dunes at noon", 7)
            .withStart(StartImages.read(dunes, 0.55))
            .withHires(new GenerationRequest.Hires(1.5, 0.4))
            .withLoras(
                List.of(new GenerationRequest.LoraChoice(dir.resolve("ink.safetensors"), -0.75)));
    List<QueueFile.Entry> entries =
        List.of(
            new QueueFile.Entry("sd15@1", withInputs, dunes),
            new QueueFile.Entry("atelier-tiny@4", plain("tide pools", 1L << 47), null));
    Path file = dir.resolve("data/queue.json");

    QueueFile.write(file, entries);
    QueueFile.Contents back = QueueFile.read(file);

    assertThat(back.leftOut()).isEmpty();
    assertThat(back.entries()).hasSize(2);
    QueueFile.Entry first = back.entries().get(0);
    assertThat(first.modelId()).isEqualTo("sd15@1");
    assertThat(first.startFile()).isEqualTo(dunes.toAbsolutePath());
    GenerationRequest r = first.request();
    assertThat(r.prompt()).isEqualTo("dunes at noon");
    assertThat(r.negativePrompt()).isEqualTo("blurry");
    assertThat(r.seed()).isEqualTo(7);
    assertThat(r.sampler()).isEqualTo(SamplerKind.DDIM);
    assertThat(r.steps()).isEqualTo(12);
    assertThat(r.guidance()).isEqualTo(4.5);
    assertThat(r.width()).isEqualTo(64);
    assertThat(r.height()).isEqualTo(48);
    assertThat(r.variants()).isEqualTo(3);
    assertThat(r.previewEvery()).isEqualTo(2);
    assertThat(r.start().sha256()).isEqualTo(withInputs.start().sha256());
    assertThat(r.start().strength()).isEqualTo(0.55);
    assertThat(r.start().image().rgb()).isEqualTo(withInputs.start().image().rgb());
    assertThat(r.hires()).isEqualTo(new GenerationRequest.Hires(1.5, 0.4));
    assertThat(r.loras())
        .containsExactly(
            new GenerationRequest.LoraChoice(
                dir.resolve("ink.safetensors").toAbsolutePath(), -0.75));
    assertThat(back.entries().get(1).request()).isEqualTo(entries.get(1).request());
    assertThat(back.entries().get(1).startFile()).isNull();

    QueueFile.write(file, List.of());
    assertThat(QueueFile.read(file).entries()).isEmpty();
  }

  @Test
  void anEntryWhoseStartPictureChangedOrWentIsLeftOutSayingWhy() throws Exception {
    Path dunes = picture("dunes.png", 90);
    Path cliffs = picture("cliffs.png", 30);
    Path file = dir.resolve("queue.json");
    QueueFile.write(
        file,
        List.of(
            new QueueFile.Entry(
                "m@1", plain("dunes", 1).withStart(StartImages.read(dunes, 0.5)), dunes),
            new QueueFile.Entry("m@1", plain("plain", 2), null),
            new QueueFile.Entry(
                "m@1", plain("cliffs", 3).withStart(StartImages.read(cliffs, 0.5)), cliffs)));
    picture("dunes.png", 200); // painted over
    Files.delete(cliffs);

    QueueFile.Contents back = QueueFile.read(file);

    assertThat(back.entries()).extracting(e -> e.request().prompt()).containsExactly("plain");
    assertThat(back.leftOut())
        .containsExactly(
            "\"dunes\": its start picture "
                + dunes.toAbsolutePath()
                + " has changed since it was"
                + " queued",
            "\"cliffs\": No such picture: " + cliffs.toAbsolutePath());
  }

  @Test
  void noFileIsAnEmptyQueueAndAFileThatIsNoQueueIsRefusedByName() throws Exception {
    assertThat(QueueFile.read(dir.resolve("none.json"))).isEqualTo(QueueFile.Contents.EMPTY);

    Path notes = dir.resolve("queue.json");
    Files.writeString(notes, "shopping list");
    assertThatThrownBy(() -> QueueFile.read(notes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(notes + " is not a queue of generations");

    Files.writeString(notes, "{\"version\": 7, \"entries\": []}");
    assertThatThrownBy(() -> QueueFile.read(notes))
        .hasMessage(notes + " is a queue of version 7; this version reads 1");

    assertThatThrownBy(() -> new QueueFile.Entry("m@1", plain("x", 1), notes))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInpaintingRequestComesBackWithItsMask() throws Exception {
    Path dunes = picture("dunes.png", 90);
    byte[] gray = new byte[16 * 16];
    for (int p = 0; p < gray.length; p++) {
      gray[p] = (byte) (p % 16 < 6 ? 255 : p % 7 * 20);
    }
    GenerationRequest.InpaintMask mask =
        GenerationRequest.InpaintMask.of(new dev.atelier.diffusion.GrayImage(16, 16, gray), 5);
    GenerationRequest inpainting =
        plain("dunes at noon", 7).withStart(StartImages.read(dunes, 0.8)).withMask(mask);
    Path file = dir.resolve("queue.json");
    QueueFile.write(file, List.of(new QueueFile.Entry("sd15@1", inpainting, dunes)));

    QueueFile.Contents back = QueueFile.read(file);
    assertThat(back.leftOut()).isEmpty();
    GenerationRequest r = back.entries().getFirst().request();
    assertThat(r.mask()).isEqualTo(mask);
    assertThat(r.mask().mask().gray()).isEqualTo(gray);
    assertThat(r.start().strength()).isEqualTo(0.8);

    String broken =
        Files.readString(file).replaceFirst("\"png\" : \"[^\"]+\"", "\"png\" : \"AAAA\"");
    Files.writeString(file, broken);
    QueueFile.Contents bad = QueueFile.read(file);
    assertThat(bad.entries()).isEmpty();
    assertThat(bad.leftOut()).singleElement().asString().contains("its inpainting mask");
  }
}
