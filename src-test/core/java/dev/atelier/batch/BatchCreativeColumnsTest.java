package dev.atelier.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atelier.diffusion.GenerationDefaults;
import dev.atelier.diffusion.GrayImage;
import dev.atelier.generate.GenerationRequest;
import dev.atelier.hashing.Hashes;
import dev.atelier.testing.InpaintChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The creative columns of a batch file: file names are relative to the batch file's folder (not the
 * working directory), empty fields take {@code generate}'s defaults, each file is read by its
 * reader and kept as its path and SHA-256, and every bad value in the file is reported with its
 * line and column before anything runs.
 */
class BatchCreativeColumnsTest {

  private static final Path LORA =
      Path.of(System.getProperty("atelier.fixtures"), "lora", "lora.safetensors");

  @TempDir Path dir;
  private final GenerationDefaults defaults = new GenerationDefaults("ddim", 20, 3.0, 64, 64);
  private Path start;
  private Path mask;
  private Path lora;
  private Path otherLora;

  @BeforeEach
  void inputs() throws Exception {
    Files.createDirectories(dir.resolve("art/loras"));
    start = Files.write(dir.resolve("art/start.png"), InpaintChecks.picture(32, 32).toPng());
    mask =
        Files.write(
            dir.resolve("art/mask.png"), InpaintChecks.rectangle(32, 32, 4, 4, 20, 20).toPng());
    lora = Files.copy(LORA, dir.resolve("art/loras/ink.safetensors"));
    otherLora = Files.copy(LORA, dir.resolve("art/loras/other.safetensors"));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve("art").resolve(name), text);
  }

  private static String sha(Path file) throws Exception {
    return Hashes.sha256Hex(Files.readAllBytes(file));
  }

  @Test
  void csvColumnsResolveAgainstTheBatchFilesFolderWithGeneratesDefaults() throws Exception {
    Path file =
        write(
            "batch.csv",
            "prompt,init_image,strength,mask,mask_blur,invert_mask,loras,hires,hires_strength\n"
                + "inpaint,start.png,0.8,mask.png,2,,,,\n"
                + "defaults,start.png,,mask.png,,yes,loras/ink.safetensors:0.8;loras/other"
                + ".safetensors,,\n"
                + "bigger,,,,,,,1.5,\n"
                + "from noise,,,,,,,,\n");
    List<BatchItem> items = BatchService.resolve(BatchFile.read(file), defaults, 1);

    BatchItem inpaint = items.get(0);
    assertThat(inpaint.line()).isEqualTo(2);
    assertThat(inpaint.start())
        .isEqualTo(new BatchItem.StartFile(start.toAbsolutePath(), sha(start), 0.8));
    assertThat(inpaint.mask())
        .isEqualTo(new BatchItem.MaskFile(mask.toAbsolutePath(), sha(mask), 2, false));
    assertThat(inpaint.loras()).isEmpty();
    assertThat(inpaint.settings().start()).as("pictures are not held").isNull();

    BatchItem withDefaults = items.get(1);
    assertThat(withDefaults.start().strength())
        .isEqualTo(GenerationRequest.StartImage.DEFAULT_STRENGTH);
    assertThat(withDefaults.mask().blur())
        .as("the default blur at the item's size")
        .isEqualTo(GenerationRequest.InpaintMask.defaultBlur(64, 64));
    assertThat(withDefaults.mask().inverted()).isTrue();
    assertThat(withDefaults.mask().sha256()).as("the file's own hash").isEqualTo(sha(mask));
    assertThat(withDefaults.loras())
        .containsExactly(
            new BatchItem.LoraFile(lora.toAbsolutePath(), sha(LORA), 0.8),
            new BatchItem.LoraFile(otherLora.toAbsolutePath(), sha(LORA), 1));

    assertThat(items.get(2).settings().hires())
        .isEqualTo(new GenerationRequest.Hires(1.5, GenerationRequest.Hires.DEFAULT_STRENGTH));
    assertThat(items.get(3).start()).isNull();
    assertThat(items.get(3).mask()).isNull();
    assertThat(items.get(3).settings().hires()).isNull();
  }

  @Test
  void jsonLinesTakeLorasAsAListOfFilesOrObjectsAndBooleansAndNumbers() throws Exception {
    Path file =
        write(
            "batch.jsonl",
            "{\"prompt\":\"a\",\"init_image\":\"start.png\",\"strength\":0.5,\"mask\":\"mask.png\","
                + "\"mask_blur\":0,\"invert_mask\":true,\"hires\":null,"
                + "\"loras\":[{\"file\":\"loras/ink.safetensors\",\"weight\":-0.5},"
                + "\"loras/other.safetensors:2\",{\"file\":\"loras/ink.safetensors\"}]}\n"
                + "{\"prompt\":\"b\",\"lora\":\"loras/ink.safetensors:0.3\",\"hires\":2,"
                + "\"hires_strength\":0.4}\n");
    List<BatchItem> items = BatchService.resolve(BatchFile.read(file), defaults, 1);
    BatchItem a = items.get(0);
    assertThat(a.start().strength()).isEqualTo(0.5);
    assertThat(a.mask()).isEqualTo(new BatchItem.MaskFile(mask, sha(mask), 0, true));
    assertThat(a.loras())
        .extracting(BatchItem.LoraFile::file, BatchItem.LoraFile::weight)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(lora.toAbsolutePath(), -0.5),
            org.assertj.core.groups.Tuple.tuple(otherLora.toAbsolutePath(), 2.0),
            org.assertj.core.groups.Tuple.tuple(lora.toAbsolutePath(), 1.0));
    BatchItem b = items.get(1);
    assertThat(b.loras()).extracting(BatchItem.LoraFile::weight).containsExactly(0.3);
    assertThat(b.settings().hires()).isEqualTo(new GenerationRequest.Hires(2, 0.4));
  }

  @Test
  void anItemIsStoredWithItsRunAndReadBackTheSame() throws Exception {
    Path file =
        write(
            "batch.csv",
            "prompt,seed,init_image,strength,mask,mask_blur,invert_mask,loras,hires\n"
                + "a,3,start.png,0.7,mask.png,3,true,loras/ink.safetensors:0.8,\n"
                + "b,4,,,,,,,1.5\n");
    for (BatchItem item : BatchService.resolve(BatchFile.read(file), defaults, 1)) {
      assertThat(StoredItems.fromJson(StoredItems.toJson(item))).isEqualTo(item);
    }
    // A run recorded before the creative columns existed reads as text-to-image.
    BatchItem old =
        StoredItems.fromJson(
            "{\"prompt\":\"p\",\"negative\":\"\",\"seed\":1,\"sampler\":\"ddim\",\"steps\":2,"
                + "\"guidance\":3.0,\"width\":32,\"height\":32,\"variants\":1}");
    assertThat(old.start()).isNull();
    assertThat(old.loras()).isEmpty();
    assertThat(old.line()).isZero();
  }

  @Test
  void everyBadValueIsReportedWithItsLineAndColumnBeforeAnythingRuns() throws Exception {
    GrayImage wideMask = InpaintChecks.rectangle(64, 32, 0, 0, 8, 8);
    Files.write(dir.resolve("art/wide.png"), wideMask.toPng());
    Files.writeString(dir.resolve("art/notes.png"), "not a picture");
    Files.writeString(dir.resolve("art/notes.safetensors"), "not a LoRA");
    Path file =
        write(
            "bad.csv",
            "prompt,steps,init_image,strength,mask,mask_blur,invert_mask,loras,hires,hires_strength\n"
                + "ok,4,start.png,0.5,mask.png,,,,,\n" // 2
                + "a,4,,0.5,,,,,,\n" // 3
                + "b,4,,,mask.png,,,,,\n" // 4
                + "c,4,gone.png,,,,,,,\n" // 5
                + "d,4,start.png,1.5,,,,,,\n" // 6
                + "e,4,start.png,,mask.png,65,,,,\n" // 7
                + "f,4,start.png,,mask.png,,maybe,,,\n" // 8
                + "g,4,,,,,,loras/ink.safetensors:9,,\n" // 9
                + "h,4,,,,,,loras/none.safetensors,,\n" // 10
                + "i,4,,,,,,notes.safetensors,,\n" // 11
                + "j,4,,,,,,,3,\n" // 12
                + "k,4,,,,,,,,0.5\n" // 13
                + "l,4,start.png,,wide.png,,,,,\n" // 14
                + "m,4,start.png,,mask.png,,,,1.5,\n" // 15
                + "n,4,start.png,0.1,,,,,,\n" // 16
                + "o,4,notes.png,,,,,,,\n" // 17
                + "p,4,,abc,,,,,,\n"); // 18
    assertThatThrownBy(() -> BatchService.resolve(BatchFile.read(file), defaults, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad.csv has errors (nothing was generated)")
        .hasMessageNotContaining("line 2")
        .hasMessageContaining("line 3, column strength: strength needs init_image")
        .hasMessageContaining(
            "line 4, column mask: mask needs init_image: the mask says which part of that picture"
                + " to paint again")
        .hasMessageContaining(
            "line 5, column init_image: No such picture: " + dir.resolve("art/gone.png"))
        .hasMessageContaining(
            "line 6, column strength: Strength must be above 0 and at most 1, not 1.5")
        .hasMessageContaining(
            "line 7, column mask_blur: The mask blur must be 0 to 64 pixels, not 65")
        .hasMessageContaining(
            "line 8, column invert_mask: invert_mask must be true or false (yes/no, 1/0), not"
                + " \"maybe\"")
        .hasMessageContaining("line 9, column loras: A LoRA's weight must be -4 to 4, not 9.0")
        .hasMessageContaining("line 10, column loras: No such LoRA file: ")
        .hasMessageContaining("line 11, column loras: ")
        .hasMessageContaining(
            "line 12, column hires: The hires scale must be more than 1 and at most 2, not 3.0")
        .hasMessageContaining("line 13, column hires_strength: hires_strength needs hires")
        .hasMessageContaining(
            "line 14, column mask: The mask is 64×32 but the start picture 32×32: a mask must have"
                + " the start picture's proportions")
        .hasMessageContaining("line 15, column mask: Inpainting does not combine with a hires pass")
        .hasMessageContaining(
            "line 16, column strength: At strength 0.1 a 4-step run would not run a single step")
        .hasMessageContaining(
            "line 17, column init_image: "
                + dir.resolve("art/notes.png")
                + " is not a picture Atelier can read")
        .hasMessageContaining("line 18, column strength: strength must be a number, not \"abc\"")
        .satisfies(
            e ->
                assertThat(e.getMessage().lines().filter(l -> l.startsWith("  line 11, ")))
                    .singleElement()
                    .asString()
                    .contains("notes.safetensors"));
  }

  @Test
  void malformedJsonValuesAreRefusedWhenTheFileIsRead() throws Exception {
    assertThatThrownBy(
            () ->
                BatchFile.read(
                    write(
                        "w.jsonl",
                        "{\"prompt\":\"a\"}\n"
                            + "{\"prompt\":\"a\",\"loras\":[{\"file\":\"x\",\"weight\":\"heavy\"}]}\n")))
        .hasMessageContaining("line 2, column loras: a LoRA's weight must be a number");
    assertThatThrownBy(
            () ->
                BatchFile.read(
                    write("k.jsonl", "{\"prompt\":\"a\",\"loras\":[{\"file\":\"x\",\"w\":1}]}\n")))
        .hasMessageContaining("line 1, column loras: unknown LoRA field \"w\"");
    assertThatThrownBy(() -> BatchFile.read(write("l.jsonl", "{\"prompt\":\"a\",\"loras\":[3]}\n")))
        .hasMessageContaining("line 1, column loras: each LoRA is a");
    assertThatThrownBy(
            () -> BatchFile.read(write("s.jsonl", "{\"prompt\":\"a\",\"strength\":[1]}\n")))
        .hasMessageContaining("line 1, column strength: expected a text, number or true/false");
  }

  @Test
  void aLoraIsRefusedByAModelThatTakesNoneBeforeAnythingRuns() throws Exception {
    Path model = dev.atelier.diffusion.tiny.TestModels.smallModel(dir, 1);
    Path file = write("l.csv", "prompt,loras\nfox,loras/ink.safetensors\n");
    try (var tiny = dev.atelier.diffusion.tiny.TinyDiffusionModel.load(model)) {
      assertThatThrownBy(() -> BatchService.resolve(BatchFile.read(file), tiny, 1))
          .hasMessageContaining(
              "line 2, column loras: "
                  + tiny.id()
                  + " takes no LoRAs: they apply to Stable Diffusion checkpoints");
    }
  }
}
