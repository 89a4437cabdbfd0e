package dev.atelier.diffusion.sd.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
  void readsADiffusersTokenizerFolderEitherWay() throws IOException {
    Path split = Files.createDirectories(dir.resolve("split"));
    Files.writeString(split.resolve("vocab.json"), resource("vocab.json.gz"));
    Files.writeString(split.resolve("merges.txt"), resource("merges.txt.gz"));
    Path combined = Files.createDirectories(dir.resolve("combined"));
    Files.writeString(combined.resolve("tokenizer.json"), tokenizerJson());

    String prompt = "masterpiece, a café at night; it's 3am \uD83C\uDF19";
    long[] expected = ClipTokenizer.bundled().window(prompt);
    assertThat(ClipTokenizer.fromFolder(split).window(prompt)).containsExactly(expected);
    assertThat(ClipTokenizer.fromFolder(combined).window(prompt)).containsExactly(expected);
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

  /** The shipped vocabulary as a tokenizer.json, merges in the newer [a, b] form. */
  private static String tokenizerJson() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode model = root.putObject("model");
    model.put("type", "BPE");
    model.put("end_of_word_suffix", "</w>");
    model.set("vocab", JSON.readTree(resource("vocab.json.gz")));
    ArrayNode merges = model.putArray("merges");
    for (String line : resource("merges.txt.gz").split("\n")) {
      if (!line.startsWith("#") && !line.isEmpty()) {
        String[] p = line.split(" ");
        merges.addArray().add(p[0]).add(p[1]);
      }
    }
    return JSON.writeValueAsString(root);
  }
}
