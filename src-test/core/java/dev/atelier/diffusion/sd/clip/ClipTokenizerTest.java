package dev.atelier.diffusion.sd.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.ModelIntegrityException;
import dev.atelier.diffusion.PromptReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLIP tokenizer against ids from an implementation Atelier did not write (kjsman's
 * tokenizer.py over the shipped vocabulary, in {@code tokens.json}) and ids published with other
 * CLIP tokenizers.
 */
class ClipTokenizerTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String RESOURCES = "/dev/atelier/diffusion/sd/clip/";

  @TempDir Path dir;

  @Test
  void matchesTheReferenceTokenizer() throws IOException {
    JsonNode cases = JSON.readTree(ClipFixtures.DIR.resolve("tokens.json").toFile());
    assertThat(cases.size()).isEqualTo(20);
    ClipTokenizer t = ClipTokenizer.bundled();
    boolean sawLong = false;
    for (JsonNode c : cases) {
      String prompt = c.get("prompt").asText();
      long[] all = new long[c.get("ids").size()];
      Arrays.setAll(all, i -> c.get("ids").get(i).asLong());
      long[] inner = Arrays.copyOfRange(all, 1, all.length - 1);
      assertThat(Arrays.stream(t.tokens(prompt)).asLongStream().toArray())
          .as("tokens of %s", prompt)
          .containsExactly(inner);
      assertThat(t.count(prompt)).isEqualTo(inner.length);
      long[] window = t.window(prompt);
      assertThat(window).hasSize(77);
      if (all.length <= 77) {
        assertThat(Arrays.copyOf(window, all.length)).containsExactly(all);
      } else {
        sawLong = true;
        assertThat(Arrays.copyOf(window, 76)).containsExactly(Arrays.copyOf(all, 76));
      }
      assertThat(Arrays.copyOfRange(window, Math.min(all.length, 77) - 1, 77))
          .as("end token, then end tokens as padding")
          .containsOnly(49407L);
    }
    assertThat(sawLong).isTrue();
  }

  @Test
  void idsPublishedWithOtherClipTokenizers() {
    ClipTokenizer t = ClipTokenizer.bundled();
    assertThat(t.startToken()).isEqualTo(49406);
    assertThat(t.endToken()).isEqualTo(49407);
    assertThat(t.vocabularySize()).isEqualTo(49408);
    assertThat(t.tokens("a photo of a cat")).containsExactly(320, 1125, 539, 320, 2368);
    assertThat(t.tokens("Hi there")).containsExactly(1883, 997);
    assertThat(t.tokens("hello world!")).containsExactly(3306, 1002, 256);
    assertThat(t.tokens("magnificent")).containsExactly(10724);
    assertThat(t.tokens("magnificently")).containsExactly(9725, 2922);
  }

  @Test
  void aLongPromptIsCountedWholeAndCutKeepingTheEndToken() {
    ClipTokenizer t = ClipTokenizer.bundled();
    String prompt = "cat ".repeat(100);
    assertThat(t.count(prompt)).isEqualTo(100);
    long[] window = t.window(prompt);
    assertThat(window[0]).isEqualTo(49406);
    assertThat(Arrays.copyOfRange(window, 1, 76)).containsOnly(2368L);
    assertThat(window[76]).isEqualTo(49407);
    PromptReader reader = t.prompts();
    assertThat(reader.tooLong(prompt)).contains(new PromptReader.TooLong(100, 75, "tokens"));
    assertThat(reader.tooLong("cat ".repeat(75))).isEmpty();
    assertThat(reader.tooLong("cat ".repeat(76))).isPresent();
  }

  @Test
  void readsADiffusersTokenizerFolder() throws IOException {
    Files.writeString(dir.resolve("vocab.json"), resource("vocab.json.gz"));
    Files.writeString(dir.resolve("merges.txt"), resource("merges.txt.gz"));
    String prompt = "masterpiece, a café at night; it's 3am \uD83C\uDF19";
    assertThat(ClipTokenizer.fromFolder(dir).window(prompt))
        .containsExactly(ClipTokenizer.bundled().window(prompt));
  }

  @Test
  void readsATokenizerJsonWithEitherFormOfMergeRule() throws IOException {
    String vocab =
        "{\"<|startoftext|>\":0,\"<|endoftext|>\":1,\"a\":2,\"b</w>\":3,"
            + "\"ab</w>\":4,\"c</w>\":5,\"d</w>\":6,\"cd</w>\":7}";
    Files.writeString(
        dir.resolve("tokenizer.json"),
        "{\"model\":{\"type\":\"BPE\",\"end_of_word_suffix\":\"</w>\",\"vocab\":"
            + vocab
            + ",\"merges\":[[\"a\",\"b</w>\"],\"c d</w>\"]}}");
    ClipTokenizer t = ClipTokenizer.fromFolder(dir);
    assertThat(t.tokens("AB ac cd")).containsExactly(4, 2, 5, 7);
    assertThat(t.window("ab")).startsWith(0L, 4L, 1L, 1L);
  }

  @Test
  void anUnknownSymbolReadsAsTheEndToken() throws IOException {
    Files.writeString(
        dir.resolve("vocab.json"), "{\"<|startoftext|>\":0,\"<|endoftext|>\":1,\"a</w>\":2}");
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\n");
    ClipTokenizer t = ClipTokenizer.fromFolder(dir);
    assertThat(t.tokens("a b")).containsExactly(2, 1);
    assertThat(t.vocabularySize()).isEqualTo(3);
  }

  @Test
  void malformedTokenizerFilesAreRefusedWithTheReason() throws IOException {
    assertThatThrownBy(() -> ClipTokenizer.fromFolder(dir))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("vocab.json and merges.txt, or tokenizer.json");

    Files.writeString(dir.resolve("vocab.json"), "{\"<|startoftext|>\":0,\"<|endoftext|>\":1}");
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\na b c\n");
    assertThatThrownBy(() -> ClipTokenizer.fromFolder(dir))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("line 3");

    Files.writeString(dir.resolve("merges.txt"), "a b\n");
    Files.writeString(dir.resolve("vocab.json"), "{\"<|startoftext|>\":0,\"<|endoftext|>\":\"x\"}");
    assertThatThrownBy(() -> ClipTokenizer.fromFolder(dir))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("no valid id");

    Files.writeString(dir.resolve("vocab.json"), "{\"a\":0}");
    assertThatThrownBy(() -> ClipTokenizer.fromFolder(dir))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("not a CLIP vocabulary");

    Files.writeString(dir.resolve("vocab.json"), "{\"a\":");
    assertThatThrownBy(() -> ClipTokenizer.fromFolder(dir))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("not valid JSON");

    try (RandomAccessFile huge = new RandomAccessFile(dir.resolve("vocab.json").toFile(), "rw")) {
      huge.setLength(ClipVocabulary.MAX_FILE_BYTES + 1);
    }
    assertThatThrownBy(() -> ClipTokenizer.fromFolder(dir))
        .isInstanceOf(ModelIntegrityException.class)
        .hasMessageContaining("more than a tokenizer file can be");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        new GZIPInputStream(ClipTokenizerTest.class.getResourceAsStream(RESOURCES + name))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
