package dev.atelier.diffusion.sd.clip;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.diffusion.ModelIntegrityException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * A CLIP byte-level BPE vocabulary: every token's id, and the merge rules in priority order. Read
 * from a diffusers folder's {@code tokenizer/} ({@code vocab.json} and {@code merges.txt}, or a
 * {@code tokenizer.json}), or the copy of OpenAI CLIP's vocabulary Atelier ships for single-file
 * checkpoints, which carry none. Tokenizer files are checkpoint files, so untrusted: sizes are
 * bounded and every malformed entry is reported by file and line.
 */
final class ClipVocabulary {

  static final String START = "<|startoftext|>";
  static final String END = "<|endoftext|>";

  /** Far above any real CLIP tokenizer file (vocab.json about 1 MB, tokenizer.json about 2 MB). */
  static final long MAX_FILE_BYTES = 32L << 20;

  private static final int MAX_ID = 1 << 24;
  private static final String BUNDLED = "/dev/atelier/diffusion/sd/clip/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Integer> ids;
  private final Map<String, Integer> ranks;
  private final int start;
  private final int end;
  private final int size;

  private ClipVocabulary(Map<String, Integer> ids, Map<String, Integer> ranks, String source) {
    this.ids = Map.copyOf(ids);
    this.ranks = Map.copyOf(ranks);
    Integer s = ids.get(START);
    Integer e = ids.get(END);
    if (s == null || e == null) {
      throw new ModelIntegrityException(
          source + " is not a CLIP vocabulary: it has no " + START + " and " + END + " tokens");
    }
    this.start = s;
    this.end = e;
    this.size = ids.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
  }

  /** OpenAI CLIP's vocabulary (MIT licence), as Atelier ships it. */
  static ClipVocabulary bundled() {
    try (InputStream vocab = gz(BUNDLED + "vocab.json.gz");
        InputStream merges = gz(BUNDLED + "merges.txt.gz")) {
      return read(vocab, merges, "the bundled CLIP vocabulary");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the bundled CLIP vocabulary", e);
    }
  }

  private static InputStream gz(String resource) throws IOException {
    InputStream in = ClipVocabulary.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IOException("missing resource " + resource);
    }
    return new GZIPInputStream(in);
  }

  /**
   * A diffusers {@code tokenizer/} folder: {@code vocab.json} with {@code merges.txt} when both are
   * there, else {@code tokenizer.json}.
   *
   * @throws ModelIntegrityException when neither is there or a file is malformed or too large
   */
  static ClipVocabulary fromFolder(Path dir) {
    Path vocab = dir.resolve("vocab.json");
    Path merges = dir.resolve("merges.txt");
    Path combined = dir.resolve("tokenizer.json");
    try {
      if (Files.isRegularFile(vocab) && Files.isRegularFile(merges)) {
        return read(bytes(vocab), bytes(merges), vocab + " and " + merges);
      }
      if (Files.isRegularFile(combined)) {
        return fromTokenizerJson(bytes(combined), combined.toString());
      }
    } catch (IOException e) {
      throw new ModelIntegrityException("Cannot read the tokenizer in " + dir + ": " + e, e);
    }
    throw new ModelIntegrityException(
        dir + " has no CLIP tokenizer: expected vocab.json and merges.txt, or tokenizer.json");
  }

  private static byte[] bytes(Path file) throws IOException {
    if (Files.size(file) > MAX_FILE_BYTES) {
      throw new ModelIntegrityException(
          file + " is " + Files.size(file) + " bytes, more than a tokenizer file can be");
    }
    return Files.readAllBytes(file);
  }

  static ClipVocabulary read(InputStream vocabJson, InputStream mergesTxt, String source)
      throws IOException {
    return read(bounded(vocabJson, source), bounded(mergesTxt, source), source);
  }

  private static byte[] bounded(InputStream in, String source) throws IOException {
    byte[] data = in.readNBytes((int) MAX_FILE_BYTES + 1);
    if (data.length > MAX_FILE_BYTES) {
      throw new ModelIntegrityException(source + " is larger than a tokenizer file can be");
    }
    return data;
  }

  private static ClipVocabulary read(byte[] vocabJson, byte[] mergesTxt, String source) {
    Map<String, Integer> ids = streamVocab(vocabJson, source);
    String[] lines = new String(mergesTxt, StandardCharsets.UTF_8).split("\n", -1);
    Map<String, Integer> ranks = new HashMap<>();
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.isEmpty() || (i == 0 && line.startsWith("#version"))) {
        continue;
      }
      String[] pair = line.split(" ", -1);
      if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
        throw new ModelIntegrityException(
            source + ": merge rule on line " + (i + 1) + " is not two symbols: " + clip(line));
      }
      ranks.putIfAbsent(pair[0] + " " + pair[1], ranks.size());
    }
    return new ClipVocabulary(ids, ranks, source);
  }

  /**
   * A HuggingFace {@code tokenizer.json} whose model is a BPE with {@code vocab} and {@code merges}
   * (each {@code "a b"} or {@code ["a", "b"]}).
   */
  static ClipVocabulary fromTokenizerJson(byte[] json, String source) {
    JsonNode model = parse(json, source).path("model");
    if (!"BPE".equals(model.path("type").asText("BPE")) || !model.path("vocab").isObject()) {
      throw new ModelIntegrityException(source + " does not describe a BPE tokenizer");
    }
    JsonNode suffix = model.path("end_of_word_suffix");
    if (suffix.isTextual() && !"</w>".equals(suffix.asText())) {
      throw new ModelIntegrityException(source + " is not a CLIP tokenizer (word suffix)");
    }
    Map<String, Integer> ids = vocab(model.path("vocab"), source);
    Map<String, Integer> ranks = new HashMap<>();
    JsonNode merges = model.path("merges");
    for (int i = 0; i < merges.size(); i++) {
      JsonNode m = merges.get(i);
      String[] pair =
          m.isTextual()
              ? m.asText().split(" ", -1)
              : m.isArray() && m.size() == 2
                  ? new String[] {m.get(0).asText(), m.get(1).asText()}
                  : new String[0];
      if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
        throw new ModelIntegrityException(source + ": merge rule " + i + " is not two symbols");
      }
      ranks.putIfAbsent(pair[0] + " " + pair[1], ranks.size());
    }
    return new ClipVocabulary(ids, ranks, source);
  }

  private static JsonNode parse(byte[] json, String source) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new ModelIntegrityException(source + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** vocab.json read token by token: a tree of 49408 nodes costs several times as much. */
  private static Map<String, Integer> streamVocab(byte[] json, String source) {
    Map<String, Integer> ids = new HashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ModelIntegrityException(source + ": the vocabulary is not a token → id object");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String token = p.currentName();
        JsonToken value = p.nextToken();
        if (value != JsonToken.VALUE_NUMBER_INT
            || p.getNumberType() != JsonParser.NumberType.INT
            || p.getIntValue() < 0
            || p.getIntValue() >= MAX_ID) {
          throw new ModelIntegrityException(
              source + ": token " + clip(token) + " has no valid id (" + clip(p.getText()) + ")");
        }
        ids.put(token, p.getIntValue());
      }
      if (p.nextToken() != null) {
        throw new ModelIntegrityException(source + ": text after the vocabulary object");
      }
    } catch (IOException e) {
      throw new ModelIntegrityException(source + " is not valid JSON: " + e.getMessage(), e);
    }
    return ids;
  }

  private static Map<String, Integer> vocab(JsonNode node, String source) {
    if (node == null || !node.isObject() || node.isEmpty()) {
      throw new ModelIntegrityException(source + ": the vocabulary is not a token → id object");
    }
    Map<String, Integer> ids = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode v = f.getValue();
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0 || v.asInt() >= MAX_ID) {
        throw new ModelIntegrityException(
            source
                + ": token "
                + clip(f.getKey())
                + " has no valid id ("
                + clip(v.toString())
                + ")");
      }
      ids.put(f.getKey(), v.asInt());
    }
    return ids;
  }

  private static String clip(String s) {
    return s.length() <= 40 ? '"' + s + '"' : '"' + s.substring(0, 40) + "…\"";
  }

  /** The id of {@code symbol}, or −1 when the vocabulary lacks it. */
  int id(String symbol) {
    return ids.getOrDefault(symbol, -1);
  }

  /** The priority of merging {@code first} with {@code second} (lower first), or −1 if none. */
  int rank(String first, String second) {
    return ranks.getOrDefault(first + " " + second, -1);
  }

  int start() {
    return start;
  }

  int end() {
    return end;
  }

  /** One more than the largest id. */
  int size() {
    return size;
  }

  int merges() {
    return ranks.size();
  }
}
