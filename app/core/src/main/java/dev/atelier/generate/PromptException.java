package dev.atelier.generate;

/**
 * A prompt the model cannot honour: empty, or longer than it reads. Carries the reason and the
 * numbers; the message is plain words a front end may show as they are.
 */
public final class PromptException extends IllegalArgumentException {

  /** What is wrong with the prompt. */
  public enum Reason {
    /** Nothing but white space. */
    BLANK,
    /** More than the model reads. */
    TOO_LONG
  }

  private final Reason reason;
  private final String field;
  private final int length;
  private final int limit;
  private final String unit;

  private PromptException(
      Reason reason, String field, int length, int limit, String unit, String message) {
    super(message);
    this.reason = reason;
    this.field = field;
    this.length = length;
    this.limit = limit;
    this.unit = unit;
  }

  /** The prompt is empty. */
  static PromptException blank() {
    return new PromptException(
        Reason.BLANK, "prompt", 0, 0, "", "The prompt is empty: describe what to make.");
  }

  /**
   * {@code field} ("prompt" or "negative prompt") of {@code modelId} is {@code length} {@code unit}
   * long, more than the {@code limit} it reads.
   */
  static PromptException tooLong(String modelId, String field, int length, int limit, String unit) {
    return new PromptException(
        Reason.TOO_LONG,
        field,
        length,
        limit,
        unit,
        String.format(
            "The %s is %d %s long; %s reads at most %d %s. Shorten it to what matters most.",
            field, length, unit, modelId, limit, unit));
  }

  public Reason reason() {
    return reason;
  }

  /** "prompt" or "negative prompt". */
  public String field() {
    return field;
  }

  /** The prompt's length in {@link #unit()}; 0 for {@link Reason#BLANK}. */
  public int length() {
    return length;
  }

  /** The most the model reads, in {@link #unit()}; 0 for {@link Reason#BLANK}. */
  public int limit() {
    return limit;
  }

  /** "words" or "tokens"; empty for {@link Reason#BLANK}. */
  public String unit() {
    return unit;
  }
}
