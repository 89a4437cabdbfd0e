package dev.atelier.diffusion.safetensors;

import static dev.atelier.diffusion.safetensors.SafetensorsException.Reason.*;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors header, parsed and validated as untrusted input before any tensor byte is read.
 *
 * <p>The rules, each refused with its own {@link SafetensorsException.Reason}: the header is a JSON
 * object (no duplicate names); every entry but {@code __metadata__} has a known {@code dtype}, a
 * {@code shape} of whole numbers ≥ 0 and {@code data_offsets} of two whole numbers; the element
 * count and byte size fit in 64 bits; begin ≤ end ≤ data size; end − begin equals elements ×
 * element size; no two tensors overlap; and, as the format's specification requires, the tensors
 * cover the data section exactly (no gap and nothing after the last tensor, so a file cannot
 * smuggle other content). {@code __metadata__}, when present, is a map of text to text.
 */
public final class SafetensorsHeader {

  /** The metadata entry's reserved name. */
  public static final String METADATA = "__metadata__";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /** Tensors in the order of their bytes in the data section. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** The {@code __metadata__} map, empty when the file has none. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Parses and validates a header.
   *
   * @param json the header bytes (UTF-8 JSON)
   * @param dataSize bytes in the file after the header
   * @param file the file, for messages
   */
  public static SafetensorsHeader parse(byte[] json, long dataSize, Path file) {
    JsonNode root = readJson(json, file);
    if (!root.isObject()) {
      throw SafetensorsException.of(
          HEADER_NOT_OBJECT, file, null, "the header is not a JSON object of tensors.");
    }
    Map<String, String> metadata = Map.of();
    List<TensorInfo> list = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (e.getKey().equals(METADATA)) {
        metadata = metadata(e.getValue(), file);
      } else {
        list.add(entry(e.getKey(), e.getValue(), dataSize, file));
      }
    }
    list.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    checkTiling(list, dataSize, file);
    Map<String, TensorInfo> tensors = new LinkedHashMap<>();
    list.forEach(t -> tensors.put(t.name(), t));
    return new SafetensorsHeader(
        Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
  }

  private static JsonNode readJson(byte[] json, Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonParseException e) {
      if (String.valueOf(e.getOriginalMessage()).startsWith("Duplicate field")) {
        throw SafetensorsException.of(
            DUPLICATE_NAME, file, null, "the header names the same entry twice.", e);
      }
      throw notJson(file, e);
    } catch (IOException e) {
      throw notJson(file, e);
    }
    if (root == null || root.isMissingNode()) {
      throw SafetensorsException.of(HEADER_NOT_JSON, file, null, "the header is empty.");
    }
    return root;
  }

  private static SafetensorsException notJson(Path file, IOException e) {
    return SafetensorsException.of(
        HEADER_NOT_JSON,
        file,
        null,
        "the header is not valid JSON, so this is not a safetensors file or it is damaged.",
        e);
  }

  private static Map<String, String> metadata(JsonNode node, Path file) {
    if (!node.isObject()) {
      throw SafetensorsException.of(
          BAD_METADATA, file, null, "__metadata__ is not a map of text to text.");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> m : node.properties()) {
      if (!m.getValue().isTextual()) {
        throw SafetensorsException.of(
            BAD_METADATA, file, null, "__metadata__ entry \"" + m.getKey() + "\" is not text.");
      }
      out.put(m.getKey(), m.getValue().textValue());
    }
    return out;
  }

  private static TensorInfo entry(String name, JsonNode node, long dataSize, Path file) {
    if (!node.isObject()) {
      throw SafetensorsException.of(BAD_ENTRY, file, name, "its entry is not a JSON object.");
    }
    JsonNode dtypeNode = node.get("dtype");
    JsonNode shapeNode = node.get("shape");
    JsonNode offsetsNode = node.get("data_offsets");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw SafetensorsException.of(BAD_ENTRY, file, name, "its entry has no dtype text.");
    }
    if (shapeNode == null || !shapeNode.isArray()) {
      throw SafetensorsException.of(BAD_ENTRY, file, name, "its entry has no shape list.");
    }
    if (offsetsNode == null || !offsetsNode.isArray() || offsetsNode.size() != 2) {
      throw SafetensorsException.of(
          BAD_ENTRY, file, name, "its entry has no data_offsets pair [begin, end].");
    }
    Dtype dtype =
        Dtype.fromHeader(dtypeNode.textValue())
            .orElseThrow(
                () ->
                    SafetensorsException.of(
                        UNKNOWN_DTYPE,
                        file,
                        name,
                        "its element type \""
                            + dtypeNode.textValue()
                            + "\" is not one Atelier knows."));
    long[] dims = new long[shapeNode.size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = wholeNumber(shapeNode.get(i), file, name, BAD_SHAPE, "a dimension of its shape");
    }
    long begin = wholeNumber(offsetsNode.get(0), file, name, BAD_ENTRY, "its begin offset");
    long end = wholeNumber(offsetsNode.get(1), file, name, BAD_ENTRY, "its end offset");
    checkRange(name, dtype, dims, begin, end, dataSize, file);
    return new TensorInfo(name, dtype, new Shape(dims), begin, end);
  }

  private static long wholeNumber(
      JsonNode n, Path file, String name, SafetensorsException.Reason reason, String what) {
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
      throw SafetensorsException.of(
          reason, file, name, what + " is " + n + ", not a whole number from 0 up.");
    }
    return n.longValue();
  }

  private static void checkRange(
      String name, Dtype dtype, long[] dims, long begin, long end, long dataSize, Path file) {
    long bytes;
    try {
      long elements = 1;
      for (long d : dims) {
        elements = Math.multiplyExact(elements, d);
      }
      bytes = Math.multiplyExact(elements, (long) dtype.bytes());
    } catch (ArithmeticException e) {
      throw SafetensorsException.of(
          SHAPE_OVERFLOW, file, name, "its shape describes more bytes than any file can hold.");
    }
    if (end < begin) {
      throw SafetensorsException.of(
          OFFSETS_REVERSED,
          file,
          name,
          "its data ends (" + end + ") before it begins (" + begin + ").");
    }
    if (end > dataSize) {
      throw SafetensorsException.of(
          OFFSETS_OUT_OF_RANGE,
          file,
          name,
          "its data ends at byte "
              + end
              + " but the file holds only "
              + dataSize
              + " bytes of data (the file may be truncated).");
    }
    if (end - begin != bytes) {
      throw SafetensorsException.of(
          SIZE_MISMATCH,
          file,
          name,
          "it has " + (end - begin) + " bytes but its shape and type need " + bytes + ".");
    }
  }

  private static void checkTiling(List<TensorInfo> sorted, long dataSize, Path file) {
    long expected = 0;
    TensorInfo previous = null;
    for (TensorInfo t : sorted) {
      if (previous != null && t.begin() < previous.end()) {
        throw SafetensorsException.of(
            OVERLAP,
            file,
            t.name(),
            "its bytes overlap those of tensor \"" + previous.name() + "\".");
      }
      if (t.begin() != expected) {
        throw SafetensorsException.of(
            UNINDEXED_DATA,
            file,
            t.name(),
            "bytes " + expected + " to " + t.begin() + " of the data belong to no tensor.");
      }
      expected = t.end();
      previous = t;
    }
    if (expected != dataSize) {
      throw SafetensorsException.of(
          UNINDEXED_DATA,
          file,
          null,
          (dataSize - expected) + " bytes after the last tensor belong to no tensor.");
    }
  }
}
