package dev.atelier.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atelier.testing.NodeScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Jcs} against npm {@code canonicalize} (erdtman), through tools/js. */
class JcsCrossCheckTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void trickyDocumentsCanonicaliseAsInJavaScript() throws Exception {
    String[] documents = {
      """
      {"z": 1, "a": [1e21, 1e-7, 0.1, -0, -0.0, 1E2, 0.5e-6, 12.50, 1e+21, 2e-7]}
      """,
      """
      {"\\ud83d\\ude00": "grin", "\\ufb33": "dalet", "\\u20ac": ["euro", {"\\u00f6": [], "": {}}],
       "key with \\"quotes\\" and \\\\": "\\u0000\\u001f\\u007f\\u2028", "1": "one", "10": "ten",
       "\\ud834\\udd1e": "clef", "A": "upper", "a": "lower"}
      """,
      """
      [18446744073709551617, 9007199254740993, -9223372036854775808, 123456789012345678901234567890,
       0.30000000000000004, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-6, 1e-7,
       999999999999999999999, 1e20, 123e-20, -1.5, 100, [[[]]], [[1, [2, [3]]], {}], null, true]
      """,
      """
      {"nested": {"deeper": {"deepest": [{"b": 2, "a": 1}, {"d": [4.0, 4.5], "c": "3"}]}},
       "text": "Grüße, 世界! ✨ tab\\there\\nnewline\\r\\n\\b\\f / \\/ end"}
      """
    };
    for (String document : documents) {
      Path file = dir.resolve("doc.json");
      Files.writeString(file, document, StandardCharsets.UTF_8);
      JsonNode node = NodeScript.provenanceCheck().run("jcs", file.toString());
      JsonNode parsed = JSON.readTree(document);
      assertThat(Jcs.canonicalize(parsed)).as(document).isEqualTo(node.path("canonical").asText());
      assertThat(Jcs.sha256(parsed)).isEqualTo(node.path("sha256").asText());
    }
  }

  @Test
  void everyKindOfDoubleIsWrittenAsJavaScriptWritesIt() throws Exception {
    List<Long> bits = new ArrayList<>();
    // One-digit values in every decade, where Java's own Double.toString can differ (4.9E-324).
    for (int e = -324; e <= 308; e++) {
      for (int digit = 1; digit <= 9; digit++) {
        double d = Double.parseDouble(digit + "e" + e);
        if (d != 0 && !Double.isInfinite(d)) {
          bits.add(Double.doubleToRawLongBits(d));
          bits.add(Double.doubleToRawLongBits(-d));
        }
      }
    }
    // Two- and three-digit values, powers of two, integers around 2^53, the plain-notation edges.
    Random random = new Random(8785);
    for (int i = 0; i < 1500; i++) {
      int digits = 10 + random.nextInt(990);
      bits.add(
          Double.doubleToRawLongBits(
              Double.parseDouble(digits + "e" + (random.nextInt(640) - 330))));
    }
    for (int p = -1074; p <= 1023; p += 7) {
      bits.add(Double.doubleToRawLongBits(Math.scalb(1.0, p)));
    }
    for (long n = (1L << 53) - 3; n <= (1L << 53) + 3; n++) {
      bits.add(Double.doubleToRawLongBits((double) n));
    }
    for (double d :
        new double[] {
          1e21, 1e21 - 65536, 1e-6, 1e-7, 0.1, 0.2 + 0.1, Double.MIN_NORMAL, Double.MAX_VALUE, -0.0
        }) {
      bits.add(Double.doubleToRawLongBits(d));
    }
    // Random bit patterns: mostly 16- and 17-digit values, all exponents.
    for (int i = 0; i < 3000; i++) {
      long b = random.nextLong();
      if (!Double.isNaN(Double.longBitsToDouble(b))
          && !Double.isInfinite(Double.longBitsToDouble(b))) {
        bits.add(b);
      }
    }
    bits.removeIf(b -> !Double.isFinite(Double.longBitsToDouble(b)));
    Path file = dir.resolve("numbers.json");
    Files.writeString(
        file, JSON.writeValueAsString(bits.stream().map(b -> String.format("%016x", b)).toList()));
    JsonNode expected =
        NodeScript.provenanceCheck().run("numbers", file.toString()).path("numbers");
    assertThat(expected.size()).isEqualTo(bits.size());
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < bits.size(); i++) {
      double d = Double.longBitsToDouble(bits.get(i));
      String ours = Jcs.number(d);
      if (!ours.equals(expected.get(i).asText())) {
        mismatches.add(
            String.format(
                "%016x: ours %s, JavaScript %s", bits.get(i), ours, expected.get(i).asText()));
      }
    }
    assertThat(mismatches).isEmpty();
  }
}
