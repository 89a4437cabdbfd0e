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
 * sampler}, {@code variants}, {@code size} ({@code 64} or {@code 64x64}). Empty fields take the
 * defaults. Errors name the line.
 */
public record BatchFile(Path path, String sha256, List<Entry> entries) {

  /** One line of the file, as written (null where empty). */
  public record Entry(int line, Map<String, String> fields) {
    public String get(String field) {
      String v = fields.get(field);
      return v == null || v.isBlank() ? null : v.strip();
    }
  }

  static final Set<String> FIELDS =
      Set.of("prompt", "negative", "seed", "steps", "cfg", "sampler", "variants", "size");
  private static final Map<String, String> ALIASES =
      Map.of("negative_prompt", "negative", "guidance", "cfg");
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
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        fields.put(field(f.getKey(), i + 1), f.getValue().isNull() ? null : f.getValue().asText());
      }
      out.add(new Entry(i + 1, fields));
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
      out.add(new Entry(rowLines.get(r), fields));
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
