package dev.atelier.content;

/**
 * A block of content and its CID. Constructing one checks that the bytes hash to the CID, so a
 * {@code Block} always holds what its CID names.
 */
public record Block(Cid cid, byte[] data) {

  /**
   * @throws ContentException when {@code data} is not the content {@code cid} names
   */
  public Block {
    if (!cid.verify(data)) {
      throw new ContentException(
          "The " + data.length + " bytes given for block " + cid + " do not hash to that CID");
    }
    data = data.clone();
  }

  /** {@code data} as a raw block. */
  public static Block of(byte[] data) {
    return new Block(Cid.of(data), data);
  }

  /** The bytes (a copy). */
  @Override
  public byte[] data() {
    return data.clone();
  }

  /** How many bytes the block holds. */
  public int size() {
    return data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Block b && cid.equals(b.cid);
  }

  @Override
  public int hashCode() {
    return cid.hashCode();
  }

  @Override
  public String toString() {
    return "Block[" + cid + ", " + data.length + " bytes]";
  }
}
