/**
 * The text chunks of PNG files (ISO/IEC 15948 §11.3.4): {@code tEXt} (Latin-1), {@code zTXt}
 * (Latin-1, deflated) and {@code iTXt} (UTF-8, optionally deflated), read from any PNG and written
 * into Atelier's own. The input is untrusted: every length is checked against the bytes left, every
 * CRC is checked, decompression stops at {@link dev.atelier.png.PngText#MAX_TEXT_BYTES}, and bad
 * UTF-8 is refused; each failure is a {@link dev.atelier.png.PngFormatException} whose message says
 * what is wrong and where.
 */
package dev.atelier.png;
