package dev.atelier.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atelier.hashing.Hashes;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON Canonicalization Scheme (JCS, RFC 8785) over Jackson trees: one exact text for any JSON
 * value, so that a hash of it means the same thing to every implementation.
 *
 * <ul>
 *   <li>Objects: members sorted by name, comparing names as sequences of UTF-16 code units (which
 *       is how {@link String#compareTo} compares); no whitespace anywhere.
 *   <li>Strings: {@code "} and {@code \} escaped with a backslash; U+0008, U+0009, U+000A, U+000C,
 *       U+000D as {@code \b \t \n \f \r}; other characters below U+0020 as {@code \}{@code u00xx}
 *       (lowercase hex); everything else as itself. Lone surrogates are refused.
 *   <li>Numbers: as ECMAScript's {@code Number.prototype.toString} writes the IEEE-754 double:
 *       shortest digits that read back as the same double, plain notation from 1e-6 up to below
 *       1e21, exponent notation ({@code 1e+21}, {@code 1.5e-7}) outside that, {@code -0} as {@code
 *       0}. Like JavaScript, an integer beyond 2^53 is first rounded to the nearest double, so
 *       values that must stay exact (seeds) belong in strings. NaN and infinities are refused.
 * </ul>
 *
 * The output is UTF-8. {@code canonicalize} in npm (erdtman) is the reference the tests compare
 * against.
 */
public final class Jcs {

  private Jcs() {}

  /** The canonical text of {@code value}. */
  public static String canonicalize(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(value, out);
    return out.toString();
  }

  /** The canonical text as UTF-8 bytes: what gets hashed. */
  public static byte[] canonicalBytes(JsonNode value) {
    return canonicalize(value).getBytes(StandardCharsets.UTF_8);
  }

  /** SHA-256 of the canonical bytes, 64 lowercase hex digits. */
  public static String sha256(JsonNode value) {
    return Hashes.sha256Hex(canonicalBytes(value));
  }

  private static void write(JsonNode node, StringBuilder out) {
    switch (node.getNodeType()) {
      case NULL -> out.append("null");
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case STRING -> writeString(node.textValue(), out);
      case NUMBER -> out.append(number(node));
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(node.get(i), out);
        }
        out.append(']');
      }
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
        members.sort(Map.Entry.comparingByKey());
        out.append('{');
        for (int i = 0; i < members.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          writeString(members.get(i).getKey(), out);
          out.append(':');
          write(members.get(i).getValue(), out);
        }
        out.append('}');
      }
      default ->
          throw new IllegalArgumentException(
              "JCS covers only JSON values, not a " + node.getNodeType() + " node");
    }
  }

  private static String number(JsonNode node) {
    double d;
    if (node.isBigInteger()) {
      d = node.bigIntegerValue().doubleValue();
    } else if (node.isBigDecimal()) {
      d = node.decimalValue().doubleValue();
    } else {
      d = node.doubleValue();
    }
    return number(d);
  }

  /**
   * ECMAScript's {@code Number::toString(d)} (ECMA-262, 6.1.6.1.20) for a finite {@code d}.
   *
   * @throws IllegalArgumentException for NaN and infinities, which JSON cannot hold
   */
  public static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new IllegalArgumentException("JSON has no " + d + "; JCS refuses it");
    }
    if (d == 0) {
      return "0"; // both +0 and -0
    }
    if (d < 0) {
      return "-" + number(-d);
    }
    // d = s × 10^(n−k), s having k digits, k as small as possible.
    BigDecimal shortest = shortestDecimal(d);
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale();
    StringBuilder out = new StringBuilder();
    if (k <= n && n <= 21) {
      out.append(digits).repeat('0', n - k);
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").repeat('0', -n).append(digits);
    } else {
      int e = n - 1;
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
    return out.toString();
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code d} (positive, finite),
   * the closest such one to {@code d} if there are several, the one with an even last digit on a
   * tie. Java's {@link Double#toString} (JDK 19 and later) gives exactly this except when one digit
   * would do: then it may give two digits that are closer (4.9E-324 where ECMAScript writes
   * 5e-324). That case is settled here.
   */
  private static BigDecimal shortestDecimal(double d) {
    BigDecimal fromJava = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (fromJava.precision() != 2) {
      return fromJava;
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal lower = fromJava.setScale(fromJava.scale() - 1, RoundingMode.FLOOR);
    BigDecimal upper = fromJava.setScale(fromJava.scale() - 1, RoundingMode.CEILING);
    BigDecimal best = null;
    for (BigDecimal candidate : new BigDecimal[] {lower, upper}) {
      if (candidate.signum() == 0 || candidate.doubleValue() != d) {
        continue;
      }
      if (best == null) {
        best = candidate;
        continue;
      }
      int cmp =
          candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()); // closer wins
      if (cmp < 0 || (cmp == 0 && isEvenLastDigit(candidate))) {
        best = candidate;
      }
    }
    return best == null ? fromJava : best.stripTrailingZeros();
  }

  private static boolean isEvenLastDigit(BigDecimal one) {
    return !one.unscaledValue().testBit(0);
  }

  private static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
        continue;
      }
      if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "JCS refuses a string with a lone surrogate (U+"
                + Integer.toHexString(c).toUpperCase(Locale.ROOT)
                + " at index "
                + i
                + ")");
      }
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\t' -> out.append("\\t");
        case '\n' -> out.append("\\n");
        case '\f' -> out.append("\\f");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16));
            out.append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
