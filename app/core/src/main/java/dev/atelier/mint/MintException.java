package dev.atelier.mint;

import dev.atelier.catalog.MintJob;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A mint cannot go ahead, for a reason the artist can act on. Chain failures (node down, wrong
 * chain, unfunded wallet, revert) come as {@link dev.atelier.chain.ChainException} instead.
 *
 * <p>The message says what stands in the way in plain words; the reason and the fields say it as
 * data, so that each front end can offer its own way out (a command to run, a button to press).
 * Fields that do not apply to a reason are empty.
 */
public final class MintException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What stands in the way. */
  public enum Reason {
    /** No such asset or collection in the catalog: {@link #assetId} or {@link #collectionId}. */
    NOT_FOUND,
    /**
     * The asset has no provenance signature for the collection's chain and owner: it needs one by
     * {@link #account} for {@link #chainId}, under {@link #licenseId} when it was signed before.
     */
    NOT_SIGNED,
    /** The minting account does not own collection {@link #collectionId}; {@link #account} does. */
    NOT_OWNER,
    /** The asset is already token {@link #tokenId} of collection {@link #collectionId}. */
    ALREADY_MINTED,
    /** Job {@link #jobId} is minting the asset into collection {@link #collectionId}. */
    IN_PROGRESS,
    /** The configured IPFS node could not pin the image or its metadata of {@link #assetId}. */
    PINNING,
    /**
     * Collection {@link #collectionId} is of the other contract version: version 2 mints in batches
     * (signed by the owner before they are priced), version 1 one token a transaction.
     */
    OTHER_VERSION
  }

  private final Reason reason;
  private final Long assetId;
  private final Long collectionId;
  private final Long chainId;
  private final String account;
  private final String licenseId;
  private final String tokenId;
  private final Long jobId;

  private MintException(Builder b, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(b.reason, "reason");
    this.assetId = b.assetId;
    this.collectionId = b.collectionId;
    this.chainId = b.chainId;
    this.account = b.account;
    this.licenseId = b.licenseId;
    this.tokenId = b.tokenId;
    this.jobId = b.jobId;
  }

  /** No asset {@code assetId} in the catalog. */
  public static MintException assetNotFound(long assetId) {
    return of(Reason.NOT_FOUND).asset(assetId).build("No asset " + assetId + " in the catalog");
  }

  /** No collection {@code collectionId} in the catalog. */
  public static MintException collectionNotFound(long collectionId) {
    return of(Reason.NOT_FOUND)
        .collection(collectionId)
        .build("No collection " + collectionId + " in the catalog");
  }

  /** The asset was never signed; a mint needs {@code owner}'s signature for {@code chainId}. */
  public static MintException notSigned(long assetId, long chainId, String owner) {
    return of(Reason.NOT_SIGNED)
        .asset(assetId)
        .chain(chainId)
        .account(owner)
        .build("Asset " + assetId + " is not signed yet: sign it for chain " + chainId + " first");
  }

  /**
   * The asset is signed, but not by the collection's owner for its chain.
   *
   * @param signer who signed it
   * @param signedChain the chain it is signed for
   * @param licenseId the license it is signed under
   */
  public static MintException signedOtherwise(
      long assetId,
      String signer,
      long signedChain,
      String licenseId,
      String collectionName,
      String owner,
      long chainId) {
    return of(Reason.NOT_SIGNED)
        .asset(assetId)
        .chain(chainId)
        .account(owner)
        .license(licenseId)
        .build(
            "Asset "
                + assetId
                + " is signed by "
                + signer
                + " for chain "
                + signedChain
                + "; a mint into "
                + collectionName
                + " needs a signature by its owner "
                + owner
                + " for chain "
                + chainId);
  }

  /** The catalog's signed record of the asset cannot be read. */
  public static MintException damagedRecord(long assetId, Exception cause) {
    return of(Reason.NOT_SIGNED)
        .asset(assetId)
        .cause(cause)
        .build(
            "The catalog's provenance record of asset "
                + assetId
                + " is damaged: "
                + cause.getMessage());
  }

  /** The collection is of {@code version}, not of the version this way of minting is for. */
  public static MintException otherVersion(long collectionId, String collectionName, int version) {
    return of(Reason.OTHER_VERSION)
        .collection(collectionId)
        .build(
            "Collection "
                + collectionName
                + " is version "
                + version
                + (version == 2
                    ? ": it mints in batches, each signed by its owner before it is priced"
                    : ": it mints one token a transaction"));
  }

  /** {@code from} does not own the collection; {@code owner} does. */
  public static MintException notOwner(
      long collectionId, String collectionName, String owner, String from) {
    return of(Reason.NOT_OWNER)
        .collection(collectionId)
        .account(owner)
        .build(
            "Collection "
                + collectionName
                + " is owned by "
                + owner
                + ", not "
                + from
                + ": only its owner can mint into it");
  }

  /**
   * Every asset named is a token of the collection or being minted into it: nothing is left to
   * mint. The fields are those of the first; the message names them all.
   *
   * @param earlier the live jobs of the assets, in the order named; not empty
   */
  public static MintException nothingLeft(
      long collectionId, String collectionName, List<MintJob> earlier) {
    MintJob first = earlier.getFirst();
    boolean allMinted = earlier.stream().allMatch(j -> j.state() == MintJob.State.CONFIRMED);
    Builder b =
        of(allMinted ? Reason.ALREADY_MINTED : Reason.IN_PROGRESS)
            .asset(first.assetId())
            .collection(collectionId);
    if (allMinted) {
      b.tokenId = first.tokenId();
    } else {
      b.jobId =
          earlier.stream()
              .filter(j -> j.state() != MintJob.State.CONFIRMED)
              .findFirst()
              .orElseThrow()
              .id();
    }
    List<String> each = earlier.stream().map(j -> describe(j, collectionName)).toList();
    return b.build(
        each.size() == 1
            ? each.getFirst()
            : "Nothing is left to mint: "
                + String.join("; ", each.stream().map(MintException::lower).toList()));
  }

  /**
   * An earlier job of an asset in words: "Asset 3 is already token 1 of Tide Pools (transaction
   * 0x…)" or "Asset 3 is being minted into Tide Pools (job 7, SENT, transaction 0x…)".
   */
  public static String describe(MintJob job, String collectionName) {
    if (job.state() == MintJob.State.CONFIRMED) {
      return "Asset "
          + job.assetId()
          + " is already token "
          + job.tokenId()
          + " of "
          + collectionName
          + " (transaction "
          + job.txHash()
          + ")";
    }
    return "Asset "
        + job.assetId()
        + " is being minted into "
        + collectionName
        + " (job "
        + job.id()
        + ", "
        + job.state()
        + (job.txHash() != null ? ", transaction " + job.txHash() : "")
        + ")";
  }

  /** Pinning the asset's content to the IPFS node at {@code apiUrl} failed. */
  public static MintException pinning(long assetId, String apiUrl, Exception cause) {
    return of(Reason.PINNING)
        .asset(assetId)
        .cause(cause)
        .build(
            "Nothing was minted: pinning asset "
                + assetId
                + " to "
                + apiUrl
                + " failed ("
                + cause.getMessage()
                + ")");
  }

  public Reason reason() {
    return reason;
  }

  /** The asset concerned. */
  public OptionalLong assetId() {
    return optional(assetId);
  }

  /** The collection concerned (its catalog id). */
  public OptionalLong collectionId() {
    return optional(collectionId);
  }

  /** The chain a signature is needed for. */
  public OptionalLong chainId() {
    return optional(chainId);
  }

  /** The account that can put it right: the collection's owner, who must sign and mint. */
  public Optional<String> account() {
    return Optional.ofNullable(account);
  }

  /** The license an earlier signature of the asset is under. */
  public Optional<String> licenseId() {
    return Optional.ofNullable(licenseId);
  }

  /** The token the asset already is. */
  public Optional<String> tokenId() {
    return Optional.ofNullable(tokenId);
  }

  /** The mint job under way. */
  public OptionalLong jobId() {
    return optional(jobId);
  }

  private static OptionalLong optional(Long value) {
    return value == null ? OptionalLong.empty() : OptionalLong.of(value);
  }

  private static String lower(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private static Builder of(Reason reason) {
    Builder b = new Builder();
    b.reason = reason;
    return b;
  }

  private static final class Builder {
    private Reason reason;
    private Long assetId;
    private Long collectionId;
    private Long chainId;
    private String account;
    private String licenseId;
    private String tokenId;
    private Long jobId;
    private Throwable cause;

    Builder asset(long id) {
      assetId = id;
      return this;
    }

    Builder collection(long id) {
      collectionId = id;
      return this;
    }

    Builder chain(long id) {
      chainId = id;
      return this;
    }

    Builder account(String address) {
      account = address;
      return this;
    }

    Builder license(String id) {
      licenseId = id;
      return this;
    }

    Builder cause(Throwable t) {
      cause = t;
      return this;
    }

    MintException build(String message) {
      return new MintException(this, message, cause);
    }
  }
}
