package dev.atelier.chain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** Turns revert data into words: {@code Error(string)}, {@code Panic(uint256)}, custom errors. */
public final class Reverts {

  private static final String ERROR_SELECTOR = "0x08c379a0";
  private static final String PANIC_SELECTOR = "0x4e487b71";

  private static final Map<Integer, String> PANICS =
      Map.of(
          0x01, "assertion failed",
          0x11, "arithmetic overflow or underflow",
          0x12, "division by zero",
          0x21, "invalid enum value",
          0x22, "bad storage byte array",
          0x31, "pop on an empty array",
          0x32, "array index out of bounds",
          0x41, "out of memory",
          0x51, "call to an uninitialised function");

  private Reverts() {}

  /**
   * Describes revert data. Custom errors are named from {@code abi} (a contract ABI as JSON; may be
   * null), with their arguments when these are all static types.
   */
  public static String describe(String data, JsonNode abi) {
    if (data == null || data.length() < 10) {
      return "no reason given";
    }
    String hex = Numeric.cleanHexPrefix(data).toLowerCase(java.util.Locale.ROOT);
    String selector = "0x" + hex.substring(0, 8);
    byte[] args = Numeric.hexStringToByteArray(hex.substring(8));
    try {
      if (selector.equals(ERROR_SELECTOR)) {
        int offset = word(args, 0).intValueExact();
        int length = word(args, offset).intValueExact();
        return "\"" + new String(args, offset + 32, length, StandardCharsets.UTF_8) + "\"";
      }
      if (selector.equals(PANIC_SELECTOR)) {
        int code = word(args, 0).intValueExact();
        return "panic 0x"
            + Integer.toHexString(code)
            + " ("
            + PANICS.getOrDefault(code, "unknown panic")
            + ")";
      }
    } catch (RuntimeException e) {
      return "undecodable revert data " + data;
    }
    if (abi != null) {
      for (JsonNode entry : abi) {
        if (!"error".equals(entry.path("type").asText())) {
          continue;
        }
        List<String> types = new ArrayList<>();
        for (JsonNode input : entry.path("inputs")) {
          types.add(input.path("type").asText());
        }
        String signature = entry.path("name").asText() + "(" + String.join(",", types) + ")";
        if (Hash.sha3String(signature).substring(0, 10).equals(selector)) {
          return entry.path("name").asText() + "(" + arguments(entry.path("inputs"), args) + ")";
        }
      }
    }
    return "custom error " + selector;
  }

  private static String arguments(JsonNode inputs, byte[] args) {
    List<String> out = new ArrayList<>();
    int i = 0;
    for (JsonNode input : inputs) {
      String type = input.path("type").asText();
      String name = input.path("name").asText();
      if (args.length < 32 * (i + 1)) {
        return String.join(", ", out);
      }
      BigInteger w = word(args, 32 * i);
      String value;
      if (type.equals("address")) {
        value = Numeric.toHexStringWithPrefixZeroPadded(w, 40);
      } else if (type.startsWith("uint")) {
        value = w.toString();
      } else if (type.startsWith("int")) {
        value = new BigInteger(slice(args, 32 * i)).toString();
      } else if (type.equals("bool")) {
        value = Boolean.toString(w.signum() != 0);
      } else if (type.matches("bytes\\d+")) {
        value = Numeric.toHexString(slice(args, 32 * i));
      } else {
        value = "…";
      }
      out.add(name.isEmpty() ? value : name + "=" + value);
      i++;
    }
    return String.join(", ", out);
  }

  private static BigInteger word(byte[] b, int offset) {
    return new BigInteger(1, slice(b, offset));
  }

  private static byte[] slice(byte[] b, int offset) {
    byte[] out = new byte[32];
    System.arraycopy(b, offset, out, 0, 32);
    return out;
  }
}
