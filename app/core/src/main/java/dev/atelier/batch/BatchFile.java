package dev.atelier.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.hashing.Hashes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A batch of prompts: a CSV file with a header row, or JSON Lines (one object per line). Fields:
 * {@code prompt} (required), {@code negative}, {@code seed}, {@code steps}, {@code cfg}, {@code
 * sampler}, {@code variants}, {@code size} ({@code 64} or {@code 64x64}), and the creative controls
 * {@code init_image}, {@code strength}, {@code mask}, {@code mask_blur}, {@code invert_mask},
 * {@code loras}, {@code hires} and {@code hires_strength} (checked as {@code generate} checks its
 * options). Empty fields take the defaults. File names are relative to the batch file's folder.
 * Errors name the line, and the field where it is one field's fault.
 *
 * <p>{@code loras} lists LoRAs as {@code FILE[:WEIGHT]}, separated by {@code ;} ({@code
 * ink.safetensors:0.8;paper.safetensors}); in JSON Lines it may also be an array of such strings or
 * of {@code {"file": ..., "weight": ...}} objects.
 */
public record BatchFile(Path path, String sha256, List<Entry> entries) {

  /**
   * One line of the file, as written (null where empty).
   *
   * @param loras the LoRAs it names, each as {@code FILE[:WEIGHT]} (none: empty)
   */
  public record Entry(int line, Map<String, String> fields, List<String> loras) {

    public Entry {
      loras = List.copyOf(loras);
    }

    public Entry(int line, Map<String, String> fields) {
      this(line, fields, List.of());
    }

    public String get(String field) {
      String v = fields.get(field);
      return v == null || v.isBlank() ? null : v.strip();
    }
  }

  /** The field that lists LoRAs. */
  static final String LORAS = "loras";

  static final Set<String> FIELDS =
      Set.of(
          "prompt",
          "negative",
          "seed",
          "steps",
          "cfg",
          "sampler",
          "variants",
          "size",
          "init_image",
          "strength",
          "mask",
          "mask_blur",
          "invert_mask",
          LORAS,
          "hires",
          "hires_strength");
  private static final Map<String, String> ALIASES =
      Map.of("negative_prompt", "negative", "guidance", "cfg", "lora", LORAS);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads and checks the file. */
  public static BatchFile read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    List<Entry> entries;
    if (name.endsWith(".csv")) {
      entries = csv(text);
    } else if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      entries = jsonLines(text);
    } else {
      throw new IllegalArgumentException(
          path + ": batch files are .csv (with a header row) or .jsonl");
    }
    if (entries.isEmpty()) {
      throw new IllegalArgumentException(path + " holds no prompts");
    }
    for (Entry e : entries) {
      if (e.get("prompt") == null) {
        throw new IllegalArgumentException(path + " line " + e.line() + ": no prompt");
      }
    }
    return new BatchFile(path, Hashes.sha256Hex(bytes), List.copyOf(entries));
  }

  private static String field(String name, int line) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    key = ALIASES.getOrDefault(key, key);
    if (!FIELDS.contains(key)) {
      throw new IllegalArgumentException(
          "line " + line + ": unknown field \"" + name.strip() + "\"; known: " + FIELDS);
    }
    return key;
  }

  private static List<Entry> jsonLines(String text) throws IOException {
    List<Entry> out = new ArrayList<>();
    String[] lines = text.split("\\R", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (IOException e) {
        throw new IllegalArgumentException("line " + (i + 1) + ": not valid JSON", e);
      }
      if (!node.isObject()) {
        throw new IllegalArgumentException("line " + (i + 1) + ": expected a JSON object");
      }
      Map<String, String> fields = new LinkedHashMap<>();
      List<String> loras = List.of();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        String key = field(f.getKey(), i + 1);
        JsonNode value = f.getValue();
        if (key.equals(LORAS)) {
          loras = jsonLoras(value, i + 1);
        } else if (value.isContainerNode()) {
          throw new IllegalArgumentException(
              "line " + (i + 1) + ", column " + key + ": expected a text, number or true/false");
        } else {
          fields.put(key, value.isNull() ? null : value.asText());
        }
      }
      out.add(new Entry(i + 1, fields, loras));
    }
    return out;
  }

  /** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. */
  private static List<Entry> csv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<Integer> rowLines = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    int line = 1;
    int rowStart = 1;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          if (ch == '\n') {
            line++;
          }
          cell.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        row.add(cell.toString());
        cell.setLength(0);
      } else if (ch == '\n' || ch == '\r') {
        if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        row.add(cell.toString());
        cell.setLength(0);
        addRow(rows, rowLines, row, rowStart);
        row = new ArrayList<>();
        line++;
        rowStart = line;
      } else {
        cell.append(ch);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("line " + rowStart + ": a quoted field is not closed");
    }
    row.add(cell.toString());
    addRow(rows, rowLines, row, rowStart);
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> header = rows.get(0).stream().map(h -> field(h, 1)).toList();
    List<Entry> out = new ArrayList<>();
    for (int r = 1; r < rows.size(); r++) {
      List<String> values = rows.get(r);
      if (values.size() > header.size()) {
        throw new IllegalArgumentException(
            "line " + rowLines.get(r) + ": more fields than the header has");
      }
      Map<String, String> fields = new LinkedHashMap<>();
      for (int c = 0; c < values.size(); c++) {
        fields.put(header.get(c), values.get(c));
      }
      String loras = fields.remove(LORAS);
      out.add(new Entry(rowLines.get(r), fields, loras == null ? List.of() : listed(loras)));
    }
    return out;
  }

  /** LoRAs written as one text: {@code FILE[:WEIGHT]} separated by {@code ;}. */
  private static List<String> listed(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(";")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return out;
  }

  /**
   * LoRAs in JSON: one text as in CSV, or an array of {@code FILE[:WEIGHT]} texts and {@code
   * {"file", "weight"}} objects, each made a {@code FILE:WEIGHT} text (the weight written last is
   * the one read, whatever colons the file's name has).
   */
  private static List<String> jsonLoras(JsonNode value, int line) {
    if (value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return listed(value.asText());
    }
    String where = "line " + line + ", column " + LORAS + ": ";
    if (!value.isArray()) {
      throw new IllegalArgumentException(
          where + "expected \"FILE[:WEIGHT];...\" or a list of files or {file, weight} objects");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode lora : value) {
      if (lora.isTextual() && !lora.asText().isBlank()) {
        out.add(lora.asText().strip());
      } else if (lora.isObject()
          && lora.path("file").isTextual()
          && !lora.path("file").asText().isBlank()) {
        JsonNode weight = lora.path("weight");
        if (!weight.isMissingNode() && !weight.isNull() && !weight.isNumber()) {
          throw new IllegalArgumentException(
              where + "a LoRA's weight must be a number, not " + weight);
        }
        for (Iterator<String> names = lora.fieldNames(); names.hasNext(); ) {
          String name = names.next();
          if (!name.equals("file") && !name.equals("weight")) {
            throw new IllegalArgumentException(
                where + "unknown LoRA field \"" + name + "\"; known: file, weight");
          }
        }
        double w = weight.isNumber() ? weight.asDouble() : 1;
        out.add(lora.get("file").asText().strip() + ":" + w);
      } else {
        throw new IllegalArgumentException(
            where
                + "each LoRA is a \"FILE[:WEIGHT]\" text or a {file, weight} object, not "
                + lora);
      }
    }
    return out;
  }

  private static void addRow(
      List<List<String>> rows, List<Integer> lines, List<String> row, int line) {
    boolean blank = row.stream().allMatch(String::isBlank);
    if (!blank) {
      rows.add(row);
      lines.add(line);
    }
  }
}
