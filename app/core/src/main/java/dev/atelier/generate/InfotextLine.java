package dev.atelier.generate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings line of a {@link ParametersText}: {@code Name: value} pairs separated by commas,
 * read with the rules of web UI's pattern {@code \s*(\w[\w
 * \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)} applied repeatedly, but by a scanner that never looks
 * at a character more than a fixed number of times (the pattern itself, run by a backtracking
 * engine, is quadratic on a long line without colons). A name is a word character followed by at
 * least one word character, space, hyphen or slash; a value is a JSON string followed directly by a
 * comma or the end, or else everything up to the next comma. A later pair with the same name
 * replaces the earlier one.
 */
final class InfotextLine {

  private InfotextLine() {}

  static Map<String, String> pairs(String line) {
    Map<String, String> pairs = new LinkedHashMap<>();
    int n = line.length();
    int[] close = line.indexOf('"') < 0 ? null : closingQuotes(line);
    int p = 0;
    while (p < n) {
      int start = p;
      while (start < n && Character.isWhitespace(line.charAt(start))) {
        start++;
      }
      if (start >= n) {
        break;
      }
      if (!isWord(line.charAt(start))) {
        p = start + 1;
        continue;
      }
      int k = start + 1;
      while (k < n && isNameChar(line.charAt(k))) {
        k++;
      }
      if (k >= n || line.charAt(k) != ':' || k - start < 2) {
        // Every start inside this run ends at the same character, which is not a colon (or the
        // run is one character long and the next start is the colon itself): skip the run.
        p = Math.max(k, start + 1);
        continue;
      }
      String name = line.substring(start, k);
      int v = k + 1;
      while (v < n && Character.isWhitespace(line.charAt(v))) {
        v++;
      }
      int quotedEnd = v < n && line.charAt(v) == '"' ? close[v + 1] : -1;
      if (quotedEnd - v >= 3 && (quotedEnd == n || line.charAt(quotedEnd) == ',')) {
        pairs.put(name, ParametersText.unquote(line.substring(v, quotedEnd)));
        p = quotedEnd + 1;
      } else {
        int comma = line.indexOf(',', v);
        int end = comma < 0 ? n : comma;
        pairs.put(name, line.substring(v, end));
        p = end + 1;
      }
    }
    return pairs;
  }

  /**
   * For each index {@code i}, the index just after the quote that closes a JSON-style string whose
   * content starts at {@code i} (a backslash escapes the next character), or -1 when none does.
   * Worked out once from the right, so that finding where a quoted value ends never rescans.
   */
  private static int[] closingQuotes(String line) {
    int n = line.length();
    int[] close = new int[n + 2];
    close[n] = -1;
    close[n + 1] = -1;
    for (int i = n - 1; i >= 0; i--) {
      char c = line.charAt(i);
      close[i] = c == '"' ? i + 1 : c == '\\' ? close[i + 2] : close[i + 1];
    }
    return close;
  }

  private static boolean isWord(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static boolean isNameChar(char c) {
    return isWord(c) || c == ' ' || c == '-' || c == '/';
  }
}
