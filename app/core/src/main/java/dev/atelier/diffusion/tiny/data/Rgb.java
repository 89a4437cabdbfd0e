package dev.atelier.diffusion.tiny.data;

/** An sRGB colour with channels in [0, 1] (values outside are clamped only when written out). */
record Rgb(double r, double g, double b) {

  static final Rgb WHITE = new Rgb(1, 1, 1);

  /** From a 0xRRGGBB value. */
  static Rgb of(int hex) {
    return new Rgb(((hex >> 16) & 0xFF) / 255.0, ((hex >> 8) & 0xFF) / 255.0, (hex & 0xFF) / 255.0);
  }

  /** Linear interpolation: {@code t = 0} gives this colour, {@code t = 1} gives {@code other}. */
  Rgb mix(Rgb other, double t) {
    return new Rgb(r + (other.r - r) * t, g + (other.g - g) * t, b + (other.b - b) * t);
  }

  Rgb scale(double k) {
    return new Rgb(r * k, g * k, b * k);
  }
}
