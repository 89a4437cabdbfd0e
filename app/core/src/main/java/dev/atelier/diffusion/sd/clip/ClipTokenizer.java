package dev.atelier.diffusion.sd.clip;

import dev.atelier.diffusion.PromptReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenAI CLIP's tokenizer, as Stable Diffusion 1.x reads prompts: Unicode NFC, runs of white space
 * to one space, lower case; split into words, single digits and runs of other symbols (with the
 * English contractions {@code 's 't 're 've 'm 'll 'd} apart); each piece's UTF-8 bytes merged by
 * byte-level BPE, {@code </w>} marking a word's end. A prompt becomes a window of {@link
 * #CONTEXT_LENGTH} ids: the start token, at most 75 prompt tokens, the end token, then end tokens
 * as padding. Immutable and safe to share between threads.
 */
public final class ClipTokenizer {

  /** Ids a text window holds, start and end tokens included. */
  public static final int CONTEXT_LENGTH = 77;

  /** Characters of a prompt that are read; far beyond what a window holds. */
  public static final int MAX_PROMPT_CHARS = 100_000;

  private static final int CACHE_LIMIT = 20_000;

  private static final Pattern WHITESPACE =
      Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

  private static final Pattern PIECES =
      Pattern.compile(
          "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d"
              + "|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
          Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

  private static final String[] BYTE_SYMBOLS = byteSymbols();

  private final ClipVocabulary vocabulary;
  private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

  private ClipTokenizer(ClipVocabulary vocabulary) {
    this.vocabulary = vocabulary;
  }

  private static final class Bundled {
    static final ClipTokenizer INSTANCE = new ClipTokenizer(ClipVocabulary.bundled());
  }

  /**
   * With OpenAI CLIP's vocabulary as Atelier ships it (MIT licence; see {@code LICENSE-CLIP.txt}
   * beside it): for single-file checkpoints, which carry no tokenizer.
   */
  public static ClipTokenizer bundled() {
    return Bundled.INSTANCE;
  }

  /**
   * With the vocabulary of a diffusers folder's {@code tokenizer/}: {@code vocab.json} and {@code
   * merges.txt}, or {@code tokenizer.json}.
   *
   * @throws dev.atelier.diffusion.ModelIntegrityException when the folder has neither, or a file is
   *     malformed or too large
   */
  public static ClipTokenizer fromFolder(Path tokenizerDir) {
    return new ClipTokenizer(ClipVocabulary.fromFolder(tokenizerDir));
  }

  public int startToken() {
    return vocabulary.start();
  }

  public int endToken() {
    return vocabulary.end();
  }

  /** One more than the largest id; the text encoder must have at least this many tokens. */
  public int vocabularySize() {
    return vocabulary.size();
  }

  /** The prompt's tokens, without start and end tokens and without any cut. */
  public int[] tokens(String prompt) {
    String text =
        prompt.length() > MAX_PROMPT_CHARS ? prompt.substring(0, MAX_PROMPT_CHARS) : prompt;
    text = Normalizer.normalize(text, Normalizer.Form.NFC);
    text = strip(WHITESPACE.matcher(text).replaceAll(" ")).toLowerCase(Locale.ROOT);
    List<int[]> pieces = new ArrayList<>();
    int count = 0;
    Matcher m = PIECES.matcher(text);
    while (m.find()) {
      int[] ids = piece(m.group());
      pieces.add(ids);
      count += ids.length;
    }
    int[] out = new int[count];
    int at = 0;
    for (int[] ids : pieces) {
      System.arraycopy(ids, 0, out, at, ids.length);
      at += ids.length;
    }
    return out;
  }

  /** How many tokens the prompt has, start and end tokens not counted. */
  public int count(String prompt) {
    return tokens(prompt).length;
  }

  /** The most prompt tokens a window of {@link #CONTEXT_LENGTH} holds: 75. */
  public int maxPromptTokens() {
    return CONTEXT_LENGTH - 2;
  }

  /**
   * The ids the text encoder reads: start token, the prompt's first {@link #maxPromptTokens}
   * tokens, end token, then end tokens up to {@link #CONTEXT_LENGTH}.
   */
  public long[] window(String prompt) {
    int[] tokens = tokens(prompt);
    int kept = Math.min(tokens.length, maxPromptTokens());
    long[] out = new long[CONTEXT_LENGTH];
    Arrays.fill(out, endToken());
    out[0] = startToken();
    for (int i = 0; i < kept; i++) {
      out[i + 1] = tokens[i];
    }
    return out;
  }

  /** Prompt limits as the studio shows them: a prompt over 75 tokens is cut. */
  public PromptReader prompts() {
    return new PromptReader() {
      @Override
      public Optional<TooLong> tooLong(String prompt) {
        int n = count(prompt);
        return n > maxPromptTokens()
            ? Optional.of(new TooLong(n, maxPromptTokens(), "tokens"))
            : Optional.empty();
      }
    };
  }

  private int[] piece(String piece) {
    if (piece.equals(ClipVocabulary.START) || piece.equals(ClipVocabulary.END)) {
      return new int[] {vocabulary.id(piece)};
    }
    int[] cached = cache.get(piece);
    if (cached != null) {
      return cached;
    }
    byte[] utf8 = piece.getBytes(StandardCharsets.UTF_8);
    List<String> symbols = new ArrayList<>(utf8.length);
    for (byte b : utf8) {
      symbols.add(BYTE_SYMBOLS[b & 0xff]);
    }
    symbols.set(symbols.size() - 1, symbols.getLast() + "</w>");
    merge(symbols);
    int[] ids = new int[symbols.size()];
    for (int i = 0; i < ids.length; i++) {
      int id = vocabulary.id(symbols.get(i));
      ids[i] = id >= 0 ? id : vocabulary.end(); // CLIP reads an unknown symbol as its end token
    }
    if (cache.size() >= CACHE_LIMIT) {
      cache.clear();
    }
    cache.put(piece, ids);
    return ids;
  }

  /** Byte-pair merging: joins the adjacent pair of best rank everywhere, until none is left. */
  private void merge(List<String> symbols) {
    while (symbols.size() > 1) {
      int best = -1;
      int bestAt = -1;
      for (int i = 0; i + 1 < symbols.size(); i++) {
        int r = vocabulary.rank(symbols.get(i), symbols.get(i + 1));
        if (r >= 0 && (best < 0 || r < best)) {
          best = r;
          bestAt = i;
        }
      }
      if (best < 0) {
        return;
      }
      String first = symbols.get(bestAt);
      String second = symbols.get(bestAt + 1);
      List<String> merged = new ArrayList<>(symbols.size());
      for (int i = 0; i < symbols.size(); i++) {
        if (i + 1 < symbols.size()
            && symbols.get(i).equals(first)
            && symbols.get(i + 1).equals(second)) {
          merged.add(first + second);
          i++;
        } else {
          merged.add(symbols.get(i));
        }
      }
      symbols.clear();
      symbols.addAll(merged);
    }
  }

  /** Trims white space as CLIP's text cleaning does (Python's str.strip). */
  private static String strip(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && isSpace(s.charAt(from))) {
      from++;
    }
    while (to > from && isSpace(s.charAt(to - 1))) {
      to--;
    }
    return s.substring(from, to);
  }

  private static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * CLIP's printable stand-in for each byte: printable Latin-1 bytes stand for themselves, the rest
   * (controls, space, no-break space, soft hyphen) for code points from 256 on, in order.
   */
  private static String[] byteSymbols() {
    String[] out = new String[256];
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || b >= 0xAE;
      out[b] = String.valueOf((char) (printable ? b : next++));
    }
    return out;
  }
}
