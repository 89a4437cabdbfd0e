package dev.atelier.content;

/**
 * Pinning to an IPFS node failed: the node cannot be reached, refused the file, answered something
 * that is not a Kubo answer, or stored the file under another CID than Atelier's. The message names
 * the node's API URL and says which.
 */
public final class IpfsException extends RuntimeException {

  public IpfsException(String message) {
    super(message);
  }

  public IpfsException(String message, Throwable cause) {
    super(message, cause);
  }
}
