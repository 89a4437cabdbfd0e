package dev.atelier.content;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes CARv1 files (Content Addressable aRchives, the IPLD CARv1 specification): what IPFS
 * pinning services and {@code ipfs dag import} take to store several blocks at once with their CIDs
 * fixed in advance.
 *
 * <p>Layout: {@code varint(header length) ‖ header}, then for each block {@code varint(CID length +
 * data length) ‖ CID bytes ‖ data}. The header is the DAG-CBOR map {@code {"roots": [CID…],
 * "version": 1}}, keys in DAG-CBOR's canonical order (shorter first), each root a CBOR tag 42 over
 * a byte string holding {@code 0x00} and the CID's binary form. That handful of CBOR is written
 * here directly.
 *
 * <p>Blocks go out in the order given; a block given twice is written once.
 */
public final class CarWriter {

  /** CBOR tag of an IPLD link (a CID). */
  static final int CID_TAG = 42;

  private CarWriter() {}

  /** The CAR file holding {@code blocks} with {@code roots}. */
  public static byte[] write(List<Cid> roots, List<Block> blocks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(roots, blocks, out);
    } catch (IOException e) {
      throw new AssertionError("a byte array stream does not fail", e);
    }
    return out.toByteArray();
  }

  /** Writes the CAR file holding {@code blocks} with {@code roots} to {@code out}. */
  public static void write(List<Cid> roots, List<Block> blocks, OutputStream out)
      throws IOException {
    byte[] header = header(roots);
    out.write(Varint.encode(header.length));
    out.write(header);
    Set<Cid> written = new LinkedHashSet<>();
    for (Block block : blocks) {
      if (!written.add(block.cid())) {
        continue;
      }
      byte[] cid = block.cid().bytes();
      byte[] data = block.data();
      out.write(Varint.encode((long) cid.length + data.length));
      out.write(cid);
      out.write(data);
    }
  }

  /** The DAG-CBOR header {@code {"roots": [...], "version": 1}}. */
  static byte[] header(List<Cid> roots) {
    ByteArrayOutputStream cbor = new ByteArrayOutputStream();
    head(cbor, 5, 2); // map of two entries
    text(cbor, "roots");
    head(cbor, 4, roots.size()); // array
    for (Cid root : roots) {
      head(cbor, 6, CID_TAG);
      byte[] cid = root.bytes();
      head(cbor, 2, cid.length + 1L); // byte string: 0x00 (identity multibase) and the CID
      cbor.write(0);
      cbor.writeBytes(cid);
    }
    text(cbor, "version");
    head(cbor, 0, 1); // unsigned integer 1
    return cbor.toByteArray();
  }

  private static void text(ByteArrayOutputStream cbor, String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    head(cbor, 3, utf8.length);
    cbor.writeBytes(utf8);
  }

  /** A CBOR item head: major type and argument, in the shortest form (as DAG-CBOR requires). */
  static void head(ByteArrayOutputStream cbor, int major, long argument) {
    int type = major << 5;
    if (argument < 24) {
      cbor.write(type | (int) argument);
    } else if (argument < 0x100) {
      cbor.write(type | 24);
      cbor.write((int) argument);
    } else if (argument < 0x10000) {
      cbor.write(type | 25);
      cbor.write((int) (argument >>> 8));
      cbor.write((int) argument & 0xff);
    } else if (argument < 0x100000000L) {
      cbor.write(type | 26);
      for (int shift = 24; shift >= 0; shift -= 8) {
        cbor.write((int) (argument >>> shift) & 0xff);
      }
    } else {
      cbor.write(type | 27);
      for (int shift = 56; shift >= 0; shift -= 8) {
        cbor.write((int) (argument >>> shift) & 0xff);
      }
    }
  }
}
