package dev.atelier.mint;

import dev.atelier.content.AssetExport.Publishable;
import dev.atelier.content.Cid;
import dev.atelier.content.IpfsException;
import dev.atelier.content.IpfsPinner;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pins a plan's images and metadata to the configured IPFS node before anything is minted. */
final class ContentPinner {

  private static final Logger LOG = LoggerFactory.getLogger(ContentPinner.class);

  private final Supplier<Optional<IpfsPinner>> pinner;

  /**
   * @param pinner the IPFS node as configured at the moment of the mint (empty: the artist uploads
   *     the CAR export themselves, and nothing is pinned)
   */
  ContentPinner(Supplier<Optional<IpfsPinner>> pinner) {
    this.pinner = pinner;
  }

  /**
   * @throws MintException {@link MintException.Reason#PINNING} when the node cannot pin one
   */
  void pin(MintPlan plan) {
    pin(plan.items().stream().map(MintPlan.Item::content).toList());
  }

  /** As {@link #pin(MintPlan)}, for the assets' content. */
  void pin(List<Publishable> contents) {
    Optional<IpfsPinner> node = pinner.get();
    if (node.isEmpty()) {
      return;
    }
    for (Publishable content : contents) {
      long assetId = content.assetId();
      try {
        Cid image = node.get().pin("asset-" + assetId + ".png", content.image());
        Cid metadata = node.get().pin("asset-" + assetId + ".json", content.metadata().block());
        LOG.info("Pinned asset {}: image {}, metadata {}", assetId, image, metadata);
      } catch (IpfsException e) {
        throw MintException.pinning(assetId, node.get().apiUrl().toString(), e);
      }
    }
  }
}
